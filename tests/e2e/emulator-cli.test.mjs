// @ts-check
/**
 * The ARM emulator at scale and as a program: a generated state of 100 subscriptions × 20
 * clusters paged through by Resource Graph, and `node tests/emulator/server.mjs` printing its URL
 * and serving the seed.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { generateState, SEED, startEmulator } from '../emulator/server.mjs';
import { ROOT } from './browser.mjs';
import { call, listAll } from './emulator-rig.mjs';

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
