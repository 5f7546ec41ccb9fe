// @ts-check
/**
 * The journey of a v2 attach through the page: prepare the cluster, describe the compute, take
 * the commands, check and attach, then the steps after the attach. The steps before and after
 * follow the form's spec through the Commands section (one spec, one context, one shell) and say
 * what they still need while it is not there.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, recordProblems, SITE } from './browser.mjs';

const SUB = '2f1e4a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-jobs`;
const ARC_ID = `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;
const UAI_ID = `/subscriptions/${SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-jobs`;

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let problems = [];

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  problems = recordProblems(page);
  await page.goto(`${server.url}#attach`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const prepare = () => page.locator('#prepare-commands');
const verify = () => page.locator('#verify-commands');
const codeOf = (/** @type {import('playwright-core').Locator} */ box) => box.locator('code').evaluate((c) => c.textContent ?? '');

async function fillValidCompute() {
  await page.getByLabel('Compute name').fill('k8s-jobs');
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.locator('#v2-namespace').fill('jobs');
  await page.getByLabel('Identity type').selectOption('system_assigned');
  await page.locator('#workspace-subscription-id').fill(SUB);
  await page.locator('#workspace-resource-group').fill('rg-ml');
  await page.locator('#workspace-name').fill('ws-jobs');
}

test('the attach task reads as steps in the order a user meets them', async () => {
  // The task's CSS numbers every shown card's heading but the paste box's ("Step n: …", a
  // counter in document order): the shown cards are the steps, in this order.
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('main > .card:not(#paste)')]
      .filter((card) => card instanceof HTMLElement && card.offsetParent !== null)
      .map((card) => ({ id: card.id, before: getComputedStyle(/** @type {Element} */ (card.querySelector('h2')), '::before').content })),
  );
  assert.deepEqual(
    shown.map((card) => card.id),
    ['prepare', 'attach-form', 'generate', 'live', 'verify', 'explain-section'],
  );
  for (const card of shown) assert.match(card.before, /Step.*counter\(task-step\)/, card.id);
  assert.equal(await page.locator('#prepare h2').innerText(), 'Prepare the cluster');
  assert.equal(await page.locator('#verify h2').innerText(), 'After the attach');
});

test('before the form names a compute, the steps around the attach say what they need', async () => {
  await page.locator('#prepare-commands[data-state="example"]').waitFor();
  assert.match(await prepare().innerText(), /Fill in the compute below/);
  assert.equal(await prepare().locator('pre').isVisible(), false);
  assert.equal(await prepare().getByRole('button', { name: 'Copy' }).isDisabled(), true);
  assert.match(await verify().innerText(), /Needs the compute from the form/);
});

test('a valid compute gives the prepare and after-attach commands for its cluster, workspace and identity', async () => {
  await fillValidCompute();
  await page.locator('#prepare-commands[data-state="ok"]').waitFor();
  const prep = await codeOf(prepare());
  // The extension, installed only when missing, in the cluster's subscription.
  assert.match(prep, /az k8s-extension list[^\n]*--cluster-name aks-jobs[^\n]*--subscription 2f1e4a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b/);
  assert.match(prep, /az k8s-extension create[\s\S]*--extension-type Microsoft\.AzureML\.Kubernetes[\s\S]*--scope cluster/);
  assert.match(prep, /az provider register[\s\S]*Microsoft\.KubernetesConfiguration/);
  assert.match(prep, /kubectl create namespace jobs/);
  // The workspace's identity is not known here: its roles are written, commented, to run when it is user-assigned.
  assert.match(prep, /# az role assignment create/);

  await page.locator('#verify-commands[data-state="ok"]').waitFor();
  const after = await codeOf(verify());
  assert.match(after, /az ml compute show[\s\S]*--name k8s-jobs[\s\S]*--subscription 2f1e4a3b/);
  assert.match(after, /--query identity\.principal_id/);
  assert.match(after, /--role AcrPull[\s\S]*--scope "\$registry"/);
  assert.match(after, /--role 'Storage Blob Data Reader'/);
});

test('a user-assigned compute identity is looked up by its id; an Arc cluster registers its own provider', async () => {
  await page.getByLabel('Identity type').selectOption('user_assigned');
  await page.getByLabel('User-assigned identity resource ids').fill(UAI_ID);
  await page.locator('#v2-resource-id').fill(ARC_ID);
  await page.waitForFunction(() => document.querySelector('#verify-commands code')?.textContent?.includes('az identity show'));
  assert.match(await codeOf(verify()), new RegExp(`--ids ${UAI_ID.replaceAll('/', '\\/')}`));
  const prep = await codeOf(prepare());
  assert.match(prep, /--namespace Microsoft\.Kubernetes\b/);
  assert.match(prep, /--cluster-type connectedClusters/);
  assert.match(prep, /Azure Relay Owner/);
});

test('the steps follow the Commands section\'s shell', async () => {
  const commands = page.locator('#generate');
  await commands.getByRole('radio', { name: 'PowerShell' }).check();
  await page.waitForFunction(() => document.querySelector('#prepare-commands code')?.textContent?.includes('$types = @('));
  assert.match(await codeOf(verify()), /\$principal = \(az identity show/);
  await commands.getByRole('radio', { name: 'bash' }).check();
  await page.waitForFunction(() => document.querySelector('#prepare-commands code')?.textContent?.includes('grep -qix'));
});

test('Copy copies the step\'s commands exactly', async () => {
  await prepare().getByRole('button', { name: 'Copy' }).click();
  await page.locator('#prepare-commands [role="status"]', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await codeOf(prepare()));
});

test('a form with errors leaves no stale commands in the steps', async () => {
  await page.locator('#v2-namespace').fill('Team_A');
  await page.locator('#prepare-commands[data-state="blocked"]').waitFor();
  assert.match(await prepare().innerText(), /The compute form has errors/);
  assert.equal(await prepare().locator('pre').isVisible(), false);
  assert.equal(await verify().getAttribute('data-state'), 'blocked');
  await page.locator('#v2-namespace').fill('jobs');
  await page.locator('#prepare-commands[data-state="ok"]').waitFor();
});

test('a legacy v1 compute says it has no extension step', async () => {
  await page.goto(`${server.url}#all`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await page.getByRole('radio', { name: 'Legacy v1 attach' }).check();
  await page.getByLabel('Compute name').fill('aks-v1');
  await page.locator('#v1-resource-id').fill(AKS_ID);
  await page.locator('#workspace-subscription-id').fill(SUB);
  await page.locator('#workspace-resource-group').fill('rg-ml');
  await page.locator('#workspace-name').fill('ws-jobs');
  await page.locator('#prepare-commands[data-state="other-kind"]').waitFor();
  assert.match(await prepare().innerText(), /legacy v1 compute has no extension step/);
  assert.deepEqual(problems, []);
});
