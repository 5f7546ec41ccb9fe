// @ts-check
/**
 * Shows a validation report next to the field it is about: a one-line verdict and every
 * diagnostic, with `aria-invalid` on the field. Shared by the page and the extension popup.
 * @module
 */

/** @typedef {import('../pkg/amlattach.js').Report} Report */
/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */

/** @type {Record<Diagnostic['severity'], string>} */
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * Renders `report` for `field` into `verdict`.
 * The verdict element gets `data-state`: `empty`, `ok`, `warning` or `error`.
 * @param {HTMLInputElement} field the input the report is about
 * @param {HTMLElement} verdict the live region that shows the result
 * @param {Report | null} report null when the field is empty and nothing is to be said yet
 * @param {string} validText what to say when there is no error, e.g. "valid compute name"
 */
export function renderVerdict(field, verdict, report, validText) {
  verdict.replaceChildren();
  if (report === null) {
    verdict.dataset.state = 'empty';
    field.removeAttribute('aria-invalid');
    return;
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  verdict.dataset.state = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  field.setAttribute('aria-invalid', String(errors > 0));

  const summary = document.createElement('p');
  summary.className = 'verdict-summary';
  summary.textContent =
    errors > 0 ? `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix` : `✓ ${validText}`;
  verdict.append(summary);

  if (report.diagnostics.length > 0) {
    const list = document.createElement('ul');
    list.className = 'diagnostics';
    for (const diagnostic of report.diagnostics) {
      const item = document.createElement('li');
      item.dataset.code = diagnostic.code;
      item.dataset.severity = diagnostic.severity;
      const label = document.createElement('strong');
      label.textContent = `${SEVERITY_LABEL[diagnostic.severity]}: `;
      item.append(label, capitalize(diagnostic.message));
      list.append(item);
    }
    verdict.append(list);
  }
}

/**
 * @param {string} text
 * @returns {string}
 */
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
