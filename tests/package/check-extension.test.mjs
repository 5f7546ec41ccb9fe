// @ts-check
/**
 * The package check (scripts/check-extension.mjs): the real built extension passes; each fixture
 * under fixtures/ breaks one rule the Chrome Web Store enforces and fails with that rule's
 * message, and with no other error; a zip is read as its folder is; the command exits 1 on an
 * error and lists each problem with its file.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

import { checkExtension } from '../../scripts/check-extension.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/package/fixtures');
const CHECK = join(ROOT, 'scripts/check-extension.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'amlattach-package-test-'));

after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The errors of a check, as "file: message" lines.
 * @param {string} path
 * @param {Parameters<typeof checkExtension>[1]} [options]
 */
function errors(path, options) {
  return checkExtension(path, options)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.file}: ${p.message}`);
}

/**
 * Zips `dir`'s files (under `prefix/` inside the zip when given) as scripts/package.sh does.
 * @param {string} dir
 * @param {string} zip
 * @param {string} [prefix]
 */
function zipFolder(dir, zip, prefix = '') {
  execFileSync('python3', [
    '-c',
    'import os, sys, zipfile\nsrc, out, prefix = sys.argv[1:]\nwith zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  for top, _, names in os.walk(src):\n    for n in names:\n      p = os.path.join(top, n)\n      z.write(p, prefix + os.path.relpath(p, src))',
    dir,
    zip,
    prefix,
  ]);
  return zip;
}

test('the built extension passes, as a folder and as the zip scripts/package.sh makes', () => {
  assert.deepEqual(errors(join(ROOT, 'extension')), []);
  const zip = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const { problems } = checkExtension(zip);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  // What package.sh leaves out is not in it: the sources of the icons and of the store listing.
  assert.ok(!problems.some((p) => /^(icons\/icon\.svg|store\/|README\.md|manifest\.template\.json)/.test(p.file)), JSON.stringify(problems));
});

test('a well-formed extension passes with no problem at all, for the store too', () => {
  assert.deepEqual(checkExtension(join(FIXTURES, 'good'), { store: true }).problems, []);
});

test('a sidePanel permission passes when the side panel is used', () => {
  assert.deepEqual(errors(join(FIXTURES, 'side-panel'), { store: true }), []);
});

test('a file nothing names is a warning, not an error', () => {
  const { problems } = checkExtension(join(FIXTURES, 'unreferenced-file'), { store: true });
  assert.deepEqual(problems, [{ severity: 'warning', file: 'notes.txt', message: 'no file in the package names it: leave it out if nothing loads it' }]);
});

/** Each broken fixture, and the one error it must give (file: message). */
const BROKEN = /** @type {const} */ ([
  ['bad-json', /^manifest\.json: not valid JSON: /],
  ['not-mv3', /^manifest\.json: manifest_version is 2, not 3/],
  ['no-version', /^manifest\.json: no version$/],
  ['no-description', /^manifest\.json: no description/],
  ['long-description', /^manifest\.json: description has 139 characters, over the store's 132$/],
  ['missing-icon', /^icons\/icon-48\.png: missing \(named by icons\["48"\]\)$/],
  ['wrong-icon-size', /^icons\/icon-48\.png: 32 × 32 pixels, but icons\["48"\] says 48 × 48$/],
  ['not-png', /^icons\/icon-16\.png: not a PNG \(named by icons\["16"\]/, /^icons\/icon-16\.png: not a PNG \(named by action\.default_icon\["16"\]/],
  ['no-store-icon', /^manifest\.json: no icons\["128"\]: the store needs a 128 × 128 PNG$/],
  ['missing-popup', /^popup\.html: missing \(named by action\.default_popup\)$/],
  ['remote-script', /^popup\.html:3: loads a script from another origin \(<script src>\)/],
  ['remote-import', /^popup\.js:1: imports a module from another origin: remote code/],
  ['remote-dynamic-import', /^popup\.js:4: imports a module from another origin at run time/],
  ['remote-import-scripts', /^worker\.js:3: loads a script from another origin \(importScripts\)/],
  ['eval', /^popup\.js:4: calls eval\(/],
  ['new-function', /^popup\.js:4: builds code with new Function\(/],
  ['csp', /^manifest\.json: content_security_policy\.extension_pages script-src allows 'unsafe-eval' https:\/\/cdn\.example\.com: only 'self' and 'wasm-unsafe-eval'/],
  ['unused-permission', /^manifest\.json: permissions: "identity" is not used \(no chrome\.identity\. in a script\)/],
  ['unknown-permission', /^manifest\.json: permissions: unknown permission "nativeMessaging"/],
  ['all-urls', /^manifest\.json: host_permissions: <all_urls> gives access to every site/],
  ['unused-host', /^manifest\.json: host_permissions: https:\/\/api\.example\.com\/\* is not used/],
  ['reserved-name', /^_private\/popup-extra\.js: a name starting with "_" is reserved by Chrome/],
  ['no-homepage', /^manifest\.json: no homepage_url/],
  ['http-homepage', /^manifest\.json: homepage_url http:\/\/example\.com\/privacy\.html is not an https address$/],
]);

for (const [fixture, ...expected] of BROKEN) {
  test(`fixture ${fixture}: fails with its rule's message and no other error`, () => {
    const found = errors(join(FIXTURES, fixture), { store: true });
    assert.equal(found.length, expected.length, found.join('\n'));
    expected.forEach((pattern, i) => assert.match(found[i], pattern));
    // Without --store, only the store's own rule passes.
    if (fixture.endsWith('homepage')) assert.deepEqual(errors(join(FIXTURES, fixture)), []);
  });
}

