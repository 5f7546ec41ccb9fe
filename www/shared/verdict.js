// @ts-check
/**
 * Shows validation results next to the fields they are about: a one-line verdict and every
 * diagnostic, with `aria-invalid` on the field. Shared by the page and the extension popup.
 * @module
 */

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
 * @typedef {object} FieldVerdictOptions
 * @property {string} [validText] what to say when there is nothing but notes, e.g. "valid
 *   compute name"; without it a field with no diagnostics shows nothing
 * @property {boolean} [showPath] prefix each diagnostic with its path (for lists that gather
 *   diagnostics of several fields)
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
  const { validText, showPath = false } = options;
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
  const key = JSON.stringify([state, validText ?? '', showPath, diagnostics ?? []]);
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
  const summary = document.createElement('p');
  summary.className = 'verdict-summary';
  if (errors > 0) summary.textContent = `${errors} ${errors === 1 ? 'problem' : 'problems'} to fix`;
  else if (validText !== undefined) summary.textContent = `✓ ${validText}`;
  if (summary.textContent !== '') verdict.append(summary);
  if (diagnostics.length > 0) verdict.append(renderDiagnosticList(diagnostics, { showPath }));
}

/**
 * @typedef {object} DiagnosticListOptions
 * @property {boolean} [showPath] prefix each diagnostic with its path
 * @property {boolean} [showLine] prefix each diagnostic with its line, as a button that calls
 *   `onLine`
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
  const list = document.createElement('ul');
  list.className = 'diagnostics';
  for (const diagnostic of diagnostics) {
    const item = document.createElement('li');
    item.dataset.code = diagnostic.code;
    item.dataset.severity = diagnostic.severity;
    item.dataset.path = diagnostic.path;
    const line = lineOf(diagnostic);
    if (line !== undefined) item.dataset.line = String(line);
    if (options.showLine && line !== undefined) {
      const jump = document.createElement('button');
      jump.type = 'button';
      jump.className = 'line-link';
      jump.textContent = `Line ${line}`;
      const onLine = options.onLine;
      if (onLine !== undefined) jump.addEventListener('click', () => onLine(line));
      item.append(jump, ' ');
    }
    if (options.showPath) {
      const path = document.createElement('code');
      path.className = 'diagnostic-path';
      path.textContent = diagnostic.path === '' ? '(whole document)' : diagnostic.path;
      item.append(path, ' ');
    }
    const label = document.createElement('strong');
    label.textContent = `${SEVERITY_LABEL[diagnostic.severity]}: `;
    item.append(label, ...messageNodes(capitalize(diagnostic.message)));
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
      const code = document.createElement('code');
      code.textContent = part;
      return code;
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
