// @ts-check
/**
 * The ARM emulator's mandatory MFA (the mfa-required fault): writes without MFA refused with a
 * claims challenge and RequestDisallowedByAzure (reads and Resource Graph go through), managed
 * namespace writes too, the policy variant, and the challenge hidden from a page on another
 * origin when it is not exposed.
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { makeToken, startEmulator } from '../emulator/server.mjs';
import { AKS_PROD, assertArmError, call, ML, pageOnAnotherOrigin, SUB_A, TOKEN, WS_PROD } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

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

    const { tab, close } = await pageOnAnotherOrigin();
    try {
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
      await close();
    }
  });
});
