// @ts-check
/**
 * The ARM emulator's faults and rate limits: 429, 500 and 503 with Retry-After, faults limited
 * by path and skip, dropped, slow and hung responses, malformed JSON, expired tokens, policy
 * denials, the admin API; the subscription rate-limit headers counting down to a 429, and Resource
 * Graph's user quota.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { AKS_PROD, assertArmError, call, ML, sleep, SUB_A, SUB_B, WS_PROD } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

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

describe('rate limits', () => {
  test('x-ms-ratelimit-remaining-subscription-* count down per subscription, then 429', async () => {
    const emulator = await startEmulator({
      rateLimits: { subscriptionGlobalReads: { size: 3, refillPerSecond: 0 }, subscriptionWrites: { size: 1, refillPerSecond: 0 } },
    });
    try {
      const read = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
      const remaining = [];
      for (let i = 0; i < 3; i += 1) {
        const answer = await call(emulator, 'GET', read);
        remaining.push(answer.headers.get('x-ms-ratelimit-remaining-subscription-global-reads'));
        // A read shows only the global header (recorded, role assignments 2025).
        assert.equal(answer.headers.get('x-ms-ratelimit-remaining-subscription-reads'), null);
      }
      assert.deepEqual(remaining, ['2', '1', '0']);
      const throttled = await call(emulator, 'GET', read);
      assertArmError(throttled, 429, 'SubscriptionRequestsThrottled');
      assert.match(throttled.json.error.message, /^Number of 'read' requests for subscription '[^']+' actor '[^']+' exceeded\. Please try again after '\d+' seconds after additional tokens are available\./);
      assert.ok(Number(throttled.headers.get('retry-after')) > 0);
      const other = await call(emulator, 'GET', `/subscriptions/${SUB_B}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`);
      assert.equal(other.headers.get('x-ms-ratelimit-remaining-subscription-global-reads'), '2');
      const write = await call(emulator, 'PUT', `${WS_PROD}/computes/rl?${ML}`, { body: { properties: { computeType: 'AKS' } } });
      assert.equal(write.headers.get('x-ms-ratelimit-remaining-subscription-writes'), '0');
      assert.equal(write.headers.get('x-ms-ratelimit-remaining-subscription-global-writes'), '2999');
      assert.equal((await call(emulator, 'GET', '/subscriptions?api-version=2022-12-01')).headers.get('x-ms-ratelimit-remaining-tenant-reads'), '249');
      // Azure ML's compute reads carry none (recorded); a gateway 404 neither.
      const computes = await call(emulator, 'GET', `/subscriptions/${SUB_B}/resourceGroups/rg-ml-dev/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev/computes?api-version=2025-12-01`);
      assert.deepEqual([...computes.headers.keys()].filter((h) => h.startsWith('x-ms-ratelimit')), []);
      emulator.resetRateLimits();
      assert.equal((await call(emulator, 'GET', read)).status, 200);
    } finally {
      await emulator.close();
    }
  });

  test('the buckets refill at their rate', async () => {
    const emulator = await startEmulator({ rateLimits: { subscriptionGlobalReads: { size: 2, refillPerSecond: 2 } } });
    try {
      const read = `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
      await call(emulator, 'GET', read);
      await call(emulator, 'GET', read);
      const spent = await call(emulator, 'GET', read);
      assert.equal(spent.status, 429, spent.text);
      assert.equal(spent.headers.get('retry-after'), '1');
      await sleep(600);
      const again = await call(emulator, 'GET', read);
      assert.equal(again.status, 200, again.text);
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
      assert.equal(first.headers.get('x-ms-ratelimit-remaining-tenant-resource-requests'), '1');
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
