// @ts-check
/**
 * The Azure ML extension installed and updated from the page's live module against the ARM
 * emulator, which serves the extension writes as the 2025-03-01 contract and its examples do and
 * fails an install the way the extension's healthcheck does: an install GETs first and PUTs the
 * body filled with the cluster's region, follows the operation to the extension's end state,
 * and never PUTs over one that exists; an update PATCHes; an inference install on one node ends Failed with
 * its statuses (E40002); a secret the page does not take stops the call before anything is sent.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openSite, runLive } from './live-module.mjs';

/** The seed's AKS clusters with no Azure ML extension: three nodes in westus2, and one in westeurope. */
const SANDBOX = '/subscriptions/3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f/resourceGroups/rg-sandbox/providers/Microsoft.ContainerService/managedClusters/aks-sandbox';
const ONE_NODE = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-basic';

/** @type {Awaited<ReturnType<typeof openSite>>} */
let site;
/** @type {Awaited<ReturnType<typeof openSite>>['emulator']} */
let emulator;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  site = await openSite({ port: 0, lro: { durationMs: 300, retryAfterSeconds: 1 } });
  ({ emulator, page } = site);
});

after(async () => {
  await site?.close();
});

/**
 * @param {unknown} spec
 * @param {Record<string, unknown>} write
 */
function install(spec, write) {
  return runLive(page, emulator.url, 'installExtension', [spec, write], [emulator.token({})]);
}

/** The extension requests the emulator logged since `from` (not CORS preflights), as `METHOD path-tail`. */
function extensionRequests(from = 0) {
  return emulator.requests
    .slice(from)
    .filter((r) => r.method !== 'OPTIONS' && /extensions/i.test(r.path))
    .map((r) => `${r.method} ${r.path.replace(/^.*\/extensions/i, 'extensions')}`);
}

test('an install GETs, PUTs with the region filled in, follows the operation and reads the extension back', async () => {
  const from = emulator.requests.length;
  const spec = { cluster: SANDBOX, config: { enableTraining: true } };
  const { result, error, progress } = await install(spec, { mode: 'install', location: 'westus2' });
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(result.result, 'installed', JSON.stringify(result));
  assert.equal(result.extension.provisioning_state, 'Succeeded');
  assert.ok(result.extension.version, 'a version after the install');
  const sent = extensionRequests(from);
  assert.equal(sent[0], 'GET extensions/azureml');
  assert.equal(sent[1], 'PUT extensions/azureml');
  assert.ok(sent.slice(2).some((s) => s.startsWith('GET extensions/azureml/operations/')), sent.join('\n'));
  assert.equal(sent.at(-1), 'GET extensions/azureml');
  const put = emulator.requests.slice(from).find((r) => r.method === 'PUT');
  const settings = /** @type {any} */ (put?.body).properties.configurationSettings;
  assert.equal(settings.location, 'westus2');
  assert.equal(settings.domain, 'westus2.cloudapp.azure.com');
  assert.equal(settings.enableTraining, 'True');
  assert.equal(settings.cluster_name.toLowerCase(), SANDBOX.toLowerCase());
  assert.ok(progress.length > 0, 'progress reported');
});

test('a second install sends only the GET, and an update PATCHes', async () => {
  let from = emulator.requests.length;
  const spec = { cluster: SANDBOX, config: { enableTraining: true } };
  const again = await install(spec, { mode: 'install', location: 'westus2' });
  assert.equal(again.result.result, 'already-installed');
  assert.deepEqual(extensionRequests(from), ['GET extensions/azureml']);
  from = emulator.requests.length;
  const updated = await install({ ...spec, config: { enableTraining: true, installDcgmExporter: true } }, { mode: 'update', location: 'westus2' });
  assert.equal(updated.result.result, 'installed', JSON.stringify(updated));
  assert.equal(extensionRequests(from)[1], 'PATCH extensions/azureml');
});

test("an inference install on one node fails as the extension's healthcheck fails it, with its statuses", async () => {
  const spec = {
    cluster: ONE_NODE,
    config: { enableInference: true, inferenceRouterServiceType: 'nodePort', allowInsecureConnections: true },
  };
  const { result, error } = await install(spec, { mode: 'install', location: 'westeurope' });
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(result.result, 'failed', JSON.stringify(result));
  assert.equal(result.extension.provisioning_state, 'Failed');
  assert.ok(result.extension.statuses.some((/** @type {string} */ s) => s.includes('E40002')), result.extension.statuses.join('\n'));
});

test('a secret the page does not take, or a spec with errors, stops the call before anything is sent', async () => {
  const from = emulator.requests.length;
  const relay = { cluster: SANDBOX.replace('Microsoft.ContainerService/managedClusters', 'Microsoft.Kubernetes/connectedClusters'), config: { enableTraining: true }, config_protected: { relayServerConnectionString: '$AML_RELAY' } };
  const secret = await install(relay, { mode: 'install', location: 'westus2' });
  assert.equal(secret.error?.code, 'needs-input', JSON.stringify(secret));
  const invalid = await install({ cluster: SANDBOX, config: { enableInference: true } }, { mode: 'install', location: 'westus2' });
  assert.equal(invalid.error?.code, 'invalid-spec');
  const noRegion = await install({ cluster: SANDBOX, config: { enableTraining: true } }, { mode: 'install' });
  assert.equal(noRegion.error?.code, 'needs-input');
  assert.deepEqual(extensionRequests(from), []);
});
