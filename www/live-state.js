// @ts-check
/**
 * What the form and the live section share: the facts the pre-flight read (a validator context)
 * and the spec the form describes. The form merges the facts into its own context and re-checks
 * when they change; the live section attaches the form's spec. Nothing here is stored.
 * @module
 */

/** @typedef {import('./pkg/amlattach.js').ValidationContext} ValidationContext */

/** @type {ValidationContext | null} */
let facts = null;
/** @type {Set<() => void>} */
const listeners = new Set();
/** @type {{ spec: object, ok: boolean } | null} */
let current = null;

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
 * The spec the form describes and whether it validated without errors (the form calls this
 * after every check).
 * @param {object} spec
 * @param {boolean} ok
 */
export function setCurrentSpec(spec, ok) {
  current = { spec, ok };
}

/** The form's spec as of its last check. */
export function currentSpec() {
  return current;
}

/**
 * The form's context over the live facts: what the user typed wins, key by key, inside
 * `workspace` and `cluster`; the lists come from the facts unless the form has its own.
 * @param {Record<string, any> | null} form
 * @param {ValidationContext | null} live
 * @returns {ValidationContext | null}
 */
export function mergeContexts(form, live) {
  if (live === null) return form;
  if (form === null) return live;
  /** @type {Record<string, any>} */
  const merged = { ...live, ...form };
  for (const key of ['workspace', 'cluster']) {
    const fromLive = /** @type {Record<string, any>} */ (live)[key];
    if (fromLive !== undefined || form[key] !== undefined) merged[key] = { ...fromLive, ...form[key] };
  }
  return merged;
}
