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
 * Narrows an incoming message to a request this worker understands.
 * @param {unknown} message
 * @returns {message is Request}
 */
export function isRequest(message) {
  if (typeof message !== 'object' || message === null) return false;
  const { type, name, url } = /** @type {Record<string, unknown>} */ (message);
  return (type === 'validate-name' && typeof name === 'string') || (type === 'page-url' && typeof url === 'string' && url.length <= 8192);
}
