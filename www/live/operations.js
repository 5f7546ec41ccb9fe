// @ts-check
/**
 * The changes the live section makes: attach the form's spec to the chosen workspace, followed
 * step by step to its outcome; create the compute's namespace on an AKS cluster through ARM,
 * after a confirmation; detach a compute, after a confirmation naming it and its workspace. What Azure says of a failure goes to the troubleshooter.
 * @module
 */
import { currentSpec } from '../live-state.js';
import { byId, element } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { chosen } from './discovery.js';
import { preflightLocation } from './preflight.js';
import { hideSteps, showSteps, stepsShown } from './steps.js';
import { armOptions, clearLog, log, offerExplanation, run } from './task.js';

/** @typedef {import('./task.js').ArmProgress} ArmProgress */
/** @typedef {import('./steps.js').StepState} StepState */
/** @typedef {import('../pkg/amlattach_live.js').ArmOutcome} ArmOutcome */

const ui = {
  attach: byId('live-attach', HTMLButtonElement),
  namespace: byId('live-namespace', HTMLButtonElement),
  namespaceConfirm: byId('live-namespace-confirm'),
  namespaceQuestion: byId('live-namespace-question'),
  namespaceYes: byId('live-namespace-yes', HTMLButtonElement),
  namespaceNo: byId('live-namespace-no', HTMLButtonElement),
  detachName: byId('live-detach-name', HTMLInputElement),
  detach: byId('live-detach', HTMLButtonElement),
  detachConfirm: byId('live-detach-confirm'),
  detachQuestion: byId('live-detach-question'),
  detachYes: byId('live-detach-yes', HTMLButtonElement),
  detachNo: byId('live-detach-no', HTMLButtonElement),
  outcome: byId('live-outcome'),
};

/** Wires the attach, namespace and detach buttons. */
export function setUpOperations() {
  ui.attach.addEventListener('click', () => void run('operation', attach));
  ui.namespace.addEventListener('click', askNamespace);
  ui.namespaceNo.addEventListener('click', () => {
    ui.namespaceConfirm.hidden = true;
    ui.namespace.focus();
  });
  ui.namespaceYes.addEventListener('click', () => void run('operation', createNamespace));
  ui.detach.addEventListener('click', askDetach);
  ui.detachNo.addEventListener('click', () => {
    ui.detachConfirm.hidden = true;
    ui.detach.focus();
  });
  ui.detachYes.addEventListener('click', () => void run('operation', detach));
}

/**
 * The workspace a workspace id names, in words: name, resource group, subscription.
 * @param {string} id
 */
function workspaceWords(id) {
  const parts = id.split('/');
  const at = (/** @type {string} */ key) => parts[parts.findIndex((p) => p.toLowerCase() === key) + 1] ?? '?';
  return `workspace ${parts.at(-1)} (resource group ${at('resourcegroups')}, subscription ${at('subscriptions')})`;
}

/** Asks before a detach, naming the compute and the workspace it acts on. */
function askDetach() {
  const { workspaceId } = chosen();
  const name = ui.detachName.value.trim();
  if (!workspaceId || name === '') {
    ui.detachConfirm.hidden = true;
    ui.outcome.dataset.state = 'failed';
    ui.outcome.textContent = 'Nothing to detach yet: choose a workspace above and name the compute to detach.';
    return;
  }
  ui.detachQuestion.textContent = `Detach the compute “${name}” from ${workspaceWords(workspaceId)}? Jobs and endpoints that use it stop working; the cluster and its Azure ML extension stay as they are.`;
  ui.detachYes.textContent = `Detach “${name}”`;
  ui.detachConfirm.hidden = false;
  ui.detachYes.focus();
}

/**
 * Where an attach is, read from one of its progress events: the steps to draw and the note on the
 * step in progress, or null when the event moves no step. The one place that reads the attach's
 * progress.
 * @param {ArmProgress} progress
 * @returns {{ states: StepState[], note?: string } | null}
 */
export function attachStep(progress) {
  // The core's typed step (`ArmProgress`), never its sentence.
  if (progress.step === 'operation-started') return { states: ['done', 'done', 'active', 'pending'] };
  if (progress.step === 'operation') return { states: ['done', 'done', 'active', 'pending'], note: progress.status };
  return null;
}

/**
 * An operation's progress: a line of its log, and for an attach its steps moved along.
 * @param {ArmProgress} progress
 */
function followProgress(progress) {
  log(progress.message);
  if (!stepsShown()) return;
  const step = attachStep(progress);
  if (step !== null) showSteps(step.states, step.note);
}

async function attach() {
  const { workspaceId } = chosen();
  const current = currentSpec();
  if (!workspaceId) throw new Error('choose a workspace first');
  if (current === null || !current.ok) throw new Error('the settings above have errors: fix them before attaching');
  const { armAttach } = await load('live');
  clearLog();
  log('Attaching…');
  showSteps(['active', 'pending', 'pending', 'pending']);
  const outcome = await armAttach(armOptions(followProgress), current.spec, workspaceId);
  showOutcome(outcome);
  if (outcome.result === 'attached') showSteps(['done', 'done', 'done', 'done'], outcome.compute.provisioningState);
  if (outcome.result === 'compute-failed') showSteps(['done', 'done', 'done', 'failed'], outcome.compute.provisioningState);
  if (outcome.result === 'already-exists') showSteps(['failed', 'pending', 'pending', 'pending'], 'the name is taken');
}

