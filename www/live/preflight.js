// @ts-check
/**
 * The pre-flight: reads the chosen workspace and cluster, fills the form's cluster and workspace
 * fields, and hands its facts to the form's checks (live-state.js); shows them as a list and the
 * cluster's capacity as a bar against the production line. The troubleshooter runs it too.
 * @module
 */
import { liveFacts, setLiveFacts, setPreflightRunner } from '../live-state.js';
import { byId, element } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { armSentence } from './describe.js';
import { chosen, notChosen } from './discovery.js';
import { afterFormCheck, fillCluster, fillWorkspace, formErrors } from './form-link.js';
import { region, showOutcome } from './results.js';
import { sessionKind } from './sign-in.js';
import { armOptions, run } from './task.js';

/** @typedef {import('../pkg/amlattach_live.js').PreflightFacts} PreflightFacts */
/** @typedef {{ nodes: number, vcpus: number }} Minimum */

const outcome = byId('live-preflight-outcome');
const factList = byId('live-facts');
const capacity = byId('live-capacity');

/** The cluster id the live facts (the last pre-flight's) were read from. @type {string | null} */
let preflightCluster = null;

/** Wires the pre-flight button, and offers the pre-flight to the troubleshooter. */
export function setUpPreflight() {
  byId('live-preflight').addEventListener('click', () => void preflight());
  // The verdict follows the form: an error fixed after the pre-flight is gone from it too.
  afterFormCheck(() => {
    if (outcome.dataset.verdict !== undefined && liveFacts() !== null) showVerdict();
  });
  // The troubleshooter asks for the same reads to judge a failure's causes.
  setPreflightRunner(async () => {
    if (sessionKind() === null) return 'Sign in in the live section first (“Check the real cluster, then attach”).';
    const { workspaceId, clusterId } = chosen();
    if (!workspaceId || !clusterId) return 'Find your clusters in the live section and choose the workspace and the cluster first.';
    await preflight();
    // What it said, without the labels of the buttons beside it.
    const said = [...outcome.childNodes].filter((node) => !(node instanceof HTMLButtonElement)).map((node) => node.textContent ?? '').join(' ').trim();
    return outcome.dataset.state === 'failed' ? `The pre-flight failed: ${said}` : null;
  });
}

/** Forgets the facts (on sign-out): the form checks without them again. */
export function forgetPreflight() {
  setLiveFacts(null);
  preflightCluster = null;
}

/**
 * The region of `clusterId`, when the last pre-flight read this very cluster.
 * @param {string} clusterId
 * @returns {string | undefined}
 */
export function preflightLocation(clusterId) {
  return preflightCluster?.toLowerCase() === clusterId.toLowerCase() ? (liveFacts()?.cluster?.location ?? undefined) : undefined;
}

/**
 * The last pre-flight's facts (its context, the cluster's region among them), when it read this
 * very cluster; else null.
 * @param {string} clusterId
 */
export function preflightContext(clusterId) {
  return preflightCluster?.toLowerCase() === clusterId.toLowerCase() ? liveFacts() : null;
}

/** Runs the pre-flight for the chosen workspace and cluster; its facts join the form's checks. */
function preflight() {
  return run('preflight', async () => {
    const { workspaceId, clusterId } = chosen();
    if (!workspaceId) throw new Error(notChosen('workspace'));
    if (!clusterId) throw new Error(notChosen('cluster'));
    factList.replaceChildren();
    capacity.hidden = true;
    const { armPreflight, productionMinimum } = await load('live');
    const read = await armPreflight(armOptions(), workspaceId, clusterId);
    const workspace = read.context.workspace ?? {};
    fillCluster(clusterId);
    fillWorkspace(workspaceId, workspace.location ?? undefined);
    setLiveFacts(read.context);
    preflightCluster = clusterId;
    showFacts(read, productionMinimum());
    showVerdict();
  });
}

/**
 * The pre-flight's verdict, under its button: the form's summary as checked with the facts just
 * read (the form checked again when they arrived), and the first error with a way to its field.
 */
