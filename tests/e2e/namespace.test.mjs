// @ts-check
/**
 * The live section's "Create the namespace through ARM…" as a user drives it: signed in for real
 * with MSAL.js (popup) against the local OpenID Connect provider, the ARM emulator accepting only
 * its tokens. The button asks first (Cancel sends nothing); on confirm the page GETs the managed
 * namespace and, ARM managing none, PUTs amlattach's body and follows AKS's operation, as the
 * emulator's request log shows; a second time only the GET goes out. After the pre-flight for the
 * cluster the PUT names its region. Forms with nothing to create (errors, an Arc cluster, the
 * `default` namespace) get the reason and send nothing. A PUT refused for want of MFA is sent
 * once more with an MFA token.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations, recordProblems } from './browser.mjs';
import { signIn, startLiveRig } from './live-rig.mjs';

const CLIENT_ID = '3b7e1c2d-5f4a-4e6b-9c8d-7a6b5c4d3e2f';
const AKS = '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus';
const AKS_DEV = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-small';
const ARC = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-onprem-01';
/** The body the page sends (src/arm/requests.rs `managed_namespace_body`), without a region. */
const BODY = { properties: { adoptionPolicy: 'IfIdentical', deletePolicy: 'Keep', defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' } } };

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
});

after(() => rig?.close());

const outcome = () => page.locator('#live-namespace-outcome');
const button = () => page.getByRole('button', { name: 'Create the namespace through ARM…' });
const confirmation = () => page.locator('#live-namespace-confirm');

/**
 * The attach form's v2 fields: compute name, cluster and namespace (empty for the default).
 * @param {{ name?: string, cluster: string, namespace: string }} form
 */
async function fillForm({ name = 'k8s-ns', cluster, namespace }) {
  await page.locator('#compute-name').fill(name);
  await page.locator('#v2-resource-id').fill(cluster);
  await page.locator('#v2-namespace').fill(namespace);
}

/**
 * The ARM requests the emulator logged since `from` (not Chromium's CORS preflights), one line
 * each: method, the path after the cluster (or the operation's kind), status; and the JSON
 * bodies of the PUTs.
 * @param {number} from
 */
function sentSince(from) {
  const entries = emulator.requests.slice(from).filter((r) => r.method !== 'OPTIONS');
  return {
    lines: entries.map((r) => {
      const where = /\/managedNamespaces\/[^/]+$/i.exec(r.path)?.[0] ?? /\/locations\/[^/]+\/(operations|operationresults)\//i.exec(r.path)?.[1] ?? r.path;
      return `${r.method} ${where} ${r.status}${r.fault ? ` ${r.fault}` : ''}`;
    }),
    bodies: entries.filter((r) => r.method === 'PUT').map((r) => r.body),
  };
}

/** Asks, checks the question, and confirms. @param {string} namespace */
async function confirmCreate(namespace) {
  await button().click();
  await confirmation().waitFor();
  await page.getByRole('button', { name: `Create “${namespace}”` }).click();
}

test('with nothing to create through ARM, the button says why and sends nothing', async () => {
  const from = emulator.requests.length;
  const reasons = [
    [{ name: 'x', cluster: AKS, namespace: 'team-ns' }, /^No namespace to create\. The settings above have an error: Compute name: .+\. Fix it first \(the cursor is on that field\)\.$/],
    [{ cluster: ARC, namespace: 'team-ns' }, 'No namespace to create. Managed namespaces are AKS only: on an Arc cluster, create it with kubectl (the Commands section has the line).'],
    [{ cluster: AKS, namespace: '' }, 'No namespace to create. The compute uses the namespace default, which every cluster has.'],
    [{ cluster: AKS, namespace: 'default' }, 'No namespace to create. The compute uses the namespace default, which every cluster has.'],
  ];
  for (const [form, reason] of /** @type {[{ name?: string, cluster: string, namespace: string }, string | RegExp][]} */ (reasons)) {
    await fillForm(form);
    await button().click();
    await outcome().filter({ hasText: reason }).waitFor();
    if (typeof reason === 'string') assert.equal(await outcome().textContent(), reason);
    else {
      assert.match((await outcome().textContent()) ?? '', reason);
      // The cursor is on the field with the error.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'compute-name');
    }
    assert.equal(await outcome().getAttribute('data-state'), 'failed');
    assert.ok(await confirmation().isHidden(), 'no question asked');
  }
  assert.deepEqual(sentSince(from).lines, []);
});

test('the button asks first, accessibly; Cancel sends nothing and gives the focus back', async () => {
  await fillForm({ cluster: AKS, namespace: 'team-ns' });
  const from = emulator.requests.length;
  await button().click();
  await confirmation().waitFor();
  const group = page.getByRole('group', { name: /^Create the namespace “team-ns” on the AKS cluster / });
  assert.ok(await group.isVisible());
  assert.equal(await page.locator('#live-namespace-question code').textContent(), AKS);
  const yes = page.locator('#live-namespace-yes');
  assert.equal(await yes.textContent(), 'Create “team-ns”');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'live-namespace-yes');
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.ok(await confirmation().isHidden());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'live-namespace');
  assert.deepEqual(sentSince(from).lines, []);
});

