// @ts-check
/**
 * The extension form's "Install the extension through ARM…" and "Update it through ARM…" as a
 * user drives them: signed in for real with MSAL.js against the local OpenID Connect provider,
 * the ARM emulator accepting only its tokens. The buttons ask first in the page (Cancel sends
 * nothing); without a pre-flight the core asks for the cluster's region and nothing is sent; after
 * the pre-flight an install GETs, PUTs, follows the operation and GETs the extension, and the
 * page says it is installed; an inference install with the router's default HA on a one-node
 * cluster ends failed with the extension's E40002 status listed.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, recordProblems } from './browser.mjs';
import { signIn, startLiveRig } from './live-rig.mjs';

const CLIENT_ID = '3b7e1c2d-5f4a-4e6b-9c8d-7a6b5c4d3e2f';
const SANDBOX = '/subscriptions/3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f/resourceGroups/rg-sandbox/providers/Microsoft.ContainerService/managedClusters/aks-sandbox';
const ONE_NODE = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-basic';

/** @type {import('./live-rig.mjs').LiveRig} */
let rig;
/** @type {import('./live-rig.mjs').LiveRig['emulator']} */
let emulator;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let problems;

before(async () => {
  rig = await startLiveRig({ clientId: CLIENT_ID });
  emulator = rig.emulator;
  page = await rig.browser.newPage();
  problems = recordProblems(page);
  await signIn(page, rig);
  await page.locator('#extension-form[data-ready="true"]').waitFor();
  // The seed's one-node cluster runs a Kubernetes AKS no longer supports, an error of the form's
  // once the pre-flight reads it: here it runs a supported one.
  const cluster = emulator.state.resources.find((r) => r.id.toLowerCase() === ONE_NODE.toLowerCase());
  assert.ok(cluster, 'no aks-dev-basic in the seed');
  cluster.properties.kubernetesVersion = '1.30.6';
  cluster.properties.currentKubernetesVersion = '1.30.6';
  for (const pool of cluster.properties.agentPoolProfiles ?? []) {
    pool.orchestratorVersion = '1.30.6';
    pool.currentOrchestratorVersion = '1.30.6';
  }
});

after(() => rig?.close());

const outcome = () => page.locator('#live-extension-outcome');
const install = () => page.getByRole('button', { name: 'Install the extension through ARM…' });
const confirmation = () => page.locator('#live-extension-confirm');

/**
 * The ARM requests the emulator logged since `from` (not CORS preflights): method, the path
 * from `/extensions/` on (or the operation's kind), status.
 * @param {number} from
 */
function sentSince(from) {
  return emulator.requests
    .slice(from)
    .filter((r) => r.method !== 'OPTIONS')
    .map((r) => {
      const where = /\/extensions\/[^/]+(\/operations)?/i.exec(r.path)?.[0] ?? /\/locations\/[^/]+\/(operations|operationresults)\//i.exec(r.path)?.[1] ?? r.path;
      return `${r.method} ${where.replace(/\/operations$/i, ' operation')} ${r.status}`;
    });
}

