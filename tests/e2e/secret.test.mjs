// @ts-check
/**
 * The secret and versions sections of the page: a secret made by openssl and wrapped by kubectl
 * in this run is pasted, its facts read off the screen, its key downloaded; the page makes no
 * request while decoding and stores nothing of it (localStorage, sessionStorage but the form's own
 * state, IndexedDB, cookies).
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, recordProblems, ROOT, SITE } from './browser.mjs';

const FIXTURES = join(ROOT, 'target/fixtures/e2e');

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
  execFileSync(join(ROOT, 'tests/fixtures/make-secrets.sh'), [FIXTURES], { stdio: 'ignore' });
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
  consoleProblems = recordProblems(page);
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('decoding a secret shows every fact, makes no request and stores nothing', async () => {
  const yaml = await readFile(join(FIXTURES, 'rsa2048-pkcs8/secret-crlf.yaml'), 'utf8');
  const key = await readFile(join(FIXTURES, 'rsa2048-pkcs8/key.pem'), 'utf8');
  // The secret tool's own wasm module loads after the first verdict; its box is enabled once it
  // is ready, and from then on nothing may be fetched.
  await page.locator('#secret-input:enabled').waitFor();
  await page.locator('html[data-tools-ready="true"]').waitFor();
  /** @type {string[]} */
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));

  await page.getByLabel('Secret', { exact: true }).fill(yaml);
  await page.getByLabel('Host name you will serve').fill('www.contoso.com');
  const verdict = page.locator('#secret-verdict');
  await verdict.locator('text=Certificate and key look right').waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'ok');
  const rows = page.locator('#secret-certificates tr');
  assert.equal(await rows.count(), 2);
  const leaf = await rows.nth(0).innerText();
  assert.match(leaf, /CN=www\.contoso\.com,O=Contoso,C=US/);
  assert.match(leaf, /\*\.api\.contoso\.com/);
  assert.match(leaf, /sha256WithRSAEncryption, RSA 2048/);
  assert.equal(await page.locator('#secret-key').getAttribute('data-match'), 'true');
  assert.match(await page.locator('#secret-key').innerText(), /RSA 2048 \(PKCS8\), matches the leaf certificate/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download key.pem' }).click()]);
  assert.equal(download.suggestedFilename(), 'key.pem');
  const path = await download.path();
  assert.equal(await readFile(path, 'utf8'), key);

  // A mismatched pair is the classic re-attach failure.
  await page.getByLabel('Secret', { exact: true }).fill(await readFile(join(FIXTURES, 'mismatched/secret.json'), 'utf8'));
  await verdict.locator('[data-code="key-mismatch"]').waitFor();
  // Said in words: a certificate by its place, files as code, no raw backticks or paths.
  const said = await verdict.innerText();
  assert.doesNotMatch(said, /certificates\[\d+\]|`/);
  assert.equal(await verdict.locator('li[data-path="key.pem"] code', { hasText: 'key.pem' }).count(), 1);
  await page.getByLabel('Secret', { exact: true }).fill(await readFile(join(FIXTURES, 'expired/secret.yaml'), 'utf8'));
  const expired = verdict.locator('li[data-path="certificates[0]"]');
  await expired.waitFor();
  assert.match(await expired.innerText(), /^Error: Certificate 1: /);

  const blobOnly = requests.filter((url) => !url.startsWith('blob:'));
  assert.deepEqual(blobOnly, [], 'decoding must not make any request');
  // The tab keeps the compute form for a reload (www/shared/state.js), and nothing else: no
  // part of the secret or its key is in it.
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: Object.keys(sessionStorage).filter((k) => k !== 'amlattach.form-state'),
    kept: sessionStorage.getItem('amlattach.form-state') ?? '',
    databases: (await indexedDB.databases()).length,
    cookie: document.cookie,
  }));
  const keyLine = key.split('\n')[1];
  assert.ok(keyLine.length > 20);
  assert.ok(!stored.kept.includes(keyLine) && !stored.kept.includes('PRIVATE KEY') && !stored.kept.includes('CERTIFICATE'));
  assert.deepEqual({ ...stored, kept: undefined }, { local: 0, session: [], kept: undefined, databases: 0, cookie: '' });
  assert.deepEqual(await context.cookies(), []);
});

test('pasted versions show the table, the default, the window and an upgrade path', async () => {
  const table = `KubernetesVersion    Upgrades
-------------------  ----------------------------------------
1.18.6(preview)      None available
1.17.9               1.18.6(preview)
1.16.13              1.17.7, 1.17.9
1.15.12              1.16.13
`;
  await page.getByLabel('Versions', { exact: true }).fill(table);
  await page.locator('#versions-rows tr').first().waitFor();
  assert.equal(await page.locator('#versions-rows tr').count(), 4);
  assert.deepEqual(await page.locator('#versions-window .minor').allInnerTexts(), ['1.15', '1.16', '1.17', '1.18']);
  assert.equal(await page.locator('#versions-window .minor[data-kind="preview"]').innerText(), '1.18');
  await page.getByLabel('Check a version').fill('1.16');
  await page.locator('#versions-check-verdict [data-code="blobfuse-crossing"]').waitFor();
  assert.equal(await page.locator('#versions-path li[data-blobfuse="true"]').count(), 2);

  const json = await readFile(
    join(ROOT, '../shared/fixtures/azure-rest-api-specs/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples/KubernetesVersions_List.json'),
    'utf8',
  );
  await page.getByLabel('Versions', { exact: true }).fill(JSON.stringify(JSON.parse(json).responses['200'].body));
  await page.locator('#versions-rows tr[data-default="true"]').waitFor();
  assert.match(await page.locator('#versions-rows tr[data-default="true"]').innerText(), /1\.24\.9 \(default\)/);
});

test('the sections load without console errors or CSP violations', () => {
  assert.deepEqual(consoleProblems, []);
});
