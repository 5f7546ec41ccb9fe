// @ts-check
/**
 * The live module (amlattach_live) in headless Chromium against the local ARM emulator, across
 * origins as in production: discovery, pre-flight feeding the validator, attach (refusing an
 * existing compute), a failing attach, detach, throttling, an expired token, hidden headers, a
 * write refused for want of MFA (the claims handed to getToken, the typed failure).
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openSite, runLive } from './live-module.mjs';

const WS = '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod';
const AKS = '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourcegroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus';

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
 * Runs one live export in the page against the emulator (`runLive`).
 * @param {string} call
 * @param {unknown[]} args
 * @param {string[]} [tokens]
 * @param {{ tenant?: string }} [more]
 */
function live(call, args, tokens = [emulator.token({})], more = {}) {
  return runLive(page, emulator.url, call, args, tokens, more);
}

test('discovery finds every cluster and workspace, with their Azure ML extensions', async () => {
  emulator.requests.length = 0;
  const { result } = await live('discover', []);
  const graph = emulator.requests.filter((r) => r.path.endsWith('/providers/Microsoft.ResourceGraph/resources'));
  assert.equal(graph.length, emulator.requests.length, 'Resource Graph only');
  assert.ok(result.clusters.length >= 9, `clusters: ${result.clusters.length}`);
  assert.ok(result.workspaces.some((/** @type {{name: string}} */ w) => w.name === 'mlw-prod'));
  const prod = result.clusters.find((/** @type {{name: string}} */ c) => c.name === 'aks-prod-eastus');
  assert.equal(prod.amlExtension?.provisioningState, 'Succeeded');
  assert.equal(result.notes.length, 0);
});

test('the pre-flight context makes the validator check the live cluster', async () => {
  const { result } = await live('preflight', [WS, AKS]);
  assert.ok(result.context.cluster.node_pools.length > 0);
  assert.ok(result.context.existing_computes.length > 0);
  const verdict = await page.evaluate(async (context) => {
    const url = './shared/amlattach.js';
    /** @type {typeof import('../../www/shared/amlattach.js')} */
    const { validate } = await import(url);
    return validate(
      { name: 'k8s-train', type: 'kubernetes', resource_id: '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus' },
      context,
    );
  }, result.context);
  assert.ok(verdict.diagnostics.some((/** @type {{code: string}} */ d) => d.code === 'name-clash'), JSON.stringify(verdict.diagnostics));
});

const v2 = (/** @type {string} */ name) => ({
  name,
  type: 'kubernetes',
  resource_id: AKS,
  namespace: 'team-a',
  identity: { type: 'system_assigned' },
});

test('attach follows the operation to a succeeded compute', async () => {
  emulator.requests.length = 0;
  const { result, progress } = await live('attach', [v2('k8s-new'), WS]);
  assert.equal(result.result, 'attached', JSON.stringify(result));
  assert.equal(result.compute.provisioningState, 'Succeeded');
  assert.ok(progress.includes('the operation has started'), progress.join('|'));
  const puts = emulator.requests.filter((r) => r.method === 'PUT');
  assert.equal(puts.length, 1);
});

test('attach refuses to PUT over an existing compute', async () => {
  emulator.requests.length = 0;
  const { result } = await live('attach', [v2('k8s-train'), WS]);
  assert.equal(result.result, 'already-exists');
  assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, 0);
});

test('a failing attach ends with the compute provisioning errors', async () => {
  emulator.settings.lro.outcomes['k8s-fails'] = {
    status: 'Failed',
    error: { code: 'BadArgument', message: 'Kubernetes extension not installed' },
    provisioningErrors: [{ error: { code: 'BadArgument', message: 'Kubernetes extension not installed' } }],
  };
  const { result } = await live('attach', [v2('k8s-fails'), WS]);
  assert.equal(result.result, 'compute-failed', JSON.stringify(result));
  assert.match(JSON.stringify(result.compute.provisioningErrors), /extension not installed/);
});