test('confirmed, the page GETs, PUTs amlattach’s body, follows AKS’s operation and says it is created', async () => {
  await fillForm({ cluster: AKS, namespace: 'team-ns' });
  const from = emulator.requests.length;
  await confirmCreate('team-ns');
  await outcome().filter({ hasText: 'Created: the namespace team-ns is Succeeded.' }).waitFor({ timeout: 20_000 });
  assert.equal(await outcome().textContent(), 'Created: the namespace team-ns is Succeeded.');
  assert.equal(await outcome().getAttribute('data-state'), 'done');
  const sent = sentSince(from);
  assert.deepEqual(sent.lines, ['GET /managedNamespaces/team-ns 404', 'PUT /managedNamespaces/team-ns 201', 'GET operations 200', 'GET /managedNamespaces/team-ns 200']);
  // No pre-flight has read this cluster: no region in the body.
  assert.deepEqual(sent.bodies, [BODY]);
  assert.ok(await confirmation().isHidden());
  assert.match((await page.locator('#live-namespace-log').textContent()) ?? '', /Creating the namespace team-ns/);
  const state = emulator.state.resources.find((r) => r.id.toLowerCase() === `${AKS}/managedNamespaces/team-ns`.toLowerCase());
  assert.equal(state?.properties.provisioningState, 'Succeeded');
});

test('a second time ARM manages it already: only the GET goes out', async () => {
  const from = emulator.requests.length;
  await confirmCreate('team-ns');
  const said = 'ARM manages a namespace team-ns on this cluster already (Succeeded); nothing was sent.';
  await outcome().filter({ hasText: said }).waitFor({ timeout: 20_000 });
  assert.equal(await outcome().textContent(), said);
  assert.deepEqual(sentSince(from).lines, ['GET /managedNamespaces/team-ns 200']);
});

test('after the pre-flight for that cluster, the PUT names the cluster’s region', async () => {
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor();
  for (const [label, name] of [
    ['Workspace', 'mlw-prod'],
    ['Cluster', 'aks-prod-eastus'],
  ]) {
    const select = page.getByLabel(label, { exact: true });
    const value = await select.evaluate((element, name) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${name} (`))?.value, name);
    assert.ok(value, `no ${label} option for ${name}`);
    await select.selectOption(value);
  }
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await page.locator('#live-preflight-outcome').locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
  assert.equal((await page.locator('#v2-resource-id').inputValue()).toLowerCase(), AKS.toLowerCase());
  // The seed's cluster has this namespace already, unmanaged: IfIdentical takes it over.
  assert.ok(Object.values(emulator.state.kubernetesNamespaces ?? {}).flat().includes('team-legacy'));
  await page.locator('#v2-namespace').fill('team-legacy');
  const from = emulator.requests.length;
  await confirmCreate('team-legacy');
  await outcome().filter({ hasText: 'Created: the namespace team-legacy is Succeeded.' }).waitFor({ timeout: 20_000 });
  const sent = sentSince(from);
  assert.deepEqual(sent.lines, ['GET /managedNamespaces/team-legacy 404', 'PUT /managedNamespaces/team-legacy 201', 'GET operations 200', 'GET /managedNamespaces/team-legacy 200']);
  assert.deepEqual(sent.bodies, [{ ...BODY, location: 'eastus' }]);
});

test('a PUT refused for want of MFA gets a token with MFA in a popup and is sent once more', async () => {
  await fillForm({ cluster: AKS, namespace: 'team-mfa' });
  const rule = emulator.faults.add({ kind: 'mfa-required' });
  const from = emulator.requests.length;
  try {
    const popup = page.waitForEvent('popup');
    await confirmCreate('team-mfa');
    await (await popup).waitForEvent('close');
    await outcome().filter({ hasText: 'Created: the namespace team-mfa is Succeeded.' }).waitFor({ timeout: 20_000 });
    const sent = sentSince(from);
    assert.deepEqual(sent.lines, [
      'GET /managedNamespaces/team-mfa 404',
      'PUT /managedNamespaces/team-mfa 401 mfa-required',
      'PUT /managedNamespaces/team-mfa 201',
      'GET operations 200',
      'GET /managedNamespaces/team-mfa 200',
    ]);
    // The refused PUT never reached the resource provider, which is what logs a body.
    assert.deepEqual(sent.bodies, [undefined, { ...BODY, location: 'eastus' }]);
  } finally {
    emulator.faults.remove(rule);
  }
});

test('the region goes with the cluster the pre-flight read, never with another one', async () => {
  // The pre-flight above read aks-prod-eastus; the form now names aks-dev-small (westeurope).
  await fillForm({ cluster: AKS_DEV, namespace: 'team-dev' });
  const from = emulator.requests.length;
  await confirmCreate('team-dev');
  await outcome().filter({ hasText: 'Created: the namespace team-dev is Succeeded.' }).waitFor({ timeout: 20_000 });
  assert.deepEqual(sentSince(from).bodies, [BODY]);
});

test('no console problem but ARM’s 4xx answers the tests ask for', () => {
  // The 404 before each PUT, ARM's MFA refusal (401), the provider's refusal of the refresh
  // that asked for MFA (400, AADSTS50076).
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of 40[014] /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});
