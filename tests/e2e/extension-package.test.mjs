// @ts-check
/**
 * The extension as it is shipped: the zip scripts/package.sh makes, unzipped and loaded unpacked
 * in Chromium. Chrome sees each icon the manifest names at its size (chrome.management), each
 * loads from the package as a PNG of that size, the zip holds only what the extension needs, and
 * the popup opens without a console error.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ICON_SIZES } from '../../scripts/icons.mjs';
import { ROOT, launchWithExtension, recordProblems } from './browser.mjs';

const unpacked = mkdtempSync(join(tmpdir(), 'amlattach-zip-'));
/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let browser;
/** @type {import('playwright-core').Page} */
let popup;
/** @type {string[]} */
let problems = [];

before(async () => {
  const zip = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  execFileSync('python3', ['-c', 'import sys, zipfile\nzipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, unpacked]);
  browser = await launchWithExtension([], unpacked);
  popup = await browser.context.newPage();
  problems = recordProblems(popup);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
  rmSync(unpacked, { recursive: true, force: true });
});

test('the zip holds the icons but not their SVG source, the store listing, the README or the template', () => {
  for (const size of ICON_SIZES) assert.ok(existsSync(join(unpacked, `icons/icon-${size}.png`)), `icons/icon-${size}.png`);
  for (const left of ['icons/icon.svg', 'store', 'README.md', 'manifest.template.json', 'pkg/amlattach.d.ts']) assert.ok(!existsSync(join(unpacked, left)), left);
});

test('Chrome knows the extension\'s icons at every size, and each loads from the package at its size', async () => {
  const seen = await popup.evaluate(async () => {
    const self = await chrome.management.getSelf();
    const manifest = chrome.runtime.getManifest();
    /** @type {Record<string, string>} */
    const named = { ...manifest.icons, ...Object.fromEntries(Object.entries(manifest.action?.default_icon ?? {}).map(([size, path]) => [`action ${size}`, path])) };
    /** @type {Record<string, string>} */
    const loaded = {};
    for (const [key, path] of Object.entries(named)) {
      const response = await fetch(chrome.runtime.getURL(path));
      const bitmap = await createImageBitmap(await response.blob());
      loaded[key] = `${response.headers.get('content-type')} ${bitmap.width}×${bitmap.height}`;
    }
    return { chrome: (self.icons ?? []).map((icon) => icon.size), loaded };
  });
  assert.deepEqual(seen.chrome, [...ICON_SIZES]);
  assert.deepEqual(seen.loaded, {
    ...Object.fromEntries(ICON_SIZES.map((size) => [String(size), `image/png ${size}×${size}`])),
    'action 16': 'image/png 16×16',
    'action 32': 'image/png 32×32',
  });
});

test('the popup of the packaged extension works and logs no error', async () => {
  await popup.getByLabel('Compute name').fill('k8s-jobs');
  await popup.locator('#compute-name-verdict[data-state="ok"]').waitFor();
  assert.deepEqual(problems, []);
});