function showVerdict() {
  const errors = formErrors();
  const summary = document.getElementById('form-summary')?.textContent?.trim() ?? '';
  const leadText = `Pre-flight done. The settings above, checked with what it read: ${summary === '' ? 'see the form' : summary.charAt(0).toLowerCase() + summary.slice(1)}.`;
  const firstText = errors.first === null ? '' : `${errors.count > 1 ? 'The first: ' : ''}${errors.first.label === '' ? '' : `${errors.first.label}: `}${errors.first.message}`;
  // Written only when it changed, so that screen readers do not hear it again on every key.
  if (outcome.dataset.verdict !== undefined && outcome.dataset.said === leadText + firstText) return;
  if (errors.first === null) showOutcome(region('preflight'), 'done', element('p', leadText));
  else {
    const label = errors.first.label;
    const go = element('button', label === '' ? 'Show it in the form' : `Go to “${label}”`);
    go.type = 'button';
    go.className = 'button';
    go.addEventListener('click', () => formErrors().go());
    // The pre-flight itself went well: the errors are the form's, said here and next to their fields.
    showOutcome(region('preflight'), 'done', element('p', leadText), element('p', firstText), go);
  }
  outcome.dataset.verdict = errors.count > 0 ? 'errors' : 'ok';
  outcome.dataset.said = leadText + firstText;
}

/**
 * @param {PreflightFacts} read
 * @param {Minimum} minimum the production line, as the checker knows it
 */
function showFacts(read, minimum) {
  const cluster = read.context.cluster;
  const pools = cluster?.node_pools ?? [];
  const nodes = pools.reduce((sum, p) => sum + p.count, 0);
  const vcpus = pools.reduce((sum, p) => sum + p.count * (p.vcpus ?? 0), 0);
  const lines = [
    `Kubernetes ${cluster?.kubernetes_version ?? 'unknown'}` +
      (cluster?.tier || cluster?.support_plan ? ` (${[cluster?.tier && `${cluster.tier} tier`, cluster?.support_plan].filter(Boolean).join(', ')})` : ''),
    ...(cluster?.managed_identity === undefined ? [] : [`Cluster identity: ${cluster.managed_identity ? 'managed identity' : 'service principal'}`]),
    `${pools.length} node pools, ${nodes} nodes, ${vcpus} vCPUs`,
    `Azure ML extension: ${cluster?.aml_extension_installed === undefined ? 'unknown' : cluster.aml_extension_installed ? 'installed' : 'not installed'}`,
    `${read.context.existing_computes?.length ?? 0} computes already on this cluster or workspace`,
    ...read.notes.map((n) => `Could not read ${n.what}: ${armSentence(n.error)}`),
  ];
  factList.replaceChildren(...lines.map((line) => element('li', line)));
  showCapacity(pools, minimum);
}

/**
 * The cluster's capacity as a bar: one segment per node pool (nodes × vCPUs), against the
 * production line in vCPUs, with the node count against its nodes beside it (the line is the
 * validator's own: `productionMinimum()`).
 * @param {{ name?: string, count: number, vcpus?: number, vm_size?: string }[]} pools
 * @param {Minimum} minimum
 */
function showCapacity(pools, minimum) {
  capacity.replaceChildren();
  if (pools.length === 0) {
    capacity.hidden = true;
    return;
  }
  const nodes = pools.reduce((sum, p) => sum + p.count, 0);
  const vcpus = pools.reduce((sum, p) => sum + p.count * (p.vcpus ?? 0), 0);
  const scale = Math.max(vcpus, minimum.vcpus * 1.25);
  const enough = vcpus >= minimum.vcpus && nodes >= minimum.nodes;
  const summary = `${vcpus} vCPUs on ${nodes} nodes: ${enough ? 'enough' : 'not enough'} for production (FastProd needs at least ${minimum.vcpus} vCPUs and ${minimum.nodes} nodes)`;
  const bar = element('div');
  bar.className = 'capacity-bar';
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', summary);
  for (const pool of pools) {
    const part = element('span', `${pool.name ?? 'pool'}: ${pool.count} × ${pool.vcpus ?? '?'}`);
    part.className = 'capacity-pool';
    part.title = `${pool.name ?? 'pool'}: ${pool.count} nodes of ${pool.vm_size ?? 'unknown size'} (${pool.vcpus ?? '?'} vCPUs each)`;
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    part.style.width = `${(100 * pool.count * (pool.vcpus ?? 0)) / scale}%`;
    bar.append(part);
  }
  const line = element('span');
  line.className = 'capacity-line';
  line.style.left = `${(100 * minimum.vcpus) / scale}%`;
  bar.append(line);
  const caption = element('p', summary);
  caption.className = 'capacity-caption';
  caption.dataset.enough = String(enough);
  capacity.append(bar, caption);
  capacity.hidden = false;
}
