// @ts-check
/**
 * The ARM emulator against real recorded ARM answers (../shared/fixtures/arm-recordings/,
 * INDEX.md there). Every recording is covered (a new one fails the first test until it is): the
 * emulator runs over a state built from the recordings themselves (tests/emulator/recorded.mjs,
 * ids as recorded), the request the INDEX row describes is sent (at a served api-version where
 * the recorded one is old), and the answer is compared: the status; the headers INDEX notes
 * (present or absent); and the body field for field — the same keys at every depth, the same JSON
 * types, equal values where they come from the state or are constants. Recordings of requests
 * the emulator does not serve are compared where they can be, each saying why.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { recordedState, recordings } from '../emulator/recorded.mjs';
import { SEED, startEmulator } from '../emulator/server.mjs';
import { assertArmError, call, RECORDINGS, sleep, TOKEN } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator @typedef {import('./emulator-rig.mjs').Answer} Answer */

const SUB = '00000000-0000-0000-0000-000000000000';
const ML_RG = `/subscriptions/${SUB}/resourceGroups/000000000000000/providers/Microsoft.MachineLearningServices/workspaces`;
const COMPUTE = `${ML_RG}/nthandetest/computes/testcomp007cc1`;
const ML = 'api-version=2025-12-01';
const AKS_RG = `/subscriptions/${SUB}/resourceGroups/clitest000001/providers/Microsoft.ContainerService/managedClusters`;
const AKS = 'api-version=2025-10-01';
const ARC = `/subscriptions/${SUB}/resourceGroups/azurecli-tests/providers/Microsoft.Kubernetes/connectedClusters/arc-cluster`;
const GRAPH = '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01';
/** How long operations run here. */
const OPERATION_MS = 300;

/** The bodies `az ml compute create` sent in test_compute_aml.yaml (the cassette's requests). */
const AML_CREATE = {
  properties: {
    properties: { osType: 'Linux', vmSize: 'STANDARD_DS3_V2', scaleSettings: { maxNodeCount: 1, minNodeCount: 0 }, remoteLoginPortPublicAccess: 'NotSpecified', enableNodePublicIp: true },
    computeType: 'AmlCompute',
  },
  location: 'eastus',
};
const AML_UPDATE = {
  properties: {
    properties: {
      osType: 'Linux',
      vmSize: 'STANDARD_DS3_V2',
      vmPriority: 'Dedicated',
      scaleSettings: { maxNodeCount: 4, minNodeCount: 1, nodeIdleTimeBeforeScaleDown: 'PT1M40S' },
      remoteLoginPortPublicAccess: 'Enabled',
      enableNodePublicIp: true,
    },
    computeType: 'AmlCompute',
  },
  identity: { type: 'SystemAssigned' },
  location: 'eastus',
};

/** The body `az k8s-extension create` sent in test_k8s_extension.yaml (the cassette's request). */
const DAPR_CREATE = {
  location: '',
  properties: { extensionType: 'microsoft.dapr', releaseTrain: 'stable', version: '1.6.0', configurationSettings: {}, configurationProtectedSettings: {} },
};

const REC = recordings(RECORDINGS);

// ---- Comparing ----

/** @param {unknown} value */
const jsonType = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * The same keys at every depth and the same JSON types; equal values at the `equal` paths (and
 * below them); `skip` paths (with the reason) are not compared.
 * @param {unknown} actual
 * @param {unknown} recorded
 * @param {{ equal?: string[], skip?: Record<string, string> }} [options]
 * @param {string} [path]
 */
function assertSameShape(actual, recorded, options = {}, path = '$') {
  const { equal = [], skip = {} } = options;
  if (path in skip) return;
  if (equal.includes(path)) {
    assert.deepEqual(actual, recorded, `${path}: the recorded value`);
    return;
  }
  assert.equal(jsonType(actual), jsonType(recorded), `${path}: ${JSON.stringify(actual)} is not a ${jsonType(recorded)} as recorded (${JSON.stringify(recorded)})`);
  if (Array.isArray(recorded)) {
    const items = /** @type {unknown[]} */ (actual);
    assert.equal(items.length, recorded.length, `${path}: length`);
    recorded.forEach((item, i) => assertSameShape(items[i], item, options, `${path}[${i}]`));
  } else if (typeof recorded === 'object' && recorded !== null) {
    const object = /** @type {Record<string, unknown>} */ (actual);
    assert.deepEqual(Object.keys(object).sort(), Object.keys(recorded).sort(), `${path}: the recorded keys`);
    for (const [key, value] of Object.entries(recorded)) assertSameShape(object[key], value, options, `${path}.${key}`);
  }
}

