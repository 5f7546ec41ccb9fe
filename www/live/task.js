// @ts-check
/**
 * The live section's long tasks (discovery, the pre-flight, the operations): one at a time, with
 * the buttons that start them disabled; the options every ARM call takes (the cloud, the token,
 * progress); and how a task that failed is shown: an MFA refusal with its advice, a token that
 * could not be had, or what ARM said, which is handed to the troubleshooter.
 * @module
 */
import { reportFailure } from '../live-state.js';
import { byId, element } from '../shared/dom.js';
import { describe } from './describe.js';
import { showMfaRefusal } from './mfa.js';
import { armCloud } from './settings.js';
import { adviceTenant, clearTokenFailure, lastTokenFailure, tokenForArm } from './sign-in.js';
import { failStep } from './steps.js';

/** @typedef {import('../pkg/amlattach_live.js').ArmOptions} ArmOptions */
/** @typedef {import('../pkg/amlattach_live.js').ArmFailure} ArmFailure */
/** @typedef {Parameters<NonNullable<ArmOptions['onProgress']>>[0]} ArmProgress */
/** @typedef {'discover' | 'preflight' | 'operation'} TaskKind */

const outcome = byId('live-outcome');
const progressLine = byId('live-progress');
const logList = byId('live-log');
/** What starts a long task: none while one runs. */
const TASK_BUTTONS = ['live-discover', 'live-preflight', 'live-attach', 'live-namespace', 'live-namespace-yes', 'live-detach'].map((id) =>
  byId(id, HTMLButtonElement),
);

/** Which long task is running, so progress goes to the right place. @type {TaskKind | null} */
let running = null;

/**
 * Runs one long task with the buttons disabled and its failure shown.
 * @param {TaskKind} kind
 * @param {() => Promise<void>} task
 */
export async function run(kind, task) {
  for (const button of TASK_BUTTONS) button.disabled = true;
  running = kind;
  clearTokenFailure();
  outcome.dataset.state = 'running';
  try {
    await task();
    if (lastTokenFailure() !== null && outcome.dataset.state !== 'failed') showTokenFailure();
  } catch (error) {
    const arm = /** @type {{ arm?: ArmFailure }} */ (error)?.arm;
    if (arm?.kind === 'mfa-required' && arm.mfa !== undefined) {
      showMfaRefusal(arm, arm.mfa, () => run(kind, task));
      failStep();
      offerExplanation(JSON.stringify({ error: arm }, null, 2));
      return;
    }
    if (lastTokenFailure() !== null) return showTokenFailure();
    outcome.dataset.state = 'failed';
    outcome.textContent = describe(error);
    failStep();
    if (arm) offerExplanation(JSON.stringify({ error: arm }, null, 2));
  } finally {
    running = null;
    for (const button of TASK_BUTTONS) button.disabled = false;
  }
}

/**
 * The options of an ARM call: the cloud, the token (an operation's log says when a token with
 * the claims ARM asked for is being got), the tenant an MFA refusal's advice names, and progress,
 * shown on the progress line and handed to `onProgress`.
 * @param {(progress: ArmProgress) => void} [onProgress] what the task does with each step
 * @returns {ArmOptions}
 */
export function armOptions(onProgress) {
  const tenant = adviceTenant();
  return {
    cloud: armCloud(),
    getToken: (refresh, request) => tokenForArm(refresh, request, running === 'operation' ? log : undefined),
    ...(tenant === undefined ? {} : { tenant }),
    onProgress: (progress) => {
      progressLine.textContent = progress.message;
      onProgress?.(progress);
    },
  };
}

/** @param {string} text a line of the progress line (discovery's count, a pre-flight's reads) */
export function showProgress(text) {
  progressLine.textContent = text;
}

/** Empties the operation log. */
export function clearLog() {
  logList.replaceChildren();
}

/** @param {string} text a line of the operation log */
export function log(text) {
  logList.append(element('li', text));
}

/** A long task stopped (or went on without some reads) for want of a token: why, and what to do. */
export function showTokenFailure() {
  outcome.dataset.state = 'failed';
  outcome.textContent = `Could not get a token for Azure Resource Manager. ${describe(lastTokenFailure())}`;
  failStep();
}

/**
 * Hands what Azure said to the troubleshooter ("Something failed?") and offers to go there.
 * @param {string} said an ARM error envelope or `provisioningErrors`, as JSON text
 */
export function offerExplanation(said) {
  reportFailure(said);
  const go = element('button', 'Explain this failure');
  go.type = 'button';
  go.className = 'button';
  go.addEventListener('click', () => {
    const box = document.getElementById('explain-input');
    box?.scrollIntoView({ block: 'center' });
    box?.focus();
  });
  outcome.append(go);
}
