// @ts-check
/**
 * The one renderer of diagnostics, in the page and the extension's popup: a verdict region (a
 * one-line summary and the list, with `aria-invalid` on the field it is about) next to a field,
 * for a whole form or for a tool's report (the secret and versions sections), and the list alone
 * (the paste box, with a button per line). Text only: nothing from the input becomes markup.
 *
 * People read the form's words, programs the codes: next to a form, a diagnostic's path is said
 * as the label of the field that has it (`data-path`, read from the page: `label[for]`, a
 * fieldset's legend), or in words (`certificates[0]` → "Certificate 1"); a key the message
 * quotes becomes its field's label too; a backticked span is `<code>`, and a backticked command
 * (`az …`, `kubectl …`) a code block with a Copy button. The code and the path stay on the item
 * (`data-code`, `data-path`). The paste box, where the user wrote YAML, keeps the YAML paths, as
 * code.
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

/** A backticked span that is a command to run, rather than a key or a value. */
const COMMAND = /^(?:az|kubectl|helm|openssl|curl|pip|python|Connect-AzAccount|(?:Get|New|Set|Remove)-Az\w*) /;

/**
 * @typedef {object} MessageOptions
 * @property {ReadonlyMap<string, string>} [labels] the form's labels by `data-path`: a quoted
 *   key that names a field (from the diagnostic's path up, as `ssl.key_file` for `key_file` in a
 *   message at `ssl`) is said by its label
 * @property {string} [at] the diagnostic's path, where quoted keys are looked up from
 * @property {boolean} [commands] a quoted command as a code block with a Copy button (the
 *   default); false keeps it inline (inside a sentence's own paragraph)
 */

/**
 * A message as text, `<code>` and command nodes: the checkers quote keys, values and commands
 * in backticks (`` `cluster_name` is required ``). Unbalanced backticks are left as they are.
 * Built from nodes, never markup.
 * @param {string} message
 * @param {MessageOptions} [options]
 * @returns {(string | HTMLElement)[]}
 */
export function messageNodes(message, options = {}) {
  const parts = message.split('`');
  if (parts.length % 2 === 0) return [message];
  return parts
    .map((part, index) => {
      if (index % 2 === 0) return part;
      if (options.commands !== false && COMMAND.test(part)) return commandBlock(part);
      const field = options.labels === undefined ? undefined : quotedField(part, options.at ?? '', options.labels);
      if (field !== undefined) {
        const name = element('span', `“${field}”`);
        name.className = 'field-name';
        return name;
      }
      return element('code', part);
    })
    .filter((part) => part !== '');
}

/**
 * A command from a message: a block of its own, wrapped within its box (never widening the
 * page), and a button that copies it (as the Commands section's and the troubleshooter's do). A
 * span, since it sits inside a list item's sentence.
 * @param {string} command
 * @returns {HTMLElement}
 */
function commandBlock(command) {
  const block = element('span');
  block.className = 'command';
  const text = element('code', command);
  text.className = 'command-text';
  const copy = element('button', 'Copy');
  copy.type = 'button';
  copy.className = 'copy';
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(command).then(
      () => (copy.textContent = 'Copied'),
      () => (copy.textContent = 'Could not copy: select it'),
    );
  });
  block.append(text, copy);
  return block;
}

/**
 * The form's labels by `data-path`: each control's `label[for]`, each fieldset's legend, without
 * its "(optional)". Where a path has fields in several modes, the one shown wins.
 * @param {ParentNode} root the form
 * @returns {Map<string, string>}
 */
export function fieldLabels(root) {
  /** @type {Map<string, string>} */
  const labels = new Map();
  for (const field of root.querySelectorAll(':is(input, select, textarea, fieldset)[data-path]')) {
    if (!(field instanceof HTMLElement)) continue;
    const path = field.dataset.path ?? '';
    const shown = field.closest('[hidden]') === null;
    if (labels.has(path) && !shown) continue;
    const source =
      field instanceof HTMLFieldSetElement ? field.querySelector(':scope > legend') : field.id === '' ? null : root.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    if (source === null) continue;
    const copy = /** @type {HTMLElement} */ (source.cloneNode(true));
    for (const optional of copy.querySelectorAll('.optional, input, select, textarea')) optional.remove();
    const text = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text !== '') labels.set(path, text);
  }
  return labels;
}

/**
 * A path in people's words: its field's label when it has one; else its nearest field's label
 * and the rest in words; else the path in words (`context.cluster.kubernetes_version` →
 * "Cluster › Kubernetes version", `certificates[0]` → "Certificate 1").
 * @param {string} path
 * @param {ReadonlyMap<string, string>} [labels]
 * @returns {string}
 */