/**
 * The `x-ms-ratelimit-remaining-*` header names of an answer.
 * @param {Answer} answer
 */
const ratelimits = (answer) => [...answer.headers.keys()].filter((h) => h.startsWith('x-ms-ratelimit-remaining-')).sort();

/**
 * Azure ML's operation header, as recorded: `…/providers/Microsoft.MachineLearningServices/
 * locations/{l}/computeOperationsStatus/{id}?api-version=2022-10-01-preview&service=new`, an
 * api-version of its own, not the request's. No Location, no Retry-After.
 * @param {Emulator} emulator
 * @param {Answer} answer
 * @param {string} location
 */
function assertMlOperationHeaders(emulator, answer, location) {
  const header = answer.headers.get('azure-asyncoperation');
  assert.ok(header?.startsWith(emulator.url), String(header));
  const url = new URL(/** @type {string} */ (header));
  assert.match(url.pathname, new RegExp(`^/subscriptions/${SUB}/providers/Microsoft\\.MachineLearningServices/locations/${location}/computeOperationsStatus/[0-9a-f-]{36}$`));
  assert.equal(url.searchParams.get('api-version'), '2022-10-01-preview');
  assert.notEqual(url.searchParams.get('api-version'), ML.split('=')[1], "not the request's api-version");
  assert.equal(url.searchParams.get('service'), 'new');
  assert.equal(answer.headers.get('location'), null, 'no Location');
  assert.equal(answer.headers.get('retry-after'), null, 'no Retry-After');
}

/**
 * AKS's operation URL, as recorded: `…/Microsoft.ContainerService/locations/{l}/{kind}/{id}?api-version=2016-03-30`.
 * @param {string | null} header
 * @param {'operations' | 'operationresults'} kind
 */
function assertAksOperationUrl(header, kind) {
  const url = new URL(/** @type {string} */ (header));
  assert.match(url.pathname, new RegExp(`^/subscriptions/${SUB}/providers/Microsoft\\.ContainerService/locations/westus2/${kind}/[0-9a-f-]{36}$`));
  assert.equal(url.searchParams.get('api-version'), '2016-03-30');
}

/**
 * Runs `check` on an emulator over the recorded state.
 * @param {(emulator: Emulator) => Promise<void>} check
 * @param {{ prefer?: string[], edit?: (state: ReturnType<typeof recordedState>) => void, options?: Record<string, unknown> }} [how]
 */
async function withRecorded(check, { prefer = [], edit, options = {} } = {}) {
  const state = recordedState(RECORDINGS, { prefer });
  edit?.(state);
  const emulator = await startEmulator({ state, lro: { durationMs: OPERATION_MS }, ...options });
  try {
    await check(emulator);
  } finally {
    await emulator.close();
  }
}

/**
 * Polls an operation URL until its status is no longer InProgress.
 * @param {Emulator} emulator
 * @param {string} url
 */
async function settled(emulator, url) {
  for (;;) {
    const answer = await call(emulator, 'GET', url);
    if (answer.json?.status !== 'InProgress') return answer;
    await sleep(50);
  }
}

/** @param {ReturnType<typeof recordedState>} state @param {string} id */
const remove = (state, id) => {
  state.resources = (state.resources ?? []).filter((r) => r.id.toLowerCase() !== id.toLowerCase());
};

// ---- The recordings, one check each ----

/**
 * Each recording file's check. The request is the one the INDEX row describes.
 * @type {Record<string, () => Promise<void>>}
 */