test('throttling is waited out with Retry-After', async () => {
  const rule = emulator.faults.add({ kind: 'throttle', method: 'PUT', retryAfterSeconds: 1, times: 1 });
  const { result, progress } = await live('attach', [v2('k8s-throttled'), WS]);
  assert.equal(result.result, 'attached', JSON.stringify(result));
  assert.ok(progress.some((m) => m.includes('429')), progress.join('|'));
  emulator.faults.remove(rule);
});

test('an expired token is refreshed once, then a clear error', async () => {
  const expired = emulator.token({ expiresInSeconds: -60 });
  const once = await live('discover', [], [expired, emulator.token({})]);
  assert.equal(once.refreshes[0], false);
  assert.ok(once.refreshes.includes(true), 'a fresh token was asked for after the 401');
  assert.ok(once.result, JSON.stringify(once.error));
  const always = await live('preflight', [WS, AKS], [expired]);
  assert.ok(always.result?.notes?.length > 0 || always.error, 'expired tokens are reported');
});

test('detach sends Detach, follows the operation, and the compute is gone', async () => {
  emulator.requests.length = 0;
  const { result } = await live('detach', [WS, 'k8s-new']);
  assert.equal(result.result, 'detached', JSON.stringify(result));
  const del = emulator.requests.find((r) => r.method === 'DELETE');
  assert.equal(del?.query.underlyingResourceAction, 'Detach');
});

test('when CORS hides the operation headers, the compute state is polled instead', async () => {
  emulator.settings.cors.exposeHeaders = false;
  try {
    const { result } = await live('attach', [v2('k8s-hidden'), WS]);
    assert.equal(result.result, 'attached', JSON.stringify(result));
  } finally {
    emulator.settings.cors.exposeHeaders = true;
  }
});

test('a policy denial is reported with the policy that denied it', async () => {
  const rule = emulator.faults.add({ kind: 'policy-denial', method: 'PUT', times: 1 });
  const { error } = await live('attach', [v2('k8s-denied'), WS]);
  emulator.faults.remove(rule);
  assert.equal(error?.name, 'ArmError', JSON.stringify(error));
  assert.equal(/** @type {{kind: string}} */ (error.arm).kind, 'policy-denied');
  assert.match(error.message, /denied by the Azure Policy assignment /);
});

test('a write refused for want of MFA asks getToken for the claims once, then fails typed with the advice', async () => {
  const p1 = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}';
  const rule = emulator.faults.add({ kind: 'mfa-required', exposeChallenge: false });
  try {
    // The token given for the claims has MFA: the PUT goes through the second time.
    const cured = await live('attach', [v2('k8s-mfa'), WS], [emulator.token({}), emulator.token({}), emulator.token({ acrs: ['p1'] })]);
    assert.equal(cured.result?.result, 'attached', JSON.stringify(cured.error));
    assert.deepEqual(cured.claims.slice(0, 3), [null, null, p1]);
    assert.deepEqual(cured.refreshes.slice(0, 3), [false, false, true]);
    // No MFA in the new token either: one more PUT, then the typed failure.
    emulator.requests.length = 0;
    const refused = await live('detach', [WS, 'k8s-mfa'], [emulator.token({})], { tenant: 'contoso.onmicrosoft.com' });
    assert.deepEqual(refused.claims, [null, p1]);
    assert.equal(emulator.requests.filter((r) => r.method === 'DELETE').length, 2);
    assert.equal(refused.error?.name, 'ArmError');
    assert.equal(refused.error.code, 'RequestDisallowedByAzure');
    const arm = /** @type {any} */ (refused.error.arm);
    assert.equal(arm.kind, 'mfa-required');
    assert.equal(arm.mfa.source, 'body');
    assert.equal(arm.mfa.claims, p1);
    assert.equal(arm.mfa.tenant, 'contoso.onmicrosoft.com');
    assert.deepEqual(arm.mfa.azureCli.commands, ['az logout', `az login --tenant "contoso.onmicrosoft.com" --scope "https://management.core.windows.net//.default" --claims-challenge "${arm.mfa.claimsChallenge}"`]);
    // getToken failing for the claims (a blocked window): the same failure, after one DELETE.
    emulator.requests.length = 0;
    const failed = await page.evaluate(
      async ({ cloud, token, ws }) => {
        const url = './pkg/amlattach_live.js';
        /** @type {typeof import('../../www/pkg/amlattach_live.js')} */
        const mod = await import(url);
        await mod.default();
        const options = { cloud, getToken: async (/** @type {boolean} */ _refresh, /** @type {{ claims: string } | undefined} */ request) => (request ? Promise.reject(new Error('blocked')) : token) };
        return mod.armDetach(options, ws, 'k8s-mfa').then(
          () => null,
          (/** @type {any} */ e) => e.arm.kind,
        );
      },
      { cloud: emulator.url, token: emulator.token({}), ws: WS },
    );
    assert.equal(failed, 'mfa-required');
    assert.equal(emulator.requests.filter((r) => r.method === 'DELETE').length, 1);
  } finally {
    emulator.faults.remove(rule);
  }
});

