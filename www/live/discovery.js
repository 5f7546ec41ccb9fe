// @ts-check
/**
 * Finding the clusters and workspaces the signed-in account can see, shown as they arrive, in
 * the two lists the pre-flight and the operations take their workspace and cluster from.
 * @module
 */
import { byId, element } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { describe } from './describe.js';
import { lastTokenFailure, sessionKind } from './sign-in.js';
import { armOptions, run, showProgress, showTokenFailure } from './task.js';

/** @typedef {import('../pkg/amlattach_live.js').Discovered} Discovered */

const workspaceList = byId('live-workspace', HTMLSelectElement);
const clusterList = byId('live-cluster', HTMLSelectElement);
const outcome = byId('live-outcome');

/** Wires the "Find" button. */
export function setUpDiscovery() {
  byId('live-discover').addEventListener('click', () => void run('discover', discover));
}

/** The workspace and the cluster chosen in the lists ('' for none). */
export function chosen() {
  return { workspaceId: workspaceList.value, clusterId: clusterList.value };
}

async function discover() {
  const { armDiscover } = await load('live');
  const options = armOptions((progress) => progress.step === 'found' && showFound(progress.found));
  showProgress('Looking for clusters and workspaces…');
  let found;
  try {
    found = await armDiscover(options);
  } catch (error) {
    // The outcome says what went wrong; the search is over.
    showProgress('');
    throw error;
  }
  showFound(found);
  const notes = found.notes.map((n) => `${n.what}: ${describe({ arm: n.error })}`);
  showProgress(`Found ${found.clusters.length} clusters and ${found.workspaces.length} workspaces (${found.requests} requests).${notes.length ? ` Not read: ${notes.join('; ')}` : ''}`);
  const refused = found.notes.length > 0 && found.notes.every((n) => n.error.kind === 'unauthorized');
  if (refused && sessionKind() !== 'pasted' && lastTokenFailure() !== null) {
    // ARM refused the token and renewing it failed: why it failed is what to act on.
    showTokenFailure();
  } else if (refused) {
    outcome.dataset.state = 'failed';
    outcome.textContent =
      sessionKind() === 'pasted'
        ? 'Azure Resource Manager refused the pasted token (expired, or for another cloud or audience): paste a fresh one from `az account get-access-token`.'
        : 'Azure Resource Manager refused the token: sign out and sign in again.';
  } else {
    outcome.textContent = '';
    delete outcome.dataset.state;
  }
}

/** @param {Discovered} found */
function showFound(found) {
  fill(
    workspaceList,
    found.workspaces.map((w) => [w.id, `${w.name} (${w.location})`]),
  );
  fill(
    clusterList,
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
  const was = select.value;
  select.replaceChildren(
    ...entries.map(([value, label]) => {
      const option = element('option', label);
      option.value = value;
      return option;
    }),
  );
  if (entries.some(([value]) => value === was)) select.value = was;
  select.disabled = entries.length === 0;
}
