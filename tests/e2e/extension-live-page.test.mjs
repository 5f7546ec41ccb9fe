// @ts-check
/**
 * The extension form's "Install the extension through ARM…" and "Update it through ARM…" as a
 * user drives them: signed in for real with MSAL.js against the local OpenID Connect provider,
 * the ARM emulator accepting only its tokens. The buttons ask first in the page (Cancel sends
 * nothing); without a pre-flight or "Find" the core asks for the cluster's region and nothing is
 * sent; a cluster "Find" listed is installed without a pre-flight, in the region it was listed in;
 * an update where there is no extension sends its GET alone and says so; after the pre-flight an
 * install GETs, PUTs, follows the operation and GETs the extension, and the page says it is
 * installed; an inference install with the router's default HA on a one-node cluster ends failed
 * with the extension's E40002 status listed; after the pre-flight of a cluster whose extension
 * has other settings, the field says what the installed one has; the PEM files' text goes into
 * the PUT's protected settings and nowhere else. What ARM refuses is in
 * extension-live-failures.test.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { axeViolations, recordProblems } from './browser.mjs';
import { addCluster, armSentSince, chooseCluster, confirmExtension, runPreflight, signedInPage, signIn, startLiveRig } from './live-rig.mjs';

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
/** Where the PEM files are made. @type {string} */
let scratch;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'amlattach-extension-live-'));
  // A certificate for the CNAME the form will give, and its key.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem'), '-days', '30', '-subj', '/CN=ml.contoso.com', '-addext', 'subjectAltName=DNS:ml.contoso.com'],
    { stdio: 'ignore' },
  );
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

after(async () => {
  await rig?.close();
  await rm(scratch, { recursive: true, force: true });
});

const outcome = () => page.locator('#live-extension-outcome');
const install = () => page.getByRole('button', { name: 'Install the extension through ARM…' });
const confirmation = () => page.locator('#live-extension-confirm');

/** The ARM requests the emulator logged since `from`. @param {number} from */
const sentSince = (from) => armSentSince(emulator, from);

/** Asks and confirms an install. */
const confirm = () => confirmExtension(page, 'install');

/**
 * The body of the last extension write the emulator logged (its protected settings' values
 * left out by the emulator).
 * @param {string} method
 */
function lastBody(method) {
  const write = emulator.requests.filter((r) => r.method === method && /\/extensions\/azureml$/i.test(r.path)).at(-1);
  assert.ok(write, `no ${method} of the extension`);
  return /** @type {any} */ (write.body);
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
  await confirm();
  await outcome().locator('xpath=self::*[@data-state="failed"]').waitFor({ timeout: 20_000 });
  const said = (await outcome().textContent()) ?? '';
  assert.match(said, /region/i);
  assert.match(said, /\.$/);
  assert.deepEqual(sentSince(from), []);
});

