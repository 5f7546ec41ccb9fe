// @ts-check
/**
 * The one renderer of diagnostics, in the page and the extension's popup: a verdict region (a
 * one-line summary and the list, with `aria-invalid` on the field it is about) next to a field,
 * for a whole form or for a tool's report (the secret and versions sections), and the list alone
 * (the paste box, with a button per line). Text only: nothing from the input becomes markup.
 *
 * People read the form's words, programs the codes (shared/words.js says a path, a quoted key or
 * a command as people read them); the code and the path stay on the item (`data-code`,
 * `data-path`). The paste box, where the user wrote YAML, keeps the YAML paths, as code.
 * @module
 */

import { element } from './dom.js';
import { capitalize, describePath, fieldLabels, forField, messageNodes, subjectNodes } from './words.js';

// People's words (shared/words.js), for the modules that write messages themselves.
export { capitalize, messageNodes } from './words.js';

/** @typedef {import('../pkg/amlattach.js').Report} Report */
/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */

/** @type {Record<Diagnostic['severity'], string>} */
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

/** What each verdict region shows now, so that rendering the same again touches nothing. */
const renderedKeys = /** @type {WeakMap<HTMLElement, string>} */ (new WeakMap());

/**
 * Renders `report` for `field` into `verdict`.
 * The verdict element gets `data-state`: `empty`, `ok`, `warning` or `error`.
 * @param {HTMLInputElement} field the input the report is about
 * @param {HTMLElement} verdict the live region that shows the result
 * @param {Report | null} report null when the field is empty and nothing is to be said yet
 * @param {string} validText what to say when there is no error, e.g. "valid compute name"
 */
export function renderVerdict(field, verdict, report, validText) {
  renderFieldVerdict(field, verdict, report === null ? null : report.diagnostics, { validText });
}

/**
 * Renders a tool's report (the secret and versions sections) into its live region, each
 * diagnostic with its path as the subject of its message.
 * @param {HTMLElement} verdict the live region
 * @param {Report | null} report null to clear it
 * @param {string} okText what to say when there is no error
 */
export function renderReport(verdict, report, okText) {
  renderFieldVerdict(null, verdict, report === null ? null : report.diagnostics, { validText: okText, path: 'subject' });
}

/**
 * @typedef {object} FieldVerdictOptions
 * @property {string} [validText] what to say when there is nothing but notes, e.g. "valid
 *   compute name"; without it a field with no diagnostics shows nothing
 * @property {DiagnosticListOptions['path']} [path] show each diagnostic's path (for lists that
 *   gather diagnostics of several fields, and for reports)
 */

/**
 * Renders `diagnostics` for `field` into `verdict`, the live region next to it.
 * The verdict element gets `data-state`: `empty`, `ok`, `warning` or `error`; `field` gets
 * `aria-invalid` (removed when the state is `empty`). Nothing is touched when the same
 * diagnostics are rendered again, so screen readers do not hear them on every key.
 * @param {HTMLElement | null} field the control the diagnostics are about (none for a list of
 *   document-wide problems, and a fieldset takes no `aria-invalid`)
 * @param {HTMLElement} verdict the region that shows the result
 * @param {readonly Diagnostic[] | null} diagnostics null when nothing is to be said yet
 * @param {FieldVerdictOptions} [options]
 */
export function renderFieldVerdict(field, verdict, diagnostics, options = {}) {
  const { validText, path } = options;
  const state =
    diagnostics === null
      ? 'empty'
      : diagnostics.some((d) => d.severity === 'error')
        ? 'error'
        : diagnostics.some((d) => d.severity === 'warning')
          ? 'warning'
          : diagnostics.length > 0 || validText !== undefined
            ? 'ok'
            : 'empty';
  const key = JSON.stringify([state, validText ?? '', path ?? '', diagnostics ?? []]);
  if (renderedKeys.get(verdict) === key) return;
  renderedKeys.set(verdict, key);

  verdict.replaceChildren();
  verdict.dataset.state = state;
  if (field !== null && !(field instanceof HTMLFieldSetElement)) {
    if (state === 'empty') field.removeAttribute('aria-invalid');
    else field.setAttribute('aria-invalid', String(state === 'error'));
  }
  if (diagnostics === null || state === 'empty') return;

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  // Next to a form (a field's verdict, or the form's general list), its labels name its fields.
  const form = (field ?? verdict).closest('form');
  const labels = form === null ? undefined : fieldLabels(form);
  const summary = element('p');
  summary.className = 'verdict-summary';
  if (errors > 0) summary.textContent = `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix`;
  else if (validText !== undefined) summary.textContent = `✓ ${validText}`;
  if (summary.textContent !== '') verdict.append(summary);
  if (diagnostics.length > 0) {
    const worded = field === null ? diagnostics : diagnostics.map((diagnostic) => forField(diagnostic, field));
    verdict.append(renderDiagnosticList(worded, { path, labels }));
  }
}

