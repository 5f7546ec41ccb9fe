// @ts-check
/**
 * The live section: sign in (MSAL.js, or a pasted token kept in memory), find the clusters and
 * workspaces, run the pre-flight checks (their facts feed the form's validation) and attach or
 * detach, following the operation to its end. Nothing here runs until the user asks: MSAL and
 * the ARM module load on first use. Tokens never reach storage, the URL or the console; MSAL
 * keeps its cache in sessionStorage, the one place the issue allows. A write ARM refuses for
 * want of multi-factor authentication is retried once with a token for the claims ARM asked for
 * (silently when the refresh token can have them, else in a popup); when none can be had the
 * page offers to sign in again with MFA from a click, and says what to run elsewhere.
 * @module
 */
import { byId, element } from './report.js';
import { capitalize } from './shared/verdict.js';
import { currentSpec, liveFacts, reportFailure, setLiveFacts, setPreflightRunner } from './live-state.js';
import { explainSignInError } from './sign-in-error.js';
import { canUseWebAuthFlow, endpoints, signInWithWebAuthFlow } from './web-auth-flow.js';

/** @typedef {import('./pkg/amlattach_live.js').ArmOptions} ArmOptions */
/** @typedef {import('./pkg/amlattach_live.js').Discovered} Discovered */
/** @typedef {import('./pkg/amlattach_live.js').ArmFailure} ArmFailure */
/** @typedef {import('./pkg/amlattach_live.js').TokenRequest} TokenRequest */
/** @typedef {import('./pkg/amlattach_live.js').MfaRequired} MfaRequired */
/** @typedef {typeof import('@azure/msal-browser')} Msal */
/** @typedef {import('@azure/msal-browser').PublicClientApplication} Client */
/** @typedef {import('@azure/msal-browser').AccountInfo} Account */

/** @typedef {{ cloud: string, armUrl: string, authority: string, tenant: string, clientId: string }} Settings */

/** Where settings are kept: the cloud, the tenant and the app's client id (no secrets). */
const SETTINGS_KEY = 'amlattach.sign-in';

/** Sign-in host and ARM resource of each cloud. */
const CLOUDS = /** @type {const} */ ({
  public: { login: 'https://login.microsoftonline.com', resource: 'https://management.azure.com' },
  usgov: { login: 'https://login.microsoftonline.us', resource: 'https://management.usgovcloudapi.net' },
  china: { login: 'https://login.partner.microsoftonline.cn', resource: 'https://management.chinacloudapi.cn' },
});

const ui = {
  cloud: /** @type {HTMLSelectElement} */ (byId('live-cloud')),
  armUrl: /** @type {HTMLInputElement} */ (byId('live-arm-url')),
  authority: /** @type {HTMLInputElement} */ (byId('live-authority')),
  tenant: /** @type {HTMLInputElement} */ (byId('live-tenant')),
  clientId: /** @type {HTMLInputElement} */ (byId('live-client-id')),
  signIn: /** @type {HTMLButtonElement} */ (byId('live-sign-in')),
  signInHere: /** @type {HTMLButtonElement} */ (byId('live-sign-in-here')),
  signOut: /** @type {HTMLButtonElement} */ (byId('live-sign-out')),
  account: byId('live-account'),
  token: /** @type {HTMLTextAreaElement} */ (byId('live-token')),
  useToken: /** @type {HTMLButtonElement} */ (byId('live-use-token')),
  actions: byId('live-actions'),
  discover: /** @type {HTMLButtonElement} */ (byId('live-discover')),
  progress: byId('live-progress'),
  workspace: /** @type {HTMLSelectElement} */ (byId('live-workspace')),
  cluster: /** @type {HTMLSelectElement} */ (byId('live-cluster')),
  preflight: /** @type {HTMLButtonElement} */ (byId('live-preflight')),
  facts: byId('live-facts'),
  attach: /** @type {HTMLButtonElement} */ (byId('live-attach')),
  namespace: /** @type {HTMLButtonElement} */ (byId('live-namespace')),
  namespaceConfirm: byId('live-namespace-confirm'),
  namespaceQuestion: byId('live-namespace-question'),
  namespaceYes: /** @type {HTMLButtonElement} */ (byId('live-namespace-yes')),
  namespaceNo: /** @type {HTMLButtonElement} */ (byId('live-namespace-no')),
  detachName: /** @type {HTMLInputElement} */ (byId('live-detach-name')),
  detach: /** @type {HTMLButtonElement} */ (byId('live-detach')),
  log: byId('live-log'),
  outcome: byId('live-outcome'),
};

/**
 * How tokens are got: MSAL with its account, or a pasted token (memory only).
 * In the extension's tab, the auth-code flow over chrome.identity stands in for MSAL.
 * @type {{ kind: 'msal', client: Client, account: Account, scope: string } | { kind: 'pasted', token: string } | { kind: 'flow', getToken: (refresh: boolean, request?: TokenRequest) => Promise<string> } | null}
 */
let session = null;