test('a zip is checked as its folder is; a zip of the folder (manifest one level down) is refused', () => {
  assert.deepEqual(errors(zipFolder(join(FIXTURES, 'good'), join(scratch, 'good.zip')), { store: true }), []);
  assert.deepEqual(errors(zipFolder(join(FIXTURES, 'eval'), join(scratch, 'eval.zip'))).map((e) => e.replace(/:.*/, '')), ['popup.js']);
  assert.deepEqual(errors(zipFolder(join(FIXTURES, 'good'), join(scratch, 'nested.zip'), 'good/')), [
    "manifest.json: not at the package's root (found good/manifest.json): zip the folder's contents, not the folder",
  ]);
});

test('a package over the store\'s size limit is refused, zipped and unpacked', () => {
  const zip = zipFolder(join(FIXTURES, 'good'), join(scratch, 'size.zip'));
  const found = errors(zip, { limits: { packageBytes: 1000 } });
  assert.ok(found.some((e) => /^size\.zip: the zip is \d+ bytes, over the store's limit of 1000$/.test(e)), found.join('\n'));
  assert.ok(found.some((e) => /^\(package\): \d+ bytes unpacked, over the store's limit of 1000$/.test(e)), found.join('\n'));
});

test('the command lists every problem with its file and exits 1 on an error, 0 without', () => {
  const bad = spawnSync(process.execPath, [CHECK, join(FIXTURES, 'not-png')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.equal(bad.stderr.match(/^error: icons\/icon-16\.png: not a PNG/gm)?.length, 2);
  assert.match(bad.stdout, /: 8 files, 2 errors, 0 warnings$/m);
  const warned = spawnSync(process.execPath, [CHECK, join(FIXTURES, 'unreferenced-file'), '--store'], { encoding: 'utf8' });
  assert.equal(warned.status, 0);
  assert.match(warned.stderr, /^warning: notes\.txt: /m);
  const store = spawnSync(process.execPath, [CHECK, join(FIXTURES, 'no-homepage'), '--store'], { encoding: 'utf8' });
  assert.equal(store.status, 1);
  const usage = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
});
