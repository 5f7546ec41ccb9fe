// @ts-check
/**
 * The extension's module service worker. It imports the wasm glue statically (service workers
 * may not use dynamic import() or top-level await), registers its listeners at top level, and
 * initialises wasm inside them. Chrome may stop it at any moment: what must last (the last
 * cluster and workspace seen) is in `chrome.storage.local`, what each open tab shows (for the side
 * panel, which follows the active tab) in `chrome.storage.session`, and the initialised module is
 * rebuilt on the next start.
 * @module
 */
import init, { contextFromUrl, validateComputeName } from './pkg/amlattach.js';
import { isRequest, tabKey } from './messages.js';

/** @type {Promise<unknown> | undefined} */
let wasmReady;

/**
 * Reads the cluster and workspace in a portal or studio address and remembers them: the last of
 * each, and what the tab it was read in shows now (nothing, when the address names neither).
 * @param {string} url
 * @param {number | undefined} tabId the reporting tab; none for a message from an extension page
 */
async function seen(url, tabId) {
  const context = contextFromUrl(url);
  const seenAt = new Date().toISOString();
  if (tabId !== undefined) {
    /** @type {import('./messages.js').TabContext} */
    const shown = { cluster: context.cluster, workspace: context.workspace, tenant: context.tenant, seenAt };
    await chrome.storage.session.set({ [tabKey(tabId)]: shown });
  }
  /** @type {import('./messages.js').Remembered} */
  const remember = {};
  if (context.cluster !== null) remember.lastCluster = { id: context.cluster, seenAt };
  if (context.workspace !== null) remember.lastWorkspace = { ...context.workspace, seenAt };
  if (context.tenant !== null && (context.cluster !== null || context.workspace !== null)) remember.lastTenant = context.tenant;
  if (Object.keys(remember).length > 0) await chrome.storage.local.set(remember);
  return context;
}

/**
 * @param {import('./messages.js').Request} message
 * @param {chrome.runtime.MessageSender} sender
 * @returns {Promise<import('./messages.js').Response | import('./messages.js').PageUrlResponse>}
 */
async function answer(message, sender) {
  wasmReady ??= init();
  await wasmReady;
  if (message.type === 'page-url') return { ok: true, context: await seen(message.url, sender.tab?.id) };
  return { ok: true, report: validateComputeName(message.name) };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!isRequest(message)) return false;
  answer(message, sender).then(sendResponse, (error) => sendResponse({ ok: false, error: String(error) }));
  return true; // The answer is sent asynchronously.
});

// A closed tab shows nothing any more.
chrome.tabs.onRemoved.addListener((tabId) => {
  void chrome.storage.session.remove(tabKey(tabId));
});
