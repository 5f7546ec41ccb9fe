// @ts-check
/**
 * The unpacked extension in a real Chromium: its popup checks names, its service worker answers
 * the messages content scripts will send.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { EXTENSION_DIR, ROOT, launchWithExtension, recordProblems } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let browser;
/** @type {import('playwright-core').Page} */
let popup;
/** @type {string[]} */
let consoleProblems = [];

before(async () => {
  browser = await launchWithExtension();
  popup = await browser.context.newPage();
  consoleProblems = recordProblems(popup);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
});

test('the popup shows an error for a bad name and accepts a good one', async () => {
  const field = popup.getByLabel('Compute name');
  const verdict = popup.locator('#compute-name-verdict');
  await field.fill('1abc');
  await verdict.locator('[data-code="name-first-char"]').waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'error');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');

  await field.fill('myaks');
  await verdict.locator('text=valid compute name').waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'ok');
});

test('the service worker validates names sent to it as messages', async () => {
  /** @param {unknown} message */
  const send = (message) => popup.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const bad = await send({ type: 'validate-name', name: 'a_b' });
  assert.equal(bad.ok, true);
  assert.equal(bad.report.ok, false);
  assert.deepEqual(bad.report.diagnostics.map((/** @type {{code: string}} */ d) => d.code), ['name-invalid-char']);
  const good = await send({ type: 'validate-name', name: 'myaks' });
  assert.deepEqual(good.report, { ok: true, diagnostics: [] });
});

test('the popup generates the commands for a spec, tab per target', async () => {
  const section = popup.locator('#generate');
  await section.locator('[data-ready="true"]').or(popup.locator('#generate[data-ready="true"]')).first().waitFor();
  await popup.locator('#generate-spec').fill(
    'name: k8s\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\nidentity: {type: system_assigned}\n',
  );
  await popup.locator('#generate-code', { hasText: 'az ml compute attach' }).waitFor();
  const text = await popup.locator('#generate-code').innerText();
  assert.match(text, /--identity-type SystemAssigned/);
  assert.equal(await popup.locator('#generate-copy').isDisabled(), false);
});

test('the manifest asks for the fewest permissions and names the crate version', async () => {
  const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const cargo = await readFile(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.version, /^version = "([^"]+)"/m.exec(cargo)?.[1]);
  // identity (sign-in in the assistant's tab) and storage (the last cluster and workspace seen);
  // no tabs, cookies, webRequest, scripting.
  assert.deepEqual(manifest.permissions, ['identity', 'storage']);
  assert.equal(manifest.host_permissions, undefined);
  assert.equal(manifest.optional_host_permissions, undefined);
  // Content scripts on the portals and studios only: https, no wildcards in hosts, no <all_urls>.
  const PORTALS = ['portal.azure.com', 'ml.azure.com', 'portal.azure.us', 'ml.azure.us', 'portal.azure.cn', 'studio.ml.azure.cn'];
  const matches = manifest.content_scripts.flatMap((/** @type {{ matches: string[] }} */ c) => c.matches);
  assert.deepEqual(
    matches.map((/** @type {string} */ m) => new URL(m.replace(/\*$/, '')).host).sort(),
    [...PORTALS].sort(),
  );
  assert.ok(matches.every((/** @type {string} */ m) => /^https:\/\/[a-z.]+\/\*$/.test(m)), matches.join(' '));
  assert.ok(!JSON.stringify(manifest).includes('<all_urls>'));
  assert.ok(manifest.content_scripts.every((/** @type {{ all_frames?: boolean }} */ c) => c.all_frames !== true));
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
});

test('the popup loads without console errors', () => {
  assert.deepEqual(consoleProblems, []);
});