export function describePath(path, labels) {
  if (labels !== undefined) {
    for (let current = path; current !== ''; current = parentOf(current)) {
      const label = labels.get(current);
      if (label === undefined) continue;
      const rest = path.slice(current.length).replace(/^\./, '');
      return rest === '' ? label : `${label} (${pathWords(rest)})`;
    }
  }
  return capitalize(pathWords(path));
}

/**
 * The words for each part of a path: `a_b` → "a b", `items[0]` → "item 1", `[2]` → "item 3";
 * the `context.` the form keeps its workspace and cluster facts under is left out.
 * @param {string} path
 * @returns {string}
 */
function pathWords(path) {
  const parts = path
    .replace(/^context\./, '')
    .split(/\.(?![^[]*\])/)
    .flatMap((segment) => {
      const indexed = /^(.*?)((?:\[\d+\])+)$/.exec(segment);
      if (indexed === null) return [words(segment)];
      const numbers = [...indexed[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
      const name = indexed[1] === '' ? 'item' : singular(words(indexed[1]));
      return [`${name} ${numbers.join('.')}`];
    });
  return parts.join(' › ');
}

/** Words that are written in capitals, or otherwise, in prose. */
const WORDS = /** @type {Record<string, string>} */ ({
  id: 'id', ids: 'ids', ip: 'IP', dns: 'DNS', cidr: 'CIDR', vnet: 'VNet', aks: 'AKS', ssl: 'TLS', tls: 'TLS', cname: 'CNAME',
  kubernetes: 'Kubernetes', arm: 'ARM', vm: 'VM', uri: 'URI', url: 'URL', api: 'API', pem: 'PEM',
});

/**
 * @param {string} key `kubernetes_version`, `agentCount`
 * @returns {string} "Kubernetes version", "agent count"
 */
function words(key) {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s-]+/)
    .filter((word) => word !== '')
    .map((word) => WORDS[word.toLowerCase()] ?? word.toLowerCase())
    .join(' ');
}

/** @param {string} noun */
function singular(noun) {
  if (/ies$/.test(noun)) return noun.replace(/ies$/, 'y');
  if (/(?:ss|us)$/.test(noun)) return noun;
  return noun.replace(/s$/, '');
}

/**
 * The path one level up: drops the last `.key` or `[index]`; `""` at the top.
 * @param {string} path
 */
function parentOf(path) {
  const match = /(?:\.[^.[\]]*|\[\d+\])$/.exec(path);
  return match === null ? '' : path.slice(0, match.index);
}

/**
 * A tool's subject: a file it names stays a file name, as code (`cert.pem`); anything else is
 * said in words (`certificates[0]` → "Certificate 1").
 * @param {string} path
 * @returns {(string | HTMLElement)[]}
 */
function subjectNodes(path) {
  if (/^[\w-]+\.(?:pem|crt|key|cer|yaml|yml|json)$/.test(path)) return [element('code', path)];
  return [describePath(path)];
}

/**
 * The label of the field a key quoted in a message names: looked up from the diagnostic's path
 * up to the top (`key_file` at `ssl` → `ssl.key_file`). A quoted value that happens to look like
 * a key (a namespace called `name`) is not a key: a span equal to a field's value is left as code.
 * @param {string} quoted
 * @param {string} at
 * @param {ReadonlyMap<string, string>} labels
 * @returns {string | undefined}
 */
function quotedField(quoted, at, labels) {
  if (!/^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/.test(quoted)) return undefined;
  for (let scope = at; ; scope = parentOf(scope)) {
    const label = labels.get(scope === '' ? quoted : `${scope}.${quoted}`);
    if (label !== undefined) {
      const typed = [...document.querySelectorAll(':is(input, textarea)[data-path]')].some(
        (field) => (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.value.trim() === quoted,
      );
      return typed ? undefined : label;
    }
    if (scope === '') return undefined;
  }
}

/**
 * A diagnostic as the field it is shown at is filled in: a form sends what is typed in a number
 * field as text when it is not a number, so "not a string" is said as what to type.
 * @param {Diagnostic} diagnostic
 * @param {HTMLElement} field
 * @returns {Diagnostic}
 */
function forField(diagnostic, field) {
  if (diagnostic.code !== 'wrong-type') return diagnostic;
  const numeric = field instanceof HTMLInputElement && (field.type === 'number' || field.inputMode === 'numeric');
  if (!numeric) return diagnostic;
  const typed = field.value.trim();
  const excerpt = typed.length > 24 ? `${typed.slice(0, 24)}…` : typed;
  return { ...diagnostic, message: `type a whole number, such as 3${excerpt === '' ? '' : `; “${excerpt}” is not one`}` };
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