test('a cluster “Find” listed is installed without a pre-flight, in the region it was listed in', async () => {
  const cluster = emulator.state.resources.find((r) => r.id.toLowerCase() === SANDBOX.toLowerCase());
  assert.ok(cluster?.location, 'no aks-sandbox in the seed');
  await chooseCluster(page, SANDBOX);
  const listed = await page.getByLabel('Cluster', { exact: true }).evaluate((element) => /** @type {HTMLSelectElement} */ (element).selectedOptions[0]?.text ?? '');
  assert.match(listed, new RegExp(`^aks-sandbox \\([^,]+, ${cluster.location}, .*no Azure ML extension\\)$`));
  assert.equal((await page.locator('#live-preflight-outcome').textContent()) ?? '', '', 'no pre-flight ran');
  await page.locator('#live-extension-install:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await confirm();
  await outcome().filter({ hasText: /^Installed: / }).waitFor({ timeout: 30_000 });
  assert.equal(await outcome().getAttribute('data-state'), 'done');
  const sent = sentSince(from);
  assert.deepEqual(sent.slice(0, 2), ['GET /extensions/azureml 404', 'PUT /extensions/azureml 201'], sent.join('\n'));
  assert.equal(sent.at(-1), 'GET /extensions/azureml 200');
  // Only the extension's own requests: nothing read the cluster on the way.
  assert.ok(sent.every((line) => /\/extensions\/azureml/.test(line)), sent.join('\n'));
  const settings = lastBody('PUT').properties.configurationSettings;
  assert.equal(settings.location, cluster.location);
  assert.equal(settings.jobSchedulerLocation, cluster.location);
});

test('an update where the cluster has no extension sends the GET alone and says to install it', async () => {
  // Listed by the test before's “Find”, so its region is known; the seed gives it no extension.
  await chooseCluster(page, ONE_NODE);
  await page.locator('#live-extension-update:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await confirmExtension(page, 'update');
  await outcome().filter({ hasText: /^Not installed: / }).waitFor({ timeout: 20_000 });
  assert.equal(await outcome().getAttribute('data-state'), 'failed');
  assert.equal(
    await outcome().textContent(),
    'Not installed: this cluster has no extension “azureml”, so nothing was updated. Install it with “Install the extension through ARM…”.',
  );
  assert.deepEqual(sentSince(from), ['GET /extensions/azureml 404']);
  assert.ok(!emulator.state.resources.some((r) => r.id.toLowerCase().startsWith(`${ONE_NODE.toLowerCase()}/providers/microsoft.kubernetesconfiguration/`)));
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
});

test('confirmed after the pre-flight: GET, PUT, the operation, GET, and “Installed”', async () => {
  // aks-sandbox has local accounts disabled, an error of the form's once the pre-flight reads it.
  await runPreflight(page, ONE_NODE);
  await page.locator('#live-extension-install:not([disabled])').waitFor();
  const from = emulator.requests.length;
  await confirm();
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
  await confirm();
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

test('after the pre-flight of a cluster whose extension has another router type, the field says what the installed one has', async () => {
  // Installed with nodePort, as the form is after the update above (inference, nodePort, insecure).
  const id = addCluster(emulator, {
    name: 'aks-ml-nodeport',
    extension: { enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'nodePort', allowInsecureConnections: 'True', inferenceRouterHA: 'False' },
  });
  await runPreflight(page, id);
  assert.equal(await page.getByLabel('inferenceRouterServiceType').inputValue(), 'nodePort');
  const differs = page.locator('#ext-inferenceRouterServiceType-verdict li[data-code="extension-installed-differs"]');
  await page.getByLabel('inferenceRouterServiceType').selectOption('loadBalancer');
  await differs.waitFor();
  assert.equal(await differs.getAttribute('data-severity'), 'info');
  assert.equal(await differs.getAttribute('data-path'), 'config.inferenceRouterServiceType');
  // The core's words (src/extension/installed.rs, `compare`), after the renderer's severity.
  assert.equal(await differs.textContent(), "Note: The installed extension has nodePort: the az-update target (or arm-patch-az-rest) sets this spec's value");
  // The same value again: nothing to say at the field.
  await page.getByLabel('inferenceRouterServiceType').selectOption('nodePort');
  await differs.waitFor({ state: 'detached' });
});

test('the PEM files chosen in the form go into the PUT’s protected settings, and nowhere else', async () => {
  const { context, page: tab, problems: tabProblems } = await signedInPage(rig);
  const id = addCluster(emulator, { name: 'aks-ml-tls', location: 'westeurope' });
  const certificate = await readFile(join(scratch, 'cert.pem'), 'utf8');
  const key = await readFile(join(scratch, 'key.pem'), 'utf8');
  const encoded = { cert: Buffer.from(certificate).toString('base64'), key: Buffer.from(key).toString('base64') };
  /** @type {string[]} what ARM answered the page about the extension */
  const answers = [];
  tab.on('response', async (response) => {
    if (/\/extensions\/azureml/i.test(response.url()) && response.request().method() !== 'OPTIONS') answers.push(await response.text().catch(() => ''));
  });
  try {
    await chooseCluster(tab, id);
    await tab.getByLabel('enableInference').check();
    await tab.getByLabel('inferenceRouterServiceType').selectOption('nodePort');
    await tab.getByLabel('sslCname').fill('ml.contoso.com');
    await tab.getByLabel('sslCertPemFile').setInputFiles(join(scratch, 'cert.pem'));
    await tab.getByLabel('sslKeyPemFile').setInputFiles(join(scratch, 'key.pem'));
    await tab.locator('#live-extension-install:not([disabled])').waitFor();
    const from = emulator.requests.length;
    await confirmExtension(tab, 'install');
    await tab.locator('#live-extension-outcome').filter({ hasText: /^Installed: / }).waitFor({ timeout: 30_000 });
    const sent = armSentSince(emulator, from);
    assert.deepEqual(sent.slice(0, 2), ['GET /extensions/azureml 404', 'PUT /extensions/azureml 201'], sent.join('\n'));

    // The emulator keeps what the PUT's protected settings said apart, and logs their names only.
    const body = lastBody('PUT');
    assert.deepEqual(body.properties.configurationProtectedSettings, { 'scoringFe.sslCert': null, 'scoringFe.sslKey': null });
    assert.equal(body.properties.configurationSettings.sslCname, 'ml.contoso.com');
    assert.equal(body.properties.configurationSettings.sslCertPemFile, undefined);
    const extension = `${id}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`.toLowerCase();
    assert.deepEqual(emulator.state.extensionProtectedSettings?.[extension], { 'scoringFe.sslCert': encoded.cert, 'scoringFe.sslKey': encoded.key });

    // ARM never answers them back: not in the PUT's answer, not in the GET's.
    assert.ok(answers.length >= 3, `${answers.length} answers`);
    const pemParts = [...certificate.split('\n').slice(1, 4), ...key.split('\n').slice(1, 4), 'BEGIN CERTIFICATE', 'PRIVATE KEY'];
    for (const answer of answers) {
      for (const secret of [encoded.cert, encoded.key, encoded.key.slice(0, 40), ...pemParts]) assert.ok(!answer.includes(secret), `an answer holds a secret: ${answer.slice(0, 200)}`);
      const settings = answer === '' ? undefined : JSON.parse(answer).properties?.configurationProtectedSettings;
      assert.ok(settings === undefined || Object.values(settings).every((v) => v === null || v === ''), answer);
    }

    // Nor is the text anywhere in the page.
    const everything = await tab.evaluate(() => ({
      html: document.documentElement.outerHTML,
      session: JSON.stringify({ ...sessionStorage }),
      local: JSON.stringify({ ...localStorage }),
      url: location.href,
    }));
    for (const part of [...pemParts, encoded.cert.slice(0, 40), encoded.key.slice(0, 40)]) {
      for (const [where, text] of Object.entries(everything)) assert.ok(!text.includes(part), `${where} holds the PEM text (${part})`);
    }
    const unexpected = tabProblems.filter((p) => !/^Failed to load resource: the server responded with a status of 404 /.test(p));
    assert.deepEqual(unexpected, [], unexpected.join('\n'));
  } finally {
    await context.close();
  }
});

test('no console problem but ARM’s 404 before the PUT', () => {
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of 404 /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});
