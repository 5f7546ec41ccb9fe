// @ts-check
/**
 * Signing in and the tokens for ARM: MSAL.js in a popup or by a redirect of the tab (finished
 * when the tab is back, see ./resume.js), the extension's tab over chrome.identity
 * (web-auth-flow.js), or a pasted token kept in memory; sign-out; and a token for each ARM call,
 * renewed after a 401 and carrying the claims ARM asks for after an MFA refusal. MSAL loads from
 * `vendor/` on the first sign-in and keeps its cache in sessionStorage; tokens never reach
 * storage, the URL or the console.
 * @module
 */
import { byId } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { canUseWebAuthFlow, endpoints, signInWithWebAuthFlow } from '../web-auth-flow.js';
import { describe } from './describe.js';
import { forgetResume, keepForResume, resumeForm } from './resume.js';
import { armCloud, redirectUri, saveSettings, settings, signInTarget } from './settings.js';

/** @typedef {import('../pkg/amlattach_live.js').TokenRequest} TokenRequest */
/** @typedef {typeof import('@azure/msal-browser')} Msal */
/** @typedef {import('@azure/msal-browser').PublicClientApplication} Client */
/** @typedef {import('@azure/msal-browser').AccountInfo} Account */

/**
 * Whether this page is shown inside another page's frame. GitHub Pages cannot send
 * `frame-ancestors` (README, "Use it now"), so the page refuses to sign in there itself: a site
 * that frames it could otherwise lead the user's clicks to a write in their name. Reading whether
 * `top` is this window is allowed across origins; a browser that refuses it counts as framed.
 */
const FRAMED = (() => {
  try {
    return window.top !== window.self;
  } catch {
    return true;
  }
})();

/** What the sign-in part says in a frame. */
const FRAMED_NOTE =
  "This page is inside another site's frame: signing in is off here, so nothing can be read or changed on Azure in your name from it. Open the page in a tab of its own to sign in.";

/** What a call says when no one is signed in (signed out meanwhile, or in another tab). */
const NOT_SIGNED_IN = 'You are not signed in any more: sign in (or paste a token) under “Where and who”, then try again.';

const ui = {
  signIn: byId('live-sign-in', HTMLButtonElement),
  signInHere: byId('live-sign-in-here', HTMLButtonElement),
  signOut: byId('live-sign-out', HTMLButtonElement),
  account: byId('live-account'),
  token: byId('live-token', HTMLTextAreaElement),
  useToken: byId('live-use-token', HTMLButtonElement),
  actions: byId('live-actions'),
};

/**
 * How tokens are got: MSAL with its account, or a pasted token (memory only).
 * In the extension's tab, the auth-code flow over chrome.identity stands in for MSAL.
 * @type {{ kind: 'msal', client: Client, account: Account, scope: string } | { kind: 'pasted', token: string } | { kind: 'flow', getToken: (refresh: boolean, request?: TokenRequest) => Promise<string> } | null}
 */
let session = null;
/** Called whenever the page signs in or out. @type {Set<() => void>} */
const sessionListeners = new Set();

/** @param {() => void} listener called after each sign-in and sign-out */
export function onSessionChange(listener) {
  sessionListeners.add(listener);
}

/**
 * Why the last token renewal failed (null once one succeeds), while a long task runs: the ARM
 * module sees only that `getToken` failed, and would report it as no answer from ARM.
 * @type {unknown}
 */
let tokenFailure = null;

/**
 * Wires the sign-in, sign-out and pasted-token buttons.
 * @param {{ onSignOut: () => void }} hooks what else to forget on sign-out
 */
