// @ts-check
/**
 * The popup's page in Chromium's side panel (`popup.html?view=panel`, the manifest's
 * `side_panel`): where the popup differs when it stays open beside the portal or the studio.
 *
 * - `openPanel`: from the popup, a click opens the panel in the popup's window and hands it the
 *   popup's whole form (`chrome.storage.session`, `HANDOVER_KEY`), then the popup closes.
 * - `takeHandover`: the panel, starting, takes that form (reads and removes it), if it is fresh.
 * - `followTabs`: the panel follows the active tab of its window: on a switch of tab, and on each
 *   address the tab's content script reports (the worker writes what the tab shows under
 *   `tabKey(id)`), it hands the tab's context to the page. No `tabs` permission: the active tab's
 *   id is all it reads of the tab; what the tab shows was read by the worker from the address the
 *   content script sent.
 * @module
 */
import { HANDOVER_KEY, HANDOVER_MAX_AGE_MS, tabKey } from './messages.js';

/** The query the manifest's `side_panel.default_path` adds: this page is the side panel. */
export const PANEL_VIEW = 'panel';

/** Whether this page runs in the side panel (the manifest opens it with `?view=panel`). */
export function inPanel() {
  return new URLSearchParams(location.search).get('view') === PANEL_VIEW;
}

/**
 * Opens the side panel in this window with the popup's form, then closes the popup. Called from
 * a click: `chrome.sidePanel.open` needs the user's gesture, so nothing is awaited before it but
 * the window's id and the handover.
 * @param {import('./shared/state.js').FormState} state
 */
export async function openPanel(state) {
  /** @type {import('./messages.js').Handover} */
  const handover = { state, at: new Date().toISOString() };
  const [win] = await Promise.all([chrome.windows.getCurrent(), chrome.storage.session.set({ [HANDOVER_KEY]: handover })]);
  if (win.id === undefined) throw new Error('this window has no id');
  await chrome.sidePanel.open({ windowId: win.id });
  window.close();
}

/**
 * The form the popup handed over, once: removed as it is read, and ignored when stale (a panel
 * that opened without it, or long after).
 * @returns {Promise<import('./shared/state.js').FormState | null>}
 */
export async function takeHandover() {
  const stored = await chrome.storage.session.get(HANDOVER_KEY);
  const handover = /** @type {import('./messages.js').Handover | undefined} */ (stored[HANDOVER_KEY]);
  if (handover === undefined) return null;
  await chrome.storage.session.remove(HANDOVER_KEY);
  const age = Date.now() - Date.parse(handover.at);
  return age >= 0 && age <= HANDOVER_MAX_AGE_MS ? handover.state : null;
}

/**
 * Calls `show` with what the active tab of this window shows, now and each time it changes:
 * another tab made active, or the active tab at another address. `null` for a tab the content
 * script does not run in (not the portal or the studio) or has not reported yet.
 * @param {(context: import('./messages.js').TabContext | null) => void} show
 */
export async function followTabs(show) {
  const { id: windowId } = await chrome.windows.getCurrent();
  /** @type {number | undefined} */
  let activeTab;
  const showTab = async (/** @type {number | undefined} */ tabId) => {
    activeTab = tabId;
    if (tabId === undefined) return show(null);
    const key = tabKey(tabId);
    const stored = await chrome.storage.session.get(key);
    // Another switch while this one was read: that one shows.
    if (activeTab === tabId) show(/** @type {import('./messages.js').TabContext | undefined} */ (stored[key]) ?? null);
  };
  chrome.tabs.onActivated.addListener(({ tabId, windowId: where }) => {
    if (where === windowId) void showTab(tabId);
  });
  chrome.storage.session.onChanged.addListener((changes) => {
    if (activeTab === undefined) return;
    const change = changes[tabKey(activeTab)];
    if (change !== undefined) show(/** @type {import('./messages.js').TabContext | undefined} */ (change.newValue) ?? null);
  });
  const [tab] = await chrome.tabs.query({ active: true, windowId });
  await showTab(tab?.id);
}
