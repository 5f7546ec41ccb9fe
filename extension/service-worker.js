// @ts-check
/**
 * The extension's module service worker. It imports the wasm glue statically (service workers
 * may not use dynamic import() or top-level await), registers its listeners at top level, and
 * initialises wasm inside them. Chrome may stop it at any moment: it keeps nothing that must
 * survive, only the promise of the initialised module, which is rebuilt on the next start.
 * @module
 */
import init, { validateComputeName } from './pkg/amlattach.js';
import { isRequest } from './messages.js';

/** @type {Promise<unknown> | undefined} */
let wasmReady;

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  if (!isRequest(message)) return false;
  wasmReady ??= init();
  wasmReady.then(
    () => sendResponse(/** @type {import('./messages.js').Response} */ ({ ok: true, report: validateComputeName(message.name) })),
    (error) => sendResponse(/** @type {import('./messages.js').Response} */ ({ ok: false, error: String(error) })),
  );
  return true; // The answer is sent asynchronously.
});