test('transient 500s and dropped connections are retried', async () => {
  const five = emulator.faults.add({ kind: 'server-error', method: 'GET', path: '/computes/k8s-flaky$', times: 1 });
  // Chromium itself retries a fetch once when a reused connection drops, so one fetch can use up
  // two drops (how many idle connections the tests before left decides it); three drops reach the
  // page at least once and at most three times, within its four attempts.
  const drop = emulator.faults.add({ kind: 'drop', method: 'PUT', times: 3 });
  const { result, progress } = await live('attach', [v2('k8s-flaky'), WS]);
  emulator.faults.remove(five);
  emulator.faults.remove(drop);
  assert.equal(result?.result, 'attached', JSON.stringify(result));
  assert.ok(progress.some((m) => m.includes('500')), progress.join('|'));
  assert.ok(progress.some((m) => m.includes('no answer')), progress.join('|'));
});

test('malformed JSON is a clear error that echoes nothing', async () => {
  const rule = emulator.faults.add({ kind: 'malformed-json', method: 'GET', path: '/workspaces/mlw-prod$', times: 4 });
  const { result } = await live('preflight', [WS, AKS]);
  emulator.faults.remove(rule);
  const note = result.notes.find((/** @type {{what: string}} */ n) => n.what === 'the workspace');
  assert.ok(!note || note.error.kind === 'malformed' || note.error.kind === 'service', JSON.stringify(result.notes));
  assert.equal(result.context.workspace.name, 'mlw-prod', 'the workspace is still named from its id');
});

test('a hung request times out and is retried; a 503 is waited out', async () => {
  const hang = emulator.faults.add({ kind: 'hang', method: 'GET', path: '/workspaces/mlw-prod$', times: 1 });
  const busy = emulator.faults.add({ kind: 'unavailable', method: 'GET', path: '/computes$', retryAfterSeconds: 1, times: 1 });
  const { result, progress } = await live('preflight', [WS, AKS]);
  emulator.faults.remove(hang);
  emulator.faults.remove(busy);
  assert.equal(result?.context?.workspace?.location, 'eastus', JSON.stringify(result?.notes));
  assert.ok(progress.some((m) => m.includes('no answer')), progress.join('|'));
  assert.ok(progress.some((m) => m.includes('503')), progress.join('|'));
});

