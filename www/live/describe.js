// @ts-check
/**
 * A failure as the sentence the live section shows, saying what to do: an ARM error in the core's
 * own sentence (ARM's code, details and any Azure Policy denial; for no answer, none in time or an
 * answer of the wrong shape, the core's words alone); a sign-in error with the setting to change; the ARM module that could not load,
 * worded as every section words it; a request the core refused, by its code; never the token,
 * never a bare code or an object.
 * @module
 */
import { explainSignInError } from '../sign-in-error.js';
import { capitalize } from '../shared/diagnostics.js';
import { LoadError, cannotStart } from '../shared/wasm.js';
import { signInPlace } from './settings.js';

/** @typedef {import('../pkg/amlattach_live.js').ArmFailure} ArmFailure */
/** @typedef {import('../pkg/amlattach_live.js').RequestErrorCode} RequestErrorCode */

/** What to do after a failure of each kind whose sentence does not say it. */
const ADVICE = /** @type {Partial<Record<ArmFailure['kind'], string>>} */ ({
  unauthorized: 'Sign out and sign in again (or paste a fresh token), then try again.',
  throttled: 'Azure Resource Manager asks to slow down: wait a minute, then try again.',
  malformed: 'Try again; if it keeps happening, check that the ARM endpoint of the sign-in settings is Azure Resource Manager’s.',
});

/** What to do when the core refused what the page handed it, by the refusal's code. */
const REQUEST_ADVICE = /** @type {Partial<Record<RequestErrorCode, string>>} */ ({
  'bad-workspace-id': 'The workspace chosen is not a workspace id: find your workspaces again and choose one in the list.',
  'bad-cluster-id': 'The cluster chosen is not an AKS or Arc cluster id: find your clusters again and choose one in the list.',
  'invalid-spec': 'The settings above have errors: fix them (each is next to its field), then try again.',
  'spec-unreadable': 'The settings above cannot be read: fix the fields marked as errors, then try again.',
  'bad-cloud': 'The cloud of the sign-in settings is not one this page knows: choose it again, or enter the ARM endpoint of the custom cloud.',
});

/**
 * The failure behind a thrown error, as a sentence that says what to do; never the token.
 * @param {unknown} error
 */
export function describe(error) {
  const failure = /** @type {{ arm?: ArmFailure, message?: unknown, errorCode?: string, name?: unknown, code?: unknown }} */ (error);
  if (failure?.arm) return armSentence(failure.arm);
  if (error instanceof LoadError) return cannotStart('The Azure Resource Manager module', error);
  const message = typeof failure?.message === 'string' ? failure.message : '';
  if (failure?.errorCode || /AADSTS\d/.test(message)) return explainSignInError(error, signInPlace());
  if (failure?.name === 'AmlattachError') {
    const advice = REQUEST_ADVICE[/** @type {RequestErrorCode} */ (failure.code)];
    if (advice !== undefined) return advice;
  }
  if (message.trim() !== '') return asSentence(message);
  if (typeof error === 'string' && error.trim() !== '') return asSentence(error);
  return 'Something unexpected stopped this in the page: reload the page and try again.';
}

/**
 * An ARM failure's sentence (the core's), with what to do.
 * @param {ArmFailure} arm
 */
export function armSentence(arm) {
  const said = arm.sentence;
  const advice = ADVICE[arm.kind];
  return advice === undefined ? asSentence(said) : `${asSentence(said)} ${advice}`;
}

/**
 * Text as a sentence: a capital first, a full stop last.
 * @param {string} text
 */
export function asSentence(text) {
  const trimmed = capitalize(text.trim());
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