/** The cluster id the live facts (the last pre-flight's) were read from. @type {string | null} */
let preflightCluster = null;

/** The settings as the form shows them. @returns {Settings} */
function settings() {
  return {
    cloud: ui.cloud.value,
    armUrl: ui.armUrl.value.trim(),
    authority: ui.authority.value.trim(),
    tenant: ui.tenant.value.trim(),
    clientId: ui.clientId.value.trim(),
  };
}

function loadSettings() {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null');
    if (saved === null || typeof saved !== 'object') return;
    for (const [key, input] of /** @type {const} */ ([
      ['cloud', ui.cloud],
      ['armUrl', ui.armUrl],
      ['authority', ui.authority],
      ['tenant', ui.tenant],
      ['clientId', ui.clientId],
    ])) {
      if (typeof saved[key] === 'string') input.value = saved[key];
    }
  } catch {
    // Unreadable settings are simply not restored.
  }
}

function saveSettings() {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings()));
  } catch {
    // Storage may be off; the settings then last as long as the page.
  }
}

/** Shows the fields of the chosen cloud: Entra tenant, or a custom ARM URL and authority. */
function showCloud() {
  const custom = ui.cloud.value === 'custom';
  for (const part of document.querySelectorAll('#live [data-cloud]')) {
    /** @type {HTMLElement} */ (part).hidden = (/** @type {HTMLElement} */ (part).dataset.cloud === 'custom') !== custom;
  }
}

/** The ARM endpoint for the live module: a preset name or the custom URL. */
function armCloud() {
  const { cloud, armUrl } = settings();
  return cloud === 'custom' ? armUrl : cloud;
}

/** @param {string} src */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(undefined);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** MSAL.js, served from this origin (vendor/), loaded on the first sign-in. @returns {Promise<Msal>} */
async function msal() {
  const global = /** @type {{ msal?: Msal }} */ (/** @type {unknown} */ (window));
  if (global.msal === undefined) await loadScript('vendor/msal-browser.min.js');
  if (global.msal === undefined) throw new Error('MSAL.js did not load');
  return global.msal;
}

/** The ARM module, loaded on first use. */
let armModule = /** @type {Promise<typeof import('./pkg/amlattach_live.js')> | null} */ (null);
function arm() {
  armModule ??= import('./pkg/amlattach_live.js').then(async (module) => {
    await module.default();
    return module;
  });
  return armModule;
}

/**
 * Where to sign in and for what, from the settings: an OpenID Connect issuer (custom cloud) or an
 * Entra ID tenant of a cloud, and the ARM scope. Both sign-in paths start here.
 * @param {Settings} s
 * @returns {{ scope: string, issuer: string } | { scope: string, authority: string, login: string, tenant: string }}
 */