const CHECKS = {
  'ml-compute-put-201.json': () =>
    withRecorded(
      async (emulator) => {
        const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_CREATE });
        assert.equal(put.status, 201, put.text);
        assertMlOperationHeaders(emulator, put, 'eastus');
        assert.ok(ratelimits(put).includes('x-ms-ratelimit-remaining-subscription-writes'), ratelimits(put).join());
        assert.equal(put.headers.get('x-ms-response-type'), 'standard');
        assert.ok(put.headers.get('x-aml-cluster'));
        // `tags: null` and no computeLocation on a creation; the inner properties are the request's
        // with what Azure ML fills in, value for value.
        assertSameShape(put.json, REC['ml-compute-put-201.json'], {
          equal: ['$.id', '$.name', '$.type', '$.location', '$.tags', '$.properties.computeType', '$.properties.provisioningState', '$.properties.provisioningErrors', '$.properties.isAttachedCompute', '$.properties.resourceId', '$.properties.description', '$.properties.disableLocalAuth', '$.properties.properties'],
        });
      },
      { edit: (state) => remove(state, COMPUTE) },
    ),

  'ml-compute-operation-succeeded-200.json': () =>
    withRecorded(
      async (emulator) => {
        const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_CREATE });
        const done = await settled(emulator, /** @type {string} */ (put.headers.get('azure-asyncoperation')));
        assert.equal(done.status, 200);
        assert.deepEqual(done.json, REC['ml-compute-operation-succeeded-200.json']);
        assert.equal(done.headers.get('retry-after'), null);
      },
      { edit: (state) => remove(state, COMPUTE) },
    ),

  'ml-compute-get-200.json': async () => {
    // Served from the state, it is the recording; made by the emulator from the recorded PUT, it
    // has the recording's shape once the operation has ended.
    await withRecorded(async (emulator) => {
      const get = await call(emulator, 'GET', `${COMPUTE}?${ML}`);
      assert.equal(get.status, 200);
      assert.deepEqual(get.json, REC['ml-compute-get-200.json']);
      assert.ok(get.headers.get('x-aml-cluster'));
      assert.deepEqual(ratelimits(get), [], 'no ratelimit header');
    });
    await withRecorded(
      async (emulator) => {
        const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_CREATE });
        await settled(emulator, /** @type {string} */ (put.headers.get('azure-asyncoperation')));
        const get = await call(emulator, 'GET', `${COMPUTE}?${ML}`);
        assertSameShape(get.json, REC['ml-compute-get-200.json'], {
          equal: [
            '$.id',
            '$.tags',
            '$.properties.computeType',
            '$.properties.computeLocation',
            '$.properties.provisioningState',
            '$.properties.provisioningErrors',
            '$.properties.properties.vmPriority',
            '$.properties.properties.scaleSettings',
            '$.properties.properties.nodeStateCounts',
            '$.properties.properties.allocationState',
            '$.properties.properties.currentNodeCount',
            '$.properties.properties.targetNodeCount',
            '$.properties.properties.propertyBag',
          ],
        });
        assert.deepEqual(ratelimits(get), []);
      },
      { edit: (state) => remove(state, COMPUTE) },
    );
  },

  'ml-compute-put-existing-201.json': () =>
    withRecorded(async (emulator) => {
      const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_UPDATE });
      assert.equal(put.status, 201, put.text);
      assertMlOperationHeaders(emulator, put, 'eastus');
      assert.ok(ratelimits(put).includes('x-ms-ratelimit-remaining-subscription-writes'));
      assertSameShape(put.json, REC['ml-compute-put-existing-201.json'], {
        equal: ['$.id', '$.tags', '$.identity.type', '$.identity.tenantId', '$.properties.computeType', '$.properties.computeLocation', '$.properties.provisioningState', '$.properties.createdOn', '$.properties.properties.scaleSettings', '$.properties.properties.vmPriority'],
        skip: {
          '$.properties.resourceId': 'recorded: a Microsoft.BatchAI cluster id the emulator does not invent (the GET after it says null again)',
        },
      });
    }),

  'ml-compute-list-200.json': () =>
    withRecorded(async (emulator) => {
      const list = await call(emulator, 'GET', `${ML_RG}/v2scoringurl-testharnvirws/computes?${ML}`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, REC['ml-compute-list-200.json']);
      assert.ok(!('nextLink' in list.json), 'no nextLink key');
      assert.deepEqual(ratelimits(list), []);
    }),

  'ml-compute-put-400-usererror.json': () =>
    withRecorded(async (emulator) => {
      // The cassette's request body is not in INDEX; what the service refused is a compute
      // without a public IP in a workspace without a private endpoint.
      const body = { location: 'eastus', properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_DS3_V2', enableNodePublicIp: false } } };
      const refused = await call(emulator, 'PUT', `${ML_RG}/nthandetest/computes/testcomp007ci6?${ML}`, { body });
      const recorded = REC['ml-compute-put-400-usererror.json'];
      assert.equal(refused.status, 400);
      const response = await fetch(`${emulator.url}${ML_RG}/nthandetest/computes/testcomp007ci6?${ML}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.statusText, recorded.error.message, 'the reason phrase is the message');
      assert.equal(refused.headers.get('x-ms-response-type'), 'error');
      assert.ok(ratelimits(refused).includes('x-ms-ratelimit-remaining-subscription-writes'));
      assertSameShape(refused.json, recorded, { equal: ['$.error', '$.environment', '$.location', '$.componentName'] });
      assert.match(refused.json.correlation.operation, /^[0-9a-f]{32}$/);
      assert.match(refused.json.correlation.request, /^[0-9a-f]{16}$/);
      assert.match(recorded.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
      assert.match(refused.json.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    }),

  'ml-compute-operation-inprogress-200.json': () =>
    withRecorded(
      async (emulator) => {
        const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_CREATE });
        const own = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
        // As the 2021 client asked: its api-version (2021-10-01) and service=new.
        const url = new URL(own);
        url.searchParams.set('api-version', '2021-10-01');
        for (const asked of [own, url.toString()]) {
          const status = await call(emulator, 'GET', asked);
          assert.equal(status.status, 200, status.text);
          assert.deepEqual(status.json, REC['ml-compute-operation-inprogress-200.json']);
          assert.deepEqual(ratelimits(status), ['x-ms-ratelimit-remaining-subscription-reads']);
          assert.equal(status.headers.get('retry-after'), null);
        }
      },
      { edit: (state) => remove(state, COMPUTE), options: { lro: { durationMs: 60_000 } } },
    ),

  'ml-workspace-get-200.json': () =>
    withRecorded(async (emulator) => {
      const get = await call(emulator, 'GET', `${ML_RG}/namejia-ws?${ML}`);
      assert.equal(get.status, 200);
      assert.deepEqual(get.json, REC['ml-workspace-get-200.json']);
    }),

  'ml-workspace-uai-get-200.json': async () => {
    const recorded = REC['ml-workspace-uai-get-200.json'];
    await withRecorded(async (emulator) => {
      const get = await call(emulator, 'GET', `${recorded.id}?${ML}`);
      assert.equal(get.status, 200);
      assert.deepEqual(get.json, recorded);
      assert.deepEqual(ratelimits(get), ['x-ms-ratelimit-remaining-subscription-reads']);
    });
    // The seed's workspace with two identities has the recorded quirks.
    const seed = JSON.parse(readFileSync(SEED, 'utf8'));
    const dev = seed.resources.find((/** @type {any} */ r) => r.name === 'mlw-dev');
    assertSameShape(dev.identity, recorded.identity, { equal: ['$.type', '$.principalId'], skip: { '$.userAssignedIdentities': 'other ids: compared below' } });
    assertSameShape(Object.values(dev.identity.userAssignedIdentities), Object.values(recorded.identity.userAssignedIdentities));
    const keys = Object.keys(dev.identity.userAssignedIdentities);
    const primary = dev.properties.primaryUserAssignedIdentity;
    assert.match(primary, /\/resourcegroups\//);
    assert.ok(keys.every((k) => k.includes('/resourceGroups/')));
    const index = keys.findIndex((k) => k.toLowerCase() === primary.toLowerCase());
    assert.ok(index > 0 && [...keys].sort()[0] !== keys[index], 'the primary is neither the first key nor the first in order');
  },

  'ml-workspace-get-404.json': () =>
    withRecorded(
      async (emulator) => {
        const recorded = REC['ml-workspace-get-404.json'];
        const get = await call(emulator, 'GET', `${REC['ml-workspace-uai-get-200.json'].id}?${ML}`);
        assert.equal(get.status, 404);
        assert.deepEqual(get.json, recorded);
        assert.equal(get.headers.get('content-length'), '246');
        assert.equal(get.headers.get('x-ms-failure-cause'), 'gateway');
        assert.deepEqual(ratelimits(get), []);
      },
      {
        edit: (state) => {
          const id = REC['ml-workspace-uai-get-200.json'].id;
          remove(state, id);
          state.resourceGroups = [id.replace(/\/providers\/.*$/, '')];
        },
      },
    ),

  'ml-endpoint-get-404.json': () =>
    withRecorded(async (emulator) => {
      // Online endpoints are not served (the tool never reads them): a compute, the nested type
      // served, gets ARM's 404 in the same form, types and names in turn.
      const recorded = REC['ml-endpoint-get-404.json'];
      const get = await call(emulator, 'GET', `${ML_RG}/namejia-ws/computes/test-onl-endpt-000005-k8s?${ML}`);
      assert.equal(get.status, 404);
      const expected = recorded.error.message.replace('/onlineEndpoints/', '/computes/').replace("'namejia-dev-rg'", "'000000000000000'");
      assertSameShape(get.json, recorded, { equal: ['$.error.code'] });
      assert.equal(get.json.error.message, expected);
      assert.equal(get.headers.get('x-ms-failure-cause'), 'gateway');
      assert.deepEqual(ratelimits(get), []);
      assertArmError(await call(emulator, 'GET', `${ML_RG}/namejia-ws/onlineEndpoints/test-onl-endpt-000005-k8s?${ML}`), 404, 'InvalidResourceType');
    }),

  'ml-mfe-operation-succeeded-200.json': () =>
    withRecorded(
      async (emulator) => {
        // The online endpoints' operation status (mfeOperationsStatus) is not served: the tool
        // never creates endpoints. Its shape is not the computes' one, which stays the recorded
        // minimal body, never this one.
        const recorded = REC['ml-mfe-operation-succeeded-200.json'];
        assertArmError(await call(emulator, 'GET', `${recorded.id}?api-version=2022-10-01-preview`), 404, 'InvalidResourceType');
        const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_CREATE });
        const done = await settled(emulator, /** @type {string} */ (put.headers.get('azure-asyncoperation')));
        assert.deepEqual(Object.keys(done.json).sort(), ['percentComplete', 'status']);
        assert.deepEqual(Object.keys(recorded).sort(), ['endTime', 'id', 'name', 'percentComplete', 'startTime', 'status']);
      },
      { edit: (state) => remove(state, COMPUTE) },
    ),

  'aks-managedcluster-private-get-200.json': () => aksGet('aks-managedcluster-private-get-200.json'),
  'aks-managedcluster-authorized-ips-creating-200.json': () => aksGet('aks-managedcluster-authorized-ips-creating-200.json'),

  'aks-managedcluster-public-get-200.json': async () => {
    await aksGet('aks-managedcluster-public-get-200.json');
    // Its cassette's DELETE: AKS writes are not served but for managed namespaces, whose DELETE
    // answers with AKS's operation headers as recorded.
    await withRecorded(async (emulator) => {
      const ns = `${AKS_RG}/cliakstest000002/managedNamespaces/team-a?${AKS}`;
      const put = await call(emulator, 'PUT', ns, { body: { properties: {} } });
      await settled(emulator, /** @type {string} */ (put.headers.get('azure-asyncoperation')));
      const del = await call(emulator, 'DELETE', ns);
      assert.equal(del.status, 202, del.text);
      assert.equal(del.text, '');
      assertAksOperationUrl(del.headers.get('azure-asyncoperation'), 'operations');
      assertAksOperationUrl(del.headers.get('location'), 'operationresults');
      assert.equal(del.headers.get('retry-after'), null);
      assert.ok(ratelimits(del).includes('x-ms-ratelimit-remaining-subscription-deletes'));
    });
  },

  'aks-managedcluster-disable-local-accounts-put-201.json': async () => {
    const recorded = REC['aks-managedcluster-disable-local-accounts-put-201.json'];
    // Cluster writes are not served (the tool never creates clusters): refused, nothing changed.
    // The recorded answer is served by a GET, and AKS's PUT headers are compared on the AKS
    // write that is served, a managed namespace.
    await withRecorded(
      async (emulator) => {
        const before = JSON.stringify(emulator.state);
        assertArmError(await call(emulator, 'PUT', `${AKS_RG}/cliakstest000002?${AKS}`, { body: { location: 'westus2', properties: {} } }), 405, 'MethodNotAllowed');
        assert.equal(JSON.stringify(emulator.state), before);
        const get = await call(emulator, 'GET', `${AKS_RG}/cliakstest000002?${AKS}`);
        assert.deepEqual(get.json, recorded);
        const put = await call(emulator, 'PUT', `${AKS_RG}/cliakstest000002/managedNamespaces/team-a?${AKS}`, { body: { properties: {} } });
        assert.equal(put.status, 201, put.text);
        assertAksOperationUrl(put.headers.get('azure-asyncoperation'), 'operations');
        assert.equal(put.headers.get('location'), null);
        assert.equal(put.headers.get('retry-after'), null);
        assert.ok(ratelimits(put).includes('x-ms-ratelimit-remaining-subscription-writes'));
        assert.equal(put.headers.get('content-type'), 'application/json');
      },
      { prefer: ['aks-managedcluster-disable-local-accounts-put-201.json'] },
    );
  },

  'aks-operation-inprogress-200.json': () => aksOperation('aks-operation-inprogress-200.json', 'InProgress'),
  'aks-operation-succeeded-200.json': () => aksOperation('aks-operation-succeeded-200.json', 'Succeeded'),

  'aks-kubernetes-versions-westus2-200.json': () =>
    withRecorded(async (emulator) => {
      // Recorded at 2025-01-01 (not served): asked at a served version; no isPreview, as recorded.
      const get = await call(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westus2/kubernetesVersions?${AKS}`);
      assert.equal(get.status, 200);
      assert.deepEqual(get.json, REC['aks-kubernetes-versions-westus2-200.json']);
      assert.equal(get.headers.get('content-type'), 'application/json');
    }),

  'ext-list-200.json': () =>
    withRecorded(async (emulator) => {
      // Recorded at 2021-09-01 (not served): asked at 2025-03-01.
      const list = await call(emulator, 'GET', `${ARC}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2025-03-01`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, REC['ext-list-200.json']);
      assert.equal(list.json.nextLink, null, 'an explicit "nextLink": null');
    }),

  'ext-dapr-put-201.json': () =>
    withRecorded(
      async (emulator) => {
        // Recorded at 2021-09-01 (not served): the cassette's request body, at 2025-03-01.
        const path = `${ARC}/providers/Microsoft.KubernetesConfiguration/extensions/dapr`;
        const put = await call(emulator, 'PUT', `${path}?api-version=2025-03-01`, { body: DAPR_CREATE });
        assert.equal(put.status, 201, put.text);
        const recorded = REC['ext-dapr-put-201.json'];
        // The extension's own operation URL, as recorded (there `api-Version`, the 2025-03-01
        // examples `api-version`); no Retry-After; a write's remaining-request headers.
        const header = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
        assert.ok(header.startsWith(emulator.url), header);
        assert.match(new URL(header).pathname, new RegExp(`^${path}/operations/[0-9a-f-]{36}$`));
        assert.equal(new URL(header).searchParams.get('api-version'), '2025-03-01');
        assert.equal(put.headers.get('retry-after'), null);
        assert.ok(ratelimits(put).includes('x-ms-ratelimit-remaining-subscription-writes'), ratelimits(put).join());
        // What both api-versions answer, value for value: the type as sent (lowercase), the
        // pinned version turning autoUpgradeMinorVersion off, the release train as sent, Dapr's
        // release namespace filled in, Creating, no statuses. 2021-09-01 alone had `installState`,
        // `aksAssignedIdentity` and an always empty `configurationProtectedSettings`; 2025-03-01
        // adds `autoUpgradeMode`, `currentVersion` and `isSystemExtension` (CreateExtension.json).
        const shared = (/** @type {any} */ body) => ({
          id: body.id,
          name: body.name,
          type: body.type,
          properties: Object.fromEntries(['extensionType', 'autoUpgradeMinorVersion', 'releaseTrain', 'version', 'scope', 'provisioningState', 'configurationSettings', 'statuses'].map((k) => [k, body.properties[k]])),
        });
        assert.deepEqual(shared(put.json), shared(recorded));
        assert.deepEqual(Object.keys(put.json.systemData).sort(), Object.keys(recorded.systemData).sort());
        const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/;
        assert.match(recorded.systemData.createdAt, stamp);
        assert.match(put.json.systemData.createdAt, stamp);
        assert.equal(put.json.systemData.createdBy, recorded.systemData.createdBy);
        assert.ok(!('configurationProtectedSettings' in put.json.properties));
        assert.deepEqual((await call(emulator, 'GET', `${path}?api-version=2025-03-01`)).json, put.json);
        // The cassette's forced DELETE: 200 with a serialised HttpResponseMessage, then the list
        // is empty, `"nextLink": null`.
        const removed = await call(emulator, 'DELETE', `${path}?api-version=2025-03-01&forceDelete=true`);
        assert.equal(removed.status, 200, removed.text);
        assert.deepEqual(removed.json, { content: null, statusCode: 200, headers: [], version: '1.1', reasonPhrase: 'OK', trailingHeaders: [], requestMessage: null, isSuccessStatusCode: true });
        assert.deepEqual((await call(emulator, 'GET', `${ARC}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2025-03-01`)).json, { value: [], nextLink: null });
      },
      { edit: (state) => remove(state, `${ARC}/providers/Microsoft.KubernetesConfiguration/extensions/dapr`) },
    ),

  'authz-role-assignments-list-200.json': () =>
    withRecorded(async (emulator) => {
      const list = await call(emulator, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '88c53162-584e-4c98-984b-62149c2e9bca'&api-version=2022-04-01`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.json, REC['authz-role-assignments-list-200.json']);
      assert.ok(!('nextLink' in list.json));
      assert.deepEqual(ratelimits(list), ['x-ms-ratelimit-remaining-subscription-global-reads']);
      assert.equal(list.headers.get('x-ms-ratelimit-remaining-subscription-global-reads'), '3749');
      // Its cassette's role assignment PUT (not served) showed global-writes 2999 and writes 199:
      // the first served write shows the same.
      const put = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_UPDATE });
      assert.equal(put.headers.get('x-ms-ratelimit-remaining-subscription-global-writes'), '2999');
      assert.equal(put.headers.get('x-ms-ratelimit-remaining-subscription-writes'), '199');
    }),

  'graph-query-skiptoken-200.json': () =>
    withRecorded(async (emulator) => {
      const answer = await call(emulator, 'POST', GRAPH, { body: { query: 'Resources | project id', options: { $top: 3 } } });
      assert.equal(answer.status, 200, answer.text);
      assertSameShape(answer.json, REC['graph-query-skiptoken-200.json'], { equal: ['$.count', '$.facets', '$.resultTruncated'] });
      assert.equal(answer.headers.get('x-ms-ratelimit-remaining-tenant-resource-requests'), '14');
      assert.equal(answer.headers.get('x-ms-user-quota-remaining'), '14');
      assert.equal(answer.headers.get('x-ms-user-quota-resets-after'), '00:00:05');
    }),

  'graph-query-table-200.json': () =>
    withRecorded(async (emulator) => {
      // Recorded at 2018-09-01-preview (not served; then ARM sent tenant-writes, now the quota
      // headers of the other recordings): asked at 2021-03-01.
      const answer = await call(emulator, 'POST', GRAPH, { body: { query: 'Resources | project id', options: { $top: 2, $skip: 0, resultFormat: 'table' } } });
      assert.equal(answer.status, 200, answer.text);
      assertSameShape(answer.json, REC['graph-query-table-200.json'], { equal: ['$.count', '$.data.columns', '$.facets', '$.resultTruncated'] });
      assert.ok(answer.headers.get('x-ms-ratelimit-remaining-tenant-resource-requests'));
    }),

  'graph-query-error-400.json': () =>
    withRecorded(async (emulator) => {
      const recorded = REC['graph-query-error-400.json'];
      const answer = await call(emulator, 'POST', GRAPH, { body: { query: 'where where' } });
      assert.equal(answer.status, 400);
      assertSameShape(answer.json, recorded, { equal: ['$.error.code', '$.error.details[0]', '$.error.details[1].code', '$.error.details[1].message', '$.error.details[1].line', '$.error.details[1].expectedToken'] });
      const form = /^Please provide below info when asking for support: timestamp = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, correlationId = [0-9a-f-]{36}\.$/;
      assert.match(recorded.error.message, form);
      assert.match(answer.json.error.message, form);
      assert.equal(answer.headers.get('x-ms-ratelimit-remaining-tenant-resource-requests'), '14');
      assert.equal(answer.headers.get('x-ms-user-quota-resets-after'), '00:00:05');
      // At the end of the query, as recorded, when that is where it stops.
      const atEnd = await call(emulator, 'POST', GRAPH, { body: { query: 'Resources | where' } });
      assert.deepEqual(
        { ...atEnd.json.error.details[1] },
        { ...recorded.error.details[1], characterPositionInLine: 'Resources | where'.length },
      );
    }),

  'arm-403-authorizationfailed.json': () =>
    withRecorded(async (emulator) => {
      // A denial is the `error` fault's (the emulator evaluates no RBAC): the same envelope.
      const recorded = REC['arm-403-authorizationfailed.json'];
      emulator.faults.add({ kind: 'error', status: 403, code: 'AuthorizationFailed', message: recorded.error.message, times: 1 });
      const denied = await call(emulator, 'GET', `${AKS_RG}/cliakstest000002?${AKS}`);
      assert.equal(denied.status, 403);
      assert.deepEqual(denied.json, recorded);
      assert.equal(denied.headers.get('x-ms-failure-cause'), 'gateway');
      assert.equal(denied.headers.get('content-type'), 'application/json; charset=utf-8');
    }),

  'arm-429-subscription-throttled.json': () =>
    withRecorded(
      async (emulator) => {
        const recorded = REC['arm-429-subscription-throttled.json'];
        const read = `${AKS_RG}/cliakstest000002?${AKS}`;
        assert.equal((await call(emulator, 'GET', read)).status, 200);
        const throttled = await call(emulator, 'GET', read);
        assert.equal(throttled.status, 429);
        assertSameShape(throttled.json, recorded, { equal: ['$.error.code'] });
        const form = (/** @type {string} */ subscription, /** @type {string} */ actor) =>
          new RegExp(`^Number of 'read' requests for subscription '${subscription}' actor '${actor}' exceeded\\. Please try again after '\\d+' seconds after additional tokens are available\\. Refer to https://aka\\.ms/arm-throttling for additional information\\.$`);
        assert.match(recorded.error.message, form('[^\']+', '[^\']+'));
        assert.match(throttled.json.error.message, form(SUB, '[0-9a-f-]{36}'));
        assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
        // The throttle fault has the same envelope.
        emulator.faults.add({ kind: 'throttle', times: 1 });
        const fault = await call(emulator, 'GET', read);
        assert.equal(fault.status, 429);
        assertSameShape(fault.json, recorded);
        assert.ok(fault.headers.get('retry-after'));
      },
      { options: { rateLimits: { subscriptionGlobalReads: { size: 1, refillPerSecond: 0 } } } },
    ),
};

/**
 * GET of a recorded cluster at a served api-version: the recording, with AKS's content type.
 * @param {string} file
 */
function aksGet(file) {
  return withRecorded(
    async (emulator) => {
      const recorded = REC[file];
      const get = await call(emulator, 'GET', `${AKS_RG}/${recorded.name}?${AKS}`);
      assert.equal(get.status, 200);
      assert.deepEqual(get.json, recorded);
      assert.equal(get.headers.get('content-type'), 'application/json');
      assert.deepEqual(ratelimits(get), ['x-ms-ratelimit-remaining-subscription-global-reads']);
    },
    { prefer: [file] },
  );
}

/**
 * AKS's operation status, read while a managed namespace PUT runs or after it ended.
 * @param {string} file
 * @param {'InProgress' | 'Succeeded'} status
 */
function aksOperation(file, status) {
  return withRecorded(async (emulator) => {
    const put = await call(emulator, 'PUT', `${AKS_RG}/cliakstest000001/managedNamespaces/team-a?${AKS}`, { body: { properties: {} } });
    const url = /** @type {string} */ (put.headers.get('azure-asyncoperation'));
    const answer = status === 'InProgress' ? await call(emulator, 'GET', url) : await settled(emulator, url);
    assert.equal(answer.status, 200);
    assertSameShape(answer.json, REC[file], { equal: ['$.status'] });
    assert.equal(answer.headers.get('retry-after'), null);
    assert.equal(answer.headers.get('content-type'), 'application/json');
  });
}

describe('recorded ARM answers', () => {
  test('every recording is compared, and INDEX.md lists each', () => {
    const files = readdirSync(RECORDINGS).filter((f) => f.endsWith('.json')).sort();
    assert.ok(files.length > 0, `no recordings in ${RECORDINGS}`);
    assert.deepEqual(files, Object.keys(CHECKS).sort(), 'a recording without a check, or a check without its recording');
    const index = readFileSync(join(RECORDINGS, 'INDEX.md'), 'utf8');
    for (const file of files) assert.ok(index.includes(file), `${file} is not in INDEX.md`);
  });

  for (const [file, check] of Object.entries(CHECKS)) test(file, check);

  test('(the compute DELETE, an INDEX row without a body) 202, empty, Azure-AsyncOperation only', () =>
    withRecorded(async (emulator) => {
      const del = await call(emulator, 'DELETE', `${COMPUTE}?${ML}&underlyingResourceAction=Delete`);
      assert.equal(del.status, 202);
      assert.equal(del.text, '');
      assert.equal(del.headers.get('content-length'), '0');
      assertMlOperationHeaders(emulator, del, 'eastus');
      assert.ok(ratelimits(del).includes('x-ms-ratelimit-remaining-subscription-deletes'));
    }));

  test('(no recording) a 409 from Azure ML has the envelope of its recorded 400', () =>
    withRecorded(async (emulator) => {
      await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_UPDATE });
      const conflict = await call(emulator, 'PUT', `${COMPUTE}?${ML}`, { body: AML_UPDATE });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.json.error.code, 'Conflict');
      assertSameShape(conflict.json, REC['ml-compute-put-400-usererror.json'], { equal: ['$.componentName', '$.location'], skip: { '$.error.code': 'Conflict', '$.error.message': 'its own' } });
    }));
});
