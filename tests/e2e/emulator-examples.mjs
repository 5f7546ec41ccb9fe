// @ts-check
/**
 * How each official REST example (../shared/fixtures/azure-rest-api-specs/) is checked against
 * the ARM emulator: served (its response body answers a GET on its own path), accepted (its
 * request body sent unchanged is answered as the example says) or refused (an operation the
 * emulator does not serve is refused as ARM refuses an unknown type or method, and changes
 * nothing). The table of examples is in emulator-examples.test.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator } from '../emulator/server.mjs';
import { assertArmError, assertOwnUrl, assertSubset, call, FIXTURES, sleep } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Answer} Answer */

/** @param {string} file */
export const example = (file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

export const AKS = 'containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples';
export const MLX = 'machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/examples';
export const KC = 'kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01/examples';
export const ARG = 'resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/examples';

/** @param {string} id */
const subOf = (id) => /** @type {string} */ (/^\/?subscriptions\/([^/]+)/i.exec(id)?.[1]);

/**
 * A state holding these resources and the subscriptions their ids name.
 * @param {any[]} resources
 * @param {Record<string, unknown>} [extra]
 */
export function stateWith(resources, extra = {}) {
  const ids = [...new Set(resources.map((r) => subOf(r.id)))];
  return { subscriptions: ids.map((subscriptionId) => ({ subscriptionId })), resources, ...extra };
}

/**
 * Serves one example's 200 body through a GET on the example's own path, compared whole.
 * @param {string} file
 * @param {(p: any) => string} path from the example's parameters
 * @param {(body: any) => object} state
 * @param {(body: any, answer: Answer) => void} [compare]
 */
export function served(file, path, state, compare) {
  return async () => {
    const doc = example(file);
    const body = doc.responses['200'].body;
    const emulator = await startEmulator({ state: state(body) });
    try {
      const answer = await call(emulator, 'GET', path(doc.parameters));
      assert.equal(answer.status, 200, answer.text);
      if (compare !== undefined) compare(body, answer);
      else assert.deepEqual(answer.json, body);
    } finally {
      await emulator.close();
    }
  };
}

/**
 * Lists compare their items; nextLink is the emulator's own: on the last page `null` where the
 * example says null (extensions, as recorded too; SKUs), else absent (the others' examples show
 * a placeholder link).
 */
export const sameValue = (/** @type {any} */ body, /** @type {Answer} */ answer) => {
  assert.deepEqual(answer.json.value, body.value);
  assert.equal(answer.json.nextLink, body.nextLink === null ? null : undefined);
};

export const KUBERNETES_PUT = `${MLX}/Compute/createOrUpdate/KubernetesCompute.json`;
/** The cluster the ML examples attach, with the Azure ML extension installed. */
const exampleCluster = (/** @type {string} */ id) => [
  { id, name: id.split('/').pop(), type: 'Microsoft.ContainerService/ManagedClusters', location: 'eastus', properties: { provisioningState: 'Succeeded' } },
  {
    id: `${id}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`,
    name: 'azureml',
    type: 'Microsoft.KubernetesConfiguration/extensions',
    properties: { extensionType: 'Microsoft.AzureML.Kubernetes', provisioningState: 'Succeeded' },
  },
];
export const exampleWorkspace = (/** @type {any} */ p) => ({
  id: `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${p.workspaceName}`,
  name: p.workspaceName,
  type: 'Microsoft.MachineLearningServices/workspaces',
  location: 'eastus',
  properties: {},
});
export const computePath = (/** @type {any} */ p) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${p.workspaceName}/computes/${p.computeName}?api-version=${p['api-version']}`;

/**
 * Sends an example's PUT body unchanged; the answer is 201 with a real LRO, and its body holds
 * the example's 201 body. After the operation, GET holds the example's 200 body.
 * @param {string} file
 * @param {{ existing?: () => any, ignoreId?: boolean }} [options] `existing`: a compute already
 *   there, read when the test runs
 */
export function acceptedPut(file, { existing, ignoreId = false } = {}) {
  return async () => {
    const doc = example(file);
    const p = doc.parameters;
    const resourceId = p.parameters.properties.resourceId ?? '/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourcegroups/testrg123/providers/Microsoft.ContainerService/managedClusters/unused';
    const emulator = await startEmulator({
      state: stateWith([exampleWorkspace(p), ...exampleCluster(resourceId), ...(existing === undefined ? [] : [existing()])]),
      lro: { durationMs: 40 },
    });
    try {
      const answer = await call(emulator, 'PUT', computePath(p), { body: p.parameters });
      assert.equal(answer.status, 201, answer.text);
      assertOwnUrl(emulator, answer.headers.get('azure-asyncoperation'));
      // As Azure ML answers (recorded): no Location, no Retry-After.
      assert.equal(answer.headers.get('location'), null);
      assert.equal(answer.headers.get('retry-after'), null);
      const expected = structuredClone(doc.responses['201'].body);
      // "Update an AKS Compute" says Updating; a recorded PUT over an existing compute says
      // Creating (arm-recordings/ml-compute-put-existing-201.json), and so does the emulator.
      if (existing !== undefined) expected.properties.provisioningState = 'Creating';
      // BasicAKSCompute.json's id lacks the leading '/' (an upstream slip); ids always have it.
      if (ignoreId) delete expected.id;
      assertSubset(answer.json, expected);
      await sleep(60);
      const status = await call(emulator, 'GET', /** @type {string} */ (answer.headers.get('azure-asyncoperation')));
      assert.equal(status.json.status, 'Succeeded');
      const after200 = structuredClone(doc.responses['200'].body);
      if (ignoreId) delete after200.id;
      // The example's synchronous 200 may show a transient state; after the LRO it is Succeeded.
      after200.properties.provisioningState = 'Succeeded';
      assertSubset((await call(emulator, 'GET', computePath(p))).json, after200);
    } finally {
      await emulator.close();
    }
  };
}

export const MANAGED_NAMESPACE_PUT = `${AKS}/ManagedNamespacesCreate_Update.json`;

/**
 * The managed namespace example, served by the real PUT: its request body sent unchanged answers
 * 201 with the example's 201 body (`Updating`) and AKS's operation headers; once the operation
 * ends, GET answers the example's 200 body; the same PUT again answers 200, `Updating` until its
 * operation ends, then the 200 body again. The cluster's id is written as AKS writes it (lowercase
 * `resourcegroups`, as in the example's ids), the request path as clients write it.
 */
export async function managedNamespaceExample() {
  const doc = example(MANAGED_NAMESPACE_PUT);
  const p = doc.parameters;
  const created = doc.responses['201'].body;
  const updated = doc.responses['200'].body;
  const clusterId = created.id.replace(/\/managedNamespaces\/[^/]+$/, '');
  const cluster = { id: clusterId, name: p.resourceName, type: 'Microsoft.ContainerService/ManagedClusters', location: p.parameters.location, properties: { provisioningState: 'Succeeded', powerState: { code: 'Running' } } };
  const emulator = await startEmulator({ state: stateWith([cluster]), lro: { durationMs: 40 } });
  try {
    const path = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}/managedNamespaces/${p.managedNamespaceName}?api-version=${p['api-version']}`;
    const answer = await call(emulator, 'PUT', path, { body: p.parameters });
    assert.equal(answer.status, 201, answer.text);
    assert.deepEqual(answer.json, created);
    const operation = /** @type {string} */ (answer.headers.get('azure-asyncoperation'));
    assertOwnUrl(emulator, operation);
    assert.match(new URL(operation).pathname, new RegExp(`^/subscriptions/${p.subscriptionId}/providers/Microsoft\\.ContainerService/locations/eastus2/operations/[^/]+$`));
    assert.equal(new URL(operation).searchParams.get('api-version'), '2016-03-30');
    // As AKS answers (recorded): no Location on a PUT, no Retry-After.
    assert.equal(answer.headers.get('location'), null);
    assert.equal(answer.headers.get('retry-after'), null);
    await sleep(60);
    assert.equal((await call(emulator, 'GET', operation)).json.status, 'Succeeded');
    assert.deepEqual((await call(emulator, 'GET', path)).json, updated);

    const again = await call(emulator, 'PUT', path, { body: p.parameters });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json, { ...updated, properties: { ...updated.properties, provisioningState: 'Updating' } });
    assertOwnUrl(emulator, again.headers.get('azure-asyncoperation'));
    await sleep(60);
    assert.deepEqual((await call(emulator, 'GET', path)).json, updated);
  } finally {
    await emulator.close();
  }
}

