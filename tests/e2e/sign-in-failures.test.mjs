// @ts-check
/**
 * Sign-in failures as a user meets them, through the real MSAL.js and the local HTTPS OpenID
 * Connect provider: Microsoft Entra ID refusing the token request of an app registered under the
 * "Web" platform (AADSTS9002326) and refusing a single-tenant app signed in through
 * "organizations" (AADSTS50194, in a popup and in a sign-in in the tab), both in Entra's own
 * answer shapes; a sign-in window that showed an error and was closed; and the page opened from
 * an address that is not a secure origin, where the browser withholds the cryptography sign-in
 * needs. Each must say what to change, not only
 * a library code.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { startOidcProvider } from '../oidc/provider.mjs';
import { fillCustomCloud, launchBrowser, recordProblems, SITE } from './browser.mjs';

const CLIENT_ID = '0b7e8f7a-3c1d-4f55-9a43-2d6c5e1b7a90';
/** An address that is not a secure origin (not https, not localhost), mapped to loopback. */
const INSECURE_HOST = 'amlattach.test';

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {Awaited<ReturnType<typeof startOidcProvider>>} */
let idp;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  const origin = new URL(server.url).origin;
  idp = await startOidcProvider({ clientId: CLIENT_ID, redirectUris: [`${origin}/redirect.html`], pageOrigins: [origin] });
  browser = await launchBrowser([...idp.chromiumArgs, `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`]);
});

after(async () => {
  await browser?.close();
  await idp?.close();
  await server?.close();
});

/**
 * A fresh page at `url` with the custom cloud's sign-in settings filled in.
 * @param {{ url?: string, clientId?: string }} [options]
 */
async function pageWithSettings({ url = server.url, clientId = CLIENT_ID } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor();
  await page.locator('#live:not([hidden])').waitFor();
  await fillCustomCloud(page, { armUrl: 'https://arm.example.test', issuer: idp.issuer, clientId: clientId });
  return { context, page, problems };
}

/**
 * Clicks Sign in and returns what the page then says about the account, once it no longer says
 * it is signing in.
 * @param {import('playwright-core').Page} page
 * @param {number} [timeout]
 */
async function signInOutcome(page, timeout = 30_000) {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForFunction(
    () => {
      const text = document.getElementById('live-account')?.textContent ?? '';
      return text !== '' && !text.startsWith('Signing in');
    },
    undefined,
    { timeout },
  );
  return (await page.locator('#live-account').textContent()) ?? '';
}

/** Entra ID's trace lines, as they follow the sentence in every error_description. */
const TRACE = '\r\nTrace ID: 5d1c7a52-8f3e-4b0d-9a6c-2e71f4b35e00\r\nCorrelation ID: 9b0f3c1e-6d2a-4e57-8c94-71a5d3e2b6f8\r\nTimestamp: 2026-11-22 21:14:30Z';

test('a token request Entra ID refuses because the app is registered as "Web" says to register this page as a single-page application', async () => {
  const { context, page, problems } = await pageWithSettings();
  const origin = new URL(server.url).origin;
  idp.refuseNextToken({
    error: 'invalid_request',
    error_description: `AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.${TRACE}`,
    error_codes: [9002326],
    timestamp: '2026-11-22 21:14:30Z',
    trace_id: '5d1c7a52-8f3e-4b0d-9a6c-2e71f4b35e00',
    correlation_id: '9b0f3c1e-6d2a-4e57-8c94-71a5d3e2b6f8',
    error_uri: 'https://login.microsoftonline.com/error?code=9002326',
  });
  const said = await signInOutcome(page);
  assert.match(said, /"Web" platform/);
  assert.ok(said.includes(`add ${origin}/redirect.html as a redirect URI of the "Single-page application" platform`), said);
  assert.match(said, /\(AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type\. Request origin: '[^']+'\.\)$/);
  assert.doesNotMatch(said, /Trace ID|undefined/);
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
  // The browser's own line for the refused request, nothing else.
  assert.deepEqual(problems, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  await context.close();
});

test('an authorization Entra ID refuses for a single-tenant app signed in through "organizations" says to enter the tenant', async () => {
  const { context, page, problems } = await pageWithSettings();
  idp.refuseNextAuthorization({
    error: 'invalid_request',
    error_description: `AADSTS50194: Application '${CLIENT_ID}'(amlattach) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.${TRACE}`,
    error_uri: 'https://login.microsoftonline.com/error?code=50194',
  });
  const said = await signInOutcome(page);
  assert.match(said, /registered for its own tenant only/);
  assert.match(said, /Enter the Directory \(tenant\) id of the tenant the app is registered in under "Tenant \(directory\) id or domain"/);
  assert.match(said, /\(AADSTS50194: Application '[0-9a-f-]+'\(amlattach\) is not configured as a multi-tenant application\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an authorization Entra ID refuses during a sign-in in this tab is explained once the tab is back', async () => {
  const { context, page, problems } = await pageWithSettings();
  await page.getByLabel('Compute name').fill('k8s-kept');
  idp.refuseNextAuthorization({
    error: 'invalid_request',
    error_description: `AADSTS50194: Application '${CLIENT_ID}'(amlattach) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.${TRACE}`,
    error_uri: 'https://login.microsoftonline.com/error?code=50194',
  });
  await page.getByRole('button', { name: 'Sign in in this tab' }).click();
  await page.locator('#live-account', { hasText: 'AADSTS50194' }).waitFor({ timeout: 20_000 });
  assert.match((await page.locator('#live-account').textContent()) ?? '', /^The app is registered for its own tenant only/);
  assert.equal(await page.getByLabel('Compute name').inputValue(), 'k8s-kept');
  assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a sign-in window closed on its error waits out MSAL\'s minute, then says what an AADSTS error shown in it would mean', async () => {
  // An unknown client id: the provider shows its error in the window and cannot send it back,
  // as Entra ID does for an unregistered redirect URI (AADSTS50011). MSAL 5 cannot see the
  // window closed (the bridge's BroadcastChannel is all it listens to), so it waits a minute.
  const { context, page, problems } = await pageWithSettings({ clientId: 'a3c1f1de-0000-4000-8000-00000000dead' });
  const popup = page.waitForEvent('popup');
  const outcome = signInOutcome(page, 90_000);
  const window = await popup;
  // The provider's error page, shown in the window (oidc-provider: "invalid_client").
  await window.waitForFunction(() => /invalid_client/.test(document.body?.innerText ?? ''));
  assert.match((await page.locator('#live-account').textContent()) ?? '', /^Signing in: finish in the window that opened \(this page waits a minute for it\)/);
  await window.close();
  const said = await outcome;
  assert.match(said, /^No answer came back from the sign-in window within a minute\. If you closed it, or signing in took longer, click Sign in again\./);
  assert.ok(said.includes(`AADSTS50011 means ${new URL(server.url).origin}/redirect.html must be added`), said);
  assert.match(said, /\(timed_out \(redirect_bridge_timeout\)\)$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('signing in from an address that is not a secure origin says to open the page over https or localhost', async () => {
  const url = new URL(server.url);
  url.hostname = INSECURE_HOST;
  const { context, page } = await pageWithSettings({ url: url.href });
  assert.equal(await page.evaluate(() => window.isSecureContext), false);
  const said = await signInOutcome(page);
  assert.match(said, /not a secure page/);
  assert.match(said, /Open the page over https:\/\/, or from localhost or 127\.0\.0\.1/);
  assert.match(said, /\(crypto_nonexistent \(crypto_subtle_undefined\)\)$/);
  // The offline checks still work there.
  await page.getByLabel('Compute name').fill('k8s-prod');
  await context.close();
});
