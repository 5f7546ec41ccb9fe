// @ts-check
/**
 * The live module in headless Chromium against an emulator state built from real recorded ARM
 * answers (`../shared/fixtures/arm-recordings/`, tests/emulator/recorded.mjs), the emulator
 * answering as those recordings show: no `Retry-After` on Azure ML's operations (the client's own
 * poll interval is used), Azure ML's status URL with its own api-version, the gateway's 404s.
 * Discovery, the pre-flight, attach and detach end to end, with the operation headers visible to
 * the page and hidden from it (CORS).
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { recordedState } from '../emulator/recorded.mjs';
import { makeExtension } from '../emulator/state.mjs';
import { openSite, runLive } from './live-module.mjs';

const RECORDINGS = join(import.meta.dirname, '../../../shared/fixtures/arm-recordings');
/** The recorded workspace (system-assigned) and the recorded private AKS cluster, ids as recorded. */
const WS = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/000000000000000/providers/Microsoft.MachineLearningServices/workspaces/namejia-ws';
const AKS = '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/clitest000001/providers/Microsoft.ContainerService/managedClusters/cliakstest000001';
/** Seconds the client waits between polls when the service sends no Retry-After. */
const DEFAULT_POLL_SECONDS = 5;

/** @type {Awaited<ReturnType<typeof openSite>>} */
let site;
/** @type {Awaited<ReturnType<typeof openSite>>['emulator']} */
let emulator;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  const state = recordedState(RECORDINGS);
  // No recording shows the Azure ML extension (INDEX.md: "Not found"): installed on the recorded
  // cluster in the shape the emulator takes from the specification, so an attach can succeed.
  state.resources = [...(state.resources ?? []), makeExtension({ clusterId: AKS })];
  // Operations as recorded: no Retry-After (no `lro.retryAfterSeconds`), a second long.
  site = await openSite({ state, port: 0, latencyMs: 0, lro: { durationMs: 1000 } });
  ({ emulator, page } = site);
});

after(async () => {
  await site?.close();
});

/**
 * @param {string} call
 * @param {unknown[]} args
 */
function live(call, args) {
  return runLive(page, emulator.url, call, args, [emulator.token({})]);
}

/** @param {string} name */
const kubernetes = (name) => ({ name, type: 'kubernetes', resource_id: AKS, namespace: 'default', identity: { type: 'system_assigned' } });

/** @param {boolean} exposed */
function exposeHeaders(exposed) {
  emulator.settings.cors.exposeHeaders = exposed;
}

test('discovery finds the recorded clusters and workspaces, and the extension on the recorded cluster', async () => {
  const { result, error } = await live('discover', []);
  assert.ok(result, JSON.stringify(error));
  assert.deepEqual(result.notes, []);
  const clusters = result.clusters.map((/** @type {{ name: string }} */ c) => c.name).sort();
  assert.deepEqual(clusters, ['arc-cluster', 'cliakstest000001', 'cliakstest000002']);
  const recorded = result.clusters.find((/** @type {{ name: string }} */ c) => c.name === 'cliakstest000001');
  assert.equal(recorded.amlExtension?.provisioningState, 'Succeeded');
  // The dapr extension recorded on the Arc cluster is not Azure ML's.
  assert.equal(result.clusters.find((/** @type {{ name: string }} */ c) => c.name === 'arc-cluster').amlExtension, null);
  const names = result.workspaces.map((/** @type {{ name: string }} */ w) => w.name);
  for (const name of ['namejia-ws', 'e2etest_test_61875381419']) assert.ok(names.includes(name), names.join(', '));
  // The recorded workspace with two user-assigned identities names its primary, as recorded.
  const uai = result.workspaces.find((/** @type {{ name: string }} */ w) => w.name === 'e2etest_test_61875381419');
  assert.match(uai.primaryUserAssignedIdentity, /\/resourcegroups\/00000\/.*\/uai-mhe$/);
  assert.equal(uai.userAssigned.length, 2);
});

test('the pre-flight reads every recorded answer it needs without a note', async () => {
  const { result, error } = await live('preflight', [WS, AKS]);
  assert.ok(result, JSON.stringify(error));
  assert.deepEqual(result.notes, []);
  // The recorded private cluster (westus2), its Kubernetes versions as recorded, the extension.
  assert.equal(result.context.cluster.aml_extension_installed, true);
  assert.ok(result.context.supported_kubernetes_versions.includes('1.27'), JSON.stringify(result.context.supported_kubernetes_versions));
  assert.ok(Array.isArray(result.context.cluster.workspace_identity_roles));
});

for (const visible of [true, false]) {
  const headers = visible ? 'visible' : 'hidden';
  test(`attach then detach end where they should with the operation headers ${headers}`, async () => {
    exposeHeaders(visible);
    try {
      const name = `k8s-rec-${headers}`;
      emulator.requests.length = 0;
      const attached = await live('attach', [kubernetes(name), WS]);
      assert.equal(attached.result?.result, 'attached', JSON.stringify(attached));
      assert.equal(attached.result.compute.provisioningState, 'Succeeded');
      const put = emulator.requests.find((r) => r.method === 'PUT');
      assert.ok(put);
      const at = (/** @type {{ time: string }} */ r) => Date.parse(r.time);
      const polls = emulator.requests.filter((r) => r.method === 'GET' && at(r) > at(put));
      assert.ok(polls.length > 0);
      if (visible) {
        // The status URL Azure ML gave, with its own api-version, followed as given; then the
        // compute read back.
        const status = polls[0];
        assert.match(status.path, /\/computeOperationsStatus\//);
        assert.equal(status.query['api-version'], '2022-10-01-preview');
        assert.equal(status.query.service, 'new');
        assert.ok(polls.at(-1)?.path.endsWith(`/computes/${name}`));
      } else {
        // Nothing but the compute itself can be watched.
        assert.ok(polls.every((r) => r.path.endsWith(`/computes/${name}`)), JSON.stringify(polls.map((r) => r.path)));
      }
      // No Retry-After: the first poll waits the client's own interval.
      const waited = at(polls[0]) - at(put);
      assert.ok(waited >= DEFAULT_POLL_SECONDS * 1000 - 250, `${waited} ms`);

      emulator.requests.length = 0;
      const detached = await live('detach', [WS, name]);
      // Hidden headers: the compute is watched until ARM's gateway says it is gone (404).
      assert.equal(detached.result?.result, 'detached', JSON.stringify(detached));
      const del = emulator.requests.find((r) => r.method === 'DELETE');
      assert.equal(del?.query.underlyingResourceAction, 'Detach');
      if (!visible) {
        const last = emulator.requests.at(-1);
        assert.equal(last?.status, 404);
        assert.ok(last?.path.endsWith(`/computes/${name}`));
      }
      const gone = emulator.state.resources.find((/** @type {{ id: string }} */ r) => r.id.toLowerCase().endsWith(`/computes/${name}`));
      assert.equal(gone, undefined);
    } finally {
      exposeHeaders(true);
    }
  });
}
