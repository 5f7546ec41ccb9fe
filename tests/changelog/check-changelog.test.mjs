// @ts-check
/**
 * scripts/check-changelog.mjs: the project's CHANGELOG.md passes at the crate's version (read with
 * scripts/lib.sh's `version`, as make test does), a changelog in Keep a Changelog's full form
 * passes (good.md), and one broken on purpose (broken.md) fails with each of its faults at its
 * line; a release's notes are read out; the command's exit codes.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import test from 'node:test';

import { checkChangelog, compareVersions, releaseNotes } from '../../scripts/check-changelog.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/check-changelog.mjs');
const read = (/** @type {string} */ name) => readFileSync(join(import.meta.dirname, name), 'utf8');

/** The crate's version, from the one function every script asks. */
function crateVersion() {
  return execFileSync('bash', ['-c', 'source scripts/lib.sh && version'], { cwd: ROOT, encoding: 'utf8' }).trim();
}

test("the project's CHANGELOG.md is well formed at the crate's version", () => {
  const version = crateVersion();
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(checkChangelog(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), { version }), []);
});

test('a changelog in the full form passes: link references, a yanked release, pre-releases', () => {
  assert.deepEqual(checkChangelog(read('good.md'), { version: '1.1.0' }), []);
  assert.deepEqual(checkChangelog(read('good.md'), { version: '2.0.0' }), [], 'the crate may be ahead of the latest release');
});

test('a broken changelog fails with each fault at its line', () => {
  const found = checkChangelog(read('broken.md'), { version: '0.1.0' }).map(({ line, message }) => `${line}: ${message}`);
  assert.deepEqual(found, [
    '1: the first line must be "# Changelog"',
    '3: 2026-02-30 is not a date',
    "3: the latest release, 0.2.0, is newer than the project's version 0.1.0 (Cargo.toml)",
    '9: "## [Unreleased]" must come before every release',
    '11: "### Improved" is not a type of change: "### Added", "### Changed", "### Deprecated", "### Removed", "### Fixed", "### Security"',
    '15: "### Fixed" has no "- " item',
    '17: releases go newest first: 0.3.0 comes after 0.2.0 (line 3)',
    "23: releases go newest first: 0.1.0 is dated 2026-04-01, after 0.3.0's 2026-03-01",
    '29: a second "### Added" in 0.1.0',
    '33: "## Version 0.0.1" is neither "## [Unreleased]" nor a release "## [X.Y.Z] - YYYY-MM-DD"',
    '35: a change ("- ") outside a "### Added", "### Fixed"… group',
    '37: no link reference for [Unreleased]',
    '37: no link reference for [0.3.0]',
    '37: no link reference for [0.1.0]',
    '38: the link references must come last: nothing may follow them',
  ]);
});

test('smaller faults: no Unreleased, an empty release, a reference to no heading, a second reference', () => {
  const messages = (/** @type {string} */ text) => checkChangelog(text).map((p) => p.message);
  assert.deepEqual(messages('# Changelog\n\n## [1.0.0] - 2026-01-01\n\n### Added\n\n- x\n'), [
    'no "## [Unreleased]" section (Keep a Changelog keeps one at the top, empty or not)',
  ]);
  assert.deepEqual(messages('# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n\nNothing.\n'), [
    'release 1.0.0 lists no change (a "### Added", "### Fixed"… group with "- " items)',
  ]);
  assert.deepEqual(messages('# Changelog\n\n## [Unreleased]\n\n[unreleased]: https://a\n[Unreleased]: https://b\n[9.9.9]: https://c\n'), [
    'a second link reference for [Unreleased]',
    'the link reference [9.9.9] names no heading',
  ]);
  assert.deepEqual(messages('# Changelog\n\n## [Unreleased]\n\n## [v1.0] - 2026-01-01\n\n### Added\n\n- x\n'), [
    'v1.0 is not a semantic version (X.Y.Z)',
  ]);
});

test("a release's notes are its groups and items, without its heading; none for a version it lacks", () => {
  assert.equal(releaseNotes(read('good.md'), '1.1.0'), '### Added\n\n- A feature.\n\n### Security\n\n- A fix for a vulnerability.\n');
  assert.equal(releaseNotes(read('good.md'), '1.0.0'), '### Added\n\n- The first release.\n', 'the link references are not notes');
  assert.equal(releaseNotes(read('good.md'), '9.9.9'), null);
  assert.equal(releaseNotes('# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-01-01\n', '1.0.0'), null, 'an empty section has no notes');
});

test('versions compare by SemVer precedence', () => {
  const ordered = ['0.9.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
  for (let i = 1; i < ordered.length; i += 1) {
    assert.ok(compareVersions(ordered[i - 1], ordered[i]) < 0, `${ordered[i - 1]} < ${ordered[i]}`);
    assert.ok(compareVersions(ordered[i], ordered[i - 1]) > 0, `${ordered[i]} > ${ordered[i - 1]}`);
  }
  assert.equal(compareVersions('1.0.0+build.1', '1.0.0'), 0);
});

test('the command: exit 0 and silent when well formed, 1 with file:line problems, notes on stdout', () => {
  const run = (/** @type {string[]} */ args) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  const good = run(['--file', 'tests/changelog/good.md', '--version', '1.1.0']);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stderr, '');
  const broken = run(['--file', 'tests/changelog/broken.md', '--version', '0.2.0']);
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /^tests\/changelog\/broken\.md:1: the first line must be "# Changelog"$/m);
  const notes = run(['--file', 'tests/changelog/good.md', '--notes', '1.0.0']);
  assert.equal(notes.status, 0, notes.stderr);
  assert.equal(notes.stdout, '### Added\n\n- The first release.\n');
  const missing = run(['--file', 'tests/changelog/good.md', '--notes', '3.0.0']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /has no changes listed under "## \[3\.0\.0\] - YYYY-MM-DD"/);
  assert.equal(run([]).status, 2, 'neither --version nor --notes');
});
