// @ts-check
/**
 * The generated PowerShell through an independent parser. PowerShell cannot be installed here, so
 * tests/generate_argv.rs reads every PowerShell script with its own reader of PowerShell's rules
 * (`pwsh` there); this file parses the same scripts with tree-sitter's PowerShell grammar (npm
 * `tree-sitter-powershell`, its prebuilt wasm run by `web-tree-sitter`) and checks that:
 *   1. every script parses with no ERROR or MISSING node;
 *   2. both find the same native commands (`az`, `kubectl`, `curl`, …) in the same order, with the
 *      same words: the string value of each argument after PowerShell's quoting rules.
 * The scripts: what `AMLATTACH_PWSH_CORPUS=DIR cargo test --test generate_argv` recorded (every
 * target's PowerShell for the validator's cases, the troubleshooter's PowerShell fix commands,
 * and each spec the argv property tests generated; scripts/test.sh sets it for the native
 * tests), and the PowerShell sections of the golden files in tests/golden/.
 *
 *   node --test tests/powershell/     (after the native tests; scripts/test.sh runs both)
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';

import { Language, Parser } from 'web-tree-sitter';

/** @typedef {import('web-tree-sitter').Node} SyntaxNode */
/**
 * A script and what the project's reader found in it (null when only a golden file holds it).
 * @typedef {{ sources: string[], commands: string[][] | null }} Script
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = resolve(process.env.AMLATTACH_PWSH_CORPUS ?? join(ROOT, 'target/powershell'));
const RECORDED = join(CORPUS, 'generate_argv.jsonl');

/** PowerShell's single quotes: `'` and the four its tokenizer takes for one (about_Quoting_Rules). */
const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
/** Its double quotes: `"` and three more. */
const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
/** Backtick escapes inside double quotes (about_Special_Characters). */
/** @type {Record<string, string>} */
const ESCAPES = { 0: '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** Every script, keyed by its text, and the programs the project's reader records. */
function scripts() {
  if (!existsSync(RECORDED)) {
    throw new Error(
      `no ${RECORDED}: run the native tests first with AMLATTACH_PWSH_CORPUS=${CORPUS} (scripts/test.sh does), ` +
        `or: AMLATTACH_PWSH_CORPUS=${CORPUS} cargo test --test generate_argv`,
    );
  }
  const [header, ...records] = readFileSync(RECORDED, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  /** @type {string[]} */
  const programs = header.programs;
  /** @type {Map<string, Script>} */
  const all = new Map();
  for (const { source, script, commands } of records) {
    const seen = all.get(script);
    if (seen) seen.sources.push(source);
    else all.set(script, { sources: [source], commands });
  }
  let golden = 0;
  let goldenRecorded = 0;
  const goldenDir = join(ROOT, 'tests/golden');
  for (const file of readdirSync(goldenDir).sort()) {
    // `===== TARGET (pwsh) FILE [powershell]` starts a section; the next `===== ` ends it.
    const sections = readFileSync(join(goldenDir, file), 'utf8').split(/^===== /m).slice(1);
    for (const section of sections) {
      const newline = section.indexOf('\n');
      const title = section.slice(0, newline);
      if (!title.endsWith('[powershell]')) continue;
      const script = section.slice(newline + 1);
      golden += 1;
      const seen = all.get(script);
      if (seen) goldenRecorded += 1;
      if (seen) seen.sources.push(`tests/golden/${file}: ${title}`);
      else all.set(script, { sources: [`tests/golden/${file}: ${title}`], commands: null });
    }
  }
  return { programs, all, records: records.length, golden, goldenRecorded };
}

/** tree-sitter with the PowerShell grammar's prebuilt wasm. */
async function powershellParser() {
  // Baseline code only: V8's optimizing tier would compile the grammar's 1 MB module in the
  // background, and Node waits for that before it exits (about 7 s here, against 1 s of work).
  setFlagsFromString('--liftoff-only');
  await Parser.init();
  const require = createRequire(import.meta.url);
  const wasm = join(resolve(require.resolve('tree-sitter-powershell/package.json'), '..'), 'tree-sitter-powershell.wasm');
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  return parser;
}

/** @param {SyntaxNode} node @returns {SyntaxNode[]} */
const children = (node) => /** @type {SyntaxNode[]} */ (node.children.filter((c) => c !== null));

/**
 * The first ERROR or MISSING node under `node`, depth first.
 * @param {SyntaxNode} node @returns {SyntaxNode | null}
 */
function firstError(node) {
  if (node.type === 'ERROR' || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of children(node)) {
    const found = firstError(child);
    if (found) return found;
  }
  return null;
}

/**
 * Every `command` node whose name is one of `programs`, in the order written.
 * @param {SyntaxNode} node @param {string[]} programs @param {SyntaxNode[]} out
 */
function nativeCommands(node, programs, out = []) {
  if (node.type === 'command') {
    const name = node.childForFieldName('command_name');
    if (name && programs.includes(name.text)) out.push(node);
  }
  for (const child of children(node)) nativeCommands(child, programs, out);
  return out;
}

/**
 * A single-quoted string's value: the text between its quotes, each doubled quote one (any of
 * the five, the second kept, as PowerShell's tokenizer does; the grammar itself knows only `'`).
 * @param {string} text
 */
function verbatim(text) {
  let value = '';
  const body = [...text.slice(1, -1)];
  for (let i = 0; i < body.length; i++) {
    if (SINGLE_QUOTES.includes(body[i]) && SINGLE_QUOTES.includes(body[i + 1] ?? '')) i += 1;
    value += body[i];
  }
  return value;
}

/**
 * A double-quoted string's value with its variables as written (`$env:AZURE_TOKEN`, which the
 * project's reader keeps too): backtick escapes and doubled quotes undone.
 * @param {string} text
 */
function expandable(text) {
  let value = '';
  const body = [...text.slice(1, -1)];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '`' && i + 1 < body.length) {
      const next = body[++i];
      value += ESCAPES[next] ?? next;
    } else if (DOUBLE_QUOTES.includes(c) && DOUBLE_QUOTES.includes(body[i + 1] ?? '')) {
      value += body[++i];
    } else {
      value += c;
    }
  }
  return value;
}

