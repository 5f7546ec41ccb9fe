// @ts-check
/**
 * The one state the page's form and the extension's popup hold: `{ mode, values }`, the form's
 * field values keyed by each field's `data-path` (the spec's own dotted key names, `context.*`
 * for the workspace, `extension.*` for the Azure ML extension's form). It is what a reload
 * brings back (sessionStorage) and what a share link carries (`?s=`): written with
 * `encodeState`, read back with `decodeState`, which checks its length before reading it and
 * never throws. `stateFromSpec` turns a spec in the checker's canonical shape into that state,
 * naming the keys the form has no field for.
 *
 * Nothing that can hold a key, password or token is ever stored or shared: the paths in
 * `SECRET_PATHS` are dropped, and so is any value that reads as a secret (`holdsSecret`: a PEM
 * block, a JWT, a bearer header), whichever field it was typed in. No DOM but sessionStorage, no
 * wasm: the page bundles it with its first verdict.
 * @module
 */

/** @typedef {'v2' | 'v1-attach' | 'v1-create'} Mode */

/** Every mode, in the order the page offers them. */
export const MODES = /** @type {const} */ (['v2', 'v1-attach', 'v1-create']);

/**
 * A field's value: text as typed, or a ticked checkbox (an unticked one is left out).
 * @typedef {string | boolean} StateValue
 */

/**
 * @typedef {object} FormState
 * @property {Mode} mode
 * @property {Record<string, StateValue>} values by `data-path`; only filled-in fields
 */

/**
 * The spec's keys whose value can be a secret: an inline PEM key (`ssl.key`) and an inline
 * certificate file (`ssl.cert`, where a private key is often pasted by mistake). The form has no
 * field for either (it takes paths to the files, `ssl.cert_file` and `ssl.key_file`); a spec
 * that has them fills the form without them, and names them.
 */
export const SECRET_PATHS = Object.freeze(['ssl.key', 'ssl.cert']);

/**
 * The prefix of the Azure ML extension form's paths (www/extension-form.js: `extension.` and the
 * field's `data-path`, `extension.config.enableTraining`). That form builds its fields from the
 * core's table of the extension's settings, which comes with the generators' module after the
 * state has been read: its paths are kept whatever the mode's fields, and that form takes the
 * ones it has a field for.
 */
export const EXTENSION_PREFIX = 'extension.';

/** A share link's `s` longer than this is refused before it is read. */
export const MAX_ENCODED_CHARS = 8192;

/** Where a reload finds the form's state again (this tab only). */
export const SESSION_KEY = 'amlattach.form-state';

/** The search parameter of a share link. */
export const LINK_PARAMETER = 's';

/**
 * Which paths have a field in `mode`: the `data-path` of every control shown in that mode.
 * @typedef {(mode: Mode) => ReadonlySet<string>} FieldsOf
 */

/**
 * True for text that reads as a secret wherever it was typed: a PEM block (a private key pasted
 * into "Key file"), a JWT, or an `Authorization` value.
 * @param {string} value
 * @returns {boolean}
 */
export function holdsSecret(value) {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(value) || /eyJ[\w-]{4,}\.[\w-]{4,}\./.test(value) || /\bbearer\s+\S/i.test(value);
}

/**
 * The state less everything that must not be stored or shared, and the paths it dropped.
 * @param {FormState} state
 * @returns {{ state: FormState, dropped: string[] }}
 */
export function withoutSecrets(state) {
  /** @type {Record<string, StateValue>} */
  const values = {};
  /** @type {string[]} */
  const dropped = [];
  for (const [path, value] of Object.entries(state.values)) {
    if (SECRET_PATHS.includes(path) || (typeof value === 'string' && holdsSecret(value))) dropped.push(path);
    else values[path] = value;
  }
  return { state: { mode: state.mode, values }, dropped };
}

/**
 * The state as a URL-safe string (base64url of its JSON), secrets left out.
 * @param {FormState} state
 * @returns {string}
 */
export function encodeState(state) {
  const { mode, values } = withoutSecrets(state).state;
  const bytes = new TextEncoder().encode(JSON.stringify({ mode, values }));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * What `decodeState` read: the state and notes about what it left out, or why it could not.
 * @typedef {{ ok: true, state: FormState, notes: string[] } | { ok: false, error: string }} DecodedState
 */

/**
 * Reads a string `encodeState` wrote. Values whose path has no field in the state's mode (and is
 * not the extension form's) are left out with a note, and so are secrets; anything else wrong is
 * an error, never a throw.
 * @param {string} text
 * @param {{ fieldsOf: FieldsOf }} options
 * @returns {DecodedState}
 */
export function decodeState(text, { fieldsOf }) {
  if (text.length > MAX_ENCODED_CHARS) {
    return { ok: false, error: `it is ${text.length} characters long, more than the ${MAX_ENCODED_CHARS} a link to these settings can be` };
  }
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return { ok: false, error: 'it holds characters a link to these settings never has (it may have been cut or changed)' };
  /** @type {unknown} */
  let parsed;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, error: 'it could not be decoded (it may have been cut or changed)' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'it does not hold settings' };
  const { mode, values } = /** @type {{ mode?: unknown, values?: unknown }} */ (parsed);
  const known = MODES.find((m) => m === mode);
  if (known === undefined) return { ok: false, error: `it names no mode the form has (${typeof mode === 'string' ? JSON.stringify(mode.slice(0, 24)) : 'none'})` };
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return { ok: false, error: 'it holds no field values' };
  const fields = fieldsOf(known);
  /** @type {Record<string, StateValue>} */
  const kept = {};
  /** @type {string[]} */
  const unknown = [];
  /** @type {string[]} */
  const unreadable = [];
  for (const [path, value] of Object.entries(values)) {
    if (!fields.has(path) && !path.startsWith(EXTENSION_PREFIX)) unknown.push(path);
    else if (typeof value === 'string' || value === true) kept[path] = value;
    else if (value !== false) unreadable.push(path);
  }
  const { state, dropped } = withoutSecrets({ mode: known, values: kept });
  /** @type {string[]} */
  const notes = [];
  if (unknown.length > 0) notes.push(`the form has no field for ${listOfPaths(unknown)}, left out`);
  if (unreadable.length > 0) notes.push(`${listOfPaths(unreadable)} ${unreadable.length === 1 ? 'is' : 'are'} not text, left out`);
  if (dropped.length > 0) notes.push(`${listOfPaths(dropped)} looked like a secret and ${dropped.length === 1 ? 'was' : 'were'} left out`);
  return { ok: true, state, notes };
}

