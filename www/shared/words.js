// @ts-check
/**
 * People's words for what the checkers say, in the page and the popup: next to a form, a
 * diagnostic's path is said as the label of the field that has it (`data-path`, read from the
 * page: `label[for]`, a fieldset's legend), or in words (`certificates[0]` → "Certificate 1"); a
 * key a message quotes becomes its field's label too; a backticked span is `<code>`, and a
 * backticked command (`az …`, `kubectl …`) a code block with a Copy button. Built from nodes,
 * never markup. shared/diagnostics.js renders the diagnostics with these.
 * @module
 */

import { element } from './dom.js';
import { parentPath } from './paths.js';

/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */

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
    for (let current = path; current !== ''; current = parentPath(current)) {
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
 * A tool's subject: a file it names stays a file name, as code (`cert.pem`); anything else is
 * said in words (`certificates[0]` → "Certificate 1").
 * @param {string} path
 * @returns {(string | HTMLElement)[]}
 */
export function subjectNodes(path) {
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
  for (let scope = at; ; scope = parentPath(scope)) {
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
export function forField(diagnostic, field) {
  if (diagnostic.code !== 'wrong-type') return diagnostic;
  const numeric = field instanceof HTMLInputElement && (field.type === 'number' || field.inputMode === 'numeric');
  if (!numeric) return diagnostic;
  const typed = field.value.trim();
  const excerpt = typed.length > 24 ? `${typed.slice(0, 24)}…` : typed;
  return { ...diagnostic, message: `type a whole number, such as 3${excerpt === '' ? '' : `; “${excerpt}” is not one`}` };
}

/**
 * The text with its first letter in capitals (the checker's messages start lowercase).
 * @param {string} text
 * @returns {string}
 */
export function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
