// @ts-check
/**
 * CHANGELOG.md in Keep a Changelog 1.1.0's form (https://keepachangelog.com/en/1.1.0/), checked,
 * and one release's section read out as its release notes:
 *
 * - `# Changelog` first; then `## [Unreleased]`, once, before any release;
 * - each release `## [X.Y.Z] - YYYY-MM-DD` (a SemVer version, a real date, ` [YANKED]` allowed),
 *   newest first: versions going down and dates never going up;
 * - changes only under `### Added`, `Changed`, `Deprecated`, `Removed`, `Fixed` or `Security`,
 *   each type once per section and each with at least one `- ` item; a release has at least one;
 * - link references (`[0.1.0]: https://…`), if there are any, at the bottom, one per heading;
 * - the latest release no newer than the version given (Cargo.toml's, from scripts/lib.sh's
 *   `version`: this script never reads Cargo.toml itself).
 *
 *   node scripts/check-changelog.mjs [--file CHANGELOG.md] --version X.Y.Z   check; exit 1 with each problem
 *   node scripts/check-changelog.mjs [--file CHANGELOG.md] --notes X.Y.Z     print that release's changes; exit 1 when it has none
 * @module
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The kinds of change Keep a Changelog 1.1.0 names, in its order. */
export const CHANGE_TYPES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;
const RELEASE = /^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})( \[YANKED\])?$/;
const UNRELEASED = '## [Unreleased]';
const REFERENCE = /^\[([^\]]+)\]: (\S+)$/;

/**
 * @typedef {{ line: number, message: string }} Problem
 * @typedef {{ version: string, date: string, line: number }} Release
 */

/**
 * Every problem with a changelog's structure, in the order of its lines.
 * @param {string} text the changelog
 * @param {{ version?: string }} [options] `version`: the project's version, which the latest
 *   release may not be newer than
 * @returns {Problem[]}
 */
