// @ts-check
/**
 * The messages extension contexts send the service worker, and its answers.
 * Content scripts cannot run wasm on pages with a strict CSP, so they ask the worker.
 * @module
 */

/**
 * @typedef {{ type: 'validate-name', name: string }} ValidateNameRequest
 * @typedef {ValidateNameRequest} Request
 * @typedef {{ ok: true, report: import('./pkg/amlattach.js').Report } | { ok: false, error: string }} Response
 */

/**
 * Narrows an incoming message to a request this worker understands.
 * @param {unknown} message
 * @returns {message is Request}
 */
export function isRequest(message) {
  if (typeof message !== 'object' || message === null) return false;
  const { type, name } = /** @type {Record<string, unknown>} */ (message);
  return type === 'validate-name' && typeof name === 'string';
}