export function setUpSignIn({ onSignOut }) {
  ui.signIn.addEventListener('click', async () => {
    signingIn(true);
    // MSAL waits a minute for the window's answer and cannot see the window closed (the sign-in
    // page's opener policy hides it), so the user is told how long.
    ui.account.textContent = canUseWebAuthFlow() ? 'Signing in…' : 'Signing in: finish in the window that opened (this page waits a minute for it)…';
    try {
      saveSettings();
      welcome(await signIn(settings()));
    } catch (error) {
      ui.account.textContent = describe(error);
    } finally {
      signingIn(false);
    }
  });

  ui.signInHere.addEventListener('click', async () => {
    signingIn(true);
    ui.account.textContent = 'Going to the sign-in page…';
    try {
      saveSettings();
      await signInHere(settings());
    } catch (error) {
      forgetResume();
      ui.account.textContent = describe(error);
      signingIn(false);
    }
  });

  ui.signOut.addEventListener('click', async () => {
    let said = 'Signed out.';
    if (session?.kind === 'msal') {
      const { client, account } = session;
      // MSAL clears its cache, then ends the session at the sign-in provider in a popup (its
      // end-session page may ask to confirm) that comes back through the redirect bridge; without
      // the second step the next "Sign in" would go through without asking.
      try {
        // The ID token names the session to end: OpenID Connect providers other than Entra ID
        // return to the post-logout address only with it (RP-Initiated Logout 1.0 §2).
        await client.logoutPopup({ account, ...(account.idToken ? { idTokenHint: account.idToken } : {}) });
        said = 'Signed out, here and at the sign-in provider.';
      } catch (error) {
        await client.clearCache({ account });
        said = `Signed out here; the sign-in provider's session may remain (${describe(error)}).`;
      }
    }
    session = null;
    onSignOut();
    ui.account.textContent = said;
    ui.signOut.hidden = true;
    ui.actions.hidden = true;
    for (const listener of sessionListeners) listener();
  });

  ui.useToken.addEventListener('click', async () => {
    const pasted = ui.token.value;
    // The paste leaves the text box at once: the token lives in this module's memory only.
    ui.token.value = '';
    // The core reads the paste (a token, `Bearer …`, the CLI's JSON) and the token's claims
    // (audience, expiry) before anything is sent; it never hands the token back, only where it is.
    let check;
    try {
      const { checkToken } = await load('live');
      check = checkToken(pasted, { cloud: armCloud() });
    } catch (error) {
      ui.account.textContent = describe(error);
      return;
    }
    if (!check.usable || check.tokenAt === undefined) {
      ui.account.textContent = check.problems.join(' ');
      return;
    }
    session = { kind: 'pasted', token: pasted.slice(check.tokenAt.start, check.tokenAt.end) };
    signedIn([`Using the pasted token: ${check.summary}`, ...check.notes, 'It is kept in this page only; reload to forget it.'].join(' '));
  });

  // The extension's tab signs in through the browser's own window (chrome.identity) only.
  ui.signInHere.hidden = canUseWebAuthFlow();
  byId('live-sign-in-here-hint').hidden = canUseWebAuthFlow();
  signingIn(false);
  if (FRAMED) {
    ui.token.disabled = true;
    ui.useToken.disabled = true;
    ui.account.textContent = FRAMED_NOTE;
  }
}

/** How this page is signed in, or null. */
export function sessionKind() {
  return session?.kind ?? null;
}

/** Back from a sign-in in this tab: the form as it was, and the session from MSAL's answer. */
export async function resumeSignIn() {
  if (FRAMED || !resumeForm()) return;
  ui.account.textContent = 'Finishing sign-in…';
  signingIn(true);
  try {
    const s = settings();
    const target = signInTarget(s);
    const client = await msalClient(target, s.clientId);
    const result = await client.handleRedirectPromise();
    if (result === null) {
      ui.account.textContent = 'The sign-in page sent no answer back to this tab. Sign in again.';
      return;
    }
    welcome(startSession(client, result.account, target.scope));
  } catch (error) {
    ui.account.textContent = describe(error);
  } finally {
    signingIn(false);
  }
}

/**
 * `getToken` for the ARM module, keeping why it failed (`tokenFailure`).
 * @param {boolean} refresh
 * @param {TokenRequest | undefined} request
 * @param {((text: string) => void) | undefined} say where to tell that a token with the claims
 *   ARM asked for is being got (an operation's log), if anywhere
 */