/**
 * @typedef {object} DiagnosticListOptions
 * @property {'before' | 'label' | 'subject'} [path] show each diagnostic's path: `before` its
 *   severity, as code (`cluster.name Error: …`, for YAML the user wrote), `label` before its
 *   severity in the form's words (its field's label, else the path in words: for the form's
 *   general list), or in words as the `subject` of its message, which is then shown as written
 *   (`Error: Certificate 1: expired …`, for a tool's report, whose messages continue from their
 *   path); without it, no path
 * @property {ReadonlyMap<string, string>} [labels] the form's labels by `data-path`
 *   (`fieldLabels`): paths and quoted keys that name a field are said by its label
 * @property {boolean} [line] prefix each diagnostic with its line, as a button that calls `onLine`
 * @property {(line: number) => void} [onLine] what a line button does
 */

/**
 * A `<ul class="diagnostics">` with one `<li data-code data-severity data-path>` per
 * diagnostic (and `data-line` when it has one).
 * @param {readonly Diagnostic[]} diagnostics
 * @param {DiagnosticListOptions} [options]
 * @returns {HTMLUListElement}
 */
export function renderDiagnosticList(diagnostics, options = {}) {
  const list = element('ul');
  list.className = 'diagnostics';
  for (const diagnostic of diagnostics) {
    const item = element('li');
    item.dataset.code = diagnostic.code;
    item.dataset.severity = diagnostic.severity;
    item.dataset.path = diagnostic.path;
    const line = lineOf(diagnostic);
    if (line !== undefined) item.dataset.line = String(line);
    if (options.line && line !== undefined) {
      const jump = element('button', `Line ${line}`);
      jump.type = 'button';
      jump.className = 'line-link';
      const onLine = options.onLine;
      if (onLine !== undefined) jump.addEventListener('click', () => onLine(line));
      item.append(jump, ' ');
    }
    if (options.path === 'before') {
      const path = element('code', diagnostic.path === '' ? '(whole document)' : diagnostic.path);
      path.className = 'diagnostic-path';
      item.append(path, ' ');
    }
    if (options.path === 'label' && diagnostic.path !== '') {
      const path = element('span', `${describePath(diagnostic.path, options.labels)}:`);
      path.className = 'diagnostic-path';
      item.append(path, ' ');
    }
    const label = element('strong', `${SEVERITY_LABEL[diagnostic.severity]}: `);
    const words = { labels: options.labels, at: diagnostic.path };
    if (options.path === 'subject' && diagnostic.path !== '') {
      item.append(label, ...subjectNodes(diagnostic.path), ': ', ...messageNodes(diagnostic.message, words));
    } else {
      item.append(label, ...messageNodes(capitalize(diagnostic.message), words));
    }
    list.append(item);
  }
  return list;
}

/**
 * Counts diagnostics by severity.
 * @param {readonly Diagnostic[]} diagnostics
 * @returns {Record<Diagnostic['severity'], number>}
 */
export function countBySeverity(diagnostics) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity] += 1;
  return counts;
}

/**
 * "2 errors, 1 warning", "1 error", "no problems found"; notes are counted only when there are some.
 * @param {Record<Diagnostic['severity'], number>} counts
 * @returns {string}
 */
export function describeCounts(counts) {
  if (counts.error === 0 && counts.warning === 0 && counts.info === 0) return 'No problems found';
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(plural(counts.info, 'note'));
  return capitalize(parts.join(', '));
}

/**
 * The line a diagnostic is on, when the validator knows it (older builds of the module do not
 * send `line` at all).
 * @param {Diagnostic} diagnostic
 * @returns {number | undefined}
 */
function lineOf(diagnostic) {
  const line = /** @type {{ line?: unknown }} */ (diagnostic).line;
  return typeof line === 'number' && line > 0 ? line : undefined;
}

/**
 * @param {number} count
 * @param {string} noun
 */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A diagnostic for a checker that threw (it should not: the wasm module reports problems as
 * values), so the user sees something rather than nothing.
 * @param {unknown} error
 * @returns {import('./amlattach.js').Diagnostic}
 */
export function checkerFailure(error) {
  return {
    code: 'checker-failed',
    severity: 'error',
    path: '',
    message: `the checker failed: ${error instanceof Error ? error.message : String(error)}`,
    source: 'amlattach',
  };
}
