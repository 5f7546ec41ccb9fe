// @ts-check
/**
 * A failure as the sentence the live section shows: an ARM error in the core's own sentence (its
 * code, details and any Azure Policy denial); a sign-in error with the setting to change; the ARM
 * module that could not load, worded as every section words it; never the token.
 * @module
 */
import { explainSignInError } from '../sign-in-error.js';
import { LoadError, cannotStart } from '../shared/wasm.js';
import { signInPlace } from './settings.js';

/** @typedef {import('../pkg/amlattach_live.js').ArmFailure} ArmFailure */

/**
 * The ARM failure behind a thrown error, as a sentence; never the token.
 * @param {unknown} error
 */
export function describe(error) {
  const failure = /** @type {{ arm?: ArmFailure, message?: string, errorCode?: string }} */ (error);
  if (failure?.arm) {
    return failure.arm.sentence;
  }
  if (error instanceof LoadError) return cannotStart('The Azure Resource Manager module', error);
  if (failure?.errorCode || /AADSTS\d/.test(failure?.message ?? '')) return explainSignInError(error, signInPlace());
  return error instanceof Error ? error.message : String(error);
}