test('the pre-flight reads the workspace identity roles and the validator names the missing one', async () => {
  const dev = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev';
  const arc = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-onprem-01';
  const { result } = await live('preflight', [dev, arc]);
  assert.ok(result.context.cluster.workspace_identity_roles.length >= 2, JSON.stringify(result));
  const verdict = await page.evaluate(
    async ({ context, arc }) => {
      const url = './shared/amlattach.js';
      /** @type {typeof import('../../www/shared/amlattach.js')} */
      const { validate } = await import(url);
      return validate({ name: 'k8s-arc', type: 'kubernetes', resource_id: arc }, context);
    },
    { context: result.context, arc },
  );
  const missing = verdict.diagnostics.find((/** @type {{code: string}} */ d) => d.code === 'workspace-identity-roles-missing');
  assert.ok(missing, JSON.stringify(verdict.diagnostics));
  assert.match(missing.message, /Kubernetes Extension Contributor/);
});

test('reads slow down as the subscription read budget runs low, so ARM never has to throttle', async () => {
  const subscriptionReads = () =>
    emulator.requests.filter((r) => r.method === 'GET' && r.path.toLowerCase().startsWith('/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/'));
  const limits = emulator.settings.rateLimits;
  const saved = structuredClone(limits);
  try {
    // How many reads a pre-flight makes, with the budget untouched.
    emulator.resetRateLimits();
    emulator.requests.length = 0;
    await live('preflight', [WS, AKS]);
    const reads = subscriptionReads().length;
    assert.ok(reads >= 4, `reads: ${reads}`);

    // A budget that leaves 9 reads after the third-to-last one: the last two must be held back
    // (1 s each, src/arm/flow.rs pacing_delay_ms), and none may be refused. The token buckets
    // (the principal's and the subscription's global one, whichever header a read shows) do not
    // refill here, so the count is exact.
    emulator.resetRateLimits();
    limits.subscriptionReads = { size: reads + 7, refillPerSecond: 0 };
    limits.subscriptionGlobalReads = { size: reads + 7, refillPerSecond: 0 };
    emulator.requests.length = 0;
    const { result, progress } = await live('preflight', [WS, AKS]);
    assert.equal(result?.context?.workspace?.location, 'eastus', JSON.stringify(result?.notes));
    const paced = subscriptionReads();
    assert.equal(paced.length, reads);
    assert.deepEqual(
      paced.filter((r) => r.status === 429),
      [],
      'pacing kept the reads inside the budget',
    );
    const starts = paced.map((r) => Date.parse(r.time));
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    const [beforeLast, last] = gaps.slice(-2);
    assert.ok(beforeLast >= 950 && last >= 950, `the last two reads were held back: ${gaps.join(', ')} ms`);
    assert.ok(progress.some((m) => m.includes('pacing')), progress.join('|'));
  } finally {
    Object.assign(limits, saved);
    emulator.resetRateLimits();
  }
});

test('a v1 attach is refused when the cluster is already attached in another workspace', async () => {
  const dev = '/subscriptions/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev';
  emulator.requests.length = 0;
  const { result } = await live('preflight', [dev, AKS]);
  assert.ok(
    emulator.requests.some((r) => r.path.endsWith('/workspaces/mlw-prod/computes')),
    'the other workspace of the cluster subscription was looked into',
  );
  const elsewhere = result.context.existing_computes.filter((/** @type {{workspace?: string}} */ c) => c.workspace === 'mlw-prod');
  assert.ok(elsewhere.length > 0, JSON.stringify(result.context.existing_computes));
  const verdict = await page.evaluate(
    async ({ context, aks }) => {
      const url = './shared/amlattach.js';
      /** @type {typeof import('../../www/shared/amlattach.js')} */
      const { validate } = await import(url);
      return validate({ name: 'aks-dev-infer', type: 'aks', action: 'attach', resource_id: aks }, context);
    },
    { context: result.context, aks: AKS },
  );
  const attached = verdict.diagnostics.find((/** @type {{code: string}} */ d) => d.code === 'cluster-already-attached');
  assert.ok(attached, JSON.stringify(verdict.diagnostics));
  assert.match(attached.message, /in workspace `mlw-prod`/);
});
