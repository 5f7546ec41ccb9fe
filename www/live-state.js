// @ts-check
/**
 * What the form, the live section and the troubleshooter share: the facts the pre-flight read
 * (a validator context), the spec the form describes, and the failures a live call reports. The form merges the facts under its own context (the checker's `mergeContexts`) and re-checks
 * when they change; the live section attaches the form's spec. Nothing here is stored.
 * @module
 */

/** @typedef {import('./pkg/amlattach.js').ValidationContext} ValidationContext */

/** @type {ValidationContext | null} */
let facts = null;
/** @type {Set<() => void>} */
const listeners = new Set();
/** @type {{ spec: object, ok: boolean, context: ValidationContext | null } | null} */
let current = null;
/** @type {Set<(text: string) => void>} */
const failureListeners = new Set();
/** @type {(() => Promise<string | null>) | null} */
let preflightRunner = null;

/** The pre-flight's facts, or null before a pre-flight (or after the user cleared them). */
export function liveFacts() {
  return facts;
}

/** @param {ValidationContext | null} context */
export function setLiveFacts(context) {
  facts = context;
  for (const listener of listeners) listener();
}

/** @param {() => void} listener called whenever the facts change */
export function onLiveFacts(listener) {
  listeners.add(listener);
}

/**
 * The spec the form describes, whether it validated without errors, and the context it was
 * checked in (the form's workspace over the live facts); the form calls this after every check.
 * @param {object} spec
 * @param {boolean} ok
 * @param {ValidationContext | null} context
 */
export function setCurrentSpec(spec, ok, context) {
  current = { spec, ok, context };
}

/** The form's spec as of its last check. */
export function currentSpec() {
  return current;
}

/**
 * Hands what a failed ARM call or attach said (an ARM error envelope or `provisioningErrors`,
 * as JSON text) to the troubleshooter.
 * @param {string} text
 */
export function reportFailure(text) {
  for (const listener of failureListeners) listener(text);
}

/** @param {(text: string) => void} listener called with each failure the live section reports */
export function onFailure(listener) {
  failureListeners.add(listener);
}

/**
 * The live section's pre-flight, for the troubleshooter: it resolves to null once the facts are
 * read (they arrive through `onLiveFacts`), or to a sentence saying what is missing.
 * @param {() => Promise<string | null>} runner
 */
export function setPreflightRunner(runner) {
  preflightRunner = runner;
}

/** Runs the pre-flight; null when its facts were read, else why not. */
export async function runPreflight() {
  if (preflightRunner === null) return 'The live section is not loaded in this page.';
  return preflightRunner();
}
