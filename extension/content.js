// @ts-check
/**
 * The content script on the Azure portal and the Azure ML studio. It reads nothing from the page
 * but its address and, on the studio's Kubernetes attach form, the compute-name field the user
 * types in:
 * - the address goes to the service worker, which reads the cluster or workspace in view (wasm
 *   runs in the extension, never in the page) and remembers the last of each;
 * - next to a compute-name field on a Kubernetes attach form, a small panel shows the name's
 *   verdict as the user types. When no such field is there, it does nothing. The user can turn
 *   it off in the popup (`showNameHint: false` in `chrome.storage.local`, messages.js's
 *   `HINT_SETTING`); it comes and goes at once as that changes.
 * A classic script (content scripts are not modules); it keeps no state worth keeping.
 */
(() => {
  /** @typedef {import('./messages.js').Response} Response */

  let lastUrl = '';
  function reportUrl() {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    chrome.runtime.sendMessage({ type: 'page-url', url: lastUrl }).catch(() => {
      // The extension was reloaded or updated: this script is orphaned and stays quiet.
    });
  }

  // The portal and the studio are single-page apps that change the address with pushState,
  // which content scripts cannot observe: compare it now and then, and on the events there are.
  reportUrl();
  window.addEventListener('hashchange', reportUrl);
  window.addEventListener('popstate', reportUrl);
  setInterval(() => {
    if (document.visibilityState === 'visible') reportUrl();
  }, 1000);

  /** The compute-name field of a Kubernetes attach form, if one is on the page. */
  function findNameField() {
    for (const input of document.querySelectorAll('input[type="text"], input:not([type])')) {
      const field = /** @type {HTMLInputElement} */ (input);
      const label = (field.labels?.[0]?.textContent ?? field.getAttribute('aria-label') ?? '').trim();
      if (!/^compute name\b/i.test(label)) continue;
      const form = field.closest('form, [role="dialog"], [role="form"], section, main') ?? document.body;
      if (/kubernetes/i.test(form.textContent ?? '')) return field;
    }
    return null;
  }

  /** @type {{ field: HTMLInputElement, host: HTMLElement, text: HTMLElement, listener: () => void } | null} */
  let hint = null;

  function attachHint(/** @type {HTMLInputElement} */ field) {
    const host = document.createElement('amlattach-hint');
    // A shadow root, so the page's styles do not reach the panel. Open: it holds only the verdict
    // on what the user typed into the page's own field, nothing the page could not know.
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `
      :host { display: block; margin: 4px 0; font: 12px/1.4 system-ui, sans-serif; }
      p { margin: 0; padding: 4px 8px; border-left: 3px solid #8c959f; background: #f6f8fa; color: #24292f; }
      p[data-state="ok"] { border-color: #1a7f37; }
      p[data-state="error"] { border-color: #cf222e; }
      b { font-weight: 600; }`;
    const text = document.createElement('p');
    text.setAttribute('role', 'status');
    text.setAttribute('aria-live', 'polite');
    root.append(style, text);
    field.insertAdjacentElement('afterend', host);
    const listener = () => check(field, text);
    field.addEventListener('input', listener);
    hint = { field, host, text, listener };
    check(field, text);
  }

  function detachHint() {
    if (hint === null) return;
    hint.field.removeEventListener('input', hint.listener);
    hint.host.remove();
    hint = null;
  }

  /**
   * @param {HTMLInputElement} field
   * @param {HTMLElement} text
   */
  async function check(field, text) {
    const name = field.value;
    if (name === '') {
      text.dataset.state = 'empty';
      text.textContent = 'amlattach: 3–24 characters, a letter first, letters, digits and hyphens.';
      return;
    }
    /** @type {Response} */
    let answer;
    try {
      answer = await chrome.runtime.sendMessage({ type: 'validate-name', name });
    } catch {
      return;
    }
    if (field.value !== name) return; // The user typed on; a newer check is on its way.
    if (!answer.ok) {
      text.dataset.state = 'empty';
      text.textContent = `amlattach could not check the name: ${answer.error}`;
      return;
    }
    const problems = answer.report.diagnostics.filter((d) => d.severity === 'error');
    text.dataset.state = problems.length === 0 ? 'ok' : 'error';
    text.textContent = problems.length === 0 ? 'amlattach: valid compute name.' : `amlattach: ${problems.map((d) => d.message).join('; ')}`;
  }

  /** Whether the user wants the hint: off only when turned off (`HINT_SETTING` in messages.js). */
  let wanted = true;
  // messages.js's HINT_SETTING: a content script is a classic script and cannot import it
  // (tests/e2e/extension-portal.test.mjs turns the hint off and on from the popup).
  const HINT_SETTING = 'showNameHint';
  chrome.storage.local.get(HINT_SETTING).then(
    (stored) => {
      wanted = stored[HINT_SETTING] !== false;
      sync();
    },
    () => {},
  );
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(HINT_SETTING in changes)) return;
    wanted = changes[HINT_SETTING].newValue !== false;
    sync();
  });

  function sync() {
    if (!wanted) return detachHint();
    const field = findNameField();
    if (hint !== null && (field !== hint.field || !hint.field.isConnected)) detachHint();
    if (hint === null && field !== null) attachHint(field);
  }

  // Forms come and go in single-page apps: look again when the page changes, at most every 250 ms.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      sync();
    }, 250);
  }).observe(document.documentElement, { childList: true, subtree: true });
  sync();
})();