export async function tokenForArm(refresh, request, say) {
  if (FRAMED) throw new Error(FRAMED_NOTE);
  try {
    const token = await getToken(refresh, request, say);
    // A renewed token clears the failure; one from the cache does not (it may be the one refused).
    if (refresh) tokenFailure = null;
    return token;
  } catch (error) {
    tokenFailure = error;
    throw error;
  }
}

/** Why the last token renewal failed, or null. */
export function lastTokenFailure() {
  return tokenFailure;
}

/** A long task starts with no token failure. */
export function clearTokenFailure() {
  tokenFailure = null;
}

/**
 * A token with the claims ARM asked for, its sign-in window opened at once (for a click's
 * handler, so the browser lets the window open): MSAL's popup, or the extension tab's flow.
 * @param {string} claims
 */
export function tokenWithClaimsNow(claims) {
  if (session?.kind === 'msal') {
    const { client, account, scope } = session;
    return client.acquireTokenPopup({ scopes: [scope], account, claims });
  }
  if (session?.kind === 'flow') return session.getToken(true, { claims });
  return Promise.reject(new Error(NOT_SIGNED_IN));
}

/**
 * The tenant the commands of an MFA refusal's advice name: the signed-in account's (Entra ID),
 * else the one typed in the settings; the core drops what is not a tenant id or domain.
 * @returns {string | undefined}
 */
export function adviceTenant() {
  const s = settings();
  return (session?.kind === 'msal' && session.account.tenantId) || (s.cloud !== 'custom' && s.tenant) || undefined;
}

/** @param {string} src */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(undefined);
    script.onerror = () => reject(new Error(`The sign-in library (${src}) could not be loaded from this site: reload the page; if it keeps failing, a proxy or a blocking browser extension may stop it.`));
    document.head.append(script);
  });
}

/** MSAL.js, served from this origin (vendor/), loaded on the first sign-in. @returns {Promise<Msal>} */
async function msal() {
  const global = /** @type {{ msal?: Msal }} */ (/** @type {unknown} */ (window));
  if (global.msal === undefined) await loadScript('vendor/msal-browser.min.js');
  if (global.msal === undefined) throw new Error('The sign-in library (MSAL.js) did not start: reload the page and sign in again.');
  return global.msal;
}

/**
 * Signs in: with an MSAL popup (the v5 redirect bridge, redirect.html, hands the answer back), or
 * in the extension's tab over chrome.identity (web-auth-flow.js).
 * @param {import('./settings.js').Settings} s
 */
async function signIn(s) {
  const target = signInTarget(s);
  if (canUseWebAuthFlow()) {
    const where = 'issuer' in target ? { issuer: target.issuer } : { login: target.login, tenant: target.tenant };
    const signedIn = await signInWithWebAuthFlow({ endpoints: await endpoints(where), clientId: s.clientId, scope: target.scope });
    session = { kind: 'flow', getToken: signedIn.getToken };
    return { username: signedIn.username, name: undefined };
  }
  const client = await msalClient(target, s.clientId);
  const result = await client.loginPopup({ scopes: [target.scope] });
  return startSession(client, result.account, target.scope);
}

/**
 * Signs in without a pop-up window: the tab goes to the sign-in page, and the bridge page brings
 * the answer back to this page, where resumeSignIn finishes.
 * @param {import('./settings.js').Settings} s
 */
async function signInHere(s) {
  const target = signInTarget(s);
  const client = await msalClient(target, s.clientId);
  keepForResume();
  await client.loginRedirect({ scopes: [target.scope] });
}

/**
 * An initialized MSAL client for the sign-in target: its redirect URI is the bridge page.
 * @param {ReturnType<typeof signInTarget>} target
 * @param {string} clientId
 */
async function msalClient(target, clientId) {
  const { PublicClientApplication } = await msal();
  const bridge = redirectUri();
  const oidc = 'issuer' in target;
  const client = new PublicClientApplication({
    auth: {
      clientId,
      authority: oidc ? target.issuer : target.authority,
      ...(oidc ? { knownAuthorities: [new URL(target.issuer).host] } : {}),
      redirectUri: bridge,
      postLogoutRedirectUri: bridge,
    },
    cache: { cacheLocation: 'sessionStorage' },
    system: {
      ...(oidc ? { protocolMode: /** @type {import('@azure/msal-browser').ProtocolMode} */ ('OIDC') } : {}),
      loggerOptions: { loggerCallback: () => {}, piiLoggingEnabled: false },
    },
  });
  await client.initialize();
  return client;
}

