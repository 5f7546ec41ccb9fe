// @ts-check
/**
 * The sign-in failure explainer without a browser, fed MSAL.js's own error classes as MSAL
 * builds them (a token endpoint's answer becomes a ServerError whose message starts with the
 * error codes and a timestamp; a redirect's answer one with the description alone) and the
 * extension's flow's plain errors. Messages are Entra ID's, as quoted in public reports.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BrowserAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-browser';

import { explainSignInError } from '../../www/sign-in-error.js';

const PLACE = { redirectUri: 'https://aml.contoso.example/redirect.html', authority: 'https://login.microsoftonline.com/organizations' };
const TRACE = '\r\nTrace ID: 40e5a04a-6016-42c3-b32f-0b9f20b61500\r\nCorrelation ID: b5a1a372-ed08-48a7-95e6-f7ab55489f03\r\nTimestamp: 2021-09-03 14:20:13Z';

/**
 * A ServerError as MSAL's ResponseHandler builds it from a token endpoint's 400.
 * @param {string} error
 * @param {number} number
 * @param {string} description
 */
function tokenEndpointError(error, number, description) {
  const message = `${number} - [2021-09-03 14:20:13Z]: ${description}${TRACE} - Correlation ID: b5a1a372-ed08-48a7-95e6-f7ab55489f03 - Trace ID: 40e5a04a-6016-42c3-b32f-0b9f20b61500`;
  return new ServerError(error, 'b5a1a372-ed08-48a7-95e6-f7ab55489f03', message, undefined, String(number), 400);
}

test('Entra ID refusals name the setting to change and quote the AADSTS sentence, without its trace lines', () => {
  const cases = [
    [tokenEndpointError('invalid_request', 9002326, "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type."), /"Web" platform.*add https:\/\/aml\.contoso\.example\/redirect\.html as a redirect URI of the "Single-page application" platform, and remove it from "Web"/],
    [tokenEndpointError('unauthorized_client', 700016, "AADSTS700016: Application with identifier '1cab452e-c5f4-4fc9-8efb-28d54031db71' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."), /Check the Application \(client\) id .* instead of "organizations"/],
    [tokenEndpointError('invalid_client', 7000218, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."), /confidential client.*a page never holds a client secret/],
    [tokenEndpointError('invalid_grant', 65001, "AADSTS65001: The user or administrator has not consented to use the application with ID '243dba68-8222-4b56-b16a-a1a98bc0bcfb' named 'amlattach'. Send an interactive authorization request for this user and resource."), /admin consent for the app's "Azure Service Management → user_impersonation" permission/],
    [tokenEndpointError('invalid_grant', 700084, 'AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended.'), /^The session ended: a single-page app's refresh token lasts 24 hours\. Sign in again\./],
    [new ServerError('invalid_request', '', `AADSTS50194: Application '58c5e948-c3a2-4b7c-b9a4-93f5c10091be'(amlattach) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.${TRACE}`), /under "Tenant \(directory\) id or domain"/],
    [new ServerError('invalid_resource', '', `AADSTS500011: The resource principal named https://management.usgovcloudapi.net was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.${TRACE}`), /Choose the cloud your tenant lives in/],
  ];
  for (const [error, advice] of /** @type {[unknown, RegExp][]} */ (cases)) {
    const said = explainSignInError(error, PLACE);
    assert.match(said, advice);
    const number = /AADSTS\d+/.exec(/** @type {ServerError} */ (error).errorMessage)?.[0];
    assert.match(said, new RegExp(`\\(${number}: [^\\r\\n]+\\)$`), said);
    assert.doesNotMatch(said, /Trace ID|Correlation ID|2021-09-03|undefined/, said);
  }
});

test('MSAL.js failures of the window and the browser say what to do', () => {
  assert.match(explainSignInError(new BrowserAuthError('popup_window_error', ''), PLACE), /^The browser blocked the sign-in window\. Allow pop-up windows for this page .*\(popup_window_error\)$/);
  assert.match(explainSignInError(new BrowserAuthError('timed_out', '', 'redirect_bridge_timeout'), PLACE), /^No answer came back .* AADSTS50011 means https:\/\/aml\.contoso\.example\/redirect\.html must be added/);
  assert.match(explainSignInError(new BrowserAuthError('interaction_in_progress', ''), PLACE), /^Another sign-in of this page is still open/);
  assert.match(explainSignInError(new BrowserAuthError('no_network_connectivity', ''), PLACE), /could not be reached.*https:\/\/login\.microsoftonline\.com\/organizations/);
  // A renewal that needs the user again: the subError (consent) wins over the generic code.
  assert.match(explainSignInError(new InteractionRequiredAuthError('invalid_grant', '', '', 'consent_required'), PLACE), /admin consent.*\(invalid_grant \(consent_required\)\)$/);
  assert.match(explainSignInError(new InteractionRequiredAuthError('interaction_required', ''), PLACE), /^The session needs you to sign in again\. Click Sign in\. \(interaction_required\)$/);
});

test('the extension flow\'s plain errors are read for their AADSTS number too', () => {
  const error = new Error(`sign-in failed: invalid_request: AADSTS50011: The redirect URI 'https://abcdefghijklmnop.chromiumapp.org/' specified in the request does not match the redirect URIs configured for the application '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f'.${TRACE}`);
  const said = explainSignInError(error, { ...PLACE, redirectUri: 'https://abcdefghijklmnop.chromiumapp.org/' });
  assert.match(said, /^The redirect URI this page sends is not registered for the app\. .*add https:\/\/abcdefghijklmnop\.chromiumapp\.org\/ as a redirect URI/);
  assert.match(said, /\(AADSTS50011: The redirect URI .* configured for the application '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f'\.\)$/);
});

test('what it does not know it passes on as it came, with the code', () => {
  assert.equal(
    explainSignInError(new ServerError('temporarily_unavailable', '', 'AADSTS90033: A transient error has occurred. Please try again.'), PLACE),
    'Sign-in failed: AADSTS90033: A transient error has occurred. Please try again.',
  );
  assert.equal(explainSignInError(new BrowserAuthError('hash_empty_error', ''), PLACE), 'Sign-in failed: hash_empty_error');
  assert.equal(explainSignInError(new ServerError('server_error', '', 'the provider is down for maintenance'), PLACE), 'Sign-in failed: server_error — the provider is down for maintenance');
  assert.equal(explainSignInError(new Error('sign-in was closed before it finished'), PLACE), 'sign-in was closed before it finished');
  assert.equal(explainSignInError('a string', PLACE), 'a string');
  assert.equal(explainSignInError(null, PLACE), 'null');
});
