// @ts-check
/**
 * The ARM emulator (tests/emulator/) against the published contract: every official example in
 * ../shared/fixtures/azure-rest-api-specs/ for the operations it serves is served (its response
 * body) or accepted unchanged (its request body); every other one is refused as ARM refuses an
 * operation it does not know, so no example is passed over. Without the fixtures every test here
 * fails: they are part of the contract (CI lays them beside the clone).
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import {
  acceptedPut,
  AKS,
  ARC_CLUSTER,
  ARG,
  computePath,
  CREATE_EXTENSION,
  createExtensionExample,
  example,
  exampleWorkspace,
  EXTENSION_OPERATION,
  extensionOperationExample,
  graphExample,
  KC,
  KUBERNETES_PUT,
  MANAGED_NAMESPACE_PUT,
  managedNamespaceExample,
  MLX,
  PATCH_EXTENSION,
  patchExtensionExample,
  refused,
  sameValue,
  served,
  stateWith,
} from './emulator-examples.mjs';
import { assertArmError, assertOwnUrl, assertSubset, call, FIXTURES, sleep } from './emulator-rig.mjs';

const ORCHESTRATORS = 'containerservice/resource-manager/Microsoft.ContainerService/stable/2019-08-01/examples/ContainerServiceListOrchestrators.json';
/** @param {any} p an AKS example's parameters */
const clusterPath = (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}`;

/**
 * Every example file, with how it is checked: `served`, `accepted`, and for an operation the
 * emulator does not serve, `refused` with the reason in `notServed`.
 * @type {Record<string, { served?: () => Promise<void>, accepted?: () => Promise<void>, refused?: () => Promise<void>, notServed?: string }>}
 */
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
    refused: refused(
      `${AKS}/ManagedClustersCreate_PrivateClusterPublicFQDN.json`,
      'PUT',
      (p) => `${clusterPath(p)}?api-version=${p['api-version']}`,
      () => [example(`${AKS}/ManagedClustersCreate_PrivateClusterPublicFQDN.json`).responses['200'].body],
      'MethodNotAllowed',
      (p) => p.parameters,
    ),
    notServed: 'its PUT: the tool never creates clusters; its 200 body (a private cluster with public FQDN, basic LB) is served by GET',
  },
  [`${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`]: {
    served: served(
      `${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`,
      (p) => `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${p['api-version']}`,
      (body) => stateWith([body]),
    ),
    refused: refused(
      `${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`,
      'PUT',
      (p) => `${clusterPath(p)}?api-version=${p['api-version']}`,
      () => [example(`${AKS}/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json`).responses['200'].body],
      'MethodNotAllowed',
      (p) => p.parameters,
    ),
    notServed: 'its PUT: the tool never creates clusters; its 200 body is served by GET',
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
    refused: refused(
      `${AKS}/ManagedClustersGetUpgradeProfile.json`,
      'GET',
      (p) => `${clusterPath(p)}/upgradeProfiles/default?api-version=${p['api-version']}`,
      () => [example(`${AKS}/ManagedClustersGet.json`).responses['200'].body],
      'InvalidResourceType',
    ),
    notServed: 'upgrade profiles are not served: the tool reads the region’s versions from kubernetesVersions (azure-facts §4.5)',
  },
  [ORCHESTRATORS]: {
    refused: refused(
      ORCHESTRATORS,
      'GET',
      (p) => `/subscriptions/${p.subscriptionId}/providers/Microsoft.ContainerService/locations/${p.location}/orchestrators?api-version=${p['api-version']}`,
      () => [{ id: '/subscriptions/subid1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/c1', name: 'c1', type: 'Microsoft.ContainerService/ManagedClusters', location: 'location1' }],
      'InvalidResourceType',
    ),
    notServed: 'ListOrchestrators is the legacy 2019-08-01 API, absent from current AKS api-versions (azure-facts §4.5, §11.10)',
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
  [EXTENSION_OPERATION]: { accepted: extensionOperationExample },
  [CREATE_EXTENSION]: {
    served: served(
      CREATE_EXTENSION,
      (p) =>
        `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${p.clusterRp}/${p.clusterResourceName}/${p.clusterName}/providers/Microsoft.KubernetesConfiguration/extensions/${p.extensionName}?api-version=${p['api-version']}`,
      (body) => stateWith([ARC_CLUSTER, body]),
    ),
    accepted: createExtensionExample,
  },
  [PATCH_EXTENSION]: { accepted: patchExtensionExample },
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
    // "Update an AKS Compute": over an existing compute (the 201 says Creating, as recorded; acceptedPut).
    accepted: acceptedPut(`${MLX}/Compute/createOrUpdate/AKSCompute.json`, { existing: () => example(`${MLX}/Compute/get/AKSCompute.json`).responses['200'].body }),
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
        // Azure-AsyncOperation only, as Azure ML answers (recorded).
        assertOwnUrl(emulator, answer.headers.get('azure-asyncoperation'));
        assert.equal(answer.headers.get('location'), null);
        await sleep(60);
        assert.equal((await call(emulator, 'GET', /** @type {string} */ (answer.headers.get('azure-asyncoperation')))).json.status, 'Succeeded');
        assertArmError(await call(emulator, 'GET', computePath(p)), 404, 'ResourceNotFound');
        // The example's 204: deleting a compute that does not exist.
        assert.equal((await call(emulator, 'DELETE', path)).status, 204);
      } finally {
        await emulator.close();
      }
    },
  },
  [`${MLX}/Compute/listKeys.json`]: {
    refused: refused(
      `${MLX}/Compute/listKeys.json`,
      'POST',
      (p) => computePath(p).replace('?', '/listKeys?'),
      () => [exampleWorkspace(example(`${MLX}/Compute/listKeys.json`).parameters), example(`${MLX}/Compute/get/AKSCompute.json`).responses['200'].body],
      'InvalidResourceType',
    ),
    notServed: 'listKeys returns cluster secrets (kubeconfigs); the tool never reads them, so the emulator does not serve them',
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

describe('official examples', () => {
  test('every example file is classified', () => {
    assert.ok(existsSync(FIXTURES), `no official examples at ${FIXTURES}: they are laid beside the clone (../shared/fixtures/), as on CI; AMLATTACH_FIXTURES names another place`);
    /** @param {string} dir @returns {string[]} */
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
    const files = walk(FIXTURES).map((f) => relative(FIXTURES, f));
    assert.deepEqual(files.sort(), Object.keys(EXAMPLES).sort());
    assert.equal(files.length, 32);
    for (const [file, check] of Object.entries(EXAMPLES)) {
      assert.ok(check.served ?? check.accepted ?? check.refused, `${file}: no check`);
      assert.equal(check.refused === undefined, check.notServed === undefined, `${file}: an operation not served has both a refusal check and its reason`);
    }
  });
  for (const [file, check] of Object.entries(EXAMPLES)) {
    if (check.served !== undefined) test(`served: ${file}`, check.served);
    if (check.accepted !== undefined) test(`accepted: ${file}`, check.accepted);
    if (check.refused !== undefined) test(`not served: ${file} (${check.notServed})`, check.refused);
  }
});
