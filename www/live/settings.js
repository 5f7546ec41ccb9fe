// @ts-check
/**
 * The live section's sign-in settings (the cloud, the tenant and the app's client id, or a custom
 * cloud's ARM endpoint and OpenID Connect issuer; no secrets), kept in localStorage, and what
 * follows from them: the ARM endpoint, where to sign in and for what, and the redirect URI.
 * @module
 */
import { byId } from '../shared/dom.js';
import { canUseWebAuthFlow } from '../web-auth-flow.js';

/** @typedef {{ cloud: string, armUrl: string, authority: string, tenant: string, clientId: string }} Settings */

/** Where settings are kept: the cloud, the tenant and the app's client id (no secrets). */
const SETTINGS_KEY = 'amlattach.sign-in';

/** Sign-in host and ARM resource of each cloud. */
const CLOUDS = /** @type {const} */ ({
  public: { login: 'https://login.microsoftonline.com', resource: 'https://management.azure.com' },
  usgov: { login: 'https://login.microsoftonline.us', resource: 'https://management.usgovcloudapi.net' },
  china: { login: 'https://login.partner.microsoftonline.cn', resource: 'https://management.chinacloudapi.cn' },
});

const fields = {
  cloud: byId('live-cloud', HTMLSelectElement),
  armUrl: byId('live-arm-url', HTMLInputElement),
  authority: byId('live-authority', HTMLInputElement),
  tenant: byId('live-tenant', HTMLInputElement),
  clientId: byId('live-client-id', HTMLInputElement),
};

/** Restores the saved settings, shows the chosen cloud's fields, and saves every change. */
export function setUpSettings() {
  fields.cloud.addEventListener('change', () => {
    showCloud();
    saveSettings();
  });
  for (const input of [fields.armUrl, fields.authority, fields.tenant, fields.clientId]) input.addEventListener('change', saveSettings);
  loadSettings();
  showCloud();
}

/** The settings as the form shows them. @returns {Settings} */
export function settings() {
  return {
    cloud: fields.cloud.value,
    armUrl: fields.armUrl.value.trim(),
    authority: fields.authority.value.trim(),
    tenant: fields.tenant.value.trim(),
    clientId: fields.clientId.value.trim(),
  };
}

export function saveSettings() {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings()));
  } catch {
    // Storage may be off; the settings then last as long as the page.
  }
}

/** The ARM endpoint for the live module: a preset name or the custom URL. */
export function armCloud() {
  const { cloud, armUrl } = settings();
  if (cloud !== 'custom') return cloud;
  if (armUrl.trim() === '') throw new Error('Enter the ARM endpoint of the custom cloud in the sign-in settings (an https:// URL) first.');
  return armUrl.trim();
}

/**
 * Where to sign in and for what, from the settings: an OpenID Connect issuer (custom cloud) or an
 * Entra ID tenant of a cloud, and the ARM scope. Both sign-in paths start here.
 * @param {Settings} s
 * @returns {{ scope: string, issuer: string } | { scope: string, authority: string, login: string, tenant: string }}
 */
export function signInTarget(s) {
  if (s.clientId === '') throw new Error('Enter the Application (client) id of your app registration in the sign-in settings first.');
  if (s.cloud === 'custom') {
    if (!/^https:\/\//.test(s.authority)) throw new Error('The sign-in authority must be an https:// URL (an OpenID Connect issuer): correct it in the sign-in settings.');
    if (s.armUrl === '') throw new Error('Enter the ARM endpoint of the custom cloud in the sign-in settings (an https:// URL) first.');
    return { scope: `${CLOUDS.public.resource}/user_impersonation`, issuer: s.authority };
  }
  const cloud = CLOUDS[/** @type {keyof typeof CLOUDS} */ (s.cloud)];
  if (cloud === undefined) throw new Error(`Choose the cloud again in the sign-in settings: “${s.cloud}” is not one this page knows.`);
  const tenant = s.tenant || 'organizations';
  return { scope: `${cloud.resource}/user_impersonation`, authority: `${cloud.login}/${encodeURIComponent(tenant)}`, login: cloud.login, tenant };
}

/** Where sign-in goes with the settings on screen: what a sign-in failure's advice names. */
export function signInPlace() {
  const s = settings();
  const login = CLOUDS[/** @type {keyof typeof CLOUDS} */ (s.cloud)]?.login;
  return { redirectUri: redirectUri(), authority: login ? `${login}/${s.tenant || 'organizations'}` : s.authority };
}

/** This page's redirect URI: the bridge page, or in the extension's tab its chromiumapp.org address. */
export function redirectUri() {
  return canUseWebAuthFlow() ? /** @type {any} */ (globalThis).chrome.identity.getRedirectURL() : new URL('redirect.html', location.href).href;
}

function loadSettings() {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null');
    if (saved === null || typeof saved !== 'object') return;
    for (const [key, input] of /** @type {const} */ ([
      ['cloud', fields.cloud],
      ['armUrl', fields.armUrl],
      ['authority', fields.authority],
      ['tenant', fields.tenant],
      ['clientId', fields.clientId],
    ])) {
      if (typeof saved[key] === 'string') input.value = saved[key];
    }
  } catch {
    // Unreadable settings are simply not restored.
  }
}

/** Shows the fields of the chosen cloud: Entra tenant, or a custom ARM URL and authority. */
function showCloud() {
  const custom = fields.cloud.value === 'custom';
  for (const part of document.querySelectorAll('#live [data-cloud]')) {
    /** @type {HTMLElement} */ (part).hidden = (/** @type {HTMLElement} */ (part).dataset.cloud === 'custom') !== custom;
  }
}
