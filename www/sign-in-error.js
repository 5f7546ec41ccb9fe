// @ts-check
/**
 * What a failed sign-in means and what to do about it, in one paragraph. The sign-in libraries
 * say only a code (`popup_window_error`, `invalid_request`) and Microsoft Entra ID an AADSTS
 * number deep in a long message; the user needs the setting to change. Pure: no DOM, no storage.
 * @module
 */

/**
 * Where the sign-in went: what the advice names.
 * @typedef {{ redirectUri: string, authority: string }} SignInPlace
 */

/** @typedef {{ what: string, fix: (place: SignInPlace) => string }} Advice */

const SPA = (/** @type {SignInPlace} */ p) =>
  `In Microsoft Entra ID → App registrations → your app → Authentication, add ${p.redirectUri} as a redirect URI of the "Single-page application" platform`;

/** @type {Advice} */
const NOT_MEMBER = {
  what: 'The account signed in with is not a member or guest of the tenant entered',
  fix: () => 'Sign in with an account of that tenant, have it invited as a guest, or enter the tenant your account belongs to',
};

/**
 * Microsoft Entra ID's failures a user of this page meets, by AADSTS number (see
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 * @type {Record<string, Advice>}
 */
const AADSTS = {
  9002326: {
    what: 'The app registration lists this page under the "Web" platform, whose tokens a browser may not fetch',
    fix: (p) => `${SPA(p)}, and remove it from "Web"`,
  },
  7000218: {
    what: 'The app registration treats this page as a confidential client (the "Web" platform), which must send a secret',
    fix: (p) => `${SPA(p)}, and remove it from "Web"; a page never holds a client secret`,
  },
  50011: {
    what: 'The redirect URI this page sends is not registered for the app',
    fix: (p) => `${SPA(p)}, exactly as written here`,
  },
  500113: {
    what: 'The app registration has no redirect URI',
    fix: SPA,
  },
  700016: {
    what: 'No application with this client id is known in the tenant signed in to',
    fix: () =>
      'Check the Application (client) id (App registrations → your app → Overview), and enter the tenant the app is registered in (its Directory (tenant) id) instead of "organizations"',
  },
  50194: {
    what: 'The app is registered for its own tenant only, so it cannot be signed in to through "organizations" or "common"',
    fix: () => 'Enter the Directory (tenant) id of the tenant the app is registered in under "Tenant (directory) id or domain"',
  },
  90002: {
    what: 'The tenant entered does not exist in this cloud',
    fix: () => 'Check "Tenant (directory) id or domain" (a tenant id, or a domain such as contoso.onmicrosoft.com) and the Cloud chosen',
  },
  900023: {
    what: 'What is entered under "Tenant (directory) id or domain" is neither a tenant id nor a domain',
    fix: () => 'Enter the Directory (tenant) id (a GUID) or the tenant\'s domain (contoso.onmicrosoft.com)',
  },
  90072: NOT_MEMBER,
  50020: NOT_MEMBER,
  65001: {
    what: 'Nobody has consented to the app using Azure Resource Manager on your behalf',
    fix: () =>
      'Ask a tenant administrator to grant admin consent for the app\'s "Azure Service Management → user_impersonation" permission (App registrations → your app → API permissions), or sign in again and accept the consent prompt if your tenant lets users consent',
  },
  650057: {
    what: 'The app registration does not list Azure Service Management among its permissions',
    fix: () =>
      'In App registrations → your app → API permissions, add "Azure Service Management" → delegated "user_impersonation", then grant consent',
  },
  500011: {
    what: 'The tenant does not know this cloud\'s Azure Resource Manager: the cloud chosen is not the tenant\'s',
    fix: () => 'Choose the cloud your tenant lives in (public, US Government or China)',
  },
  50105: {
    what: 'The app requires users to be assigned to it, and your account is not',
    fix: () => 'Ask an administrator to assign your account to the app (Enterprise applications → the app → Users and groups)',
  },
  53003: {
    what: 'A Conditional Access policy of your tenant blocked this sign-in',
    fix: () =>
      'Ask your administrator which policy applies (the sign-in logs show it), or sign in from a device the policy allows; or paste a token from `az account get-access-token` instead',
  },
  530003: {
    what: 'Your tenant requires a managed device for this sign-in',
    fix: () => 'Sign in from a device your organisation manages, or paste a token from `az account get-access-token` instead',
  },
  50076: {
    what: 'Your tenant requires multi-factor authentication for Azure Resource Manager',
    fix: () => 'Sign in again and complete the second factor',
  },
  50079: {
    what: 'Your account must register for multi-factor authentication first',
    fix: () => 'Sign in again and follow the registration steps',
  },
  700084: {
    what: 'The session ended: a single-page app\'s refresh token lasts 24 hours',
    fix: () => 'Sign in again',
  },
  700082: {
    what: 'The session ended: its refresh token expired after a long time unused',
    fix: () => 'Sign in again',
  },
  50173: {
    what: 'The session ended: your password or sign-in rights changed since it began',
    fix: () => 'Sign in again',
  },
  50058: {
    what: 'No sign-in session was found to renew silently',
    fix: () => 'Sign in again',
  },
};

