// @ts-check
/**
 * The messages extension contexts send the service worker, and its answers, and what the
 * worker remembers. Content scripts cannot run wasm on pages with a strict CSP, so they ask it.
 * @module
 */

/**
 * @typedef {{ type: 'validate-name', name: string }} ValidateNameRequest
 * @typedef {{ type: 'page-url', url: string }} PageUrlRequest
 * @typedef {ValidateNameRequest | PageUrlRequest} Request
 * @typedef {{ ok: true, report: import('./pkg/amlattach.js').Report } | { ok: false, error: string }} Response
 * @typedef {{ ok: true, context: import('./pkg/amlattach.js').PageContext } | { ok: false, error: string }} PageUrlResponse
 */

/**
 * What the extension remembers in `chrome.storage.local` (resource ids and a tenant, no secret):
 * the last cluster and the last workspace seen on the portal or the studio.
 * @typedef {{ id: string, seenAt: string }} SeenCluster
 * @typedef {import('./pkg/amlattach.js').PageContext['workspace'] & { seenAt: string }} SeenWorkspace
 * @typedef {{ lastCluster?: SeenCluster, lastWorkspace?: SeenWorkspace, lastTenant?: string }} Remembered
 */

/**
 * The user's choice whether the content script shows its name check on the studio's attach form,
 * in `chrome.storage.local` under this key: `false` turns it off; unset or `true` is on.
 */
export const HINT_SETTING = 'showNameHint';

/**
 * What one tab shows, in `chrome.storage.session` under `tabKey(tabId)`: the cluster and the
 * workspace in its address (each `null` when it shows none), written by the worker on every
 * address the tab's content script reports and removed with the tab. The side panel follows the
 * active tab's. Resource ids and a tenant only; the session area is emptied when the browser quits.
 * @typedef {{ cluster: string | null, workspace: import('./pkg/amlattach.js').PageContext['workspace'], tenant: string | null, seenAt: string }} TabContext
 */

/**
 * The popup's whole form, handed to the side panel it opens, in `chrome.storage.session` under
 * `HANDOVER_KEY`; the panel takes it (reads and removes it) when it starts. The same form state
 * as a share link carries (shared/state.js), which holds no secret: the popup has no secret field.
 * @typedef {{ state: import('./shared/state.js').FormState, at: string }} Handover
 */

/** Where the popup leaves its state for the side panel it opens. */
export const HANDOVER_KEY = 'handover';

/** A handover older than this is from a panel that never started: not taken. */
export const HANDOVER_MAX_AGE_MS = 60_000;

/**
 * The session storage key of a tab's context.
 * @param {number} tabId
 */
export function tabKey(tabId) {
  return `tab.${tabId}`;
}

/**
 * Narrows an incoming message to a request this worker understands.
 * @param {unknown} message
 * @returns {message is Request}
 */
export function isRequest(message) {
  if (typeof message !== 'object' || message === null) return false;
  const { type, name, url } = /** @type {Record<string, unknown>} */ (message);
  return (type === 'validate-name' && typeof name === 'string') || (type === 'page-url' && typeof url === 'string' && url.length <= 8192);
}
