// @ts-check
/**
 * The one renderer of diagnostics, in the page and the extension's popup: a verdict region (a
 * one-line summary and the list, with `aria-invalid` on the field it is about) next to a field,
 * for a whole form or for a tool's report (the secret and versions sections), and the list alone
 * (the paste box, with a button per line). Text only: nothing from the input becomes markup.
 * @module
 */

import { element } from './dom.js';

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
  const summary = element('p');
  summary.className = 'verdict-summary';
  if (errors > 0) summary.textContent = `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix`;
  else if (validText !== undefined) summary.textContent = `✓ ${validText}`;
  if (summary.textContent !== '') verdict.append(summary);
  if (diagnostics.length > 0) verdict.append(renderDiagnosticList(diagnostics, { path }));
}

/**
 * @typedef {object} DiagnosticListOptions
 * @property {'before' | 'subject'} [path] show each diagnostic's path: `before` its severity, as
 *   code (`cluster.name Error: …`, for a list of several fields' diagnostics), or as the
 *   `subject` of its message, which is then shown as written (`Error: cert.pem: does not …`,
 *   for a tool's report, whose messages continue from their path); without it, no path
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
    const label = element('strong', `${SEVERITY_LABEL[diagnostic.severity]}: `);
    if (options.path === 'subject') item.append(label, `${diagnostic.path === '' ? '' : `${diagnostic.path}: `}${diagnostic.message}`);
    else item.append(label, ...messageNodes(capitalize(diagnostic.message)));
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
 * A message as text and `<code>` nodes: the validator quotes keys and values in backticks
 * (`` `cluster_name` is required ``). Unbalanced backticks are left as they are.
 * @param {string} message
 * @returns {(string | HTMLElement)[]}
 */
function messageNodes(message) {
  const parts = message.split('`');
  if (parts.length % 2 === 0) return [message];
  return parts
    .map((part, index) => {
      if (index % 2 === 0) return part;
      return element('code', part);
    })
    .filter((part) => part !== '');
}

/**
 * @param {number} count
 * @param {string} noun
 */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The text with its first letter in capitals (the checker's messages start lowercase).
 * @param {string} text
 * @returns {string}
 */
export function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