/**
 * One argument's string value as a native command receives it, or a `«…»` marker for a form
 * this check does not read (which then differs from the reader's word and is reported).
 * @param {SyntaxNode} node @returns {string}
 */
function word(node) {
  const inner = children(node);
  switch (node.type) {
    case 'generic_token':
    case 'command_parameter':
    case 'integer_literal':
    case 'real_literal':
      return node.text;
    case 'array_literal_expression':
    case 'unary_expression':
    case 'string_literal':
      return inner.length === 1 ? word(inner[0]) : `«${node.type}: ${node.text}»`;
    case 'verbatim_string_characters':
      return verbatim(node.text);
    case 'expandable_string_literal':
      return expandable(node.text);
    case 'variable':
      // A variable the script set from an earlier command's output (`$principal`): the project's
      // reader marks it the same way, a NUL and the name (no argument can hold a NUL).
      return `\0${node.text}`;
    case 'parenthesized_expression':
      // `('key=' + $env:NAME)`: a fixed text, then a secret from the environment, as the
      // extension's commands pass one; the project's reader takes this form and no other.
      return sum(node);
    default:
      return `«${node.type}: ${node.text}»`;
  }
}

/**
 * The value of an expression that is texts and variables joined by `+`, through the grammar's
 * single-child wrappers (pipeline, …, unary_expression); anything else is a `«…»` marker.
 * @param {SyntaxNode} node @returns {string}
 */
function sum(node) {
  const named = node.namedChildren.filter((c) => c !== null);
  if (node.type === 'additive_expression' && named.length === 2 && children(node)[1]?.type === '+') {
    return sum(named[0]) + sum(named[1]);
  }
  if (node.type === 'string_literal' || node.type === 'variable') return word(node);
  if (named.length === 1) return sum(named[0]);
  return `«${node.type}: ${node.text}»`;
}

/**
 * The words of a native command: its name, then each argument. A redirection ends the words:
 * the grammar reads `2>$null` after an argument as a bare word, PowerShell as a redirection
 * (about_Redirection), and the project's reader stops there too.
 * @param {SyntaxNode} command @returns {string[]}
 */
