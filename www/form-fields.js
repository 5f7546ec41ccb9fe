// @ts-check
/**
 * The form's fields as the page's markup has them: every control and fieldset with a
 * `data-path` (the spec's key it shows), its verdict region, the modes it belongs to, and what a
 * control holds. No checking: www/app.js reads these on every input.
 * @module
 */
import { byId } from './shared/dom.js';

/** @typedef {import('./form-spec.js').FieldValue} FieldValue */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */

/**
 * One place diagnostics can be shown: a control, or a fieldset about a group of them.
 * @typedef {object} Field
 * @property {string} path the spec path it shows (its `data-path`)
 * @property {HTMLElement} element the control or the fieldset
 * @property {Control | null} control the control, when it is one
 * @property {HTMLElement} verdict where its messages go
 * @property {readonly string[] | null} modes the modes it belongs to; null for all
 * @property {string | undefined} validText what to say when it is filled in and fine
 */

/**
 * Every control and fieldset with a `data-path`, with its verdict region; each control is
 * described by its hint and its verdict.
 * @param {HTMLElement} root
 * @returns {Field[]}
 */
export function collectFields(root) {
  return [...root.querySelectorAll('[data-path]')].map((element) => {
    if (!(element instanceof HTMLElement)) throw new Error('a data-path on a non-HTML element');
    const path = /** @type {string} */ (element.dataset.path);
    const verdict = byId(`${element.id}-verdict`);
    if (!element.hasAttribute('aria-describedby')) {
      const hint = document.getElementById(`${element.id}-hint`);
      element.setAttribute('aria-describedby', [hint?.id, verdict.id].filter(Boolean).join(' '));
    }
    const scope = element.closest('[data-modes]');
    const modes = scope instanceof HTMLElement ? (scope.dataset.modes ?? '').split(' ') : null;
    const control =
      element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement
        ? element
        : null;
    return { path, element, control, verdict, modes, validText: element.dataset.validText };
  });
}

/**
 * @param {Control} control
 * @returns {FieldValue}
 */
export function valueOf(control) {
  return control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
}

/** @param {Control} control */
export function isFilled(control) {
  const value = valueOf(control);
  return typeof value === 'boolean' ? value : value.trim() !== '';
}

