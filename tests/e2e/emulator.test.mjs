// @ts-check
/**
 * The ARM emulator (tests/emulator/) against the published contract: every official example in
 * ../shared/fixtures/azure-rest-api-specs/ for the operations it serves is served (its response
 * body) or accepted unchanged (its request body); then paging, long-running operations, CORS
 * (in Node and in Chromium), tokens, every fault, rate limits, the admin API and the CLI.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { generateState, makeToken, SEED, startEmulator } from '../emulator/server.mjs';
import { makeManagedNamespace } from '../emulator/state.mjs';
import { ROOT, launchBrowser } from './browser.mjs';

const FIXTURES = process.env.AMLATTACH_FIXTURES ?? resolve(ROOT, '../shared/fixtures/azure-rest-api-specs');
/** Real ARM answers others recorded (../shared/fixtures/arm-recordings/INDEX.md). */
const RECORDINGS = resolve(FIXTURES, '../arm-recordings');
const TOKEN = makeToken();
const seed = JSON.parse(readFileSync(SEED, 'utf8'));
const SUB_A = seed.subscriptions[0].subscriptionId;
const SUB_B = seed.subscriptions[1].subscriptionId;
const WS_PROD = `/subscriptions/${SUB_A}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod`;
const AKS_PROD = `/subscriptions/${SUB_A}/resourcegroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus`;
const ML = 'api-version=2025-12-01';

/**
 * @typedef {Awaited<ReturnType<typeof startEmulator>>} Emulator
 * @typedef {{ status: number, headers: Headers, text: string, json: any }} Answer
 */

/**
 * One request to the emulator, with a valid token unless told otherwise.
 * @param {Emulator} emulator
 * @param {string} method
 * @param {string} path a path with query, or an absolute URL
 * @param {{ body?: unknown, token?: string | null, headers?: Record<string, string>, signal?: AbortSignal }} [options]
 * @returns {Promise<Answer>}
 */
