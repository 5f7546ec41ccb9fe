// @ts-check
/**
 * The ARM emulator's reads over its seed state, as discovery makes them: what the seed holds, lists
 * that page with absolute nextLinks (an empty page with one too), Resource Graph's KQL subset and
 * $skipToken paging, role assignments at a scope, SKUs, Kubernetes versions and workspaces, and
 * ARM's error envelope for api-versions and missing resources.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { makeManagedNamespace } from '../emulator/state.mjs';
import { AKS_PROD, assertArmError, assertOwnUrl, call, listAll, ML, SUB_A, SUB_B, TOKEN, WS_PROD } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

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
