// @ts-check
/**
 * The form's data, without the DOM: turns the values of the fields (keyed by each field's
 * `data-path`, the spec's own dotted key names) into the spec object and the context object
 * `validate` takes, and finds which field a diagnostic's path belongs to.
 * @module
 */

/** @typedef {import('./shared/state.js').Mode} Mode */

// The modes are the state's (shared/state.js, which the popup shares): named once, there.
export { MODES } from './shared/state.js';
// Which field shows a diagnostic: shared with the extension form and the popup (shared/paths.js).
export { fieldPathFor, parentPath } from './shared/paths.js';

/**
 * A field's value as read from its control: text (as typed) or a checkbox's state.
 * @typedef {string | boolean} FieldValue
 */

/** Paths whose text is a list of resource ids, one a line, sent as `[{ resource_id }]`. */
const ID_LIST_PATHS = new Set(['identity.user_assigned_identities']);
/** Paths whose text is sent as a number when it is one (anything else is sent as typed). */
const NUMBER_PATHS = new Set(['agent_count']);
/** Where the context's fields live in the form. */
const CONTEXT_PREFIX = 'context.';

/**
 * Builds the spec object for `mode` from the fields' values. Empty fields (and unticked
 * checkboxes) are left out, so the spec never holds an empty string; paths starting with
 * `context.` are not part of the spec.
 * @param {Mode} mode
 * @param {Iterable<[string, FieldValue]>} values `[data-path, value]` for each field of the mode
 * @returns {Record<string, unknown>}
 */
export function buildSpec(mode, values) {
  /** @type {Record<string, unknown>} */
  const spec = mode === 'v2' ? { type: 'kubernetes' } : { type: 'aks', action: mode === 'v1-attach' ? 'attach' : 'create' };
  for (const [path, value] of values) {
    if (path.startsWith(CONTEXT_PREFIX)) continue;
    const converted = convert(path, value);
    if (converted !== undefined) setPath(spec, path, converted);
  }
  return spec;
}

/**
 * Builds the context object from the fields whose path starts with `context.`; null when all
 * of them are empty.
 * @param {Iterable<[string, FieldValue]>} values `[data-path, value]` for each field
 * @returns {import('./shared/amlattach.js').ValidationContext | null}
 */
export function buildContext(values) {
  /** @type {Record<string, unknown>} */
  const context = {};
  let empty = true;
  for (const [path, value] of values) {
    if (!path.startsWith(CONTEXT_PREFIX)) continue;
    const converted = convert(path, value);
    if (converted === undefined) continue;
    setPath(context, path.slice(CONTEXT_PREFIX.length), converted);
    empty = false;
  }
  return empty ? null : context;
}

/**
 * True for diagnostics that only say a field is missing. They wait until the user has left the
 * field or asked for every check, so a fresh form is not a wall of errors.
 * @param {{ code: string }} diagnostic
 * @returns {boolean}
 */
export function isMissingValue(diagnostic) {
  return diagnostic.code === 'required' || diagnostic.code.endsWith('-required');
}

/**
 * The value a field contributes to the spec, or undefined when it contributes nothing.
 * @param {string} path
 * @param {FieldValue} value
 * @returns {unknown}
 */
function convert(path, value) {
  if (typeof value === 'boolean') return value ? true : undefined;
  if (value.trim() === '') return undefined;
  if (ID_LIST_PATHS.has(path)) {
    const ids = value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    return ids.map((id) => ({ resource_id: id }));
  }
  if (NUMBER_PATHS.has(path) && /^\s*[-+]?\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

/**
 * Sets `target.a.b.c = value` for the path `a.b.c`, creating the objects on the way.
 * @param {Record<string, unknown>} target
 * @param {string} path
 * @param {unknown} value
 */
function setPath(target, path, value) {
  const keys = path.split('.');
  const last = /** @type {string} */ (keys.pop());
  let node = target;
  for (const key of keys) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = /** @type {Record<string, unknown>} */ (next);
    } else {
      /** @type {Record<string, unknown>} */
      const created = {};
      node[key] = created;
      node = created;
    }
  }
  node[last] = value;
}
