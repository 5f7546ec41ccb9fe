// @ts-check
/**
 * The Chrome Web Store listing (scripts/store-listing.mjs), made from the real extension into a
 * temporary folder: the screenshots and the small promo tile at the store's exact sizes, without
 * alpha; the listing with every section, the manifest's summary, and every manifest permission
 * and content-script host justified in the words of extension/README.md, which it refuses to go
 * without.
 * @module
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { pngHeader } from '../../scripts/png.mjs';
import { PROMO_SMALL, SCREENSHOT, SECTIONS, justifications, listing } from '../../scripts/store-listing.mjs';
import { EXTENSION_DIR, ROOT } from './browser.mjs';

const out = mkdtempSync(join(tmpdir(), 'amlattach-store-'));
const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
const readme = readFileSync(join(EXTENSION_DIR, 'README.md'), 'utf8');
const template = readFileSync(join(EXTENSION_DIR, 'store/listing.md'), 'utf8');
/** @type {string} */
let text;

before(() => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/store-listing.mjs'), '--out', out], { encoding: 'utf8', env: { ...process.env, AMLATTACH_SITE_URL: '' } });
  assert.equal(run.status, 0, run.stderr);
  text = readFileSync(join(out, 'listing.md'), 'utf8');
});

after(() => rmSync(out, { recursive: true, force: true }));

test('four screenshots at 1280 × 800 and the small promo tile at 440 × 280, 24-bit PNGs without alpha', () => {
  for (const [file, size] of [['screenshot-1.png', SCREENSHOT], ['screenshot-2.png', SCREENSHOT], ['screenshot-3.png', SCREENSHOT], ['screenshot-4.png', SCREENSHOT], ['promo-small.png', PROMO_SMALL]]) {
    const header = pngHeader(readFileSync(join(out, /** @type {string} */ (file))));
    assert.deepEqual(header, { width: /** @type {typeof SCREENSHOT} */ (size).width, height: /** @type {typeof SCREENSHOT} */ (size).height, bitDepth: 8, colourType: 2, alpha: false }, /** @type {string} */ (file));
  }
});

test('the listing has every section, in order, and nothing left to fill', () => {
  const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings, SECTIONS);
  assert.ok(!/\{\{/.test(text), 'a {{field}} was left unfilled');
  assert.ok(!text.includes('<!--'), 'the template\'s comment is not part of the listing');
  assert.match(text, new RegExp(`^# ${manifest.name}: `, 'm'));
});

test('the summary is the manifest\'s description, within the store\'s 132 characters', () => {
  const summary = /^## Summary\n\n(.+)\n/m.exec(text)?.[1];
  assert.equal(summary, manifest.description);
  assert.ok(manifest.description.length <= 132);
});

test('every manifest permission and content-script host is justified, in extension/README.md\'s words', () => {
  const rows = justifications(readme);
  for (const permission of manifest.permissions) {
    const why = rows.find((r) => r.asked === `\`${permission}\``)?.why;
    assert.ok(why, `extension/README.md does not justify ${permission}`);
    assert.ok(text.includes(`### ${permission}\n\n${why}`), `the listing does not justify ${permission}`);
  }
  const hosts = /^## Host access justification\n([\s\S]*?)^## /m.exec(text)?.[1] ?? '';
  for (const match of manifest.content_scripts.flatMap((/** @type {{ matches: string[] }} */ c) => c.matches)) {
    assert.ok(hosts.includes(`\`${match}\``), `the listing does not justify ${match}`);
  }
});

test('the privacy practices say no data is collected and name the privacy policy', () => {
  const privacy = /^## Privacy practices\n([\s\S]*)$/m.exec(text)?.[1] ?? '';
  assert.match(privacy, /Data collected: none/);
  assert.match(privacy, /Privacy policy: /);
  const sited = listing({ template, manifest: { ...manifest, homepage_url: undefined }, readme, siteUrl: 'https://owner.github.io/amlattach/' });
  assert.match(sited, /^- Privacy policy: https:\/\/owner\.github\.io\/amlattach\/privacy\.html$/m);
});

test('a permission or host the README does not justify stops the listing', () => {
  assert.throws(() => listing({ template, manifest: { ...manifest, permissions: [...manifest.permissions, 'notifications'] }, readme }), /does not justify: permission notifications/);
  const withRow = readme.replace(/(\| `storage` \|[^\n]*\n)/, '$1| `notifications` | a notice. |\n');
  assert.match(listing({ template, manifest: { ...manifest, permissions: [...manifest.permissions, 'notifications'] }, readme: withRow }), /^### notifications\n\na notice\.$/m);
  const content = [{ ...manifest.content_scripts[0], matches: ['https://example.com/*'] }];
  assert.throws(() => listing({ template, manifest: { ...manifest, content_scripts: content }, readme }), /content-script host https:\/\/example\.com\/\*/);
});
