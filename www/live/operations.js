// @ts-check
/**
 * The changes the live section makes: create the compute's namespace on an AKS cluster through
 * ARM, after a confirmation; attach the form's spec to the chosen workspace, followed step by step
 * to its outcome; detach a compute, after a confirmation naming it and its workspace. Each says how
 * it went under its own button, in its final state once it ends (the polls on the way are its
 * folded history). What Azure says of a failure goes to the troubleshooter.
 * @module
 */
import { currentSpec } from '../live-state.js';
import { byId, element } from '../shared/dom.js';
import { load } from '../shared/wasm.js';
import { chosen, notChosen } from './discovery.js';
import { errorsSentence, formErrors, workspaceParts } from './form-link.js';
import { preflightLocation } from './preflight.js';
import { region, showOutcome } from './results.js';
import { hideSteps, showSteps } from './steps.js';
import { armOptions, log, offerExplanation, run } from './task.js';

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
};

/** Wires the namespace, attach and detach buttons. */
export function setUpOperations() {
  ui.attach.addEventListener('click', () => void run('attach', attach));
  ui.namespace.addEventListener('click', askNamespace);
  ui.namespaceNo.addEventListener('click', () => {
    ui.namespaceConfirm.hidden = true;
    ui.namespace.focus();
  });
  ui.namespaceYes.addEventListener('click', () => void run('namespace', createNamespace));
  ui.detach.addEventListener('click', askDetach);
  ui.detachNo.addEventListener('click', () => {
    ui.detachConfirm.hidden = true;
    ui.detach.focus();
  });
  ui.detachYes.addEventListener('click', () => void run('detach', detach));
}

/**
 * The workspace a workspace id names, in words: name, resource group, subscription.
 * @param {string} id
 */
function workspaceWords(id) {
  const { subscription, resourceGroup, name } = workspaceParts(id);
  return `workspace ${name || '?'} (resource group ${resourceGroup || '?'}, subscription ${subscription || '?'})`;
}

