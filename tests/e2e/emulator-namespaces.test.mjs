// @ts-check
/**
 * The ARM emulator's AKS managed namespaces: create and update with AKS's operation URLs (the
 * status shapes as recorded), configured failures, paging, the refusals (system namespaces, names,
 * policies, quotas), adoption of a namespace the cluster already has, DELETE with Keep or Delete,
 * and a stopped cluster.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { AKS_PROD, assertArmError, assertOwnUrl, call, listAll, recording, sleep, SUB_A, SUB_B } from './emulator-rig.mjs';

/**
 * How long an operation runs in these tests. The checks made while it runs take a few requests:
 * on a loaded two-core machine 100 ms was not always enough for them (a cold CI run saw the
 * operation end before its in-progress checks), so it runs a second.
 */
const OPERATION_MS = 1000;

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

describe('AKS managed namespaces', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ lro: { durationMs: OPERATION_MS, retryAfterSeconds: 0, outcomes: { 'ns-fail': { status: 'Failed', error: { code: 'InternalError', message: 'KubeClient failed to create the namespace' } } } } });
  });
  after(() => emulator.close());

  const NS_API = 'api-version=2025-10-01';
  /** @param {string} name @param {string} [cluster] */
  const ns = (name, cluster = AKS_PROD) => `${cluster}/managedNamespaces/${name}?${NS_API}`;
  /** What amlattach sends (src/arm/requests.rs managed_namespace_body). */
  const body = { properties: { adoptionPolicy: 'IfIdentical', deletePolicy: 'Keep', defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' } } };
  /**
   * The keys of a recorded AKS operation status (a missing recording fails the test).
   * @param {string} name
   */
  const recordedKeys = (name) => Object.keys(recording(name)).sort();
  /** The cluster's Kubernetes namespaces ARM does not manage, as the state lists them. */
  const unmanaged = () => emulator.state.kubernetesNamespaces?.[AKS_PROD] ?? [];

  test('absent answers 404; PUT creates it (201, Updating, AKS’s operation URL), which says InProgress then Succeeded as recorded; then GET', async () => {
    const absent = await call(emulator, 'GET', ns('team-new'));
    assertArmError(absent, 404, 'ResourceNotFound');
    assert.equal(
      absent.json.error.message,
      "The Resource 'Microsoft.ContainerService/managedClusters/aks-prod-eastus/managedNamespaces/team-new' under resource group 'rg-aks-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    const put = await call(emulator, 'PUT', ns('team-new'), { body, headers: { Origin: 'http://127.0.0.1:8080' } });
    assert.equal(put.status, 201, put.text);
    assert.deepEqual(put.json, {
      id: `${AKS_PROD}/managedNamespaces/team-new`,
      name: 'team-new',
      type: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
      // No location sent: the cluster's.
      location: 'eastus',
      properties: { ...body.properties, provisioningState: 'Updating' },
    });
    assert.equal(put.headers.get('retry-after'), '0');
    const operation = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, operation);
    assert.equal(new URL(operation).pathname.replace(/[^/]+$/, '{id}'), `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/locations/eastus/operations/{id}`);
    assert.equal(new URL(operation).search, '?api-version=2016-03-30');
    assert.ok((put.headers.get('access-control-expose-headers') ?? '').split(', ').includes('Azure-AsyncOperation'));
    assert.deepEqual(emulator.requests.at(-1)?.body, body);

    const running = await call(emulator, 'GET', operation);
    assert.equal(running.status, 200);
    assert.deepEqual(Object.keys(running.json).sort(), recordedKeys('aks-operation-inprogress-200.json'));
    assert.equal(running.json.status, 'InProgress');
    assert.equal(running.json.name, new URL(operation).pathname.split('/').pop());
    assert.equal((await call(emulator, 'GET', ns('team-new'))).json.properties.provisioningState, 'Updating');
    assertArmError(await call(emulator, 'PUT', ns('team-new'), { body }), 409, 'OperationNotAllowed');

    await sleep(OPERATION_MS + 100);
    const done = await call(emulator, 'GET', operation);
    assert.deepEqual(Object.keys(done.json).sort(), recordedKeys('aks-operation-succeeded-200.json'));
    assert.equal(done.json.status, 'Succeeded');
    assert.ok(Date.parse(done.json.endTime) >= Date.parse(done.json.startTime));
    const read = await call(emulator, 'GET', ns('team-new'));
    assert.equal(read.status, 200);
    assert.equal(read.json.properties.provisioningState, 'Succeeded');

    // The same PUT again updates it: 200, Updating, another operation.
    const update = await call(emulator, 'PUT', ns('team-new'), { body: { ...body, tags: { team: 'new' } } });
    assert.equal(update.status, 200, update.text);
    assert.equal(update.json.properties.provisioningState, 'Updating');
    assert.notEqual(update.headers.get('azure-asyncoperation'), operation);
    assertArmError(await call(emulator, 'PUT', ns('team-new'), { body: { ...body, location: 'westus2' } }), 409, 'OperationNotAllowed');
    await sleep(OPERATION_MS + 100);
    assertArmError(await call(emulator, 'PUT', ns('team-new'), { body: { ...body, location: 'westus2' } }), 400, 'InvalidResourceLocation');
    const patched = await call(emulator, 'PATCH', ns('team-new'), { body: { tags: { team: 'renamed' } } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json.tags, { team: 'renamed' });
  });

  test('a configured failure ends Failed, with the error in the status', async () => {
    const put = await call(emulator, 'PUT', ns('ns-fail'), { body });
    assert.equal(put.status, 201);
    await sleep(OPERATION_MS + 100);
    const status = await call(emulator, 'GET', /** @type {string} */ (put.headers.get('azure-asyncoperation')));
    assert.equal(status.json.status, 'Failed');
    assert.deepEqual(status.json.error, { code: 'InternalError', message: 'KubeClient failed to create the namespace' });
    assert.equal((await call(emulator, 'GET', ns('ns-fail'))).json.properties.provisioningState, 'Failed');
  });

  test('the list pages with absolute nextLinks; Arc clusters have no managed namespaces', async () => {
    await call(emulator, 'PUT', ns('team-list'), { body });
    const { items, pages } = await listAll(emulator, `${AKS_PROD}/managedNamespaces?${NS_API}`);
    assert.ok(items.length >= 2, `${items.length}`);
    assert.ok(items.some((n) => n.name === 'team-research' && n.properties.provisioningState === 'Succeeded'), 'the seeded one');
    assert.ok(items.some((n) => n.name === 'team-list'));
    assert.ok(items.every((n) => n.type === 'Microsoft.ContainerService/managedClusters/managedNamespaces' && n.id.startsWith(`${AKS_PROD}/managedNamespaces/`)));
    assert.equal(pages.length, Math.ceil(items.length / emulator.settings.pageSize), 'the seed pages by 2');
    for (const page of pages.slice(0, -1)) assertOwnUrl(emulator, page.nextLink);
    const other = `/subscriptions/${SUB_B}/resourcegroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev-basic`;
    assert.deepEqual((await listAll(emulator, `${other}/managedNamespaces?${NS_API}`)).items, []);
    assertArmError(await call(emulator, 'GET', `${AKS_PROD.replace('aks-prod-eastus', 'nope')}/managedNamespaces?${NS_API}`), 404, 'ResourceNotFound');
    const arc = `/subscriptions/${SUB_B}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-onprem-01`;
    assertArmError(await call(emulator, 'GET', `${arc}/managedNamespaces?api-version=2024-01-01`), 404, 'InvalidResourceType');
    assertArmError(await call(emulator, 'PUT', `${arc}/managedNamespaces/team-a?api-version=2024-01-01`, { body }), 404, 'InvalidResourceType');
    // The resource is stable from 2025-09-01.
    assert.equal((await call(emulator, 'GET', `${AKS_PROD}/managedNamespaces?api-version=2025-09-01`)).status, 200);
    assertArmError(await call(emulator, 'GET', `${AKS_PROD}/managedNamespaces?api-version=2025-08-01`), 400, 'NoRegisteredProviderFound');
  });

  test('system namespaces, bad names, policies and quotas are refused with 400 and nothing is created', async () => {
    for (const name of ['kube-system', 'kube-public', 'kube-node-lease', 'app-routing-system', 'istio-system', 'gatekeeper-system', 'default']) {
      const refused = await call(emulator, 'PUT', ns(name), { body });
      assertArmError(refused, 400, 'InvalidParameter');
      assert.match(refused.json.error.message, /system namespace/);
    }
    for (const name of ['Team-A', 'team_a', '-team', 'team-', 'a'.repeat(64), 'team.a']) {
      const refused = await call(emulator, 'PUT', ns(encodeURIComponent(name)), { body });
      assertArmError(refused, 400, 'InvalidParameter');
      assert.equal(refused.json.error.target, 'managedNamespaceName');
    }
    /** @type {[string, unknown][]} */
    const bad = [
      ['properties.adoptionPolicy', { adoptionPolicy: 'Sometimes' }],
      ['properties.deletePolicy', { deletePolicy: 'Remove' }],
      ['properties.defaultNetworkPolicy.ingress', { defaultNetworkPolicy: { ingress: 'Open' } }],
      ['properties.defaultNetworkPolicy.egress', { defaultNetworkPolicy: { egress: 'AllowNone' } }],
      ['properties.defaultResourceQuota.cpuRequest', { defaultResourceQuota: { cpuRequest: '1' } }],
      ['properties.defaultResourceQuota.cpuLimit', { defaultResourceQuota: { cpuLimit: 2 } }],
      ['properties.defaultResourceQuota.memoryLimit', { defaultResourceQuota: { memoryLimit: '5GB' } }],
      ['properties.labels', { labels: { team: 1 } }],
    ];
    for (const [target, properties] of bad) {
      const refused = await call(emulator, 'PUT', ns('team-bad'), { body: { properties } });
      assertArmError(refused, 400, 'InvalidParameter');
      assert.equal(refused.json.error.target, target);
    }
    assertArmError(await call(emulator, 'GET', ns('team-bad')), 404, 'ResourceNotFound');
    // The longest name, and a quota in the documented forms.
    const quota = { cpuRequest: '500m', cpuLimit: '1000m', memoryRequest: '512Mi', memoryLimit: '1Gi' };
    assert.equal((await call(emulator, 'PUT', ns('a'.repeat(63)), { body: { properties: { defaultResourceQuota: quota } } })).status, 201);
  });

  test('adoption: Never on an existing Kubernetes namespace is a 409, IfIdentical and Always take it over', async () => {
    assert.ok(unmanaged().includes('team-legacy'), 'the seed has it, unmanaged');
    const never = await call(emulator, 'PUT', ns('team-legacy'), { body: { properties: { ...body.properties, adoptionPolicy: 'Never' } } });
    assertArmError(never, 409, 'Conflict');
    assert.equal(never.json.error.target, 'properties.adoptionPolicy');
    // Without adoptionPolicy, Never (as the Azure CLI sends by default).
    assertArmError(await call(emulator, 'PUT', ns('team-legacy'), { body: {} }), 409, 'Conflict');
    assertArmError(await call(emulator, 'GET', ns('team-legacy')), 404, 'ResourceNotFound');
    const taken = await call(emulator, 'PUT', ns('team-legacy'), { body });
    assert.equal(taken.status, 201, taken.text);
    assert.ok(!unmanaged().includes('team-legacy'), 'ARM manages it now');
    // An extension's release namespace exists too.
    assertArmError(await call(emulator, 'PUT', ns('azureml'), { body: { properties: { adoptionPolicy: 'Never' } } }), 409, 'Conflict');
    assert.equal((await call(emulator, 'PUT', ns('azureml'), { body: { properties: { adoptionPolicy: 'Always' } } })).status, 201);
    // A namespace the cluster does not have is created whatever the policy.
    assert.equal((await call(emulator, 'PUT', ns('team-fresh'), { body: { properties: { adoptionPolicy: 'Never' } } })).status, 201);
  });

  test('DELETE answers 202 with AKS’s operation URLs, 204 when absent; Keep leaves the Kubernetes namespace, Delete removes it', async () => {
    await call(emulator, 'PUT', ns('team-keep'), { body });
    await call(emulator, 'PUT', ns('team-drop'), { body: { properties: { ...body.properties, deletePolicy: 'Delete' } } });
    await sleep(OPERATION_MS + 100);
    const del = await call(emulator, 'DELETE', ns('team-keep'));
    assert.equal(del.status, 202, del.text);
    assert.equal(del.text, '');
    const operation = /** @type {string} */ (del.headers.get('azure-asyncoperation'));
    const location = /** @type {string} */ (del.headers.get('location'));
    assertOwnUrl(emulator, operation);
    assertOwnUrl(emulator, location);
    assert.match(new URL(location).pathname, /\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operationresults\/[^/]+$/);
    assert.equal(del.headers.get('retry-after'), '0');
    assert.equal((await call(emulator, 'GET', ns('team-keep'))).json.properties.provisioningState, 'Deleting');
    assertArmError(await call(emulator, 'DELETE', ns('team-keep')), 409, 'OperationNotAllowed');
    assert.equal((await call(emulator, 'GET', location)).status, 202);
    assert.equal((await call(emulator, 'GET', operation)).json.status, 'InProgress');
    await sleep(OPERATION_MS + 100);
    assert.equal((await call(emulator, 'GET', operation)).json.status, 'Succeeded');
    assert.equal((await call(emulator, 'GET', location)).status, 204);
    assertArmError(await call(emulator, 'GET', ns('team-keep')), 404, 'ResourceNotFound');
    assert.equal((await call(emulator, 'DELETE', ns('team-keep'))).status, 204);
    // Keep: the namespace stays in Kubernetes, unmanaged; making it managed again needs adoption.
    assert.ok(unmanaged().includes('team-keep'));
    assertArmError(await call(emulator, 'PUT', ns('team-keep'), { body: { properties: { adoptionPolicy: 'Never' } } }), 409, 'Conflict');
    // Delete: gone from Kubernetes too.
    assert.equal((await call(emulator, 'DELETE', ns('team-drop'))).status, 202);
    await sleep(OPERATION_MS + 100);
    assertArmError(await call(emulator, 'GET', ns('team-drop')), 404, 'ResourceNotFound');
    assert.ok(!unmanaged().includes('team-drop'));
  });

  test('a stopped cluster refuses managed-namespace writes', async () => {
    const cluster = emulator.state.resources.find((r) => r.id === AKS_PROD);
    assert.ok(cluster);
    cluster.properties.powerState = { code: 'Stopped' };
    try {
      assertArmError(await call(emulator, 'PUT', ns('team-stopped'), { body }), 409, 'OperationNotAllowed');
      assert.equal((await call(emulator, 'GET', ns('team-research'))).status, 200, 'reads still work');
    } finally {
      cluster.properties.powerState = { code: 'Running' };
    }
  });
});