async function call(emulator, method, path, { body, token = TOKEN, headers = {}, signal } = {}) {
  /** @type {Record<string, string>} */
  const all = { ...headers };
  if (token !== null) all.Authorization = `Bearer ${token}`;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  const response = await fetch(path.startsWith('http') ? path : `${emulator.url}${path}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Follows nextLinks to the end; returns every item and the pages.
 * @param {Emulator} emulator
 * @param {string} path
 */
async function listAll(emulator, path) {
  const items = [];
  const pages = [];
  /** @type {string | undefined} */
  let next = path;
  while (next !== undefined) {
    const answer = await call(emulator, 'GET', next);
    assert.equal(answer.status, 200, answer.text);
    pages.push(answer.json);
    items.push(...answer.json.value);
    next = answer.json.nextLink ?? undefined;
  }
  return { items, pages };
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Every key of `expected` is in `actual` with an equal value (arrays element by element).
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} [path]
 */
function assertSubset(actual, expected, path = '$') {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertSubset(actual[i], item, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) assertSubset(/** @type {any} */ (actual)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/**
 * @param {Answer} answer
 * @param {number} status
 * @param {string} code
 */
function assertArmError(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
  assert.equal(typeof answer.json.error.message, 'string');
}

/**
 * An absolute URL on the emulator's host that carries an api-version.
 * @param {Emulator} emulator
 * @param {string | null} url
 */
function assertOwnUrl(emulator, url) {
  assert.ok(url !== null && url.startsWith(`${emulator.url}/`), `not on the emulator's host: ${url}`);
  assert.ok(new URL(url).searchParams.get('api-version'), `no api-version in ${url}`);
}

// ---- Official examples ----

/** @param {string} file */
const example = (file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

const AKS = 'containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples';
const MLX = 'machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01/examples';
const KC = 'kubernetesconfiguration/resource-manager/Microsoft.KubernetesConfiguration/extensions/stable/2025-03-01/examples';
const ARG = 'resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/examples';

/** @param {string} id */
const subOf = (id) => /** @type {string} */ (/^\/?subscriptions\/([^/]+)/i.exec(id)?.[1]);

/**
 * A state holding these resources and the subscriptions their ids name.
 * @param {any[]} resources
 * @param {Record<string, unknown>} [extra]
 */
function stateWith(resources, extra = {}) {
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
function served(file, path, state, compare) {
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

/** Lists compare their items; nextLink is the emulator's own (absent on the last page). */
const sameValue = (/** @type {any} */ body, /** @type {Answer} */ answer) => {
  assert.deepEqual(answer.json.value, body.value);
  assert.equal(answer.json.nextLink, undefined);
};

const KUBERNETES_PUT = `${MLX}/Compute/createOrUpdate/KubernetesCompute.json`;
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
const exampleWorkspace = (/** @type {any} */ p) => ({
  id: `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${p.workspaceName}`,
  name: p.workspaceName,
  type: 'Microsoft.MachineLearningServices/workspaces',
  location: 'eastus',
  properties: {},
});
const computePath = (/** @type {any} */ p) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${p.workspaceName}/computes/${p.computeName}?api-version=${p['api-version']}`;

/**
 * Sends an example's PUT body unchanged; the answer is 201 with a real LRO, and its body holds
 * the example's 201 body. After the operation, GET holds the example's 200 body.
 * @param {string} file
 * @param {{ existing?: any, ignoreId?: boolean }} [options]
 */
function acceptedPut(file, { existing, ignoreId = false } = {}) {
  return async () => {
    const doc = example(file);
    const p = doc.parameters;
    const resourceId = p.parameters.properties.resourceId ?? '/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourcegroups/testrg123/providers/Microsoft.ContainerService/managedClusters/unused';
    const emulator = await startEmulator({
      state: stateWith([exampleWorkspace(p), ...exampleCluster(resourceId), ...(existing === undefined ? [] : [existing])]),
      lro: { durationMs: 40 },
    });
    try {
      const answer = await call(emulator, 'PUT', computePath(p), { body: p.parameters });
      assert.equal(answer.status, 201, answer.text);
      assertOwnUrl(emulator, answer.headers.get('azure-asyncoperation'));
      assert.ok(answer.headers.get('retry-after'));
      const expected = structuredClone(doc.responses['201'].body);
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

const MANAGED_NAMESPACE_PUT = `${AKS}/ManagedNamespacesCreate_Update.json`;

/**
 * The managed namespace example, served by the real PUT: its request body sent unchanged answers
 * 201 with the example's 201 body (`Updating`) and AKS's operation headers; once the operation
 * ends, GET answers the example's 200 body; the same PUT again answers 200, `Updating` until its
 * operation ends, then the 200 body again. The cluster's id is written as AKS writes it (lowercase
 * `resourcegroups`, as in the example's ids), the request path as clients write it.
 */
async function managedNamespaceExample() {
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
    assert.ok(answer.headers.get('retry-after'));
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

/** @type {Record<string, { served?: () => Promise<void>, accepted?: () => Promise<void>, notApplicable?: string }>} */
const EXAMPLES = {
  'resources/resource-manager/Microsoft.Resources/subscriptions/stable/2019-11-01/examples/GetSubscriptions.json': {
    served: served(
      'resources/resource-manager/Microsoft.Resources/subscriptions/stable/2019-11-01/examples/GetSubscriptions.json',
      (p) => `/subscriptions?api-version=${p['api-version']}`,
      (body) => ({ subscriptions: body.value }),
      sameValue,
    ),
  },
  'resources/resource-manager/Microsoft.Resources/subscriptions/examples/2022-12-01/GetSubscriptions.json': {
    served: served(
      'resources/resource-manager/Microsoft.Resources/subscriptions/examples/2022-12-01/GetSubscriptions.json',
      (p) => `/subscriptions?api-version=${p['api-version']}`,
      (body) => ({ subscriptions: body.value }),
      sameValue,
    ),
  },
  [`${AKS}/ManagedClustersGet.json`]: {
    served: served(
      `${AKS}/ManagedClustersGet.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${p['api-version']}`,
      (body) => stateWith([body]),
    ),
  },
  [`${AKS}/ManagedClustersList.json`]: {
    served: served(
      `${AKS}/ManagedClustersList.json`,
      (p) => `/subscriptions/${p.subscriptionId}/providers/Microsoft.ContainerService/managedClusters?api-version=${p['api-version']}`,
      (body) => stateWith(body.value),
      sameValue,
    ),
  },
  [`${AKS}/ManagedClustersListByResourceGroup.json`]: {
    served: served(
      `${AKS}/ManagedClustersListByResourceGroup.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters?api-version=${p['api-version']}`,
      (body) => stateWith(body.value),
      sameValue,
    ),
  },
  [`${AKS}/ManagedClustersCreate_PrivateClusterPublicFQDN.json`]: {
    served: served(
      `${AKS}/ManagedClustersCreate_PrivateClusterPublicFQDN.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${p['api-version']}`,
      (body) => stateWith([body]),
    ),
    notApplicable: 'its PUT: the tool never creates clusters; its 200 body (a private cluster with public FQDN, basic LB) is served by GET',
  },
  [`${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`]: {
    served: served(
      `${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${p['api-version']}`,
      (body) => stateWith([body]),
    ),
    notApplicable: 'its PUT: the tool never creates clusters; its 200 body is served by GET',
  },
  [`${AKS}/AgentPoolsList.json`]: {
    served: served(
      `${AKS}/AgentPoolsList.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}/agentPools?api-version=${p['api-version']}`,
      (body) => {
        const pool = body.value[0];
        const clusterId = pool.id.replace(/\/agentPools\/[^/]+$/, '');
        return stateWith([{ id: clusterId, name: 'clustername1', type: 'Microsoft.ContainerService/ManagedClusters', location: 'location1', properties: { agentPoolProfiles: [{ name: pool.name, ...pool.properties }] } }]);
      },
      // Pools are derived from the cluster's agentPoolProfiles; the emulator adds their `type`.
      (body, answer) => assertSubset(answer.json.value, body.value),
    ),
  },
  [`${AKS}/KubernetesVersions_List.json`]: {
    served: served(
      `${AKS}/KubernetesVersions_List.json`,
      (p) => `/subscriptions/${p.subscriptionId}/providers/Microsoft.ContainerService/locations/${p.location}/kubernetesVersions?api-version=${p['api-version']}`,
      (body) => ({ subscriptions: [{ subscriptionId: '00000000-0000-0000-0000-000000000000' }], kubernetesVersions: { location1: body.values } }),
    ),
  },
  [MANAGED_NAMESPACE_PUT]: { served: managedNamespaceExample },
  [`${AKS}/ManagedClustersGetUpgradeProfile.json`]: {
    notApplicable: 'upgrade profiles are not served: the tool reads the region’s versions from kubernetesVersions (azure-facts §4.5)',
  },
  'containerservice/resource-manager/Microsoft.ContainerService/stable/2019-08-01/examples/ContainerServiceListOrchestrators.json': {
    notApplicable: 'ListOrchestrators is the legacy 2019-08-01 API, absent from current AKS api-versions (azure-facts §4.5, §11.10)',
  },
  [`${KC}/ListExtensions.json`]: {
    served: served(
      `${KC}/ListExtensions.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=${p['api-version']}`,
      (body) =>
        stateWith([
          { id: '/subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1', name: 'clusterName1', type: 'Microsoft.Kubernetes/connectedClusters', location: 'eastus' },
          ...body.value,
        ]),
      sameValue,
    ),
  },
  [`${KC}/GetExtension.json`]: {
    served: served(
      `${KC}/GetExtension.json`,
      (p) =>
        `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions/${p.extensionName}?api-version=${p['api-version']}`,
      (body) =>
        stateWith([{ id: '/subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1', name: 'clusterName1', type: 'Microsoft.Kubernetes/connectedClusters' }, body]),
    ),
  },
  [`${KC}/GetExtensionAsyncOperationStatus.json`]: {
    notApplicable: 'extension operations: the tool does not install or change extensions yet (a later issue installs the Azure ML extension), it only reads them',
  },
  [`${KC}/CreateExtension.json`]: {
    served: served(
      `${KC}/CreateExtension.json`,
      (p) =>
        `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions/${p.extensionName}?api-version=${p['api-version']}`,
      (body) =>
        stateWith([{ id: '/subscriptions/subId1/resourceGroups/rg1/providers/Microsoft.Kubernetes/connectedClusters/clusterName1', name: 'clusterName1', type: 'Microsoft.Kubernetes/connectedClusters' }, body]),
    ),
    notApplicable:
      'its PUT: the tool does not install extensions yet (a later issue installs the Azure ML extension), so the emulator serves no extension writes; its 200 body (the extension once installed) is served by GET',
  },
  [`${KC}/PatchExtension.json`]: {
    notApplicable: 'PATCH of an extension: the tool does not change extensions (a later issue installs the Azure ML extension), so the emulator serves no extension writes; its bodies carry no id to serve them by',
  },
  'compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/examples/skus/ListAvailableResourceSkus.json': {
    served: served(
      'compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/examples/skus/ListAvailableResourceSkus.json',
      (p) => `/subscriptions/${p.subscriptionId}/providers/Microsoft.Compute/skus?api-version=${p['api-version']}&$filter=${encodeURIComponent("location eq 'westus'")}`,
      (body) => ({ subscriptions: [{ subscriptionId: '{subscription-id}' }], skus: body.value }),
      sameValue,
    ),
  },
  [`${MLX}/Workspace/get.json`]: {
    served: served(
      `${MLX}/Workspace/get.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/${p.workspaceName}?api-version=${p['api-version']}`,
      (body) => stateWith([body]),
    ),
  },
  [`${MLX}/Compute/get/AKSCompute.json`]: {
    served: served(`${MLX}/Compute/get/AKSCompute.json`, computePath, (body) => stateWith([exampleWorkspace(example(`${MLX}/Compute/get/AKSCompute.json`).parameters), body])),
  },
  [`${MLX}/Compute/get/KubernetesCompute.json`]: {
    served: served(`${MLX}/Compute/get/KubernetesCompute.json`, computePath, (body) =>
      stateWith([exampleWorkspace(example(`${MLX}/Compute/get/KubernetesCompute.json`).parameters), body]),
    ),
  },
  [`${MLX}/Compute/list.json`]: {
    served: served(
      `${MLX}/Compute/list.json`,
      (p) => computePath({ ...p, computeName: '' }).replace('/computes/?', '/computes?'),
      (body) => stateWith([exampleWorkspace(example(`${MLX}/Compute/list.json`).parameters), ...body.value]),
      sameValue,
    ),
  },
  [KUBERNETES_PUT]: { accepted: acceptedPut(KUBERNETES_PUT) },
  [`${MLX}/Compute/createOrUpdate/AKSCompute.json`]: {
    // "Update an AKS Compute": over an existing compute, so the 201 says Updating as in the example.
    accepted: acceptedPut(`${MLX}/Compute/createOrUpdate/AKSCompute.json`, { existing: example(`${MLX}/Compute/get/AKSCompute.json`).responses['200'].body }),
  },
  [`${MLX}/Compute/createOrUpdate/BasicAKSCompute.json`]: {
    accepted: acceptedPut(`${MLX}/Compute/createOrUpdate/BasicAKSCompute.json`, { ignoreId: true }),
  },
  [`${MLX}/Compute/delete.json`]: {
    accepted: async () => {
      const doc = example(`${MLX}/Compute/delete.json`);
      const p = doc.parameters;
      const compute = example(`${MLX}/Compute/get/AKSCompute.json`).responses['200'].body;
      const emulator = await startEmulator({ state: stateWith([exampleWorkspace(p), compute]), lro: { durationMs: 40 } });
      try {
        const path = `${computePath(p)}&underlyingResourceAction=${p.underlyingResourceAction}`;
        const answer = await call(emulator, 'DELETE', path);
        assert.equal(answer.status, 202, answer.text);
        assert.deepEqual(Object.keys(doc.responses).sort(), ['200', '202', '204']);
        assertOwnUrl(emulator, answer.headers.get('azure-asyncoperation'));
        assertOwnUrl(emulator, answer.headers.get('location'));
        await sleep(60);
        assert.equal((await call(emulator, 'GET', /** @type {string} */ (answer.headers.get('location')))).status, 204);
        // The example's 204: deleting a compute that does not exist.
        assert.equal((await call(emulator, 'DELETE', path)).status, 204);
      } finally {
        await emulator.close();
      }
    },
  },
  [`${MLX}/Compute/listKeys.json`]: {
    notApplicable: 'listKeys returns cluster secrets (kubeconfigs); the tool never reads them, so the emulator does not serve them',
  },
  [`${MLX}/VirtualMachineSize/list.json`]: {
    served: served(
      `${MLX}/VirtualMachineSize/list.json`,
      (p) => `/subscriptions/${p.subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${p.location}/vmSizes?api-version=${p['api-version']}`,
      (body) => ({ subscriptions: [{ subscriptionId: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345' }], machineLearningVmSizes: { eastus: body.value } }),
    ),
  },
  [`${ARG}/ResourcesBasicQuery.json`]: { accepted: graphExample(`${ARG}/ResourcesBasicQuery.json`) },
  [`${ARG}/ResourcesFilterQuery.json`]: { accepted: graphExample(`${ARG}/ResourcesFilterQuery.json`) },
  [`${ARG}/ResourcesFirstPageQuery.json`]: { accepted: graphExample(`${ARG}/ResourcesFirstPageQuery.json`) },
  [`${ARG}/ResourcesNextPageQuery.json`]: { accepted: graphExample(`${ARG}/ResourcesNextPageQuery.json`) },
};

/**
 * Resource Graph: the example's request body is sent unchanged (but for the next page's
 * $skipToken, which only the server that issued it can read) and the answer equals the
 * example's body (but for the $skipToken's value).
 * @param {string} file
 */
function graphExample(file) {
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

describe('official examples', { skip: existsSync(FIXTURES) ? false : `no fixtures at ${FIXTURES}` }, () => {
  test('every example file is classified', () => {
    /** @param {string} dir @returns {string[]} */
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
    const files = walk(FIXTURES).map((f) => relative(FIXTURES, f));
    assert.deepEqual(files.sort(), Object.keys(EXAMPLES).sort());
    assert.equal(files.length, 32);
  });
  for (const [file, check] of Object.entries(EXAMPLES)) {
    if (check.served !== undefined) test(`served: ${file}`, check.served);
    if (check.accepted !== undefined) test(`accepted: ${file}`, check.accepted);
    if (check.served === undefined && check.accepted === undefined) test(`does not apply: ${file} (${check.notApplicable})`, () => {});
  }
});

// ---- Behaviour over the seed state ----

describe('the seed state', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ lro: { durationMs: 100 } });
  });
  after(() => emulator.close());

  test('holds what the tests and the client need', () => {
    const state = emulator.state;
    assert.equal(state.subscriptions.length, 3);
    const clusters = state.resources.filter((r) => r.type === 'Microsoft.ContainerService/ManagedClusters');
    assert.ok(clusters.some((c) => c.properties.apiServerAccessProfile?.enablePrivateCluster));
    assert.ok(clusters.some((c) => c.properties.apiServerAccessProfile?.authorizedIPRanges?.length));
    assert.ok(clusters.some((c) => c.properties.disableLocalAccounts));
    assert.ok(clusters.some((c) => c.properties.networkProfile.loadBalancerSku === 'basic'));
    assert.ok(state.resources.filter((r) => r.type === 'Microsoft.Kubernetes/connectedClusters').length >= 2);
    const computes = state.resources.filter((r) => r.type === 'Microsoft.MachineLearningServices/workspaces/computes');
    assert.ok(computes.some((c) => c.properties.computeType === 'AKS' && c.properties.resourceId));
    assert.ok(computes.some((c) => c.properties.computeType === 'Kubernetes' && c.properties.resourceId));
    assert.equal(state.resources.filter((r) => r.type === 'Microsoft.MachineLearningServices/workspaces').length, 2);
    // A managed namespace (as the builder makes it), and a Kubernetes namespace ARM does not manage (to adopt).
    const cluster = /** @type {import('../emulator/state.mjs').ArmResource} */ (state.resources.find((r) => r.id === AKS_PROD));
    assert.deepEqual(
      state.resources.find((r) => r.type === 'Microsoft.ContainerService/managedClusters/managedNamespaces'),
      makeManagedNamespace({ cluster, name: 'team-research' }),
    );
    assert.deepEqual(state.kubernetesNamespaces?.[AKS_PROD], ['team-legacy']);
  });

  test('lists page with absolute nextLinks that keep the api-version', async () => {
    const { items, pages } = await listAll(emulator, `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`);
    assert.equal(items.length, 3);
    assert.equal(pages.length, 2);
    assertOwnUrl(emulator, pages[0].nextLink);
    assert.ok(new URL(pages[0].nextLink).searchParams.has('$skipToken'));
    const subscriptions = await listAll(emulator, '/subscriptions?api-version=2022-12-01');
    assert.deepEqual(
      subscriptions.items.map((s) => s.displayName),
      ['Contoso ML Production', 'Contoso ML Dev', 'Contoso Sandbox'],
    );
    const computes = await listAll(emulator, `${WS_PROD}/computes?${ML}`);
    assert.equal(computes.items.length, 3);
    assert.ok(new URL(computes.pages[0].nextLink).searchParams.has('$skip'), 'computes page with $skip');
  });

  test('an empty page can still carry a nextLink', async () => {
    emulator.settings.emptyFirstPage = true;
    try {
      const { items, pages } = await listAll(emulator, `/subscriptions/${SUB_B}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters?api-version=2024-01-01`);
      assert.deepEqual(pages[0].value, []);
      assert.ok(pages[0].nextLink);
      assert.deepEqual(
        items.map((c) => c.name),
        ['arc-onprem-01', 'arc-edge-02'],
      );
    } finally {
      emulator.settings.emptyFirstPage = false;
    }
  });

  test('Resource Graph: KQL subset, projections, PascalCase extension properties, $skipToken paging', async () => {
    const path = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';
    const query =
      "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, subscriptionId, ver=tostring(properties.currentKubernetesVersion), lb=tostring(properties.networkProfile.loadBalancerSku), api=properties.apiServerAccessProfile";
    const rows = [];
    /** @type {string | undefined} */
    let skipToken;
    let pages = 0;
    do {
      const answer = await call(emulator, 'POST', path, { body: { query, options: { $top: 2, resultFormat: 'objectArray', ...(skipToken ? { $skipToken: skipToken } : {}) } } });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json.resultTruncated, 'false');
      assert.equal(answer.json.totalRecords, 6);
      rows.push(...answer.json.data);
      skipToken = answer.json.$skipToken;
      pages += 1;
    } while (skipToken !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(Object.keys(rows[0]), ['id', 'name', 'subscriptionId', 'ver', 'lb', 'api']);
    assert.ok(rows.some((r) => r.lb === 'basic'));

    const scoped = await call(emulator, 'POST', path, { body: { subscriptions: [SUB_B], query: "Resources | where type =~ 'Microsoft.Kubernetes/connectedClusters' | project id, name" } });
    assert.deepEqual(
      scoped.json.data.map((/** @type {any} */ r) => r.name),
      ['arc-onprem-01', 'arc-edge-02'],
    );

    const extensions = await call(emulator, 'POST', path, {
      body: {
        query:
          "KubernetesConfigurationResources | where type =~ 'microsoft.kubernetesconfiguration/extensions' | where tolower(tostring(properties.ExtensionType)) == 'microsoft.azureml.kubernetes' | project id, state=tostring(properties.ProvisioningState)",
      },
    });
    assert.equal(extensions.json.count, 6);
    assert.ok(extensions.json.data.some((/** @type {any} */ r) => r.state === 'Failed'));

    const table = await call(emulator, 'POST', path, { body: { query: 'Resources | project id, name | limit 1', options: { resultFormat: 'table' } } });
    assert.deepEqual(table.json.data.columns, [
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
    ]);
    const noId = await call(emulator, 'POST', path, { body: { query: 'Resources | project name', options: { $top: 1 } } });
    assert.equal(noId.json.resultTruncated, 'true');
    assert.equal(noId.json.$skipToken, undefined);

    const wrongToken = await call(emulator, 'POST', path, { body: { query: 'Resources | project id', options: { $skipToken: skipToken ?? 'eyJvIjoyfQ==' } } });
    assertArmError(wrongToken, 400, 'BadRequest');
    const unsupported = await call(emulator, 'POST', path, { body: { query: 'Resources | summarize count() by type' } });
    assertArmError(unsupported, 400, 'BadRequest');
    assert.equal(unsupported.json.error.details[1].code, 'UnsupportedByEmulator');
  });

  test('role assignments of a principal at a scope', async () => {
    const principal = emulator.state.resources.find((r) => r.name === 'mlw-prod')?.identity.principalId;
    const base = `${AKS_PROD}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`;
    const mine = await listAll(emulator, `${base}&$filter=${encodeURIComponent(`principalId eq '${principal}'`)}`);
    assert.equal(mine.items.length, 3);
    const atScope = await listAll(emulator, `${base}&$filter=${encodeURIComponent('atScope()')}`);
    // The three on the cluster and the Owner inherited from the subscription.
    assert.equal(atScope.items.length, 4);
    assert.ok(atScope.items.some((a) => a.properties.scope === `/subscriptions/${SUB_A}`));
    assertArmError(await call(emulator, 'GET', `${base}&$filter=${encodeURIComponent("roleDefinitionId eq 'x'")}`), 400, 'UnsupportedQuery');
  });

  test('SKUs by location, Kubernetes versions, workspaces', async () => {
    const skus = await listAll(emulator, `/subscriptions/${SUB_A}/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=${encodeURIComponent("location eq 'westus2'")}`);
    const nc = skus.items.find((s) => s.name === 'Standard_NC6s_v3');
    assert.equal(nc.restrictions[0].reasonCode, 'NotAvailableForSubscription');
    assert.equal(nc.capabilities.find((/** @type {any} */ c) => c.name === 'vCPUs').value, '6');
    const versions = await call(emulator, 'GET', `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions?api-version=2025-10-01`);
    assert.equal(versions.json.values.find((/** @type {any} */ v) => v.isDefault).version, '1.31');
    const workspaces = await listAll(emulator, `/subscriptions/${SUB_B}/providers/Microsoft.MachineLearningServices/workspaces?${ML}`);
    assert.equal(workspaces.items[0].identity.type, 'UserAssigned');
  });

  test('api-versions and errors answer with ARM’s envelope', async () => {
    const clusters = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters`;
    assertArmError(await call(emulator, 'GET', clusters), 400, 'MissingApiVersionParameter');
    assertArmError(await call(emulator, 'GET', `${clusters}?api-version=2019-01-01`), 400, 'NoRegisteredProviderFound');
    assertArmError(await call(emulator, 'GET', '/subscriptions?api-version=1999-01-01'), 400, 'InvalidApiVersionParameter');
    assertArmError(await call(emulator, 'GET', `${AKS_PROD.replace('aks-prod-eastus', 'nope')}?api-version=2025-10-01`), 404, 'ResourceNotFound');
    assertArmError(await call(emulator, 'GET', `/subscriptions/${SUB_A}/resourceGroups/rg-none/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`), 404, 'ResourceGroupNotFound');
    assertArmError(await call(emulator, 'GET', '/subscriptions/99999999-0000-0000-0000-000000000000/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01'), 404, 'SubscriptionNotFound');
    assertArmError(await call(emulator, 'GET', `${WS_PROD.replace('mlw-prod', 'nope')}/computes?${ML}`), 404, 'ParentResourceNotFound');
    assertArmError(await call(emulator, 'GET', `${WS_PROD}/computes/nope?${ML}`), 404, 'ResourceNotFound');
    const bad = await fetch(`${emulator.url}${WS_PROD}/computes/x?${ML}`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{"location":' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 'InvalidRequestContent');
  });
});

describe('long-running operations', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({
      lro: { durationMs: 120, retryAfterSeconds: 0, outcomes: { 'k8s-fail': { status: 'Failed', error: { code: 'BadRequest', message: 'attach failed' } } } },
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
    await sleep(150);
    const done = await call(emulator, 'GET', operation);
    assert.equal(done.status, 200);
    assert.equal(done.json.status, 'Succeeded');
    const compute = await call(emulator, 'GET', `${WS_PROD}/computes/k8s-ok?${ML}`);
    assert.equal(compute.json.properties.provisioningState, 'Succeeded');
    assert.equal(compute.json.properties.properties.namespace, 'azureml');
  });

  test('a configured failure ends Failed with error and provisioningErrors', async () => {
    const put = await attach('k8s-fail');
    await sleep(150);
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
    await sleep(150);
    const status = await call(emulator, 'GET', /** @type {string} */ (put.headers.get('azure-asyncoperation')));
    assert.equal(status.json.status, 'Failed');
    assert.match(status.json.error.message, /extension is not installed/);
  });

  test('PUT over an existing compute overwrites it, and the log says so', async () => {
    const before = emulator.requests.length;
    const put = await call(emulator, 'PUT', `${WS_PROD}/computes/aks-v1-infer?${ML}`, { body: { properties: { computeType: 'AKS', resourceId: AKS_PROD } } });
    assert.equal(put.status, 201);
    assert.equal(put.json.properties.provisioningState, 'Updating');
    const overwrites = emulator.requests.slice(before).filter((r) => r.method === 'PUT' && r.replacedExisting);
    assert.equal(overwrites.length, 1);
  });

  test('DELETE needs underlyingResourceAction, answers 202 with both headers, and the Location ends 204', async () => {
    const path = `${WS_PROD}/computes/k8s-train?${ML}`;
    assertArmError(await call(emulator, 'DELETE', path), 400, 'BadRequest');
    assertArmError(await call(emulator, 'DELETE', `${path}&underlyingResourceAction=Remove`), 400, 'BadRequest');
    const detach = await call(emulator, 'DELETE', `${path}&underlyingResourceAction=Detach`);
    assert.equal(detach.status, 202);
    const location = /** @type {string} */ (detach.headers.get('location'));
    assertOwnUrl(emulator, location);
    assertOwnUrl(emulator, detach.headers.get('azure-asyncoperation'));
    const running = await call(emulator, 'GET', location);
    assert.equal(running.status, 202);
    assert.equal(running.headers.get('location'), location);
    assert.equal((await call(emulator, 'GET', path)).json.properties.provisioningState, 'Deleting');
    await sleep(150);
    assert.equal((await call(emulator, 'GET', location)).status, 204);
    assertArmError(await call(emulator, 'GET', path), 404, 'ResourceNotFound');
    const entry = emulator.requests.find((r) => r.method === 'DELETE' && r.status === 202);
    assert.equal(entry?.query.underlyingResourceAction, 'Detach');
  });
});

describe('AKS managed namespaces', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ lro: { durationMs: 100, retryAfterSeconds: 0, outcomes: { 'ns-fail': { status: 'Failed', error: { code: 'InternalError', message: 'KubeClient failed to create the namespace' } } } } });
  });
  after(() => emulator.close());

  const NS_API = 'api-version=2025-10-01';
  /** @param {string} name @param {string} [cluster] */
  const ns = (name, cluster = AKS_PROD) => `${cluster}/managedNamespaces/${name}?${NS_API}`;
  /** What amlattach sends (src/arm/requests.rs managed_namespace_body). */
  const body = { properties: { adoptionPolicy: 'IfIdentical', deletePolicy: 'Keep', defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' } } };
  /**
   * The keys of a recorded AKS operation status (the expected ones when the fixtures are absent).
   * @param {string} name
   * @param {string[]} keys
   */
  const recordedKeys = (name, keys) => (existsSync(join(RECORDINGS, name)) ? Object.keys(JSON.parse(readFileSync(join(RECORDINGS, name), 'utf8'))).sort() : keys);
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
    assert.deepEqual(Object.keys(running.json).sort(), recordedKeys('aks-operation-inprogress-200.json', ['name', 'startTime', 'status']));
    assert.equal(running.json.status, 'InProgress');
    assert.equal(running.json.name, new URL(operation).pathname.split('/').pop());
    assert.equal((await call(emulator, 'GET', ns('team-new'))).json.properties.provisioningState, 'Updating');
    assertArmError(await call(emulator, 'PUT', ns('team-new'), { body }), 409, 'OperationNotAllowed');

    await sleep(150);
    const done = await call(emulator, 'GET', operation);
    assert.deepEqual(Object.keys(done.json).sort(), recordedKeys('aks-operation-succeeded-200.json', ['endTime', 'name', 'startTime', 'status']));
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
    await sleep(150);
    assertArmError(await call(emulator, 'PUT', ns('team-new'), { body: { ...body, location: 'westus2' } }), 400, 'InvalidResourceLocation');
    const patched = await call(emulator, 'PATCH', ns('team-new'), { body: { tags: { team: 'renamed' } } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual(patched.json.tags, { team: 'renamed' });
  });

  test('a configured failure ends Failed, with the error in the status', async () => {
    const put = await call(emulator, 'PUT', ns('ns-fail'), { body });
    assert.equal(put.status, 201);
    await sleep(150);
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
    await sleep(150);
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
    await sleep(150);
    assert.equal((await call(emulator, 'GET', operation)).json.status, 'Succeeded');
    assert.equal((await call(emulator, 'GET', location)).status, 204);
    assertArmError(await call(emulator, 'GET', ns('team-keep')), 404, 'ResourceNotFound');
    assert.equal((await call(emulator, 'DELETE', ns('team-keep'))).status, 204);
    // Keep: the namespace stays in Kubernetes, unmanaged; making it managed again needs adoption.
    assert.ok(unmanaged().includes('team-keep'));
    assertArmError(await call(emulator, 'PUT', ns('team-keep'), { body: { properties: { adoptionPolicy: 'Never' } } }), 409, 'Conflict');
    // Delete: gone from Kubernetes too.
    assert.equal((await call(emulator, 'DELETE', ns('team-drop'))).status, 202);
    await sleep(150);
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

describe('tokens', () => {
  /** @type {Emulator} */
  let emulator;
  const path = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  test('ARM’s audiences with and without the trailing slash are accepted', async () => {
    for (const aud of ['https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net/']) {
      assert.equal((await call(emulator, 'GET', path, { token: makeToken({ aud }) })).status, 200, aud);
    }
  });

  test('missing, malformed, wrong-audience and expired tokens get 401 with WWW-Authenticate', async () => {
    const cases = /** @type {const} */ ([
      [null, 'AuthenticationFailed'],
      ['not-a-jwt', 'InvalidAuthenticationToken'],
      [makeToken({ aud: 'https://graph.microsoft.com' }), 'InvalidAuthenticationTokenAudience'],
      [makeToken({ expiresInSeconds: -60 }), 'ExpiredAuthenticationToken'],
    ]);
    for (const [token, code] of cases) {
      const answer = await call(emulator, 'GET', path, { token });
      assertArmError(answer, 401, code);
      assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/[^"]+", error="invalid_token"/);
    }
  });

  test('with a JWKS URL, signatures are checked', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwksServer = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise((r) => jwksServer.listen(0, '127.0.0.1', () => r(undefined)));
    const address = /** @type {import('node:net').AddressInfo} */ (jwksServer.address());
    const signed = await startEmulator({ auth: { jwksUrl: `http://127.0.0.1:${address.port}/keys` } });
    try {
      const now = Math.floor(Date.now() / 1000);
      const encode = (/** @type {object} */ v) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const unsigned = `${encode({ alg: 'RS256', kid: 'k1' })}.${encode({ aud: 'https://management.azure.com', exp: now + 600, oid: 'u1' })}`;
      const token = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
      assert.equal((await call(signed, 'GET', path, { token })).status, 200);
      assertArmError(await call(signed, 'GET', path, { token: makeToken() }), 401, 'InvalidAuthenticationToken');
      assertArmError(await call(signed, 'GET', path, { token: `${unsigned}.${Buffer.from('forged').toString('base64url')}` }), 401, 'InvalidAuthenticationToken');
    } finally {
      await signed.close();
      await new Promise((r) => jwksServer.close(() => r(undefined)));
    }
  });
});

describe('CORS', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ lro: { durationMs: 50 } });
  });
  after(() => emulator.close());

  test('the preflight allows ARM’s methods and the client’s headers, without a token', async () => {
    const answer = await call(emulator, 'OPTIONS', `${WS_PROD}/computes/x?${ML}`, {
      token: null,
      headers: { Origin: 'http://127.0.0.1:8080', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization,content-type,x-ms-client-request-id' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
    for (const method of ['GET', 'PUT', 'DELETE', 'POST']) assert.match(answer.headers.get('access-control-allow-methods') ?? '', new RegExp(method));
    assert.equal(answer.headers.get('access-control-allow-headers'), 'authorization, content-type, x-ms-client-request-id');
  });

  test('responses expose the headers a client reads, unless switched off', async () => {
    const path = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
    const answer = await call(emulator, 'GET', path, { headers: { Origin: 'http://127.0.0.1:8080' } });
    const exposed = (answer.headers.get('access-control-expose-headers') ?? '').split(', ');
    for (const name of ['Azure-AsyncOperation', 'Location', 'Retry-After', 'x-ms-ratelimit-remaining-subscription-reads', 'x-ms-ratelimit-remaining-subscription-writes', 'x-ms-request-id', 'x-ms-correlation-request-id', 'x-ms-user-quota-remaining', 'x-ms-user-quota-resets-after']) {
      assert.ok(exposed.includes(name), name);
    }
    emulator.settings.cors.exposeHeaders = false;
    try {
      assert.equal((await call(emulator, 'GET', path, { headers: { Origin: 'http://127.0.0.1:8080' } })).headers.get('access-control-expose-headers'), null);
    } finally {
      emulator.settings.cors.exposeHeaders = true;
    }
  });

  test('in Chromium, a page on another origin reads Azure-AsyncOperation only while it is exposed', async () => {
    const { serve } = await import('../../scripts/serve.mjs');
    const page = await serve({ root: join(ROOT, 'tests/emulator'), port: 0 });
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(`${page.url}README.md`);
      const attach = (/** @type {string} */ name) =>
        tab.evaluate(
          async ({ url, token }) => {
            const response = await fetch(url, {
              method: 'PUT',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'x-ms-client-request-id': crypto.randomUUID() },
              body: JSON.stringify({ location: 'eastus', properties: { computeType: 'AKS' } }),
            });
            return { status: response.status, operation: response.headers.get('Azure-AsyncOperation'), reads: response.headers.get('x-ms-ratelimit-remaining-subscription-writes') };
          },
          { url: `${emulator.url}${WS_PROD}/computes/${name}?${ML}`, token: TOKEN },
        );
      const exposed = await attach('from-browser-1');
      assert.equal(exposed.status, 201);
      assert.ok(exposed.operation?.startsWith(emulator.url));
      assert.ok(exposed.reads);
      emulator.settings.cors.exposeHeaders = false;
      const hidden = await attach('from-browser-2');
      assert.equal(hidden.status, 201);
      assert.equal(hidden.operation, null);
    } finally {
      emulator.settings.cors.exposeHeaders = true;
      await browser.close();
      await page.close();
    }
  });
});