function signInTarget(s) {
  if (s.clientId === '') throw new Error('enter the application (client) id of your app registration first');
  if (s.cloud === 'custom') {
    if (!/^https:\/\//.test(s.authority)) throw new Error('the sign-in authority must be an https:// URL (an OpenID Connect issuer)');
    if (s.armUrl === '') throw new Error('enter the ARM endpoint of the custom cloud');
    return { scope: `${CLOUDS.public.resource}/user_impersonation`, issuer: s.authority };
  }
  const cloud = CLOUDS[/** @type {keyof typeof CLOUDS} */ (s.cloud)];
  if (cloud === undefined) throw new Error(`unknown cloud ${s.cloud}`);
  const tenant = s.tenant || 'organizations';
  return { scope: `${cloud.resource}/user_impersonation`, authority: `${cloud.login}/${encodeURIComponent(tenant)}`, login: cloud.login, tenant };
}

/**
 * Signs in: with an MSAL popup (the v5 redirect bridge, redirect.html, hands the answer back), or
 * in the extension's tab over chrome.identity (web-auth-flow.js).
 * @param {Settings} s
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
 * What a sign-in in this tab keeps while the tab is away at the sign-in page (sessionStorage,
 * read once on return): the chosen task and the attach form's values. Nothing secret is in that
 * form; the secret, token and pasted-error boxes are elsewhere and are not kept.
 */
const RESUME_KEY = 'amlattach.sign-in-resume';

/** The attach form's fields: by id, or a radio by `name=value`. */
const FORM_FIELDS = '#attach-form input, #attach-form select, #attach-form textarea';

/** @param {HTMLInputElement} input */
function fieldKey(input) {
  return input.id || (input.type === 'radio' && input.name ? `${input.name}=${input.value}` : '');
}

/** The attach form's fields by key: a value, or whether a box or radio is checked. */
function formValues() {
  /** @type {[string, string | boolean][]} */
  const values = [];
  for (const field of document.querySelectorAll(FORM_FIELDS)) {
    const input = /** @type {HTMLInputElement} */ (field);
    const key = fieldKey(input);
    if (key !== '') values.push([key, input.type === 'radio' || input.type === 'checkbox' ? input.checked : input.value]);
  }
  return values;
}

/** @param {unknown} values what formValues gave, read back from storage */
function restoreFormValues(values) {
  if (!Array.isArray(values)) return;
  const fields = new Map([...document.querySelectorAll(FORM_FIELDS)].map((f) => [fieldKey(/** @type {HTMLInputElement} */ (f)), /** @type {HTMLInputElement} */ (f)]));
  for (const entry of values) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || entry[0] === '') continue;
    const input = fields.get(entry[0]);
    if (input === undefined) continue;
    if (typeof entry[1] === 'boolean') {
      // A radio is restored by checking the one that was; unchecking is its group's business.
      if (input.checked === entry[1] || (input.type === 'radio' && !entry[1])) continue;
      input.checked = entry[1];
    } else if (typeof entry[1] === 'string') {
      if (input.value === entry[1]) continue;
      input.value = entry[1];
    } else continue;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/**
 * Signs in without a pop-up window: the tab goes to the sign-in page, and the bridge page brings
 * the answer back to this page, where resumeSignIn finishes.
 * @param {Settings} s
 */
async function signInHere(s) {
  const target = signInTarget(s);
  const client = await msalClient(target, s.clientId);
  sessionStorage.setItem(RESUME_KEY, JSON.stringify({ hash: location.hash, fields: formValues() }));
  await client.loginRedirect({ scopes: [target.scope] });
}

/** Back from a sign-in in this tab: the form as it was, and the session from MSAL's answer. */
async function resumeSignIn() {
  const saved = sessionStorage.getItem(RESUME_KEY);
  if (saved === null) return;
  sessionStorage.removeItem(RESUME_KEY);
  try {
    const { hash, fields } = JSON.parse(saved);
    if (typeof hash === 'string' && hash !== '' && location.hash !== hash) location.hash = hash;
    restoreFormValues(fields);
  } catch {
    // A form that cannot be restored is left as it is.
  }
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
 * A token for ARM, fresh when `refresh` (after a 401), and carrying `request.claims` when ARM
 * asked for them (a write refused for want of multi-factor authentication). MSAL renews silently
 * (refresh token) and falls back to a popup only when it must; a refresh token Entra ID no longer
 * takes (a single-page app's lasts 24 hours) ends in an error that says to sign in again.
 * @param {boolean} refresh
 * @param {TokenRequest} [request]
 */
async function getToken(refresh, request) {
  if (session === null) throw new Error('not signed in');
  if (session.kind === 'pasted') {
    if (request !== undefined) throw new Error('a pasted token cannot be given the claims Azure asks for: sign in with multi-factor authentication and paste a new token');
    if (refresh) throw new Error('the pasted token was refused (expired?): paste a new one from `az account get-access-token`');
    return session.token;
  }
  if (session.kind === 'flow') return session.getToken(refresh, request);
  if (request !== undefined) return tokenWithClaims(request.claims);
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
 */
async function tokenWithClaims(claims) {
  if (session?.kind !== 'msal') throw new Error('not signed in with MSAL');
  const { client, account, scope } = session;
  const { CacheLookupPolicy } = await msal();
  if (running === 'operation') log('Azure asks for a sign-in with multi-factor authentication: getting a new token…');
  try {
    return (await client.acquireTokenSilent({ scopes: [scope], account, claims, cacheLookupPolicy: CacheLookupPolicy.RefreshToken })).accessToken;
  } catch {
    return (await client.acquireTokenPopup({ scopes: [scope], account, claims })).accessToken;
  }
}

/**
 * Why the last token renewal failed (null once one succeeds), while a long task runs: the ARM
 * module sees only that `getToken` failed, and would report it as no answer from ARM.
 * @type {unknown}
 */
let tokenFailure = null;

/**
 * `getToken` for the ARM module, keeping why it failed.
 * @param {boolean} refresh
 * @param {TokenRequest} [request]
 */
async function tokenForArm(refresh, request) {
  try {
    const token = await getToken(refresh, request);
    // A renewed token clears the failure; one from the cache does not (it may be the one refused).
    if (refresh) tokenFailure = null;
    return token;
  } catch (error) {
    tokenFailure = error;
    throw error;
  }
}

/** A long task stopped (or went on without some reads) for want of a token: why, and what to do. */
function showTokenFailure() {
  ui.outcome.dataset.state = 'failed';
  ui.outcome.textContent = `Could not get a token for Azure Resource Manager. ${describe(tokenFailure)}`;
  failStep();
}

/** @returns {ArmOptions} */
function options() {
  const tenant = adviceTenant();
  return {
    cloud: armCloud(),
    getToken: tokenForArm,
    ...(tenant === undefined ? {} : { tenant }),
    onProgress: (progress) => {
      ui.progress.textContent = progress.message;
      if (progress.found) showFound(progress.found);
      if (running === 'operation') {
        log(progress.message);
        stepFrom(progress.message);
      }
    },
  };
}

/** Which long task is running, so progress goes to the right place. @type {'discover' | 'preflight' | 'operation' | null} */
let running = null;

/** @param {string} text */
function log(text) {
  ui.log.append(element('li', text));
}

/**
 * The ARM failure behind a thrown error, as a sentence; never the token.
 * @param {unknown} error
 */
function describe(error) {
  const failure = /** @type {{ arm?: ArmFailure, message?: string, errorCode?: string }} */ (error);
  if (failure?.arm) {
    const { code, message, details, additionalInfo } = failure.arm;
    const policy = additionalInfo?.some((i) => i.type === 'PolicyViolation') ? ' (an Azure Policy assignment denied it)' : '';
    const more = (details ?? []).map((d) => ` ${d.code}: ${d.message}`).join(';');
    return `${code}: ${message}${policy}${more ? ` —${more}` : ''}`;
  }
  if (failure?.errorCode || /AADSTS\d/.test(failure?.message ?? '')) return explainSignInError(error, signInPlace());
  return error instanceof Error ? error.message : String(error);
}

/**
 * The tenant the commands of an MFA refusal's advice name: the signed-in account's (Entra ID),
 * else the one typed in the settings; the core drops what is not a tenant id or domain.
 * @returns {string | undefined}
 */
function adviceTenant() {
  const s = settings();
  return (session?.kind === 'msal' && session.account.tenantId) || (s.cloud !== 'custom' && s.tenant) || undefined;
}

/** Where sign-in goes with the settings on screen: what a sign-in failure's advice names. */
function signInPlace() {
  const s = settings();
  const login = CLOUDS[/** @type {keyof typeof CLOUDS} */ (s.cloud)]?.login;
  return { redirectUri: redirectUri(), authority: login ? `${login}/${s.tenant || 'organizations'}` : s.authority };
}

/** This page's redirect URI: the bridge page, or in the extension's tab its chromiumapp.org address. */
function redirectUri() {
  return canUseWebAuthFlow() ? /** @type {any} */ (globalThis).chrome.identity.getRedirectURL() : new URL('redirect.html', location.href).href;
}

/** @param {Discovered} found */
function showFound(found) {
  fill(
    ui.workspace,
    found.workspaces.map((w) => [w.id, `${w.name} (${w.location})`]),
  );
  fill(
    ui.cluster,
    found.clusters.map((c) => [
      c.id,
      `${c.name} (${c.kind}, ${c.location}${c.kubernetesVersion ? `, ${c.kubernetesVersion}` : ''}${c.amlExtension ? ', Azure ML extension' : ', no Azure ML extension'})`,
    ]),
  );
}

/**
 * Replaces a select's options, keeping the chosen value when it is still there.
 * @param {HTMLSelectElement} select
 * @param {[string, string][]} entries
 */
function fill(select, entries) {
  const chosen = select.value;
  select.replaceChildren(
    ...entries.map(([value, label]) => {
      const option = element('option', label);
      /** @type {HTMLOptionElement} */ (option).value = value;
      return option;
    }),
  );
  if (entries.some(([value]) => value === chosen)) select.value = chosen;
  select.disabled = entries.length === 0;
}

/**
 * Runs one long task with the buttons disabled and its failure shown.
 * @param {'discover' | 'preflight' | 'operation'} kind
 * @param {() => Promise<void>} task
 */
async function run(kind, task) {
  const buttons = [ui.discover, ui.preflight, ui.attach, ui.namespace, ui.namespaceYes, ui.detach];
  for (const button of buttons) button.disabled = true;
  running = kind;
  tokenFailure = null;
  ui.outcome.dataset.state = 'running';
  try {
    await task();
    if (tokenFailure !== null && ui.outcome.dataset.state !== 'failed') showTokenFailure();
  } catch (error) {
    const arm = /** @type {{ arm?: ArmFailure }} */ (error)?.arm;
    if (arm?.kind === 'mfa-required' && arm.mfa !== undefined) {
      showMfaRefusal(arm, arm.mfa, () => run(kind, task));
      failStep();
      offerExplanation(JSON.stringify({ error: arm }, null, 2));
      return;
    }
    if (tokenFailure !== null) return showTokenFailure();
    ui.outcome.dataset.state = 'failed';
    ui.outcome.textContent = describe(error);
    failStep();
    if (arm) offerExplanation(JSON.stringify({ error: arm }, null, 2));
  } finally {
    running = null;
    for (const button of buttons) button.disabled = false;
  }
}

/** True when a sign-in failed because its window could not open (pop-ups blocked). @param {unknown} error */
function popupBlocked(error) {
  const code = /** @type {{ errorCode?: string }} */ (error)?.errorCode;
  return code === 'popup_window_error' || code === 'empty_window_error';
}

/**
 * ARM refused the change for want of multi-factor authentication, and no token with the claims
 * it asked for could be had: why (the sign-in window blocked, or the new sign-in refused too),
 * a button that signs in again with MFA from the click (so the window may open) and runs the
 * task again, and what to do elsewhere: the Azure CLI and Azure PowerShell commands, and
 * automation under a workload identity. Versions and dates come with the error (the core's).
 * @param {ArmFailure} arm
 * @param {MfaRequired} mfa
 * @param {() => Promise<void>} again runs the refused task again
 */
function showMfaRefusal(arm, mfa, again) {
  const interactive = session?.kind === 'msal' || session?.kind === 'flow';
  const blocked = popupBlocked(tokenFailure);
  ui.outcome.dataset.state = 'failed';
  ui.outcome.replaceChildren();
  const headline = blocked
    ? 'Azure needs you to sign in with multi-factor authentication (MFA) to make this change, and the sign-in window could not open: pop-up windows are blocked, or too much time passed since your click.'
    : `Azure Resource Manager refused the change: it needs a sign-in with multi-factor authentication (MFA), and ${session?.kind === 'pasted' ? 'the pasted token was obtained without it' : 'this sign-in could not provide it'}.`;
  const lead = element('p', headline);
  lead.className = 'mfa-headline';
  ui.outcome.append(lead);
  if (interactive) {
    const button = /** @type {HTMLButtonElement} */ (element('button', 'Sign in again with multi-factor authentication'));
    button.type = 'button';
    button.className = 'button';
    button.addEventListener('click', () => {
      button.disabled = true;
      // Straight from the click, with nothing awaited first, so the browser lets the window open.
      const token = session?.kind === 'msal' ? mfaPopup(mfa.claims) : session?.kind === 'flow' ? session.getToken(true, { claims: mfa.claims }) : Promise.reject(new Error('not signed in'));
      token.then(
        () => again(),
        (error) => {
          button.disabled = false;
          const said = element('p', `The sign-in with multi-factor authentication did not finish: ${describe(error)}`);
          said.className = 'mfa-sign-in-failed';
          lead.after(said);
        },
      );
    });
    lead.after(button);
  }
  const steps = element('ol');
  steps.className = 'mfa-advice';
  steps.setAttribute('aria-label', 'What to do');
  steps.append(
    element(
      'li',
      interactive
        ? 'Sign in again with multi-factor authentication (the button above), then try again.'
        : 'Sign in with multi-factor authentication (the Azure CLI below), then paste the new token of `az account get-access-token` and try again.',
    ),
  );
  for (const client of [mfa.azureCli, mfa.azurePowershell]) {
    const item = element('li', `With ${client.client} ${client.minimumVersion} or later:`);
    const commands = element('pre');
    commands.className = 'mfa-commands';
    commands.append(element('code', client.commands.join('\n')));
    item.append(commands);
    steps.append(item);
  }
  steps.append(element('li', 'For automation, run it as a service principal or a managed identity: workload identities are exempt. A user account that runs scripts must sign in with MFA too.'));
  ui.outcome.append(
    steps,
    element('p', `${capitalize(mfa.enforcement)}. Azure Resource Manager said: ${arm.code}: ${arm.message}`),
  );
}

/**
 * The MSAL popup for the claims, opened at once (for a click's handler).
 * @param {string} claims
 */
function mfaPopup(claims) {
  if (session?.kind !== 'msal') return Promise.reject(new Error('not signed in with MSAL'));
  const { client, account, scope } = session;
  return client.acquireTokenPopup({ scopes: [scope], account, claims });
}

/**
 * Sets a form field and lets the form re-check.
 * @param {string} id
 * @param {string} value
 */
function setField(id, value) {
  const input = /** @type {HTMLInputElement | null} */ (document.getElementById(id));
  if (input === null || input.value === value) return;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** While a sign-in runs, neither way to sign in can start another. @param {boolean} busy */
function signingIn(busy) {
  ui.signIn.disabled = busy;
  ui.signInHere.disabled = busy;
}

/** @param {{ username?: string, name?: string }} account */
function welcome(account) {
  signedIn(`Signed in as ${account.username || account.name || 'you'}.`);
}

function signedIn(/** @type {string} */ who) {
  ui.account.textContent = who;
  ui.signOut.hidden = false;
  ui.actions.hidden = false;
}

ui.cloud.addEventListener('change', () => {
  showCloud();
  saveSettings();
});
for (const input of [ui.armUrl, ui.authority, ui.tenant, ui.clientId]) input.addEventListener('change', saveSettings);

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
    sessionStorage.removeItem(RESUME_KEY);
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
  setLiveFacts(null);
  preflightCluster = null;
  ui.account.textContent = said;
  ui.signOut.hidden = true;
  ui.actions.hidden = true;
});

ui.useToken.addEventListener('click', () => {
  const token = ui.token.value.trim();
  // The token leaves the text box at once: it lives in this module's memory only.
  ui.token.value = '';
  if (token === '') {
    ui.account.textContent = 'Paste the accessToken value of `az account get-access-token` first.';
    return;
  }
  session = { kind: 'pasted', token };
  signedIn('Using the pasted token (kept in this page only; reload to forget it).');
});

ui.discover.addEventListener('click', () =>
  run('discover', async () => {
    const { armDiscover } = await arm();
    ui.progress.textContent = 'Looking for clusters and workspaces…';
    const found = await armDiscover(options());
    showFound(found);
    const notes = found.notes.map((n) => `${n.what}: ${describe({ arm: n.error })}`);
    ui.progress.textContent = `Found ${found.clusters.length} clusters and ${found.workspaces.length} workspaces (${found.requests} requests).${notes.length ? ` Not read: ${notes.join('; ')}` : ''}`;
    const refused = found.notes.length > 0 && found.notes.every((n) => n.error.kind === 'unauthorized');
    if (refused && session?.kind !== 'pasted' && tokenFailure !== null) {
      // ARM refused the token and renewing it failed: why it failed is what to act on.
      showTokenFailure();
    } else if (refused) {
      ui.outcome.dataset.state = 'failed';
      ui.outcome.textContent =
        session?.kind === 'pasted'
          ? 'Azure Resource Manager refused the pasted token (expired, or for another cloud or audience): paste a fresh one from `az account get-access-token`.'
          : 'Azure Resource Manager refused the token: sign out and sign in again.';
    } else {
      ui.outcome.textContent = '';
      delete ui.outcome.dataset.state;
    }
  }),
);

/** Runs the pre-flight for the chosen workspace and cluster; its facts join the form's checks. */
const preflight = () =>
  run('preflight', async () => {
    const workspaceId = ui.workspace.value;
    const clusterId = ui.cluster.value;
    if (!workspaceId || !clusterId) throw new Error('choose a workspace and a cluster first');
    const { armPreflight } = await arm();
    const read = await armPreflight(options(), workspaceId, clusterId);
    const workspace = read.context.workspace ?? {};
    setField('v2-resource-id', clusterId);
    setField('v1-resource-id', clusterId);
    setField('workspace-subscription-id', workspace.subscription_id ?? '');
    setField('workspace-resource-group', workspace.resource_group ?? '');
    setField('workspace-name', workspace.name ?? '');
    setField('workspace-location', workspace.location ?? '');
    setLiveFacts(read.context);
    preflightCluster = clusterId;
    showFacts(read);
    ui.outcome.textContent = 'Pre-flight done: its findings are next to the fields above.';
    ui.outcome.dataset.state = 'done';
  });
ui.preflight.addEventListener('click', () => void preflight());
// The troubleshooter asks for the same reads to judge a failure's causes.
setPreflightRunner(async () => {
  if (session === null) return 'Sign in in the live section first (“Check the real cluster, then attach”).';
  if (!ui.workspace.value || !ui.cluster.value) return 'Find your clusters in the live section and choose the workspace and the cluster first.';
  await preflight();
  return ui.outcome.dataset.state === 'failed' ? `The pre-flight failed: ${ui.outcome.textContent}` : null;
});

/** @param {import('./pkg/amlattach_live.js').PreflightFacts} read */
function showFacts(read) {
  const cluster = read.context.cluster;
  const pools = cluster?.node_pools ?? [];
  const nodes = pools.reduce((sum, p) => sum + p.count, 0);
  const vcpus = pools.reduce((sum, p) => sum + p.count * (p.vcpus ?? 0), 0);
  const lines = [
    `Kubernetes ${cluster?.kubernetes_version ?? 'unknown'}` +
      (cluster?.tier || cluster?.support_plan ? ` (${[cluster?.tier && `${cluster.tier} tier`, cluster?.support_plan].filter(Boolean).join(', ')})` : ''),
    ...(cluster?.managed_identity === undefined ? [] : [`Cluster identity: ${cluster.managed_identity ? 'managed identity' : 'service principal'}`]),
    `${pools.length} node pools, ${nodes} nodes, ${vcpus} vCPUs`,
    `Azure ML extension: ${cluster?.aml_extension_installed === undefined ? 'unknown' : cluster.aml_extension_installed ? 'installed' : 'not installed'}`,
    `${read.context.existing_computes?.length ?? 0} computes already on this cluster or workspace`,
    ...read.notes.map((n) => `Could not read ${n.what}: ${describe({ arm: n.error })}`),
  ];
  ui.facts.replaceChildren(...lines.map((line) => element('li', line)));
  showCapacity(pools);
}

/** The production line of a v1 `FastProd` cluster (and the sizing the docs advise for v2). */
const PRODUCTION = { vcpus: 12, nodes: 3 };

/**
 * The cluster's capacity as a bar: one segment per node pool (nodes × vCPUs), against the
 * 12-vCPU production line, with the node count against 3 beside it.
 * @param {{ name?: string, count: number, vcpus?: number, vm_size?: string }[]} pools
 */
function showCapacity(pools) {
  const box = byId('live-capacity');
  box.replaceChildren();
  if (pools.length === 0) {
    box.hidden = true;
    return;
  }
  const nodes = pools.reduce((sum, p) => sum + p.count, 0);
  const vcpus = pools.reduce((sum, p) => sum + p.count * (p.vcpus ?? 0), 0);
  const scale = Math.max(vcpus, PRODUCTION.vcpus * 1.25);
  const enough = vcpus >= PRODUCTION.vcpus && nodes >= PRODUCTION.nodes;
  const summary = `${vcpus} vCPUs on ${nodes} nodes: ${enough ? 'enough' : 'not enough'} for production (FastProd needs at least ${PRODUCTION.vcpus} vCPUs and ${PRODUCTION.nodes} nodes)`;
  const bar = element('div');
  bar.className = 'capacity-bar';
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', summary);
  for (const pool of pools) {
    const part = element('span', `${pool.name ?? 'pool'}: ${pool.count} × ${pool.vcpus ?? '?'}`);
    part.className = 'capacity-pool';
    part.title = `${pool.name ?? 'pool'}: ${pool.count} nodes of ${pool.vm_size ?? 'unknown size'} (${pool.vcpus ?? '?'} vCPUs each)`;
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    part.style.width = `${(100 * pool.count * (pool.vcpus ?? 0)) / scale}%`;
    bar.append(part);
  }
  const line = element('span');
  line.className = 'capacity-line';
  line.style.left = `${(100 * PRODUCTION.vcpus) / scale}%`;
  bar.append(line);
  const caption = element('p', summary);
  caption.className = 'capacity-caption';
  caption.dataset.enough = String(enough);
  box.append(bar, caption);
  box.hidden = false;
}

ui.attach.addEventListener('click', () =>
  run('operation', async () => {
    const workspaceId = ui.workspace.value;
    const current = currentSpec();
    if (!workspaceId) throw new Error('choose a workspace first');
    if (current === null || !current.ok) throw new Error('the settings above have errors: fix them before attaching');
    const { armAttach } = await arm();
    ui.log.replaceChildren();
    log('Attaching…');
    showSteps(['active', 'pending', 'pending', 'pending']);
    const outcome = await armAttach(options(), current.spec, workspaceId);
    showOutcome(outcome);
    if (outcome.result === 'attached') showSteps(['done', 'done', 'done', 'done'], outcome.compute.provisioningState);
    if (outcome.result === 'compute-failed') showSteps(['done', 'done', 'done', 'failed'], outcome.compute.provisioningState);
    if (outcome.result === 'already-exists') showSteps(['failed', 'pending', 'pending', 'pending'], 'the name is taken');
  }),
);

/**
 * The namespace the form's valid v2 spec asks for on an AKS cluster, or why there is none to
 * create through ARM.
 * @returns {{ clusterId: string, namespace: string } | string}
 */
function namespaceToCreate() {
  const current = currentSpec();
  if (current === null || !current.ok) return 'the settings above have errors: fix them first';
  const spec = /** @type {{ type?: string, resource_id?: string, namespace?: string }} */ (current.spec);
  if (spec.type !== 'kubernetes' || spec.resource_id === undefined) return 'only a v2 Kubernetes compute has a namespace of its own';
  if (!/\/providers\/Microsoft\.ContainerService\/managedClusters\//i.test(spec.resource_id)) {
    return 'managed namespaces are AKS only: on an Arc cluster, create it with kubectl (the Commands section has the line)';
  }
  const namespace = spec.namespace ?? 'default';
  if (namespace === 'default') return 'the compute uses the namespace default, which every cluster has';
  return { clusterId: spec.resource_id, namespace };
}

ui.namespace.addEventListener('click', () => {
  const target = namespaceToCreate();
  if (typeof target === 'string') {
    ui.namespaceConfirm.hidden = true;
    ui.outcome.dataset.state = 'failed';
    ui.outcome.textContent = `No namespace to create: ${target}.`;
    return;
  }
  const code = element('code', target.clusterId);
  ui.namespaceQuestion.replaceChildren(
    `Create the namespace “${target.namespace}” on the AKS cluster `,
    code,
    ' as an AKS managed namespace? ARM sends the request the Commands section’s “ARM with az rest” tab shows. If the cluster has an identical namespace already, AKS takes it over; afterwards its labels and annotations change through ARM, not kubectl.',
  );
  ui.namespaceYes.textContent = `Create “${target.namespace}”`;
  ui.namespaceConfirm.hidden = false;
  ui.namespaceYes.focus();
});

ui.namespaceNo.addEventListener('click', () => {
  ui.namespaceConfirm.hidden = true;
  ui.namespace.focus();
});

ui.namespaceYes.addEventListener('click', () =>
  run('operation', async () => {
    ui.namespaceConfirm.hidden = true;
    const target = namespaceToCreate();
    if (typeof target === 'string') throw new Error(target);
    const { armCreateNamespace } = await arm();
    ui.log.replaceChildren();
    byId('live-steps').hidden = true;
    log(`Creating the namespace ${target.namespace}…`);
    // The cluster's region, when the last pre-flight read this very cluster.
    const location = preflightCluster?.toLowerCase() === target.clusterId.toLowerCase() ? liveFacts()?.cluster?.location : undefined;
    const outcome = await armCreateNamespace(options(), target.clusterId, target.namespace, location ?? undefined);
    ui.outcome.dataset.state = 'done';
    ui.outcome.textContent =
      outcome.result === 'created'
        ? `Created: the namespace ${outcome.namespace.name} is ${outcome.namespace.provisioningState}.`
        : `ARM manages a namespace ${outcome.namespace.name} on this cluster already (${outcome.namespace.provisioningState}); nothing was sent.`;
  }),
);

ui.detach.addEventListener('click', () =>
  run('operation', async () => {
    const workspaceId = ui.workspace.value;
    const name = ui.detachName.value.trim();
    if (!workspaceId || name === '') throw new Error('choose a workspace and name the compute to detach');
    const { armDetach } = await arm();
    ui.log.replaceChildren();
    byId('live-steps').hidden = true;
    log(`Detaching ${name}…`);
    showOutcome(await armDetach(options(), workspaceId, name));
  }),
);

/** The attach as four steps: the progress picture (a row of markers, done / now / to come). */
const STEPS = ['Name free', 'Attach sent', 'Provisioning', 'Finished'];
/** @typedef {'pending' | 'active' | 'done' | 'failed'} StepState */
/** @type {StepState[]} */
let stepStates = [];

/**
 * Draws the steps; `note` goes on the step in progress (or the last one touched).
 * @param {StepState[]} states
 * @param {string} [note]
 */
function showSteps(states, note) {
  stepStates = states;
  const list = byId('live-steps');
  const noted = Math.max(states.lastIndexOf('active'), states.lastIndexOf('failed'), note === undefined ? -1 : states.lastIndexOf('done'));
  const words = { pending: 'to come', active: 'in progress', done: 'done', failed: 'failed' };
  list.replaceChildren(
    ...STEPS.map((label, index) => {
      const item = element('li', `${label}${index === noted && note ? `: ${note}` : ''}`);
      item.dataset.state = states[index];
      // The state in words too, for screen readers (the marker's colour and shape are not read).
      const state = element('span', ` (${words[states[index]]})`);
      state.className = 'visually-hidden';
      item.append(state);
      return item;
    }),
  );
  list.hidden = false;
}

/** Moves the steps along from a progress message of the attach. @param {string} message */
function stepFrom(message) {
  if (byId('live-steps').hidden) return;
  if (message === 'the operation has started') showSteps(['done', 'done', 'active', 'pending']);
  else if (message.startsWith('operation: ')) showSteps(['done', 'done', 'active', 'pending'], message.slice('operation: '.length));
}

/** Marks the step in progress as failed (the call threw). */
function failStep() {
  const at = stepStates.indexOf('active');
  if (at >= 0 && !byId('live-steps').hidden) showSteps(stepStates.map((state, index) => (index === at ? 'failed' : state)));
}

/** @param {import('./pkg/amlattach_live.js').ArmOutcome} outcome */
function showOutcome(outcome) {
  ui.outcome.replaceChildren();
  if (outcome.result === 'detached') {
    ui.outcome.dataset.state = 'done';
    ui.outcome.textContent = 'Detached. The cluster and its Azure ML extension are untouched.';
    return;
  }
  const { compute } = outcome;
  ui.outcome.dataset.state = outcome.result === 'attached' ? 'done' : 'failed';
  const headline = {
    attached: `Attached: ${compute.name} is ${compute.provisioningState}.`,
    'compute-failed': `The attach ended ${compute.provisioningState}: Azure ML says why below.`,
    'already-exists': `A compute named ${compute.name} already exists (${compute.computeType}, ${compute.provisioningState}); nothing was changed.`,
  }[outcome.result];
  ui.outcome.append(element('p', headline));
  if (compute.provisioningErrors.length > 0) {
    const errors = element('pre', JSON.stringify(compute.provisioningErrors, null, 2));
    errors.className = 'provisioning-errors';
    // Scrollable, so reachable by keyboard, and named for screen readers.
    errors.tabIndex = 0;
    errors.setAttribute('role', 'region');
    errors.setAttribute('aria-label', 'Provisioning errors, as Azure ML reported them');
    ui.outcome.append(errors);
    offerExplanation(JSON.stringify(compute.provisioningErrors, null, 2));
  }
}

/**
 * Hands what Azure said to the troubleshooter ("Something failed?") and offers to go there.
 * @param {string} said an ARM error envelope or `provisioningErrors`, as JSON text
 */
function offerExplanation(said) {
  reportFailure(said);
  const go = /** @type {HTMLButtonElement} */ (element('button', 'Explain this failure'));
  go.type = 'button';
  go.className = 'button';
  go.addEventListener('click', () => {
    const box = document.getElementById('explain-input');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  });
  ui.outcome.append(go);
}

byId('live-redirect-uri').textContent = redirectUri();
loadSettings();
showCloud();
// The extension's tab signs in through the browser's own window (chrome.identity) only.
ui.signInHere.hidden = canUseWebAuthFlow();
byId('live-sign-in-here-hint').hidden = canUseWebAuthFlow();
signingIn(false);
byId('live').hidden = false;
void resumeSignIn();
