// @ts-check
/**
 * The page's "Commands" section: tabs per target, the shell switch, copy and download.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, recordProblems, SITE } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let consoleProblems = [];

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  consoleProblems = recordProblems(page);
  await page.goto(server.url);
  await page.locator('#generate[data-ready="true"]').waitFor();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const code = () => page.locator('#generate-code');
const tab = (/** @type {string} */ name) => page.getByRole('tab', { name, exact: true });

/** The text shown, once it has been rendered for `target`. */
async function shown(/** @type {string} */ target) {
  await page.locator(`#generate-tab-${target}[aria-selected="true"]`).waitFor();
  return code().evaluate((element) => element.textContent ?? '');
}

/** Any run of spaces, continuation characters and line breaks between two words of a command. */
const GAP = String.raw`(?:\s|\\|\x60)+`;

test('before anything is typed, the commands are marked as the example\'s', async () => {
  await page.locator('#generate[data-state="example"]').waitFor();
  assert.match(await page.locator('#generate-status').innerText(), /^For the example spec, not yours yet/);
});

test('a tab per applicable target, and only those', async () => {
  const ids = await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-target')));
  const all = await page.evaluate(async () => {
    const adapter = '/shared/generate.js';
    const { targets } = await import(adapter);
    return /** @type {{ id: string, appliesTo: string[] }[]} */ (targets()).map((t) => ({ id: t.id, appliesTo: t.appliesTo }));
  });
  assert.deepEqual(ids, all.filter((t) => t.appliesTo.includes('kubernetes')).map((t) => t.id));
  assert.ok(ids.includes('az-v2') && ids.includes('yaml-v2') && !ids.includes('az-v1'));
});

test('the Azure CLI tab attaches with the user-assigned identity', async () => {
  await page.locator('#generate-tab-az-v2').click();
  const text = await shown('az-v2');
  assert.match(text, new RegExp(`az ml compute attach${GAP}(?:--[\\w-]+ \\S+${GAP})*--type Kubernetes`));
  assert.match(text, new RegExp(`--identity-type UserAssigned${GAP}--user-assigned-identities /subscriptions/`));
  // Highlighted, and still the exact text.
  assert.ok((await code().locator('span.tok-flag').count()) > 3);
  assert.match(await page.locator('#generate-status').innerText(), /\.sh/);
});

test('PowerShell switches quoting, continuations and the file name', async () => {
  await page.locator('#generate').getByLabel('PowerShell', { exact: true }).check();
  await page.locator('#generate-status', { hasText: '.ps1' }).waitFor();
  const text = await shown('az-v2');
  assert.match(text, /^\$PSNativeCommandArgumentPassing = 'Standard'$/m);
  assert.match(text, / `\n/);
  assert.doesNotMatch(text, / \\\n/);
  await page.locator('#generate').getByLabel('bash', { exact: true }).check();
  await page.locator('#generate-status', { hasText: '.sh' }).waitFor();
});

test('other tabs: YAML, ARM JSON, detach', async () => {
  await tab('Compute YAML').click();
  assert.match(await shown('yaml-v2'), /^type: kubernetes$/m);
  await page.locator('#generate-tab-arm-json').click();
  const body = JSON.parse(await shown('arm-json'));
  assert.equal(body.properties.computeType, 'Kubernetes');
  await page.locator('#generate-tab-detach').click();
  const detach = await shown('detach');
  assert.match(detach, /az ml compute detach/);
  assert.doesNotMatch(detach, /az ml compute delete/);
});

test('copy puts exactly the shown text on the clipboard', async () => {
  await page.locator('#generate-tab-az-v2').click();
  const text = await shown('az-v2');
  await page.locator('#generate-copy').click();
  await page.locator('#generate-status', { hasText: 'Copied' }).waitFor();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clipboard, text);
});

test('download saves the text under the generated file name', async () => {
  await page.locator('#generate-tab-yaml-v2').click();
  const text = await shown('yaml-v2');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ]);
  const expected = await page.evaluate(async () => {
    const adapter = '/shared/generate.js';
    const { generate } = await import(adapter);
    const spec = /** @type {HTMLTextAreaElement} */ (document.getElementById('generate-spec')).value;
    return /** @type {string} */ (generate(spec, 'yaml-v2').filename);
  });
  assert.equal(download.suggestedFilename(), expected);
  assert.match(expected, /\.ya?ml$/);
  assert.equal(await readFile(await download.path(), 'utf8'), text);
});

test('a v1 spec shows the v1 tabs; a broken spec shows its errors and disables the buttons', async () => {
  const box = page.locator('#generate-spec');
  // Typed here: the user's own spec, no longer the example.
  await box.fill(
    'name: aks-v1\ntype: aks\naction: attach\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\ncluster_purpose: DevTest\n',
  );
  await page.locator('#generate-tab-az-v1').waitFor();
  assert.equal(await page.locator('#generate-tab-az-v2').count(), 0);
  await page.locator('#generate-tab-az-v1').click();
  assert.match(await shown('az-v1'), /az ml computetarget attach aks/);
  assert.equal(await page.locator('#generate').getAttribute('data-state'), 'ok');
  assert.doesNotMatch(await page.locator('#generate-status').innerText(), /example/);
  await box.fill('name: 1bad\ntype: kubernetes\n');
  await page.locator('#generate[data-state="error"]').waitFor();
  assert.match(await page.locator('#generate-status').innerText(), /Fix the spec first/);
  assert.equal(await page.locator('#generate-copy').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Download' }).isDisabled(), true);
});

test('generating every target in both shells makes no request', async () => {
  await page.locator('html[data-tools-ready="true"]').waitFor();
  /** @type {string[]} */
  const requests = [];
  const record = (/** @type {import('playwright-core').Request} */ request) => requests.push(request.url());
  page.on('request', record);
  try {
    await page.getByLabel('Compute spec (YAML or JSON)').fill(
      'name: k8s-net\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc\n',
    );
    for (const shell of ['PowerShell', 'bash']) {
      await page.locator('#generate').getByLabel(shell, { exact: true }).check();
      for (const target of await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-target') ?? ''))) {
        await page.locator(`#generate-tab-${target}`).click();
        await page.locator(`#generate-tab-${target}[aria-selected="true"]`).waitFor();
        assert.notEqual(await code().textContent(), '');
      }
    }
  } finally {
    page.off('request', record);
  }
  assert.deepEqual(requests, [], 'generating must not make any request');
});

test('the section loads without console errors or CSP violations', () => {
  assert.deepEqual(consoleProblems, []);
});
