// @ts-check
/**
 * The live section's long tasks (discovery, the pre-flight, the namespace, the attach, the
 * detach): one at a time, with the buttons that start them disabled; the options every ARM call
 * takes (the cloud, the token, progress); and how a task that failed is shown, under its own
 * button: an MFA refusal with its advice, a token that could not be had, or what ARM said, which
 * is handed to the troubleshooter.
 * @module
 */
import { reportFailure } from '../live-state.js';
import { byId, element } from '../shared/dom.js';
import { describe } from './describe.js';
import { showMfaRefusal } from './mfa.js';
import { endRegion, logIn, region, showOutcome, showProgressIn, startRegion } from './results.js';
import { armCloud } from './settings.js';
import { adviceTenant, clearTokenFailure, lastTokenFailure, tokenForArm } from './sign-in.js';
import { failStep } from './steps.js';

/** @typedef {import('../pkg/amlattach_live.js').ArmOptions} ArmOptions */
/** @typedef {import('../pkg/amlattach_live.js').ArmFailure} ArmFailure */
/** @typedef {Parameters<NonNullable<ArmOptions['onProgress']>>[0]} ArmProgress */
/** @typedef {import('./results.js').Action} Action */

/** What starts a long task: none while one runs. */
const TASK_BUTTONS = ['live-discover', 'live-preflight', 'live-attach', 'live-namespace', 'live-namespace-yes', 'live-detach', 'live-detach-yes'].map((id) =>
  byId(id, HTMLButtonElement),
);
/** The changes: their token requests and retries go to their history. */
const CHANGES = new Set(['namespace', 'attach', 'detach', 'extension']);
/** Told when a long task starts or ends. @type {Set<() => void>} */
const runningListeners = new Set();

/** Whether a long task runs now. */
export function taskRunning() {
  return running !== null;
}

/** @param {() => void} listener called when a long task starts and when it ends */
export function onTaskRunning(listener) {
  runningListeners.add(listener);
}

/** Which long task is running, so its progress goes under its button. @type {Action | null} */
let running = null;

/**
 * Runs one long task with the buttons disabled; its progress, outcome and failure show under
 * its own button.
 * @param {Action} action
 * @param {() => Promise<void>} task
 */
export async function run(action, task) {
  const where = region(action);
  for (const button of TASK_BUTTONS) button.disabled = true;
  running = action;
  for (const listener of runningListeners) listener();
  clearTokenFailure();
  startRegion(where);
  try {
    await task();
    if (lastTokenFailure() !== null && where.outcome.dataset.state !== 'failed') showTokenFailure(action);
  } catch (error) {
    const arm = /** @type {{ arm?: ArmFailure }} */ (error)?.arm;
    if (arm?.kind === 'mfa-required' && arm.mfa !== undefined) {
      showMfaRefusal(where.outcome, arm, arm.mfa, () => run(action, task));
      if (action === 'attach') failStep();
      offerExplanation(action, JSON.stringify({ error: arm }, null, 2));
      return;
    }
    if (lastTokenFailure() !== null) return showTokenFailure(action);
    showOutcome(where, 'failed', describe(error));
    if (action === 'attach') failStep();
    if (arm) offerExplanation(action, JSON.stringify({ error: arm }, null, 2));
  } finally {
    endRegion(where);
    running = null;
    for (const button of TASK_BUTTONS) button.disabled = false;
    for (const listener of runningListeners) listener();
  }
}

/**
 * The options of an ARM call: the cloud, the token (a change's history says when a token with
 * the claims ARM asked for is being got), the tenant an MFA refusal's advice names, and progress,
 * shown under the running task's button and handed to `onProgress`.
 * @param {(progress: ArmProgress) => void} [onProgress] what the task does with each step
 * @returns {ArmOptions}
 */
export function armOptions(onProgress) {
  const tenant = adviceTenant();
  const action = running;
  const where = action === null ? null : region(action);
  const say = where !== null && action !== null && CHANGES.has(action) ? (/** @type {string} */ text) => logIn(where, text) : undefined;
  return {
    cloud: armCloud(),
    getToken: (refresh, request) => tokenForArm(refresh, request, say),
    ...(tenant === undefined ? {} : { tenant }),
    onProgress: (progress) => {
      if (where !== null) showProgressIn(where, progress.message);
      onProgress?.(progress);
    },
  };
}

/**
 * A task's progress line: what it waits for now, or with `final` a summary that stays.
 * @param {Action} action
 * @param {string} text
 * @param {{ final?: boolean }} [options]
 */
export function showProgress(action, text, options) {
  showProgressIn(region(action), text, options);
}

/**
 * A line of a change's history.
 * @param {Action} action
 * @param {string} text
 */
export function log(action, text) {
  logIn(region(action), text);
}

/**
 * A long task stopped (or went on without some reads) for want of a token: why, and what to do.
 * @param {Action} action
 */
export function showTokenFailure(action) {
  showOutcome(region(action), 'failed', `Could not get a token for Azure Resource Manager. ${describe(lastTokenFailure())}`);
  if (action === 'attach') failStep();
}

/**
 * Hands what Azure said to the troubleshooter ("Something failed?") and offers to go there,
 * under the action that failed.
 * @param {Action} action
 * @param {string} said an ARM error envelope or `provisioningErrors`, as JSON text
 */
export function offerExplanation(action, said) {
  reportFailure(said);
  const go = element('button', 'Explain this failure');
  go.type = 'button';
  go.className = 'button';
  go.addEventListener('click', () => {
    const box = document.getElementById('explain-input');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  });
  region(action).outcome.append(go);
}
