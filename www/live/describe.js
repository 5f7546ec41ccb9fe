// @ts-check
/**
 * A failure as the sentence the live section shows: an ARM error with its code, details and an
 * Azure Policy denial; a sign-in error with the setting to change; the ARM module that could not
 * load, worded as every section words it; never the token.
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
    const { code, message, details, additionalInfo } = failure.arm;
    const policy = additionalInfo?.some((i) => i.type === 'PolicyViolation') ? ' (an Azure Policy assignment denied it)' : '';
    const more = (details ?? []).map((d) => ` ${d.code}: ${d.message}`).join(';');
    return `${code}: ${message}${policy}${more ? ` —${more}` : ''}`;
  }
  if (error instanceof LoadError) return cannotStart('The Azure Resource Manager module', error);
  if (failure?.errorCode || /AADSTS\d/.test(failure?.message ?? '')) return explainSignInError(error, signInPlace());
  return error instanceof Error ? error.message : String(error);
}
