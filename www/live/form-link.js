// @ts-check
/**
 * The live section and the attach form, joined: a workspace or cluster chosen in the live lists
 * writes the form's fields (and the form checks again, as after typing), and the form's workspace
 * and cluster are what the lists show when they were found. When the form has errors, an action
 * that needs it says how many, names the first (in the words shown next to its field) and takes
 * the user there. The form stays the one place the settings are typed; ids are compared, never
 * written from parts.
 * @module
 */

/** The form's workspace fields, in the order of a workspace id's parts. */
const WORKSPACE_FIELDS = ['workspace-subscription-id', 'workspace-resource-group', 'workspace-name'];
/** The form's cluster fields: v2's and v1's (each filled, so a change of mode keeps it). */
const CLUSTER_FIELDS = ['v2-resource-id', 'v1-resource-id'];

/**
 * Sets a form field as typing would, so the form checks again; nothing when it holds the value.
 * @param {string} id
 * @param {string} value
 */
export function setField(id, value) {
  const input = document.getElementById(id);
  if (!(input instanceof HTMLInputElement) || input.value === value) return;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * The workspace an id names, in parts ('' for a part it lacks).
 * @param {string} id
 */
export function workspaceParts(id) {
  const parts = id.split('/');
  const after = (/** @type {string} */ key) => {
    const at = parts.findIndex((p) => p.toLowerCase() === key);
    return at < 0 ? '' : (parts[at + 1] ?? '');
  };
  return { subscription: after('subscriptions'), resourceGroup: after('resourcegroups'), name: after('workspaces') };
}

/**
 * Writes a workspace chosen in the live list into the form's workspace fields.
 * @param {string} id its ARM id
 * @param {string} [location] its region, when known
 */
export function fillWorkspace(id, location) {
  const { subscription, resourceGroup, name } = workspaceParts(id);
  [subscription, resourceGroup, name].forEach((value, index) => setField(WORKSPACE_FIELDS[index], value));
  if (location !== undefined) setField('workspace-location', location);
}

/**
 * Writes a cluster chosen in the live list into the form's cluster fields.
 * @param {string} id its ARM id
 */
export function fillCluster(id) {
  for (const field of CLUSTER_FIELDS) setField(field, id);
}

/**
 * Whether the form names this workspace (ARM ids compare without case).
 * @param {string} id
 */
export function formNamesWorkspace(id) {
  const values = WORKSPACE_FIELDS.map(valueOf);
  if (values.some((v) => v === '')) return false;
  const { subscription, resourceGroup, name } = workspaceParts(id);
  return [subscription, resourceGroup, name].every((part, index) => part.toLowerCase() === values[index].toLowerCase());
}

/** Whether the form names a workspace at all (every part filled). */
export function formHasWorkspace() {
  return WORKSPACE_FIELDS.every((id) => valueOf(id) !== '');
}

/** The cluster id the form's current mode names ('' for none: v1 create has no cluster to attach). */
export function formCluster() {
  const mode = document.getElementById('attach-form')?.dataset.mode ?? 'v2';
  if (mode === 'v2') return valueOf('v2-resource-id');
  if (mode === 'v1-attach') return valueOf('v1-resource-id');
  return '';
}

/**
 * Calls `changed` whenever the form's workspace or cluster is edited (typed, pasted, restored).
 * @param {() => void} changed
 */
export function onFormTarget(changed) {
  const ids = new Set([...WORKSPACE_FIELDS, ...CLUSTER_FIELDS]);
  const form = document.getElementById('attach-form');
  const listener = (/** @type {Event} */ event) => {
    if (event.target instanceof HTMLElement && ids.has(event.target.id)) changed();
  };
  form?.addEventListener('input', listener);
  form?.addEventListener('change', (event) => {
    // A change of mode changes which cluster field counts.
    if (event.target instanceof HTMLInputElement && event.target.name === 'mode') changed();
    else listener(event);
  });
}

/**
 * Calls `checked` after each check of the form that an edit starts (the form's own listeners,
 * registered before this module loads, check first).
 * @param {() => void} checked
 */
export function afterFormCheck(checked) {
  const form = document.getElementById('attach-form');
  for (const type of ['input', 'change', 'focusout']) form?.addEventListener(type, () => checked());
  document.getElementById('check-all')?.addEventListener('click', () => checked());
}

/**
 * @typedef {object} FormErrors
 * @property {number} count the errors the form shows
 * @property {{ label: string, message: string } | null} first the first one in the form's order
 * @property {() => void} go takes the user to it (focus on its field)
 */

/**
 * The errors the form shows: with `reveal`, first every one, as the form's "Check all" does,
 * the required fields not filled in yet too.
 * @param {{ reveal?: boolean }} [options]
 * @returns {FormErrors}
 */
export function formErrors(options = {}) {
  if (options.reveal) document.getElementById('check-all')?.click();
  const summary = document.getElementById('form-summary');
  const shown = [...document.querySelectorAll('#attach-form .verdict[data-state="error"]')].filter(
    (verdict) => verdict instanceof HTMLElement && verdict.closest('[hidden]') === null,
  );
  const first = /** @type {HTMLElement | undefined} */ (shown[0]);
  const counted = Number(summary?.dataset.errors ?? 'NaN');
  const count = Number.isFinite(counted) && counted > 0 ? counted : shown.reduce((n, v) => n + v.querySelectorAll('li[data-severity="error"]').length, 0);
  if (first === undefined) return { count, first: null, go: () => summary?.scrollIntoView({ block: 'center' }) };
  // The first error's own words: without the severity label and any path the list shows.
  const item = /** @type {HTMLElement | null} */ (first.querySelector('li[data-severity="error"]')?.cloneNode(true) ?? null);
  item?.querySelectorAll('strong, .diagnostic-path, button').forEach((node) => node.remove());
  const message = (item?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const owner = document.getElementById(first.id.replace(/-verdict$/, ''));
  const control = owner instanceof HTMLFieldSetElement ? owner.querySelector('input, select, textarea') : owner;
  return {
    count,
    first: { label: labelOf(owner), message },
    go: () => {
      const target = control instanceof HTMLElement && first.id !== 'general-verdict' ? control : first;
      if (target === first && !first.hasAttribute('tabindex')) first.tabIndex = -1;
      target.scrollIntoView({ block: 'center' });
      target.focus();
    },
  };
}

/**
 * The form's errors in one sentence: how many, and the first with its field's label.
 * @param {FormErrors} errors
 */
export function errorsSentence(errors) {
  const many = errors.count === 1 ? 'an error' : `${errors.count || 'some'} errors`;
  if (errors.first === null) return `The settings above have ${many}: fix ${errors.count === 1 ? 'it' : 'them'} first.`;
  const where = errors.first.label === '' ? '' : `${errors.first.label}: `;
  const message = errors.first.message.replace(/\.$/, '');
  return `The settings above have ${many}${errors.count > 1 ? '; the first' : ''}: ${where}${message}. Fix ${errors.count === 1 ? 'it' : 'them'} first (the cursor is on ${errors.first.label === '' ? 'it' : 'that field'}).`;
}

/** @param {string} id */
function valueOf(id) {
  const input = document.getElementById(id);
  return input instanceof HTMLInputElement ? input.value.trim() : '';
}

/**
 * A field's label (or its group's legend), without "(optional)".
 * @param {HTMLElement | null} owner
 */
function labelOf(owner) {
  if (owner === null) return '';
  const label = owner instanceof HTMLFieldSetElement ? owner.querySelector('legend') : document.querySelector(`label[for="${owner.id}"]`);
  const copy = /** @type {HTMLElement | null} */ (label?.cloneNode(true) ?? null);
  copy?.querySelectorAll('.optional, input').forEach((node) => node.remove());
  return (copy?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
