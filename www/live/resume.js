// @ts-check
/**
 * What a sign-in in this tab keeps while the tab is away at the sign-in page (sessionStorage,
 * read once on return): the chosen task and the attach form's values. Nothing secret is in that
 * form; the secret, token and pasted-error boxes are elsewhere and are not kept.
 * @module
 */

const RESUME_KEY = 'amlattach.sign-in-resume';

/** The attach form's fields: by id, or a radio by `name=value`. */
const FORM_FIELDS = '#attach-form input, #attach-form select, #attach-form textarea';

/** Keeps the task and the attach form's values for the tab's way back. */
export function keepForResume() {
  sessionStorage.setItem(RESUME_KEY, JSON.stringify({ hash: location.hash, fields: formValues() }));
}

/** Drops what keepForResume kept (the tab did not go to the sign-in page after all). */
export function forgetResume() {
  sessionStorage.removeItem(RESUME_KEY);
}

/**
 * Back from a sign-in in this tab: the task and the form as they were, what was kept dropped.
 * @returns {boolean} whether this tab is back from a sign-in
 */
export function resumeForm() {
  const saved = sessionStorage.getItem(RESUME_KEY);
  if (saved === null) return false;
  sessionStorage.removeItem(RESUME_KEY);
  try {
    const { hash, fields } = JSON.parse(saved);
    if (typeof hash === 'string' && hash !== '' && location.hash !== hash) location.hash = hash;
    restoreFormValues(fields);
  } catch {
    // A form that cannot be restored is left as it is.
  }
  return true;
}

/** @param {HTMLInputElement} input */
function fieldKey(input) {
  return input.id || (input.type === 'radio' && input.name ? `${input.name}=${input.value}` : '');
}

/** The attach form's fields by key: a value, or whether a box or radio is checked. */
function formValues() {
  /** @type {[string, string | boolean][]} */
  const values = [];
  for (const field of document.querySelectorAll(FORM_FIELDS)) {
    const input = /** @type {HTMLInputElement} */ (field);
    const key = fieldKey(input);
    if (key !== '') values.push([key, input.type === 'radio' || input.type === 'checkbox' ? input.checked : input.value]);
  }
  return values;
}

/** @param {unknown} values what formValues gave, read back from storage */
function restoreFormValues(values) {
  if (!Array.isArray(values)) return;
  const fields = new Map([...document.querySelectorAll(FORM_FIELDS)].map((f) => [fieldKey(/** @type {HTMLInputElement} */ (f)), /** @type {HTMLInputElement} */ (f)]));
  for (const entry of values) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || entry[0] === '') continue;
    const input = fields.get(entry[0]);
    if (input === undefined) continue;
    if (typeof entry[1] === 'boolean') {
      // A radio is restored by checking the one that was; unchecking is its group's business.
      if (input.checked === entry[1] || (input.type === 'radio' && !entry[1])) continue;
      input.checked = entry[1];
    } else if (typeof entry[1] === 'string') {
      if (input.value === entry[1]) continue;
      input.value = entry[1];
    } else continue;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
}
