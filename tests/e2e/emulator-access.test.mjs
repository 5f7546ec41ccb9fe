// @ts-check
/**
 * Who may call the ARM emulator and what a browser lets a page read: tokens (ARM's audiences;
 * missing, malformed, wrong-audience and expired tokens refused with WWW-Authenticate; signatures
 * checked against a JWKS), and CORS (the preflight, the headers exposed, and in Chromium a page
 * on another origin reading Azure-AsyncOperation only while it is exposed).
 * Shared helpers: emulator-rig.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { makeToken, startEmulator } from '../emulator/server.mjs';
import { assertArmError, call, ML, pageOnAnotherOrigin, SUB_A, TOKEN, WS_PROD } from './emulator-rig.mjs';

/** @typedef {import('./emulator-rig.mjs').Emulator} Emulator */

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
    const { tab, close } = await pageOnAnotherOrigin();
    try {
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
      await close();
    }
  });
});