/** Asks before creating the namespace the form's spec names, or says why there is none to create. */
function askNamespace() {
  const target = namespaceToCreate();
  if (typeof target === 'string') {
    ui.namespaceConfirm.hidden = true;
    ui.outcome.dataset.state = 'failed';
    ui.outcome.textContent = `No namespace to create: ${target}.`;
    return;
  }
  const code = element('code', target.clusterId);
  ui.namespaceQuestion.replaceChildren(
    `Create the namespace “${target.namespace}” on the AKS cluster `,
    code,
    ' as an AKS managed namespace? ARM sends the request the Commands section’s “ARM with az rest” tab shows. If the cluster has an identical namespace already, AKS takes it over; afterwards its labels and annotations change through ARM, not kubectl.',
  );
  ui.namespaceYes.textContent = `Create “${target.namespace}”`;
  ui.namespaceConfirm.hidden = false;
  ui.namespaceYes.focus();
}

async function createNamespace() {
  ui.namespaceConfirm.hidden = true;
  const target = namespaceToCreate();
  if (typeof target === 'string') throw new Error(target);
  const { armCreateNamespace } = await load('live');
  clearLog();
  hideSteps();
  log(`Creating the namespace ${target.namespace}…`);
  const outcome = await armCreateNamespace(armOptions(followProgress), target.clusterId, target.namespace, preflightLocation(target.clusterId));
  ui.outcome.dataset.state = 'done';
  ui.outcome.textContent =
    outcome.result === 'created'
      ? `Created: the namespace ${outcome.namespace.name} is ${outcome.namespace.provisioningState}.`
      : `ARM manages a namespace ${outcome.namespace.name} on this cluster already (${outcome.namespace.provisioningState}); nothing was sent.`;
}

async function detach() {
  ui.detachConfirm.hidden = true;
  const { workspaceId } = chosen();
  const name = ui.detachName.value.trim();
  if (!workspaceId || name === '') throw new Error('choose a workspace and name the compute to detach');
  const { armDetach } = await load('live');
  clearLog();
  hideSteps();
  log(`Detaching ${name}…`);
  showOutcome(await armDetach(armOptions(followProgress), workspaceId, name));
}

/**
 * The namespace the form's valid v2 spec asks for on an AKS cluster, or why there is none to
 * create through ARM.
 * @returns {{ clusterId: string, namespace: string } | string}
 */
function namespaceToCreate() {
  const current = currentSpec();
  if (current === null || !current.ok) return 'the settings above have errors: fix them first';
  const spec = /** @type {{ type?: string, resource_id?: string, namespace?: string }} */ (current.spec);
  if (spec.type !== 'kubernetes' || spec.resource_id === undefined) return 'only a v2 Kubernetes compute has a namespace of its own';
  if (!/\/providers\/Microsoft\.ContainerService\/managedClusters\//i.test(spec.resource_id)) {
    return 'managed namespaces are AKS only: on an Arc cluster, create it with kubectl (the Commands section has the line)';
  }
  const namespace = spec.namespace ?? 'default';
  if (namespace === 'default') return 'the compute uses the namespace default, which every cluster has';
  return { clusterId: spec.resource_id, namespace };
}

/** @param {ArmOutcome} outcome */
function showOutcome(outcome) {
  ui.outcome.replaceChildren();
  if (outcome.result === 'detached') {
    ui.outcome.dataset.state = 'done';
    ui.outcome.textContent = 'Detached. The cluster and its Azure ML extension are untouched.';
    return;
  }
  const { compute } = outcome;
  ui.outcome.dataset.state = outcome.result === 'attached' ? 'done' : 'failed';
  const headline = {
    attached: `Attached: ${compute.name} is ${compute.provisioningState}.`,
    'compute-failed': `The attach ended ${compute.provisioningState}: Azure ML says why below.`,
    'already-exists': `A compute named ${compute.name} already exists (${compute.computeType}, ${compute.provisioningState}); nothing was changed.`,
  }[outcome.result];
  ui.outcome.append(element('p', headline));
  if (compute.provisioningErrors.length > 0) {
    const errors = element('pre', JSON.stringify(compute.provisioningErrors, null, 2));
    errors.className = 'provisioning-errors';
    // Scrollable, so reachable by keyboard, and named for screen readers.
    errors.tabIndex = 0;
    errors.setAttribute('role', 'region');
    errors.setAttribute('aria-label', 'Provisioning errors, as Azure ML reported them');
    ui.outcome.append(errors);
    offerExplanation(JSON.stringify(compute.provisioningErrors, null, 2));
  }
}
