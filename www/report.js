// @ts-check
/**
 * Renders a report (every diagnostic with its severity and path) into a live region, for the
 * secret and versions sections. Text only: nothing from the input becomes markup.
 * @module
 */

/** @typedef {import('./pkg/amlattach.js').Report} Report */

/** @type {Record<import('./pkg/amlattach.js').Severity, string>} */
const LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * @param {HTMLElement} verdict the live region
 * @param {Report | null} report null to clear it
 * @param {string} okText what to say when there is no error
 */
export function renderReport(verdict, report, okText) {
  verdict.replaceChildren();
  if (report === null) {
    verdict.dataset.state = 'empty';
    return;
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  verdict.dataset.state = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  const summary = element('p', errors > 0 ? `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix` : `✓ ${okText}`);
  summary.className = 'verdict-summary';
  verdict.append(summary);
  if (report.diagnostics.length === 0) return;
  const list = element('ul');
  list.className = 'diagnostics';
  for (const d of report.diagnostics) {
    const item = element('li');
    item.dataset.code = d.code;
    item.dataset.severity = d.severity;
    const where = d.path === '' ? '' : `${d.path}: `;
    item.append(element('strong', `${LABEL[d.severity]}: `), where + d.message);
    list.append(item);
  }
  verdict.append(list);
}

/**
 * A new element with optional text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function element(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The element with this id, or an error naming it.
 * @param {string} id
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node;
}