/**
 * Resource Graph: the example's request body is sent unchanged (but for the next page's
 * $skipToken, which only the server that issued it can read) and the answer equals the
 * example's body (but for the $skipToken's value).
 * @param {string} file
 */
export function graphExample(file) {
  return async () => {
    const doc = example(file);
    const first = example(`${ARG}/ResourcesFirstPageQuery.json`);
    const next = example(`${ARG}/ResourcesNextPageQuery.json`);
    /** @param {any} row */
    const resource = (row) => ({ properties: {}, tags: {}, ...row });
    const paging = file.endsWith('PageQuery.json');
    const rows = paging ? [...first.responses['200'].body.data, ...next.responses['200'].body.data] : doc.responses['200'].body.data;
    const subscription = doc.parameters.query.subscriptions[0];
    const filler = [];
    // The paging examples count 386 records whose name contains 'test'; fill up with more disks.
    const matches = (/** @type {any} */ row) => /test/i.test(row.name);
    if (paging) {
      for (let i = rows.filter(matches).length; i < 386; i += 1) {
        filler.push({ id: `/subscriptions/${subscription}/resourceGroups/RG9/providers/Microsoft.Compute/disks/test_disk_${i}`, name: `test_disk_${i}`, type: 'Microsoft.Compute/disks', location: 'eastus' });
      }
    }
    const other = { id: `/subscriptions/${subscription}/resourceGroups/RG9/providers/Microsoft.Web/sites/site1`, name: 'site1', type: 'Microsoft.Web/sites', location: 'eastus' };
    const resources = [...rows, ...filler, ...(paging || file.includes('Filter') ? [other] : [])].map(resource);
    const emulator = await startEmulator({ state: { subscriptions: [{ subscriptionId: subscription }], resources } });
    try {
      const path = `/providers/Microsoft.ResourceGraph/resources?api-version=${doc.parameters['api-version']}`;
      let body = doc.parameters.query;
      if (file.endsWith('NextPageQuery.json')) {
        const page1 = await call(emulator, 'POST', path, { body: first.parameters.query });
        body = { ...body, options: { ...body.options, $skipToken: page1.json.$skipToken } };
      }
      const answer = await call(emulator, 'POST', path, { body });
      assert.equal(answer.status, 200, answer.text);
      const expected = structuredClone(doc.responses['200'].body);
      assert.equal(typeof answer.json.$skipToken, typeof expected.$skipToken);
      if (file.endsWith('NextPageQuery.json')) {
        // Upstream slip: the next page's first row ('second_OsDisk_…') does not contain 'test', so
        // it cannot come from this query; the rows that can are compared, then one filler row.
        expected.data = expected.data.filter(matches);
        assert.deepEqual(answer.json.data.slice(0, expected.data.length), expected.data);
        assert.equal(answer.json.data.length, expected.count);
        answer.json.data = expected.data;
      }
      assert.deepEqual({ ...answer.json, $skipToken: undefined }, { ...expected, $skipToken: undefined });
      assert.ok(answer.headers.get('x-ms-user-quota-remaining'));
    } finally {
      await emulator.close();
    }
  };
}

