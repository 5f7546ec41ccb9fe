// @ts-check
/**
 * The ARM emulator's long-running attach and detach: a compute PUT answers 201 with an
 * Azure-AsyncOperation URL that ends Succeeded or in a configured failure, a cluster without the
 * Azure ML extension fails as the service does, a PUT over an existing compute overwrites it
 * (logged), and DELETE needs underlyingResourceAction and answers Azure-AsyncOperation only (a
 * Location when `lro.headers` asks for one, ending 204).
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { AKS_PROD, assertArmError, assertOwnUrl, call, ML, sleep, SUB_B, WS_PROD } from './emulator-rig.mjs';

/**
 * How long an operation runs in these tests: long enough for the checks made while it runs on a
 * loaded two-core machine (100 ms was not, in a namespaces test).
 */
const OPERATION_MS = 1000;

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

describe('long-running operations', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({
      lro: { durationMs: OPERATION_MS, retryAfterSeconds: 0, outcomes: { 'k8s-fail': { status: 'Failed', error: { code: 'BadRequest', message: 'attach failed' } } } },
    });
  });
  after(() => emulator.close());

  /** @param {string} name @param {string} [cluster] */
  const attach = (name, cluster = AKS_PROD) =>
    call(emulator, 'PUT', `${WS_PROD}/computes/${name}?${ML}`, { body: { location: 'eastus', properties: { computeType: 'Kubernetes', resourceId: cluster, properties: { namespace: 'azureml' } } } });

  test('PUT answers 201 with Azure-AsyncOperation, which says InProgress, then Succeeded', async () => {
    const put = await attach('k8s-ok');
    assert.equal(put.status, 201, put.text);
    assert.equal(put.json.properties.provisioningState, 'Creating');
    assert.equal(put.headers.get('retry-after'), '0');
    const operation = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, operation);
    assert.equal((await call(emulator, 'GET', operation)).json.status, 'InProgress');
    assertArmError(await attach('k8s-ok'), 409, 'Conflict');
    await sleep(OPERATION_MS + 100);
    const done = await call(emulator, 'GET', operation);
    assert.equal(done.status, 200);
    assert.equal(done.json.status, 'Succeeded');
    const compute = await call(emulator, 'GET', `${WS_PROD}/computes/k8s-ok?${ML}`);
    assert.equal(compute.json.properties.provisioningState, 'Succeeded');
    assert.equal(compute.json.properties.properties.namespace, 'azureml');
  });

  test('a configured failure ends Failed with error and provisioningErrors', async () => {
    const put = await attach('k8s-fail');
    await sleep(OPERATION_MS + 100);
    const status = await call(emulator, 'GET', /** @type {string} */ (put.headers.get('azure-asyncoperation')));
    assert.equal(status.json.status, 'Failed');
    assert.deepEqual(status.json.error, { code: 'BadRequest', message: 'attach failed' });
    const compute = await call(emulator, 'GET', `${WS_PROD}/computes/k8s-fail?${ML}`);
    assert.equal(compute.json.properties.provisioningState, 'Failed');
    assert.deepEqual(compute.json.properties.provisioningErrors, [{ error: { code: 'BadRequest', message: 'attach failed' } }]);
  });

  test('attaching a cluster without the Azure ML extension fails like the service', async () => {
    const basic = `/subscriptions/${SUB_B}/resourcegroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-basic`;
    const put = await attach('k8s-noext', basic);
    await sleep(OPERATION_MS + 100);
    const status = await call(emulator, 'GET', /** @type {string} */ (put.headers.get('azure-asyncoperation')));
    assert.equal(status.json.status, 'Failed');
    assert.match(status.json.error.message, /extension is not installed/);
  });

  test('PUT over an existing compute overwrites it, and the log says so', async () => {
    const before = emulator.requests.length;
    const put = await call(emulator, 'PUT', `${WS_PROD}/computes/aks-v1-infer?${ML}`, { body: { properties: { computeType: 'AKS', resourceId: AKS_PROD } } });
    assert.equal(put.status, 201);
    // Creating, not Updating: as Azure ML answered a recorded PUT over an existing compute.
    assert.equal(put.json.properties.provisioningState, 'Creating');
    const overwrites = emulator.requests.slice(before).filter((r) => r.method === 'PUT' && r.replacedExisting);
    assert.equal(overwrites.length, 1);
  });

  test('DELETE needs underlyingResourceAction and answers 202 with Azure-AsyncOperation only, which ends Succeeded', async () => {
    const path = `${WS_PROD}/computes/k8s-train?${ML}`;
    assertArmError(await call(emulator, 'DELETE', path), 400, 'BadRequest');
    assertArmError(await call(emulator, 'DELETE', `${path}&underlyingResourceAction=Remove`), 400, 'BadRequest');
    const detach = await call(emulator, 'DELETE', `${path}&underlyingResourceAction=Detach`);
    assert.equal(detach.status, 202);
    assert.equal(detach.text, '');
    assert.equal(detach.headers.get('content-length'), '0');
    assert.equal(detach.headers.get('location'), null);
    const operation = /** @type {string} */ (detach.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, operation);
    assert.deepEqual((await call(emulator, 'GET', operation)).json, { status: 'InProgress' });
    assert.equal((await call(emulator, 'GET', path)).json.properties.provisioningState, 'Deleting');
    await sleep(OPERATION_MS + 100);
    assert.deepEqual((await call(emulator, 'GET', operation)).json, { status: 'Succeeded', percentComplete: 100 });
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    const entry = emulator.requests.find((r) => r.method === 'DELETE' && r.status === 202);
    assert.equal(entry?.query.underlyingResourceAction, 'Detach');
  });

  test('with lro.headers asking for a Location, a DELETE names one, which answers 202, then 204', async () => {
    emulator.settings.lro.headers = { MachineLearningServices: { delete: ['Azure-AsyncOperation', 'Location'] } };
    try {
      const detach = await call(emulator, 'DELETE', `${WS_PROD}/computes/cpu-cluster?${ML}&underlyingResourceAction=Delete`);
      assert.equal(detach.status, 202);
      const location = /** @type {string} */ (detach.headers.get('location'));
      assertOwnUrl(emulator, location);
      assertOwnUrl(emulator, detach.headers.get('azure-asyncoperation'));
      const running = await call(emulator, 'GET', location);
      assert.equal(running.status, 202);
      assert.equal(running.headers.get('location'), location);
      await sleep(OPERATION_MS + 100);
      assert.equal((await call(emulator, 'GET', location)).status, 204);
    } finally {
      delete emulator.settings.lro.headers;
    }
  });
});