/** Runs the pre-flight for a cluster, with the first workspace found. @param {string} cluster */
async function preflight(cluster) {
  if ((await page.locator('#live-cluster option').count()) === 0) {
    await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
    await page.locator('#live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor();
  }
  const workspace = page.getByLabel('Workspace', { exact: true });
  const first = await workspace.evaluate((element) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.value !== '')?.value);
  assert.ok(first, 'no workspace found');
  await workspace.selectOption(first);
  const name = cluster.split('/').at(-1);
  const select = page.getByLabel('Cluster', { exact: true });
  const value = await select.evaluate((element, name) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${name} (`))?.value, name);
  assert.ok(value, `no cluster option for ${name}`);
  await select.selectOption(value);
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await page.locator('#live-preflight-outcome').locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
}

/** Asks and confirms. @param {string} yes */
async function confirm(yes) {
  await install().click();
  await confirmation().waitFor();
  await page.getByRole('button', { name: yes }).click();
}

test('the buttons wait for the form, say why, and ask first; Cancel sends nothing', async () => {
  await page.locator('#live-extension').waitFor();
  await page.locator('#v2-resource-id').fill('not a cluster id');
  await page.getByLabel('enableTraining').check();
  await page.locator('#live-extension-why', { hasText: /^Nothing to send while the extension’s settings have/ }).waitFor();
  assert.ok(await install().isDisabled());
  await page.locator('#v2-resource-id').fill(SANDBOX);
  await page.locator('#live-extension-install:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await install().click();
  await confirmation().waitFor();
  const question = (await page.locator('#live-extension-question').textContent()) ?? '';
  assert.match(question, /“azureml” on the cluster aks-sandbox \(resource group rg-sandbox\)/);
  assert.match(question, /several minutes/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'live-extension-yes');
  await page.getByRole('button', { name: 'Update it through ARM…' }).click();
  assert.match((await page.locator('#live-extension-question').textContent()) ?? '', /changes running workloads/);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  await page.locator('#live-extension-no').click();
  assert.ok(await confirmation().isHidden());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'live-extension-update');
  assert.deepEqual(sentSince(from), []);
});

test('without the cluster’s region (no pre-flight) the core says what is missing and nothing is sent', async () => {
  const from = emulator.requests.length;
  await confirm('Install “azureml”');
  await outcome().locator('xpath=self::*[@data-state="failed"]').waitFor({ timeout: 20_000 });
  const said = (await outcome().textContent()) ?? '';
  assert.match(said, /region/i);
  assert.match(said, /\.$/);
  assert.deepEqual(sentSince(from), []);
});

test('confirmed after the pre-flight: GET, PUT, the operation, GET, and “Installed”', async () => {
  // aks-sandbox has local accounts disabled, an error of the form's once the pre-flight reads it.
  await preflight(ONE_NODE);
  await page.locator('#live-extension-install:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await confirm('Install “azureml”');
  await outcome().filter({ hasText: /^Installed: / }).waitFor({ timeout: 30_000 });
  assert.match((await outcome().textContent()) ?? '', /^Installed: the extension azureml is Succeeded \(version .+\)\.$/);
  assert.equal(await outcome().getAttribute('data-state'), 'done');
  const sent = sentSince(from);
  assert.equal(sent[0], 'GET /extensions/azureml 404');
  assert.match(sent[1], /^PUT \/extensions\/azureml 20[01]$/);
  assert.ok(sent.slice(2, -1).length > 0 && sent.slice(2, -1).every((line) => /operation/i.test(line)), sent.join('\n'));
  assert.equal(sent.at(-1), 'GET /extensions/azureml 200');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
});

test('an install a second time says it is there already and suggests Update', async () => {
  await confirm('Install “azureml”');
  await outcome().filter({ hasText: /^Already installed: / }).waitFor({ timeout: 20_000 });
  assert.match((await outcome().textContent()) ?? '', /Update it through ARM…/);
});

test('an update adding inference with the router’s default HA on the one-node cluster ends failed with E40002', async () => {
  await page.getByLabel('enableInference').check();
  await page.getByLabel('inferenceRouterServiceType').selectOption('nodePort');
  await page.getByLabel('allowInsecureConnections').check();
  await page.locator('#live-extension-update:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await page.getByRole('button', { name: 'Update it through ARM…' }).click();
  await confirmation().waitFor();
  assert.match((await page.locator('#live-extension-question').textContent()) ?? '', /aks-dev-basic \(resource group rg-aks-dev\).*changes running workloads/);
  await page.getByRole('button', { name: 'Update “azureml”' }).click();
  await outcome().locator('li', { hasText: 'E40002' }).waitFor({ timeout: 30_000 });
  assert.equal(await outcome().getAttribute('data-state'), 'failed');
  assert.match((await outcome().locator('p').first().textContent()) ?? '', /^The update failed: /);
  assert.ok(sentSince(from).some((line) => /^PATCH \/extensions\/azureml 20[02]$/.test(line)), sentSince(from).join('\n'));
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
});

test('no console problem but ARM’s 404 before the PUT', () => {
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of 404 /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});