/**
 * An operation an example documents that the emulator does not serve, sent as a client sends
 * it (with the example's own request body, if any): refused with ARM's answer to a type it does
 * not know (404 `InvalidResourceType`) or a method a type does not allow (405
 * `MethodNotAllowed`), and the state unchanged. The state holds the resources the path names,
 * so the refusal is for the operation, not for a missing parent.
 * @param {string} file
 * @param {string} method
 * @param {(p: any) => string} path from the example's parameters
 * @param {() => any[]} resources read when the test runs
 * @param {'InvalidResourceType' | 'MethodNotAllowed'} code
 * @param {(p: any) => unknown} [body] from the example's parameters
 */
export function refused(file, method, path, resources, code, body) {
  return async () => {
    const p = example(file).parameters;
    const emulator = await startEmulator({ state: stateWith(resources()) });
    try {
      const before = JSON.stringify(emulator.state);
      const answer = await call(emulator, method, path(p), { body: body?.(p) });
      assertArmError(answer, code === 'MethodNotAllowed' ? 405 : 404, code);
      assert.equal(JSON.stringify(emulator.state), before, 'the state is unchanged');
    } finally {
      await emulator.close();
    }
  };
}

export const CREATE_EXTENSION = `${KC}/CreateExtension.json`;
export const PATCH_EXTENSION = `${KC}/PatchExtension.json`;
export const EXTENSION_OPERATION = `${KC}/GetExtensionAsyncOperationStatus.json`;
/** The Arc cluster the extension examples name. */
export const ARC_CLUSTER = { id: '/subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1', name: 'clusterName1', type: 'Microsoft.Kubernetes/connectedClusters', location: 'eastus' };
/** @param {any} p an extension example's parameters */
export const extensionPath = (p) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions/${p.extensionName}`;

/**
 * An extension write's operation headers, as CreateExtension.json and PatchExtension.json show
 * them: `Azure-AsyncOperation` absolute on the emulator's host, `…/extensions/{name}/operations/{id}`
 * with the request's api-version; `Operation-Location` the same path without host and query;
 * `x-ms-async-operation-timeout: PT48H`. Returns the status URL.
 * @param {import('./emulator-rig.mjs').Emulator} emulator
 * @param {Answer} answer
 * @param {string} path the extension's path
 * @param {string} apiVersion
 */
export function assertExtensionOperationHeaders(emulator, answer, path, apiVersion) {
  const status = /** @type {string} */ (answer.headers.get('azure-asyncoperation'));
  assertOwnUrl(emulator, status);
  const url = new URL(status);
  assert.match(url.pathname, new RegExp(`^${path.replace(/[.]/g, '\\.')}/operations/[0-9a-f-]{36}$`));
  assert.equal(url.search, `?api-version=${apiVersion}`);
  assert.equal(answer.headers.get('operation-location'), url.pathname);
  assert.equal(answer.headers.get('x-ms-async-operation-timeout'), 'PT48H');
  assert.equal(answer.headers.get('location'), null);
  return status;
}

/**
 * An example's extension body as the emulator answers a request: CreateExtension.json's answers
 * say `autoUpgradeMinorVersion: true` and `version: "0.1.4"` although its request sent `false` and
 * no version (an upstream slip: a pinned version with auto-upgrade on is the very combination the
 * service refuses); the emulator answers as requested. Their `systemData` is placeholders
 * ("string"): compared by its keys only.
 * @param {any} body
 * @param {any} request the example's request body
 */
function asRequested(body, request) {
  const expected = structuredClone(body);
  delete expected.systemData;
  expected.properties.autoUpgradeMinorVersion = request.properties.autoUpgradeMinorVersion;
  expected.properties.version = request.properties.version ?? null;
  return expected;
}

/**
 * CreateExtension.json, served by the real PUT: its request body sent unchanged answers 201 with
 * its 201 body (`Creating`, `currentVersion: null`, no protected settings) and its headers; once
 * the operation ends, GET answers its 200 body; the same PUT again answers the 200 (`Succeeded`,
 * `Operation-Location` and the timeout, no `Azure-AsyncOperation`, an operation already done).
 */
export async function createExtensionExample() {
  const doc = example(CREATE_EXTENSION);
  const p = doc.parameters;
  const emulator = await startEmulator({ state: stateWith([ARC_CLUSTER]), lro: { durationMs: 40 } });
  try {
    const path = `${extensionPath(p)}?api-version=${p['api-version']}`;
    const answer = await call(emulator, 'PUT', path, { body: p.extension });
    assert.equal(answer.status, 201, answer.text);
    const status = assertExtensionOperationHeaders(emulator, answer, extensionPath(p), p['api-version']);
    assertSubset(answer.json, asRequested(doc.responses['201'].body, p.extension));
    assert.deepEqual(Object.keys(answer.json.systemData).sort(), Object.keys(doc.responses['201'].body.systemData).sort());
    assert.ok(!('configurationProtectedSettings' in answer.json.properties), 'x-ms-secret: never returned');
    await sleep(60);
    assert.equal((await call(emulator, 'GET', status)).json.status, 'Succeeded');
    const installed = asRequested(doc.responses['200'].body, p.extension);
    const get = await call(emulator, 'GET', path);
    assertSubset(get.json, installed);
    assert.ok(!('configurationProtectedSettings' in get.json.properties));

    const again = await call(emulator, 'PUT', path, { body: p.extension });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.headers.get('azure-asyncoperation'), null);
    assert.equal(again.headers.get('x-ms-async-operation-timeout'), 'PT48H');
    const done = /** @type {string} */ (again.headers.get('operation-location'));
    assert.match(done, new RegExp(`^${extensionPath(p)}/operations/[0-9a-f-]{36}$`));
    assert.equal((await call(emulator, 'GET', `${done}?api-version=${p['api-version']}`)).json.status, 'Succeeded');
    assertSubset(again.json, installed);
  } finally {
    await emulator.close();
  }
}

/**
 * PatchExtension.json over the extension GetExtension.json shows: its request body sent unchanged
 * answers 202 with its 202 body (`Updating`) and its headers, the protected settings replaced
 * (kept apart, never returned); once the operation ends, the same PATCH changes nothing and
 * answers 200 with its 200 body and no operation.
 */
export async function patchExtensionExample() {
  const doc = example(PATCH_EXTENSION);
  const p = doc.parameters;
  const stored = example(`${KC}/GetExtension.json`).responses['200'].body;
  const emulator = await startEmulator({ state: stateWith([ARC_CLUSTER, stored]), lro: { durationMs: 40 } });
  try {
    const path = `${extensionPath(p)}?api-version=${p['api-version']}`;
    const answer = await call(emulator, 'PATCH', path, { body: p.patchExtension });
    assert.equal(answer.status, 202, answer.text);
    const status = assertExtensionOperationHeaders(emulator, answer, extensionPath(p), p['api-version']);
    assertSubset(answer.json, doc.responses['202'].body);
    assert.ok(!('configurationProtectedSettings' in answer.json.properties));
    assert.deepEqual(emulator.state.extensionProtectedSettings?.[stored.id.toLowerCase()], p.patchExtension.properties.configurationProtectedSettings);
    await sleep(60);
    assert.equal((await call(emulator, 'GET', status)).json.status, 'Succeeded');
    const unchanged = await call(emulator, 'PATCH', path, { body: p.patchExtension });
    assert.equal(unchanged.status, 200, unchanged.text);
    assert.equal(unchanged.headers.get('azure-asyncoperation'), null);
    assertSubset(unchanged.json, doc.responses['200'].body);
  } finally {
    await emulator.close();
  }
}

/**
 * GetExtensionAsyncOperationStatus.json, served by the operation of CreateExtension.json's PUT:
 * once it ends, its status answers the example's body, the operation's id and name in place of
 * the example's.
 */
export async function extensionOperationExample() {
  const doc = example(EXTENSION_OPERATION);
  const create = example(CREATE_EXTENSION).parameters;
  const emulator = await startEmulator({ state: stateWith([ARC_CLUSTER]), lro: { durationMs: 40 } });
  try {
    const put = await call(emulator, 'PUT', `${extensionPath(create)}?api-version=${create['api-version']}`, { body: create.extension });
    const status = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
    const running = await call(emulator, 'GET', status);
    assert.equal(running.json.status, 'InProgress');
    await sleep(60);
    const answer = await call(emulator, 'GET', status);
    assert.equal(answer.status, 200, answer.text);
    const operationId = /** @type {string} */ (new URL(status).pathname.split('/').pop());
    const expected = doc.responses['200'].body;
    assert.deepEqual(answer.json, { ...expected, id: expected.id.replace(doc.parameters.operationId, operationId), name: operationId });
  } finally {
    await emulator.close();
  }
}
