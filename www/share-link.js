// @ts-check
/**
 * "Copy a link to these settings": the page's address with the form's state as `?s=` (shared/
 * state.js: no secret goes in it) and the task's hash, put on the clipboard, or shown in a box to
 * copy by hand when the browser refuses; the fields left out of it are named by their labels.
 * @module
 */
import { byId } from './shared/dom.js';
import { LINK_PARAMETER, encodeState, withoutSecrets } from './shared/state.js';

/**
 * Wires the button.
 * @param {{ state: () => import('./shared/state.js').FormState, labelOf: (path: string) => string }} form
 *   what the form holds now, and the label of a field's path
 */
export function setUpShareLink({ state, labelOf }) {
  const stateStatus = byId('state-status');
  const shareFallback = byId('share-fallback');
  const shareUrl = byId('share-url', HTMLInputElement);
  byId('share-link').addEventListener('click', async () => {
    const current = state();
    const address = new URL(location.href);
    address.hash = '';
    address.searchParams.set(LINK_PARAMETER, encodeState(current));
    const shared = `${address.href}${location.hash}`;
    const { dropped } = withoutSecrets(current);
    // Named by their labels ("Key file"), the words the user sees.
    const labels = dropped.map((path) => `“${labelOf(path)}”`);
    const without = labels.length === 0 ? '' : ` (without ${labels.join(', ')}, which ${labels.length === 1 ? 'looks' : 'look'} like a secret)`;
    delete stateStatus.dataset.state;
    try {
      await navigator.clipboard.writeText(shared);
      shareFallback.hidden = true;
      stateStatus.textContent = `Link copied${without}.`;
    } catch {
      shareUrl.value = shared;
      shareFallback.hidden = false;
      shareUrl.select();
      stateStatus.textContent = `The browser did not let the page copy the link: copy it from the box below${without}.`;
    }
  });
}