export function checkChangelog(text, { version } = {}) {
  /** @type {Problem[]} */
  const problems = [];
  const problem = (/** @type {number} */ line, /** @type {string} */ message) => problems.push({ line, message });
  const lines = text.split('\n');
  if (lines[0] !== '# Changelog') problem(1, 'the first line must be "# Changelog"');

  /** @type {Release[]} */
  const releases = [];
  /** @type {string[]} the headings' labels, for the link references */
  const labels = [];
  /** @type {{ label: string, line: number, types: Set<string>, items: number } | null} */
  let section = null;
  /** @type {{ name: string, line: number, items: number } | null} */
  let group = null;
  let unreleased = 0;
  /** @type {number | null} */
  let firstReference = null;
  /** @type {Map<string, number>} */
  const references = new Map();

  const closeGroup = () => {
    if (group !== null && group.items === 0) problem(group.line, `"### ${group.name}" has no "- " item`);
    group = null;
  };
  const closeSection = () => {
    closeGroup();
    if (section !== null && section.label !== 'Unreleased' && section.items === 0) {
      problem(section.line, `release ${section.label} lists no change (a "### Added", "### Fixed"… group with "- " items)`);
    }
    section = null;
  };

  lines.forEach((content, index) => {
    const line = index + 1;
    const reference = REFERENCE.exec(content);
    if (reference !== null) {
      firstReference ??= line;
      const label = reference[1].toLowerCase();
      if (references.has(label)) problem(line, `a second link reference for [${reference[1]}]`);
      references.set(label, line);
      return;
    }
    if (firstReference !== null && content.trim() !== '') {
      problem(line, 'the link references must come last: nothing may follow them');
      return;
    }
    if (content.startsWith('## ')) {
      closeSection();
      if (content === UNRELEASED) {
        unreleased += 1;
        if (unreleased > 1) problem(line, 'a second "## [Unreleased]"');
        else if (releases.length > 0) problem(line, '"## [Unreleased]" must come before every release');
        section = { label: 'Unreleased', line, types: new Set(), items: 0 };
        labels.push('unreleased');
        return;
      }
      const release = RELEASE.exec(content);
      if (release === null) {
        problem(line, `"${content}" is neither "## [Unreleased]" nor a release "## [X.Y.Z] - YYYY-MM-DD"`);
        return;
      }
      const [, version, date] = release;
      if (!SEMVER.test(version)) problem(line, `${version} is not a semantic version (X.Y.Z)`);
      if (!isDate(date)) problem(line, `${date} is not a date`);
      const previous = releases.at(-1);
      if (previous !== undefined && SEMVER.test(previous.version) && SEMVER.test(version)) {
        if (compareVersions(version, previous.version) >= 0) {
          problem(line, `releases go newest first: ${version} comes after ${previous.version} (line ${previous.line})`);
        } else if (isDate(date) && isDate(previous.date) && date > previous.date) {
          problem(line, `releases go newest first: ${version} is dated ${date}, after ${previous.version}'s ${previous.date}`);
        }
      }
      releases.push({ version, date, line });
      labels.push(version.toLowerCase());
      section = { label: version, line, types: new Set(), items: 0 };
      return;
    }
    if (content.startsWith('### ')) {
      closeGroup();
      const name = content.slice(4);
      if (section === null) {
        problem(line, `"${content}" is not under a "## [Unreleased]" or release heading`);
      } else if (!CHANGE_TYPES.includes(name)) {
        problem(line, `"${content}" is not a type of change: ${CHANGE_TYPES.map((t) => `"### ${t}"`).join(', ')}`);
      } else if (section.types.has(name)) {
        problem(line, `a second "### ${name}" in ${section.label}`);
      } else {
        section.types.add(name);
      }
      group = { name, line, items: 0 };
      return;
    }
    if (/^#{1,6} /.test(content) && index > 0) {
      problem(line, `"${content}": only "# Changelog", "## " versions and "### " types of change are headings here`);
      return;
    }
    if (content.startsWith('- ')) {
      if (group === null) problem(line, 'a change ("- ") outside a "### Added", "### Fixed"… group');
      else if (section !== null) {
        group.items += 1;
        section.items += 1;
      }
    }
  });
  closeSection();

  if (unreleased === 0) problem(1, 'no "## [Unreleased]" section (Keep a Changelog keeps one at the top, empty or not)');
  if (firstReference !== null) {
    for (const label of labels) {
      if (!references.has(label)) problem(firstReference, `no link reference for [${label === 'unreleased' ? 'Unreleased' : label}]`);
    }
    for (const [label, line] of references) {
      if (!labels.includes(label)) problem(line, `the link reference [${label}] names no heading`);
    }
  }
  const latest = releases[0];
  if (version !== undefined && latest !== undefined && SEMVER.test(latest.version)) {
    if (!SEMVER.test(version)) problem(latest.line, `the project's version ${version} is not a semantic version`);
    else if (compareVersions(latest.version, version) > 0) {
      problem(latest.line, `the latest release, ${latest.version}, is newer than the project's version ${version} (Cargo.toml)`);
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * The changes listed under one release, as its release notes (the `### ` groups and their items,
 * without the release's own heading), or null when the changelog has no such release.
 * @param {string} text the changelog
 * @param {string} version
 * @returns {string | null}
 */
export function releaseNotes(text, version) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => RELEASE.exec(line)?.[1] === version);
  if (start === -1) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## ') || REFERENCE.test(line));
  const notes = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
  return notes === '' ? null : `${notes}\n`;
}

/**
 * SemVer precedence: negative when a comes before b, 0 when equal (build metadata ignored),
 * positive after. Both must be semantic versions.
 * @param {string} a
 * @param {string} b
 */
export function compareVersions(a, b) {
  const parse = (/** @type {string} */ v) => {
    const [core, pre] = v.split('+')[0].split(/-(.*)/s);
    return { core: core.split('.').map(Number), pre: pre === undefined ? [] : pre.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) if (x.core[i] !== y.core[i]) return x.core[i] - y.core[i];
  // A pre-release comes before its release; identifiers compare numerically when both are numbers.
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i += 1) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === q) continue;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.pre.length - y.pre.length;
}

/** @param {string} text YYYY-MM-DD */
function isDate(text) {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { file: { type: 'string', default: 'CHANGELOG.md' }, version: { type: 'string' }, notes: { type: 'string' } },
  });
  const file = resolve(values.file);
  const name = relative(process.cwd(), file) || file;
  const text = readFileSync(file, 'utf8');
  if (values.notes !== undefined) {
    const notes = releaseNotes(text, values.notes);
    if (notes === null) {
      console.error(`error: ${name} has no changes listed under "## [${values.notes}] - YYYY-MM-DD"`);
      process.exit(1);
    }
    process.stdout.write(notes);
  } else {
    if (values.version === undefined) {
      console.error('error: give --version X.Y.Z (the project\'s version: scripts/lib.sh\'s `version`) or --notes X.Y.Z');
      process.exit(2);
    }
    const problems = checkChangelog(text, { version: values.version });
    for (const { line, message } of problems) console.error(`${name}:${line}: ${message}`);
    if (problems.length > 0) process.exit(1);
  }
}