function words(command) {
  const name = command.childForFieldName('command_name');
  const out = [name ? name.text : '«no name»'];
  const elements = command.childForFieldName('command_elements');
  for (const element of elements ? children(elements) : []) {
    if (element.type === 'command_argument_sep' || element.type === 'comment') continue;
    if (element.type.includes('redirection') || /^[0-9*]?>/.test(element.text)) break;
    out.push(word(element));
  }
  return out;
}

/** @param {string} script @param {SyntaxNode} node */
function where(script, node) {
  const { row, column } = node.startPosition;
  const line = script.split('\n')[row] ?? '';
  return `line ${row + 1}, column ${column + 1}: ${node.isMissing ? `MISSING ${node.type}` : 'ERROR'} at ${JSON.stringify(line.slice(Math.max(0, column - 30), column + 50))}`;
}

const started = performance.now();
const corpus = scripts();
const parser = await powershellParser();
/** @type {Map<string, SyntaxNode>} */
const trees = new Map();
/** @type {import('web-tree-sitter').Tree[]} */
const parsed = [];
let bytes = 0;
for (const script of corpus.all.keys()) {
  const tree = parser.parse(script);
  if (!tree) throw new Error('tree-sitter returned no tree');
  parsed.push(tree);
  trees.set(script, tree.rootNode);
  bytes += Buffer.byteLength(script);
}
const parsedIn = performance.now() - started;
// The trees live in the grammar's wasm memory: freed here, not by finalizers at exit.
after(() => {
  for (const tree of parsed) tree.delete();
  parser.delete();
});

/**
 * Only comments and blank lines (a target that does not apply writes one comment). PowerShell
 * runs such a script (about_Comments); the grammar wants a statement and answers
 * `(ERROR (comment))`, so these are not held to it.
 * @param {string} script
 */
const commentsOnly = (script) => script.split('\n').every((line) => /^\s*(#.*)?$/.test(line));

test('every generated PowerShell script parses with tree-sitter’s grammar: no ERROR, no MISSING node', (t) => {
  const failures = [];
  let comments = 0;
  for (const [script, root] of trees) {
    if (commentsOnly(script)) {
      comments += 1;
      continue;
    }
    const error = firstError(root);
    if (error) failures.push(`${corpus.all.get(script)?.sources[0]}: ${where(script, error)}`);
  }
  t.diagnostic(
    `${trees.size} distinct scripts and commands (${(bytes / 1024).toFixed(0)} KiB; ${corpus.records} recorded by tests/generate_argv.rs, ` +
      `${corpus.golden} PowerShell sections in tests/golden/, ${corpus.goldenRecorded} of them among the recorded) parsed in ${parsedIn.toFixed(0)} ms; ` +
      `${comments} of them only comments (a target that does not apply)`,
  );
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} scripts do not parse`);
});

test('tree-sitter and the project’s reader find the same native commands, word for word', (t) => {
  const failures = [];
  let compared = 0;
  let scriptsCompared = 0;
  for (const [script, { sources, commands }] of corpus.all) {
    if (commands === null) continue;
    const root = /** @type {SyntaxNode} */ (trees.get(script));
    const found = nativeCommands(root, corpus.programs).map(words);
    scriptsCompared += 1;
    compared += found.length;
    try {
      assert.deepEqual(found, commands);
    } catch (error) {
      const diff = error instanceof Error ? error.message.split('\n').slice(0, 12).join('\n') : String(error);
      failures.push(`${sources[0]}:\n${diff}`);
    }
  }
  t.diagnostic(`${compared} native commands in ${scriptsCompared} scripts compared word for word; ${(performance.now() - started).toFixed(0)} ms in all`);
  assert.ok(scriptsCompared > 100, `only ${scriptsCompared} scripts with the reader's commands`);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} scripts are read differently`);
});

test('every PowerShell section of the golden files is among the scripts compared', () => {
  assert.ok(corpus.golden > 0, 'no PowerShell section in tests/golden/');
  assert.equal(corpus.goldenRecorded, corpus.golden, 'a golden PowerShell section that tests/generate_argv.rs did not record (and so did not compare)');
});