/**
 * @param {Client} client
 * @param {Account} account
 * @param {string} scope
 */
function startSession(client, account, scope) {
  client.setActiveAccount(account);
  session = { kind: 'msal', client, account, scope };
  return account;
}

/**
 * A token for ARM, fresh when `refresh` (after a 401), and carrying `request.claims` when ARM
 * asked for them (a write refused for want of multi-factor authentication). MSAL renews silently
 * (refresh token) and falls back to a popup only when it must; a refresh token Entra ID no longer
 * takes (a single-page app's lasts 24 hours) ends in an error that says to sign in again.
 * @param {boolean} refresh
 * @param {TokenRequest | undefined} request
 * @param {((text: string) => void) | undefined} say see tokenForArm
 */
async function getToken(refresh, request, say) {
  if (session === null) throw new Error(NOT_SIGNED_IN);
  if (session.kind === 'pasted') {
    if (request !== undefined) throw new Error('A pasted token cannot be given the claims Azure asks for: sign in with multi-factor authentication (`az login`) and paste a new token.');
    if (refresh) throw new Error('Azure Resource Manager refused the pasted token (expired?): paste a new one from `az account get-access-token`.');
    return session.token;
  }
  if (session.kind === 'flow') return session.getToken(refresh, request);
  if (request !== undefined) return tokenWithClaims(request.claims, say);
  const { client, account, scope } = session;
  const { CacheLookupPolicy, InteractionRequiredAuthError } = await msal();
  try {
    // The cache, then the refresh token; never MSAL's hidden-iframe renewal, which the page's
    // CSP does not allow (no frames at all) and browsers blocking third-party cookies defeat.
    const cacheLookupPolicy = refresh ? CacheLookupPolicy.RefreshToken : CacheLookupPolicy.AccessTokenAndRefreshToken;
    return (await client.acquireTokenSilent({ scopes: [scope], account, cacheLookupPolicy })).accessToken;
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    return (await client.acquireTokenPopup({ scopes: [scope], account })).accessToken;
  }
}

/**
 * A token with the claims ARM asked for (JSON, as MSAL takes it): from the refresh token when
 * the sign-in had them (a sign-in with MFA), else in a popup, where Entra ID asks for MFA. MSAL
 * then caches it in place of the token ARM refused. Any silent failure goes to the popup:
 * Entra ID answers a refresh it cannot satisfy with interaction_required (AADSTS50076).
 * @param {string} claims
 * @param {((text: string) => void) | undefined} say see tokenForArm
 */
async function tokenWithClaims(claims, say) {
  if (session?.kind !== 'msal') throw new Error('Only a sign-in with an app registration can ask for multi-factor authentication here: sign in with it (“Sign in”), then try again.');
  const { client, account, scope } = session;
  const { CacheLookupPolicy } = await msal();
  say?.('Azure asks for a sign-in with multi-factor authentication: getting a new token…');
  try {
    return (await client.acquireTokenSilent({ scopes: [scope], account, claims, cacheLookupPolicy: CacheLookupPolicy.RefreshToken })).accessToken;
  } catch {
    return (await client.acquireTokenPopup({ scopes: [scope], account, claims })).accessToken;
  }
}

/** While a sign-in runs, neither way to sign in can start another. @param {boolean} busy */
function signingIn(busy) {
  ui.signIn.disabled = busy || FRAMED;
  ui.signInHere.disabled = busy || FRAMED;
}

/** @param {{ username?: string, name?: string }} account */
function welcome(account) {
  signedIn(`Signed in as ${account.username || account.name || 'you'}.`);
}

/** @param {string} who */
function signedIn(who) {
  ui.account.textContent = who;
  ui.signOut.hidden = false;
  ui.actions.hidden = false;
  for (const listener of sessionListeners) listener();
}