/**
 * The form's state for a spec in the checker's canonical shape (`validate`'s `normalized`, or
 * the same shape as typed): the mode from `type` and `action`, each key's value in the field
 * with its path, a list of resource ids one a line. Keys with no field in that mode, and the
 * secret ones, are named in `unmapped` (a group with no field under it by the group's name).
 * @param {Record<string, unknown>} spec
 * @param {{ fieldsOf: FieldsOf }} options
 * @returns {{ state: FormState, unmapped: string[] }}
 */
export function stateFromSpec(spec, { fieldsOf }) {
  /** @type {Mode} */
  const mode = spec.type === 'aks' ? (spec.action === 'create' ? 'v1-create' : 'v1-attach') : 'v2';
  const fields = fieldsOf(mode);
  /** @type {Record<string, StateValue>} */
  const values = {};
  /** @type {string[]} */
  const unmapped = [];
  /** @param {string} prefix */
  const hasFieldUnder = (prefix) => [...fields].some((path) => path.startsWith(`${prefix}.`));

  /**
   * @param {string} path
   * @param {unknown} value
   */
  const visit = (path, value) => {
    if (SECRET_PATHS.includes(path)) {
      unmapped.push(path);
      return;
    }
    if (fields.has(path)) {
      const text = fieldText(path, value);
      if (text === undefined) unmapped.push(path);
      else if (text !== '' && text !== false) values[path] = text;
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && hasFieldUnder(path)) {
      for (const [key, inner] of Object.entries(value)) visit(`${path}.${key}`, inner);
      return;
    }
    unmapped.push(path);
  };

  for (const [key, value] of Object.entries(spec)) {
    // The mode says these; the schema's address is written back by the generators.
    if (key === 'type' || key === 'action' || key === '$schema') continue;
    visit(key, value);
  }
  return withoutSecretsAndNamed({ mode, values }, unmapped);
}

/**
 * A sentence that says what filling the form from a spec did.
 * @param {{ state: FormState, unmapped: string[] }} filled
 * @returns {string}
 */
export function describeFill({ state, unmapped }) {
  const mode = { v2: 'Attach (v2)', 'v1-attach': 'Legacy v1 attach', 'v1-create': 'Legacy v1 create' }[state.mode];
  const filled = `Filled the form (${mode}) with ${Object.keys(state.values).length} ${Object.keys(state.values).length === 1 ? 'field' : 'fields'}.`;
  return unmapped.length === 0 ? filled : `${filled} The form has no field for ${listOfPaths(unmapped)}: ${unmapped.length === 1 ? 'it is' : 'they are'} not in the form.`;
}

/**
 * Keeps the state for a reload of this tab, with the link it came from (so a reload of a page
 * opened from a link brings back the edits made since, not the link again). Storage that is
 * refused or full is not an error: the page works without it.
 * @param {FormState} state
 * @param {string | null} link the `s` the page was opened with
 */
export function saveSession(state, link) {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ link, state: encodeState(state) }));
  } catch {
    // No storage: a reload starts from an empty form, as it did before.
  }
}

/**
 * The state a reload of this tab should bring back: the one kept, unless the page was opened
 * from another link than the one it was kept with (a link wins); null when there is none.
 * @param {string | null} link the `s` the page is opened with
 * @param {{ fieldsOf: FieldsOf }} options
 * @returns {FormState | null}
 */
export function loadSession(link, options) {
  /** @type {unknown} */
  let kept;
  try {
    kept = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof kept !== 'object' || kept === null) return null;
  const { link: from, state } = /** @type {{ link?: unknown, state?: unknown }} */ (kept);
  if (link !== null && from !== link) return null;
  if (typeof state !== 'string') return null;
  const decoded = decodeState(state, options);
  return decoded.ok ? decoded.state : null;
}

/**
 * Paths as a list for a sentence: `a`, `b` and `c`.
 * @param {string[]} paths
 */
function listOfPaths(paths) {
  const quoted = paths.map((path) => `“${path.length > 48 ? `${path.slice(0, 48)}…` : path}”`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/**
 * What a field shows for a spec's value: text, a ticked box, one resource id a line for a list
 * of `{ resource_id }`; undefined when the field cannot show it.
 * @param {string} path
 * @param {unknown} value
 * @returns {StateValue | undefined}
 */
function fieldText(path, value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value) && path.endsWith('user_assigned_identities')) {
    const ids = value.map((item) => (typeof item === 'object' && item !== null ? /** @type {{ resource_id?: unknown }} */ (item).resource_id : item));
    if (ids.every((id) => typeof id === 'string')) return ids.join('\n');
  }
  return undefined;
}

/**
 * @param {FormState} state
 * @param {string[]} unmapped
 * @returns {{ state: FormState, unmapped: string[] }}
 */
function withoutSecretsAndNamed(state, unmapped) {
  const { state: kept, dropped } = withoutSecrets(state);
  return { state: kept, unmapped: [...unmapped, ...dropped] };
}