describe('faults', () => {
  /** @type {Emulator} */
  let emulator;
  const clusters = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
  before(async () => {
    emulator = await startEmulator();
  });
  after(() => emulator.close());

  /** @param {import('../emulator/faults.mjs').FaultRule} rule */
  const once = (rule) => emulator.faults.add({ times: 1, ...rule });

  test('429, 500 and 503 with Retry-After, then back to normal', async () => {
    once({ kind: 'throttle', path: '/managedClusters$', retryAfterSeconds: 7 });
    const throttled = await call(emulator, 'GET', clusters);
    assertArmError(throttled, 429, 'TooManyRequests');
    assert.equal(throttled.headers.get('retry-after'), '7');
    once({ kind: 'server-error' });
    assertArmError(await call(emulator, 'GET', clusters), 500, 'InternalServerError');
    once({ kind: 'unavailable', retryAfterSeconds: 2 });
    const unavailable = await call(emulator, 'GET', clusters);
    assertArmError(unavailable, 503, 'ServiceUnavailable');
    assert.equal(unavailable.headers.get('retry-after'), '2');
    once({ kind: 'error', status: 409, code: 'Conflict', message: 'busy' });
    assertArmError(await call(emulator, 'GET', clusters), 409, 'Conflict');
    assert.equal((await call(emulator, 'GET', clusters)).status, 200);
  });

  test('a path pattern limits a fault to matching requests; skip lets the first ones through', async () => {
    const id = emulator.faults.add({ kind: 'server-error', path: '/connectedClusters', skip: 1 });
    const arc = `/subscriptions/${SUB_B}/providers/Microsoft.Kubernetes/connectedClusters?api-version=2024-01-01`;
    assert.equal((await call(emulator, 'GET', clusters)).status, 200);
    assert.equal((await call(emulator, 'GET', arc)).status, 200);
    assert.equal((await call(emulator, 'GET', arc)).status, 500);
    assert.ok(emulator.faults.remove(id));
  });

  test('dropped connections, slow and hung responses', async () => {
    once({ kind: 'drop' });
    await assert.rejects(call(emulator, 'GET', clusters), TypeError);
    once({ kind: 'delay', delayMs: 150 });
    const started = Date.now();
    assert.equal((await call(emulator, 'GET', clusters)).status, 200);
    assert.ok(Date.now() - started >= 140);
    once({ kind: 'hang' });
    await assert.rejects(call(emulator, 'GET', clusters, { signal: AbortSignal.timeout(200) }), { name: 'TimeoutError' });
    const hung = emulator.requests.at(-1);
    assert.equal(hung?.fault, 'hang');
    assert.equal(hung?.status, null);
  });

  test('malformed JSON, expired tokens, policy denial on PUT', async () => {
    once({ kind: 'malformed-json' });
    const malformed = await call(emulator, 'GET', clusters);
    assert.equal(malformed.status, 200);
    assert.throws(() => JSON.parse(malformed.text), SyntaxError);
    once({ kind: 'expired-token' });
    assertArmError(await call(emulator, 'GET', clusters), 401, 'ExpiredAuthenticationToken');
    once({ kind: 'policy-denial', method: 'PUT', path: '/computes/' });
    const denied = await call(emulator, 'PUT', `${WS_PROD}/computes/denied?${ML}`, { body: { properties: { computeType: 'AKS', resourceId: AKS_PROD } } });
    assertArmError(denied, 403, 'RequestDisallowedByPolicy');
    assert.equal(denied.json.error.target, 'denied');
    assert.equal(denied.json.error.additionalInfo[0].type, 'PolicyViolation');
    assert.equal(denied.json.error.additionalInfo[0].info.policyDefinitionEffect, 'deny');
    assertArmError(await call(emulator, 'GET', `${WS_PROD}/computes/denied?${ML}`), 404, 'ResourceNotFound');
  });

  test('the admin API sets, lists and clears faults, and reads the request log', async () => {
    const added = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'throttle', path: 'kubernetesVersions' }) });
    assert.equal(added.status, 201);
    const { id } = await added.json();
    const versions = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions?api-version=2025-10-01`;
    assert.equal((await call(emulator, 'GET', versions)).status, 429);
    const listed = await (await fetch(`${emulator.url}/__emulator/faults`)).json();
    assert.equal(listed.find((/** @type {any} */ f) => f.id === id).fired, 1);
    assert.equal((await fetch(`${emulator.url}/__emulator/faults/${id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await call(emulator, 'GET', versions)).status, 200);
    assert.equal((await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: '{"kind":"nope"}' })).status, 400);
    const log = await (await fetch(`${emulator.url}/__emulator/requests`)).json();
    assert.ok(log.some((/** @type {any} */ r) => r.path.endsWith('/kubernetesVersions') && r.status === 429));
    const patched = await fetch(`${emulator.url}/__emulator/settings`, { method: 'PATCH', body: JSON.stringify({ latencyMs: 0, lro: { durationMs: 10 } }) });
    assert.equal((await patched.json()).lro.retryAfterSeconds, 1);
  });
});