/** @type {Advice} */
const CLOSED = {
  what: 'The sign-in window was closed before sign-in finished',
  fix: (p) =>
    `Click Sign in again. If the window showed an error, its AADSTS number says why; AADSTS50011 means ${p.redirectUri} must be added to the app registration as a "Single-page application" redirect URI`,
};
/** @type {Advice} */
const NO_ANSWER = {
  what: 'No answer came back from the sign-in window within a minute',
  fix: (p) =>
    `If you closed it, or signing in took longer, click Sign in again. If it showed an error, its AADSTS number says why; AADSTS50011 means ${p.redirectUri} must be added to the app registration as a "Single-page application" redirect URI. Otherwise check that this redirect URI is registered exactly as written`,
};
/** @type {Advice} */
const UNREACHABLE = {
  what: 'The sign-in service could not be reached',
  fix: (p) => `Check the network, the Cloud and the Tenant (or the authority): ${p.authority}`,
};
/** @type {Advice} */
const BLOCKED = {
  what: 'The browser blocked the sign-in window',
  fix: () => 'Allow pop-up windows for this page (the icon at the end of the address bar), then click Sign in again',
};
/** @type {Advice} */
const AGAIN = { what: 'The session needs you to sign in again', fix: () => 'Click Sign in' };

/**
 * MSAL.js's own failures (BrowserAuthError, ClientAuthError, InteractionRequiredAuthError codes).
 * @type {Record<string, Advice>}
 */
const MSAL = {
  popup_window_error: BLOCKED,
  empty_window_error: BLOCKED,
  user_cancelled: CLOSED,
  user_canceled: CLOSED,
  timed_out: NO_ANSWER,
  redirect_bridge_empty_response: NO_ANSWER,
  empty_response: NO_ANSWER,
  no_token_request_cache_error: NO_ANSWER,
  state_mismatch: {
    what: 'The answer that came back belongs to another sign-in',
    fix: () => 'Close other sign-in windows of this page and sign in again',
  },
  interaction_in_progress: {
    what: 'Another sign-in of this page is still open',
    fix: () => 'Finish or close that sign-in window, then try again',
  },
  crypto_nonexistent: {
    what: 'This page is not a secure page, and browsers give only secure pages the cryptography sign-in needs',
    fix: () => 'Open the page over https://, or from localhost or 127.0.0.1 on your own machine',
  },
  no_network_connectivity: UNREACHABLE,
  endpoints_resolution_error: UNREACHABLE,
  network_error: UNREACHABLE,
  openid_config_error: UNREACHABLE,
  get_request_failed: UNREACHABLE,
  post_request_failed: UNREACHABLE,
  untrusted_authority: {
    what: 'The sign-in authority is not one this page trusts',
    fix: (p) => `Check the authority: ${p.authority}`,
  },
  issuer_validation_failed: {
    what: 'The sign-in service answered as a different issuer than the authority entered',
    fix: (p) => `Enter the issuer exactly as its discovery document names it (checked: ${p.authority})`,
  },
  interaction_required: AGAIN,
  login_required: AGAIN,
  consent_required: AADSTS[65001],
  no_account_error: AGAIN,
  no_tokens_found: AGAIN,
  refresh_token_expired: AGAIN,
};

/**
 * One paragraph for a failed sign-in or token request: what went wrong, what to change, and the
 * evidence (the AADSTS line, or the library's code). Errors that are neither MSAL's nor Entra
 * ID's keep their own message.
 * @param {unknown} error
 * @param {SignInPlace} place
 * @returns {string}
 */
export function explainSignInError(error, place) {
  const failure = /** @type {{ errorCode?: unknown, errorMessage?: unknown, subError?: unknown, message?: unknown } | null | undefined} */ (error);
  const code = typeof failure?.errorCode === 'string' ? failure.errorCode : '';
  const subError = typeof failure?.subError === 'string' ? failure.subError : '';
  const detail = typeof failure?.errorMessage === 'string' ? failure.errorMessage : '';
  // Entra ID's description starts at its AADSTS number; its first line is the sentence, the
  // lines after it trace and correlation ids.
  const entra = /AADSTS(\d+)\b[^\r\n]*/.exec(`${detail}\n${typeof failure?.message === 'string' ? failure.message : ''}`);
  const evidence = entra ? entra[0].trim() : code ? `${code}${subError ? ` (${subError})` : ''}` : '';
  const advice = (entra && AADSTS[entra[1]]) || MSAL[subError] || MSAL[code];
  if (advice) return `${advice.what}. ${advice.fix(place)}. (${evidence})`;
  if (entra || code) return `Sign-in failed: ${evidence}${!entra && firstLine(detail) ? ` — ${firstLine(detail)}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The first line of a library's message, unless it only points at the library's error page.
 * @param {string} text
 */
function firstLine(text) {
  const line = text.split(/\r?\n/, 1)[0].trim();
  return /^See https:\/\/aka\.ms\//.test(line) ? '' : line;
}