/** Asks before a detach, naming the compute and the workspace it acts on. */
function askDetach() {
  const { workspaceId } = chosen();
  const name = ui.detachName.value.trim();
  if (!workspaceId || name === '') {
    ui.detachConfirm.hidden = true;
    const why = !workspaceId ? notChosen('workspace') : 'Name the compute to detach first (“Compute to detach”).';
    showOutcome(region('detach'), 'failed', `Nothing to detach yet. ${why}`);
    if (workspaceId && name === '') ui.detachName.focus();
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
  if (progress.step === 'compute') return { states: ['done', 'done', 'active', 'pending'], note: progress.state };
  return null;
}

/**
 * The form's errors, when it has any, as the refusal of an action that needs a valid form: how
 * many, the first, and the cursor taken to its field. Null when the form is valid.
 */
function formRefusal() {
  const current = currentSpec();
  if (current !== null && current.ok) return null;
  if (current === null) return 'The settings above have not been checked yet: wait for the form’s verdict, then try again.';
  const errors = formErrors({ reveal: true });
  errors.go();
  return errorsSentence(errors);
}

async function attach() {
  const where = region('attach');
  hideSteps();
  const refusal = formRefusal();
  if (refusal !== null) {
    showOutcome(where, 'failed', refusal);
    return;
  }
  const { workspaceId } = chosen();
  if (!workspaceId) throw new Error(notChosen('workspace'));
  const current = /** @type {NonNullable<ReturnType<typeof currentSpec>>} */ (currentSpec());
  const { armAttach } = await load('live');
  log('attach', 'Attaching…');
  showSteps(['active', 'pending', 'pending', 'pending']);
  const outcome = await armAttach(
    armOptions((progress) => {
      log('attach', progress.message);
      const step = attachStep(progress);
      if (step !== null) showSteps(step.states, step.note);
    }),
    current.spec,
    workspaceId,
  );
  showOperationOutcome('attach', outcome);
  if (outcome.result === 'attached') showSteps(['done', 'done', 'done', 'done'], outcome.compute.provisioningState);
  if (outcome.result === 'compute-failed') showSteps(['done', 'done', 'done', 'failed'], outcome.compute.provisioningState);
  if (outcome.result === 'already-exists') showSteps(['failed', 'pending', 'pending', 'pending'], 'the name is taken');
}

/** Asks before creating the namespace the form's spec names, or says why there is none to create. */
function askNamespace() {
  const target = namespaceToCreate();
  if (typeof target === 'string') {
    ui.namespaceConfirm.hidden = true;
    showOutcome(region('namespace'), 'failed', `No namespace to create. ${target}`);
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
  log('namespace', `Creating the namespace ${target.namespace}…`);
  const outcome = await armCreateNamespace(
    armOptions((progress) => log('namespace', progress.message)),
    target.clusterId,
    target.namespace,
    preflightLocation(target.clusterId),
  );
  showOutcome(
    region('namespace'),
    'done',
    outcome.result === 'created'
      ? `Created: the namespace ${outcome.namespace.name} is ${outcome.namespace.provisioningState}.`
      : `ARM manages a namespace ${outcome.namespace.name} on this cluster already (${outcome.namespace.provisioningState}); nothing was sent.`,
  );
}

async function detach() {
  ui.detachConfirm.hidden = true;
  const { workspaceId } = chosen();
  const name = ui.detachName.value.trim();
  if (!workspaceId) throw new Error(notChosen('workspace'));
  if (name === '') throw new Error('Name the compute to detach first (“Compute to detach”).');
  const { armDetach } = await load('live');
  log('detach', `Detaching ${name}…`);
  showOperationOutcome('detach', await armDetach(armOptions((progress) => log('detach', progress.message)), workspaceId, name));
}

/**
 * The namespace the form's valid v2 spec asks for on an AKS cluster, or why there is none to
 * create through ARM (a sentence that says what to do).
 * @returns {{ clusterId: string, namespace: string } | string}
 */
function namespaceToCreate() {
  const refusal = formRefusal();
  if (refusal !== null) return refusal;
  const current = /** @type {NonNullable<ReturnType<typeof currentSpec>>} */ (currentSpec());
  const spec = /** @type {{ type?: string, resource_id?: string, namespace?: string }} */ (current.spec);
  if (spec.type !== 'kubernetes' || spec.resource_id === undefined) return 'Only a v2 Kubernetes compute has a namespace of its own: choose “Attach (v2, AKS or Arc)” above.';
  if (!/\/providers\/Microsoft\.ContainerService\/managedClusters\//i.test(spec.resource_id)) {
    return 'Managed namespaces are AKS only: on an Arc cluster, create it with kubectl (the Commands section has the line).';
  }
  const namespace = spec.namespace ?? 'default';
  if (namespace === 'default') return 'The compute uses the namespace default, which every cluster has.';
  return { clusterId: spec.resource_id, namespace };
}

/**
 * How an attach or detach ended, under its button: its final state, and for a compute that
 * failed, each of Azure ML's provisioning errors in its own words, handed to the troubleshooter.
 * @param {'attach' | 'detach'} action
 * @param {ArmOutcome} outcome
 */
function showOperationOutcome(action, outcome) {
  const where = region(action);
  if (outcome.result === 'detached') {
    showOutcome(where, 'done', 'Detached. The cluster and its Azure ML extension are untouched.');
    return;
  }
  const { compute } = outcome;
  const headline = {
    attached: `Attached: ${compute.name} is ${compute.provisioningState}.`,
    'compute-failed':
      compute.provisioningErrors.length > 0
        ? `The attach ended ${compute.provisioningState}: Azure ML says why below. “Explain this failure” finds the cause and its fix.`
        : `The attach ended ${compute.provisioningState}, and Azure ML gave no reason: look at the compute ${compute.name} in the studio, or detach it and attach again.`,
    'already-exists': `A compute named ${compute.name} already exists (${compute.computeType}, ${compute.provisioningState}); nothing was changed. Choose another compute name above, or detach that one first.`,
  }[outcome.result];
  showOutcome(where, outcome.result === 'attached' ? 'done' : 'failed', element('p', headline));
  if (compute.provisioningErrors.length > 0) {
    const errors = element('ul');
    errors.className = 'provisioning-errors';
    errors.setAttribute('aria-label', 'Provisioning errors, as Azure ML reported them');
    for (const said of compute.provisioningErrors) errors.append(element('li', provisioningError(said)));
    where.outcome.append(errors);
    offerExplanation(action, JSON.stringify(compute.provisioningErrors, null, 2));
  }
}

/**
 * One provisioning error in Azure ML's words: its code and message (`{ error: { code, message } }`),
 * the details' messages after it; anything else as the text it holds.
 * @param {unknown} said
 */
function provisioningError(said) {
  const outer = /** @type {{ error?: unknown }} */ (said);
  const error = /** @type {{ code?: unknown, message?: unknown, details?: unknown }} */ (outer?.error ?? said);
  if (typeof error === 'string') return error;
  const code = typeof error?.code === 'string' ? error.code : '';
  const message = typeof error?.message === 'string' ? error.message : '';
  const details = Array.isArray(error?.details)
    ? error.details.map((d) => (typeof d?.message === 'string' ? d.message : '')).filter((m) => m !== '')
    : [];
  const text = [code && message ? `${code}: ${message}` : code || message, ...details].filter((t) => t !== '').join(' ');
  return text === '' ? 'Azure ML reported an error without a message: “Explain this failure” reads what it sent.' : text;
}