describe('mandatory MFA (the mfa-required fault)', () => {
  /** @type {Emulator} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ lro: { durationMs: 50 } });
  });
  after(() => emulator.close());

  const CLAIMS = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}';
  const compute = (/** @type {string} */ name) => `${WS_PROD}/computes/${name}?${ML}`;
  const body = { properties: { computeType: 'Kubernetes', resourceId: AKS_PROD, properties: { namespace: 'default' } } };
  /** The claims request of a WWW-Authenticate claims challenge. @param {string | null} header */
  const challenged = (header) => {
    const claims = /error="insufficient_claims", claims="([^"]+)"/.exec(header ?? '')?.[1];
    return claims === undefined ? undefined : Buffer.from(claims, 'base64').toString('utf8');
  };

  test('a write without MFA gets 401, a claims challenge and RequestDisallowedByAzure; reads and Resource Graph go through', async () => {
    const rule = emulator.faults.add({ kind: 'mfa-required' });
    try {
      const refused = await call(emulator, 'PUT', compute('mfa-a'), { body });
      assertArmError(refused, 401, 'RequestDisallowedByAzure');
      assert.equal(
        refused.json.error.message,
        "Resource 'mfa-a' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA. User accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure.",
      );
      assert.equal(refused.json.error.target, 'mfa-a');
      const header = refused.headers.get('www-authenticate');
      assert.match(header ?? '', /^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"$/);
      assert.equal(challenged(header), CLAIMS);
      assert.equal(emulator.requests.at(-1)?.fault, 'mfa-required');
      assertArmError(await call(emulator, 'DELETE', `${compute('k8s-train')}&underlyingResourceAction=Detach`), 401, 'RequestDisallowedByAzure');
      assertArmError(await call(emulator, 'PATCH', compute('k8s-train'), { body: {} }), 401, 'RequestDisallowedByAzure');
      // Reads are not subject to it, nor are Resource Graph queries (a POST that reads).
      assert.equal((await call(emulator, 'GET', compute('k8s-train'))).status, 200);
      const graph = await call(emulator, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', { body: { subscriptions: [SUB_A], query: 'Resources | limit 1' } });
      assert.equal(graph.status, 200, graph.text);
      // A token with MFA: the p1 authentication context, or mfa among the methods.
      assert.equal((await call(emulator, 'PUT', compute('mfa-a'), { body, token: makeToken({ acrs: ['p1'] }) })).status, 201);
      assert.equal((await call(emulator, 'PUT', compute('mfa-b'), { body, token: makeToken({ amr: ['pwd', 'mfa'] }) })).status, 201);
      assert.equal((await call(emulator, 'PUT', compute('mfa-c'), { body, token: makeToken({ acrs: ['c1'], amr: ['pwd'] }) })).status, 401);
      const listed = emulator.faults.list().find((f) => f.id === rule);
      assert.equal(listed?.fired, 4, 'reads and MFA writes are not counted');
    } finally {
      emulator.faults.remove(rule);
    }
    // A refusal a new sign-in does not cure.
    emulator.faults.add({ kind: 'mfa-required', refuseMfaTokens: true, times: 1 });
    assertArmError(await call(emulator, 'PUT', compute('mfa-d'), { body, token: makeToken({ acrs: ['p1'] }) }), 401, 'RequestDisallowedByAzure');
    assert.throws(() => emulator.faults.add({ kind: 'throttle', refuseMfaTokens: true }), /refuseMfaTokens/);
  });

  test('a managed namespace PUT and DELETE are writes: refused without MFA, the GET is not', async () => {
    const ns = (/** @type {string} */ name) => `${AKS_PROD}/managedNamespaces/${name}?api-version=2025-10-01`;
    const nsBody = { properties: { adoptionPolicy: 'IfIdentical', deletePolicy: 'Keep', defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' } } };
    const rule = emulator.faults.add({ kind: 'mfa-required' });
    try {
      const refused = await call(emulator, 'PUT', ns('team-mfa'), { body: nsBody });
      assertArmError(refused, 401, 'RequestDisallowedByAzure');
      assert.equal(refused.json.error.target, 'team-mfa');
      assert.equal(challenged(refused.headers.get('www-authenticate')), CLAIMS);
      assert.equal(emulator.requests.at(-1)?.fault, 'mfa-required');
      assertArmError(await call(emulator, 'GET', ns('team-mfa')), 404, 'ResourceNotFound');
      assertArmError(await call(emulator, 'DELETE', ns('team-research')), 401, 'RequestDisallowedByAzure');
      assert.equal((await call(emulator, 'GET', ns('team-research'))).status, 200, 'not deleted');
      assert.equal((await call(emulator, 'PUT', ns('team-mfa'), { body: nsBody, token: makeToken({ acrs: ['p1'] }) })).status, 201);
    } finally {
      emulator.faults.remove(rule);
    }
  });

  test('the policy variant names the built-in MFA definition for create/update and for delete', async () => {
    emulator.faults.add({ kind: 'mfa-required', variant: 'policy', times: 2 });
    const put = await call(emulator, 'PUT', compute('mfa-policy'), { body });
    assertArmError(put, 401, 'RequestDisallowedByPolicy');
    assert.equal(put.json.error.message, "Resource 'mfa-policy' was disallowed by policy. Reasons: 'MFA is required.'. See error details for policy resource IDs.");
    assert.equal(challenged(put.headers.get('www-authenticate')), CLAIMS);
    const [violation] = put.json.error.additionalInfo;
    assert.equal(violation.type, 'PolicyViolation');
    assert.equal(violation.info.policyDefinitionId, '/providers/Microsoft.Authorization/policyDefinitions/4e6c27d5-a6ee-49cf-b2b4-d8fe90fa2b8b');
    assert.equal(violation.info.policyDefinitionDisplayName, '[Preview]: Users must authenticate with multi-factor authentication to create or update resources');
    assert.equal(violation.info.policyDefinitionEffect, 'deny');
    const del = await call(emulator, 'DELETE', `${compute('k8s-train')}&underlyingResourceAction=Detach`);
    assertArmError(del, 401, 'RequestDisallowedByPolicy');
    assert.equal(del.json.error.additionalInfo[0].info.policyDefinitionId, '/providers/Microsoft.Authorization/policyDefinitions/db4a9d17-db75-4f46-9fcb-9f9526604417');
    assert.equal(del.json.error.additionalInfo[0].info.policyDefinitionEffect, 'denyAction');
    // Fired twice: gone.
    assert.equal((await call(emulator, 'PUT', compute('mfa-policy'), { body })).status, 201);
    assert.throws(() => emulator.faults.add({ kind: 'mfa-required', variant: /** @type {any} */ ('tenant') }), /variant/);
    assert.throws(() => emulator.faults.add({ kind: 'throttle', variant: 'azure' }), /variant/);
  });

  test('exposeChallenge: false hides the header from a page on another origin, which still reads the body', async () => {
    const origin = { Origin: 'http://127.0.0.1:8080' };
    emulator.faults.add({ kind: 'mfa-required', times: 1 });
    const exposed = await call(emulator, 'PUT', compute('mfa-cors'), { body, headers: origin });
    assert.ok((exposed.headers.get('access-control-expose-headers') ?? '').split(', ').includes('WWW-Authenticate'));
    emulator.faults.add({ kind: 'mfa-required', times: 1, exposeChallenge: false });
    const hidden = await call(emulator, 'PUT', compute('mfa-cors'), { body, headers: origin });
    assert.equal(hidden.status, 401);
    assert.ok(hidden.headers.get('www-authenticate'), 'still sent, as ARM sends it');
    const list = (hidden.headers.get('access-control-expose-headers') ?? '').split(', ');
    assert.ok(!list.includes('WWW-Authenticate') && list.includes('Azure-AsyncOperation'), list.join());

    const { serve } = await import('../../scripts/serve.mjs');
    const page = await serve({ root: join(ROOT, 'tests/emulator'), port: 0 });
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(`${page.url}README.md`);
      const put = () =>
        tab.evaluate(
          async ({ url, token, body }) => {
            const response = await fetch(url, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            return { status: response.status, challenge: response.headers.get('WWW-Authenticate'), code: (await response.json()).error?.code };
          },
          { url: `${emulator.url}${compute('mfa-browser')}`, token: TOKEN, body },
        );
      emulator.faults.add({ kind: 'mfa-required', times: 1 });
      const visible = await put();
      assert.equal(visible.status, 401);
      assert.match(visible.challenge ?? '', /insufficient_claims/);
      emulator.faults.add({ kind: 'mfa-required', times: 1, exposeChallenge: false });
      const bodyOnly = await put();
      assert.deepEqual(bodyOnly, { status: 401, challenge: null, code: 'RequestDisallowedByAzure' });
    } finally {
      await browser.close();
      await page.close();
    }
  });
});

describe('rate limits', () => {
  test('x-ms-ratelimit-remaining-subscription-* count down per subscription, then 429', async () => {
    const emulator = await startEmulator({ rateLimits: { subscriptionReads: 3, subscriptionWrites: 1 } });
    try {
      const read = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
      const remaining = [];
      for (let i = 0; i < 3; i += 1) remaining.push((await call(emulator, 'GET', read)).headers.get('x-ms-ratelimit-remaining-subscription-reads'));
      assert.deepEqual(remaining, ['2', '1', '0']);
      const throttled = await call(emulator, 'GET', read);
      assertArmError(throttled, 429, 'SubscriptionRequestsThrottled');
      assert.ok(Number(throttled.headers.get('retry-after')) > 0);
      const other = await call(emulator, 'GET', `/subscriptions/${SUB_B}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`);
      assert.equal(other.headers.get('x-ms-ratelimit-remaining-subscription-reads'), '2');
      const write = await call(emulator, 'PUT', `${WS_PROD}/computes/rl?${ML}`, { body: { properties: { computeType: 'AKS' } } });
      assert.equal(write.headers.get('x-ms-ratelimit-remaining-subscription-writes'), '0');
      assert.equal((await call(emulator, 'GET', '/subscriptions?api-version=2022-12-01')).headers.get('x-ms-ratelimit-remaining-tenant-reads'), '11999');
      emulator.resetRateLimits();
      assert.equal((await call(emulator, 'GET', read)).status, 200);
    } finally {
      await emulator.close();
    }
  });

  test('Resource Graph sends its user quota headers and throttles when it is spent', async () => {
    const emulator = await startEmulator({ resourceGraphQuota: { limit: 2, windowMs: 60_000 } });
    try {
      const query = { query: 'Resources | project id' };
      const path = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';
      const first = await call(emulator, 'POST', path, { body: query });
      assert.equal(first.headers.get('x-ms-user-quota-remaining'), '1');
      assert.match(first.headers.get('x-ms-user-quota-resets-after') ?? '', /^00:01:00$|^00:00:[0-5][0-9]$/);
      assert.equal((await call(emulator, 'POST', path, { body: query })).headers.get('x-ms-user-quota-remaining'), '0');
      const throttled = await call(emulator, 'POST', path, { body: query });
      assertArmError(throttled, 429, 'RateLimiting');
      assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    } finally {
      await emulator.close();
    }
  });
});

describe('scale and the command line', () => {
  test('generateState makes 100 subscriptions × 20 clusters that Resource Graph pages through', async () => {
    const state = generateState({ subscriptions: 100, clustersPerSubscription: 20 });
    assert.equal(state.subscriptions.length, 100);
    const emulator = await startEmulator({ state, latencyMs: 1 });
    try {
      const body = { query: "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name", options: { $top: 1000 } };
      const path = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';
      const first = await call(emulator, 'POST', path, { body });
      assert.equal(first.json.totalRecords, 2000);
      const second = await call(emulator, 'POST', path, { body: { ...body, options: { $top: 1000, $skipToken: first.json.$skipToken } } });
      assert.equal(second.json.count, 1000);
      assert.equal(second.json.$skipToken, undefined);
      const sub = state.subscriptions[42].subscriptionId;
      const perSubscription = await listAll(emulator, `/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`);
      assert.equal(perSubscription.items.length, 20);
    } finally {
      await emulator.close();
    }
  });

  test('node tests/emulator/server.mjs prints its URL and serves the seed', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'tests/emulator/server.mjs'), '--port', '0', '--state', SEED, '--latency-ms', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise((resolveUrl, reject) => {
        child.stdout.once('data', (chunk) => resolveUrl(String(chunk).trim()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const { token } = await (await fetch(`${url}/__emulator/token`)).json();
      const answer = await fetch(`${url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(answer.status, 200);
      assert.equal((await answer.json()).value.length, 2);
    } finally {
      child.kill();
    }
  });
});
