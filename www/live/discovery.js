// @ts-check
/**
 * Finding the clusters and workspaces the signed-in account can see, shown as they arrive, in
 * the two lists the pre-flight and the operations take their workspace and cluster from. A choice
 * in a list fills the form's fields; the form's workspace and cluster are chosen in the lists when
 * they are found (./form-link.js).
 * @module
 */
import { byId, element } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { armSentence } from './describe.js';
import { fillCluster, fillWorkspace, formCluster, formHasWorkspace, formNamesWorkspace, onFormTarget } from './form-link.js';
import { region, showOutcome } from './results.js';
import { lastTokenFailure, sessionKind } from './sign-in.js';
import { armOptions, run, showProgress, showTokenFailure } from './task.js';

/** @typedef {import('../pkg/amlattach_live.js').Discovered} Discovered */

const workspaceList = byId('live-workspace', HTMLSelectElement);
const clusterList = byId('live-cluster', HTMLSelectElement);
/** The regions of the workspaces found, by id, for the form's region field. @type {Map<string, string>} */
const workspaceLocations = new Map();
/** The regions of the clusters found, by lowercase id, for the extension's install. @type {Map<string, string>} */
const clusterLocations = new Map();

/**
 * The region discovery found the cluster in, when it found it.
 * @param {string} clusterId
 * @returns {string | null}
 */
export function discoveredLocation(clusterId) {
  return clusterLocations.get(clusterId.toLowerCase()) ?? null;
}

/** Wires the "Find" button, and the lists to the form both ways. */
export function setUpDiscovery() {
  byId('live-discover').addEventListener('click', () => void run('discover', discover));
  workspaceList.addEventListener('change', () => {
    if (workspaceList.value !== '') fillWorkspace(workspaceList.value, workspaceLocations.get(workspaceList.value));
  });
  clusterList.addEventListener('change', () => {
    if (clusterList.value !== '') fillCluster(clusterList.value);
  });
  onFormTarget(followForm);
}

/** The workspace and the cluster chosen in the lists ('' for none). */
export function chosen() {
  return { workspaceId: workspaceList.value, clusterId: clusterList.value };
}

/**
 * Why nothing can be chosen in a list yet, or why the form's choice is not there: what to do.
 * @param {'workspace' | 'cluster'} what
 */
export function notChosen(what) {
  const list = what === 'workspace' ? workspaceList : clusterList;
  if (list.options.length <= 1) return `No ${what} to use yet: find your clusters and workspaces first (“Find my clusters and workspaces”).`;
  const formNames = what === 'workspace' ? formHasWorkspace() : formCluster() !== '';
  if (formNames) return `The ${what} in the form above is not among those found: choose one in the ${what === 'workspace' ? 'Workspace' : 'Cluster'} list, or correct the form.`;
  return `Choose a ${what} in the ${what === 'workspace' ? 'Workspace' : 'Cluster'} list first (it fills the form above).`;
}

async function discover() {
  const { armDiscover } = await load('live');
  const options = armOptions((progress) => {
    if (progress.step !== 'found') return;
    showFound(progress.found);
    const { clusters, workspaces } = progress.found;
    showProgress('discover', `Looking for clusters and workspaces… ${clusters.length} clusters and ${workspaces.length} workspaces so far.`);
  });
  showProgress('discover', 'Looking for clusters and workspaces…');
  const found = await armDiscover(options);
  showFound(found);
  const nothing = found.clusters.length + found.workspaces.length === 0;
  const refused = found.notes.length > 0 && found.notes.every((n) => n.error.kind === 'unauthorized');
  // With nothing found for want of answers, what stopped the reads is the outcome; else a note on the count.
  const notes = nothing && !refused ? [] : found.notes.map((n) => `${n.what}: ${armSentence(n.error)}`);
  showProgress('discover', `Found ${found.clusters.length} clusters and ${found.workspaces.length} workspaces (${found.requests} requests).${notes.length ? ` Not read: ${notes.join('; ')}` : ''}`, {
    final: true,
  });
  if (refused && sessionKind() !== 'pasted' && lastTokenFailure() !== null) {
    // ARM refused the token and renewing it failed: why it failed is what to act on.
    showTokenFailure('discover');
  } else if (refused) {
    showOutcome(
      region('discover'),
      'failed',
      sessionKind() === 'pasted'
        ? 'Azure Resource Manager refused the pasted token (expired, or for another cloud or audience): paste a fresh one from `az account get-access-token`.'
        : 'Azure Resource Manager refused the token: sign out and sign in again.',
    );
  } else if (nothing && found.notes.length > 0) {
    // Every read failed (no answer, throttled, refused): each distinct reason once.
    showOutcome(region('discover'), 'failed', [...new Set(found.notes.map((n) => armSentence(n.error)))].join(' '));
  } else if (nothing) {
    showOutcome(region('discover'), 'done', 'Nothing found: this account sees no AKS or Arc cluster and no Azure ML workspace in this cloud. Check the account, the tenant and the cloud of the sign-in settings.');
  } else {
    showOutcome(region('discover'), 'done', '');
  }
}

/** @param {Discovered} found */
function showFound(found) {
  for (const w of found.workspaces) workspaceLocations.set(w.id, w.location);
  for (const c of found.clusters) clusterLocations.set(c.id.toLowerCase(), c.location);
  fill(
    workspaceList,
    'Choose a workspace',
    found.workspaces.map((w) => [w.id, `${w.name} (${w.location})`]),
  );
  fill(
    clusterList,
    'Choose a cluster',
    found.clusters.map((c) => [
      c.id,
      `${c.name} (${c.kind}, ${c.location}${c.kubernetesVersion ? `, ${c.kubernetesVersion}` : ''}${c.amlExtension ? ', Azure ML extension' : ', no Azure ML extension'})`,
    ]),
  );
  followForm();
}

/** Chooses in the lists the workspace and the cluster the form names, when they were found. */
function followForm() {
  const workspace = formHasWorkspace() ? [...workspaceList.options].find((o) => o.value !== '' && formNamesWorkspace(o.value)) : undefined;
  if (workspace !== undefined) workspaceList.value = workspace.value;
  else if (formHasWorkspace()) workspaceList.value = '';
  const clusterId = formCluster().toLowerCase();
  const cluster = clusterId === '' ? undefined : [...clusterList.options].find((o) => o.value !== '' && o.value.toLowerCase() === clusterId);
  if (cluster !== undefined) clusterList.value = cluster.value;
  else if (clusterId !== '') clusterList.value = '';
}

/**
 * Replaces a select's options, after a first one that asks for a choice, keeping the chosen
 * value when it is still there.
 * @param {HTMLSelectElement} select
 * @param {string} prompt
 * @param {[string, string][]} entries
 */
function fill(select, prompt, entries) {
  const was = select.value;
  const ask = element('option', entries.length === 0 ? 'None found' : prompt);
  ask.value = '';
  select.replaceChildren(
    ask,
    ...entries.map(([value, label]) => {
      const option = element('option', label);
      option.value = value;
      return option;
    }),
  );
  if (entries.some(([value]) => value === was)) select.value = was;
  select.disabled = entries.length === 0;
}
