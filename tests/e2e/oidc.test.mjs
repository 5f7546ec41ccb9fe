// @ts-check
/**
 * The sign-in tests' identity provider (tests/oidc/provider.mjs), in Node without a browser:
 * discovery over HTTPS trusted through the test CA only, the authorization-code + PKCE flow MSAL
 * runs (automatic login and consent), the ARM access token (RS256 JWT, audience and scope), the
 * refresh-token grant with MSAL's scopes, multi-factor sign-in on a claims request for `p1` (and
 * Entra's refusal of a refresh asking for it without), and the ARM emulator accepting that token
 * — and only tokens signed by the provider — once given its JWKS and CA, refusing writes made
 * without MFA when told to.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { ARM_RESOURCE, ARM_SCOPE, startOidcProvider } from '../oidc/provider.mjs';

const CLIENT_ID = '3c0f9e4a-5b1d-4c7e-9a2f-6d8b7e1c0a55';
const PAGE_ORIGIN = 'http://localhost:3000';
const REDIRECT_URI = `${PAGE_ORIGIN}/redirect.html`;
/** What MSAL asks for: its OIDC default scopes and the app's ARM scope. */
const MSAL_SCOPES = `openid profile offline_access ${ARM_SCOPE}`;
const USER = { sub: 'oidc-test-user', name: 'Ada Tester', preferred_username: 'ada@example.test' };

/** @type {Awaited<ReturnType<typeof startOidcProvider>>} */
let idp;

before(async () => {
  idp = await startOidcProvider({ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], pageOrigins: [PAGE_ORIGIN], user: USER });
});
after(() => idp?.close());

/**
 * @typedef {{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string, json: any }} Answer
 */

/**
 * One HTTPS request trusting only the given CA: the provider's test CA by default, Node's own
 * roots with `ca: null`.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, form?: Record<string, string>, ca?: string | null }} [options]
 * @returns {Promise<Answer>}
 */
function https(url, { method = 'GET', headers = {}, form, ca = idp.caCertPem } = {}) {
  const body = form === undefined ? undefined : new URLSearchParams(form).toString();
  if (body !== undefined) headers = { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: ca ?? undefined }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A minimal cookie jar: name and path from Set-Cookie, sent to requests under that path. */
class Jar {
  constructor() {
    /** @type {Map<string, { name: string, value: string, path: string }>} */
    this.cookies = new Map();
  }

  /** @param {string[] | undefined} setCookies */
  store(setCookies) {
    for (const line of setCookies ?? []) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const attribute = (/** @type {string} */ key) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const expires = attribute('expires');
      const expired = attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (expired) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  /** @param {string} url */
  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** @param {string} token */
function decode(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

/**
 * Runs the browser's side of the authorization-code + PKCE flow as MSAL does (response_mode
 * fragment), following the provider's redirects through its automatic interactions by hand.
 * @param {Record<string, string>} [extra] more authorization parameters, e.g. a prompt
 * @returns {Promise<{ code: string, verifier: string, hops: string[] }>}
 */
async function authorize(extra = {}) {
  const discovery = (await https(`${idp.issuer}/.well-known/openid-configuration`)).json;
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const auth = new URL(discovery.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    response_mode: 'fragment',
    redirect_uri: REDIRECT_URI,
    scope: MSAL_SCOPES,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(8).toString('hex'),
    ...extra,
  }).toString();
  const jar = new Jar();
  /** @type {string[]} */
  const hops = [];
  let url = auth.href;
  for (let hop = 0; hop < 10; hop += 1) {
    const answer = await https(url, { headers: { Cookie: jar.header(url) } });
    jar.store(answer.headers['set-cookie']);
    const location = answer.headers.location;
    assert.ok(answer.status >= 300 && answer.status < 400 && location, `expected a redirect from ${url}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
    url = new URL(location, url).href;
    hops.push(new URL(url).pathname);
    if (url.startsWith(REDIRECT_URI)) {
      const fragment = new URLSearchParams(new URL(url).hash.slice(1));
      assert.equal(fragment.get('error'), null, `${fragment.get('error')}: ${fragment.get('error_description')}`);
      assert.equal(fragment.get('state'), state);
      return { code: /** @type {string} */ (fragment.get('code')), verifier, hops };
    }
  }
  throw new Error(`no redirect back to the page after ${hops.join(' → ')}`);
}

/**
 * The authorization code flow's tokens, as MSAL gets them from /token.
 * @returns {Promise<Answer>}
 */
/** The claims request of ARM's MFA enforcement, as MSAL sends it. */
const MFA_CLAIMS = '{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}';

/**
 * @param {Record<string, string>} [extra] more authorization parameters, e.g. MSAL's claims
 */
async function signIn(extra = {}) {
  const { code, verifier } = await authorize(extra);
  return https(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { Origin: PAGE_ORIGIN },
    form: { grant_type: 'authorization_code', client_id: CLIENT_ID, code, code_verifier: verifier, redirect_uri: REDIRECT_URI },
  });
}

/**
 * Asserts an ARM access token from the provider: RS256 JWT signed by a key in the JWKS, with
 * ARM's audience and scope.
 * @param {string} token
 */
async function assertArmAccessToken(token) {
  const { header, payload } = decode(token);
  assert.equal(header.alg, 'RS256');
  assert.equal(header.typ, 'at+jwt');
  const jwks = (await https(idp.jwksUrl)).json;
  const jwk = jwks.keys.find((/** @type {{ kid: string }} */ k) => k.kid === header.kid);
  assert.ok(jwk, `kid ${header.kid} is in the JWKS`);
  const [h, p, s] = token.split('.');
  assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')), 'signature');
  assert.equal(payload.iss, idp.issuer);
  assert.equal(payload.aud, ARM_RESOURCE);
  assert.deepEqual(payload.scope.split(' '), [ARM_SCOPE]);
  assert.equal(payload.client_id, CLIENT_ID);
  assert.equal(payload.sub, USER.sub);
  assert.equal(payload.exp - payload.iat, 3600);
}

describe('the OpenID Connect provider', () => {
  test('serves discovery over HTTPS, trusted through its test CA only', async () => {
    const answer = await https(`${idp.issuer}/.well-known/openid-configuration`);
    assert.equal(answer.status, 200);
    assert.match(idp.issuer, /^https:\/\/localhost:\d+$/);
    assert.equal(answer.json.issuer, idp.issuer);
    assert.equal(answer.json.jwks_uri, idp.jwksUrl);
    assert.equal(answer.json.authorization_endpoint, `${idp.issuer}/auth`);
    assert.equal(answer.json.token_endpoint, `${idp.issuer}/token`);
    assert.deepEqual(answer.json.code_challenge_methods_supported, ['S256']);
    // Node's own roots do not trust it: the CA is what makes the connection work.
    await assert.rejects(https(idp.issuer, { ca: null }), /self[- ]signed|unable to (get|verify)/i);
    assert.deepEqual(idp.chromiumArgs, [`--ignore-certificate-errors-spki-list=${idp.spkiHash}`]);
    assert.match(idp.spkiHash, /^[A-Za-z0-9+/]{43}=$/);
  });

  test('the code + PKCE flow logs in and consents automatically and gives an ARM access token, an ID token and a refresh token', async () => {
    const { hops } = await authorize();
    // login, then consent, each answered by the automatic interaction handler
    assert.equal(hops.filter((h) => h.startsWith('/interaction/')).length, 2, hops.join(' → '));
    const answer = await signIn();
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers['access-control-allow-origin'], PAGE_ORIGIN);
    assert.equal(answer.json.token_type, 'Bearer');
    assert.equal(answer.json.scope, ARM_SCOPE); // the access token's scope, as Entra answers
    await assertArmAccessToken(answer.json.access_token);
    const idToken = decode(answer.json.id_token).payload;
    assert.equal(idToken.aud, CLIENT_ID);
    assert.equal(idToken.name, USER.name);
    assert.equal(idToken.preferred_username, USER.preferred_username);
    assert.equal(typeof answer.json.refresh_token, 'string');
  });

  test('prompt=select_account, which MSAL sends when the page asks for it, is answered too', async () => {
    const { code, hops } = await authorize({ prompt: 'select_account' });
    assert.equal(hops.filter((h) => h.startsWith('/interaction/')).length, 3, hops.join(' → '));
    assert.ok(code);
  });

  test('a code without its PKCE verifier is refused', async () => {
    const { code } = await authorize();
    const answer = await https(`${idp.issuer}/token`, {
      method: 'POST',
      form: { grant_type: 'authorization_code', client_id: CLIENT_ID, code, redirect_uri: REDIRECT_URI },
    });
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.json.error, 'invalid_grant');
  });

  test("the refresh token works with MSAL's scopes (offline_access included)", async () => {
    const first = (await signIn()).json;
    const answer = await https(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { Origin: PAGE_ORIGIN },
      form: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: first.refresh_token, scope: MSAL_SCOPES },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.notEqual(answer.json.access_token, first.access_token);
    await assertArmAccessToken(answer.json.access_token);
  });

  test('a claims request for p1 signs in with MFA; a refresh asking for it without MFA is refused as Entra refuses it', async () => {
    const refresh = (/** @type {string} */ token) =>
      https(`${idp.issuer}/token`, {
        method: 'POST',
        headers: { Origin: PAGE_ORIGIN },
        form: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: token, scope: MSAL_SCOPES, claims: MFA_CLAIMS },
      });
    const before = idp.mfa();
    const plain = (await signIn()).json;
    const plainToken = decode(plain.access_token).payload;
    assert.deepEqual(plainToken.amr, ['pwd']);
    assert.equal(plainToken.acrs, undefined);
    const refused = await refresh(plain.refresh_token);
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.headers['access-control-allow-origin'], PAGE_ORIGIN);
    assert.equal(refused.json.error, 'interaction_required');
    assert.deepEqual(refused.json.error_codes, [50076]);
    assert.equal(refused.json.suberror, 'basic_action');
    assert.match(refused.json.error_description, /^AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'\.\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);

    const strong = await signIn({ claims: MFA_CLAIMS });
    assert.equal(strong.status, 200, strong.text);
    await assertArmAccessToken(strong.json.access_token);
    const strongToken = decode(strong.json.access_token).payload;
    assert.deepEqual(strongToken.acrs, ['p1']);
    assert.deepEqual(strongToken.amr, ['pwd', 'mfa']);
    const renewed = await refresh(strong.json.refresh_token);
    assert.equal(renewed.status, 200, renewed.text);
    assert.deepEqual(decode(renewed.json.access_token).payload.acrs, ['p1']);
    assert.deepEqual(idp.mfa(), { signIns: before.signIns + 1, refusedRefreshes: before.refusedRefreshes + 1 });
  });
});

describe('the ARM emulator given the provider’s JWKS and CA', () => {
  /** @type {Awaited<ReturnType<typeof startEmulator>>} */
  let emulator;
  before(async () => {
    emulator = await startEmulator({ auth: { jwksUrl: idp.jwksUrl, jwksCa: idp.caCertPem } });
  });
  after(() => emulator?.close());

  /** @param {string} token */
  async function listSubscriptions(token) {
    const response = await fetch(`${emulator.url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, json: await response.json() };
  }

  test('told to, refuses a write made with a token signed in without MFA, and takes one signed in with it', async () => {
    const rule = emulator.faults.add({ kind: 'mfa-required' });
    try {
      // A detach of a compute that is not there: 204 once allowed.
      const compute = `${emulator.url}/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod/computes/absent?api-version=2025-12-01&underlyingResourceAction=Detach`;
      const remove = async (/** @type {string} */ token) => (await fetch(compute, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })).status;
      assert.equal(await remove((await signIn()).json.access_token), 401);
      assert.equal(await remove((await signIn({ claims: MFA_CLAIMS })).json.access_token), 204);
    } finally {
      emulator.faults.remove(rule);
    }
  });

  test('accepts the provider’s access token', async () => {
    const { access_token: token } = (await signIn()).json;
    const answer = await listSubscriptions(token);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.ok(answer.json.value.length > 0);
  });

  test('without the CA it cannot fetch the JWKS, so accepts nothing', async () => {
    const untrusting = await startEmulator({ auth: { jwksUrl: idp.jwksUrl } });
    try {
      const { access_token: token } = (await signIn()).json;
      const response = await fetch(`${untrusting.url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
      assert.notEqual(response.status, 200);
      assert.match((await response.json()).error.message, /certificate/i);
    } finally {
      await untrusting.close();
    }
  });

  test('refuses its own unsigned token and a token signed by another key under the same key id', async () => {
    const own = await listSubscriptions(emulator.token({}));
    assert.equal(own.status, 401);
    assert.equal(own.json.error.code, 'InvalidAuthenticationToken');

    const { access_token: token } = (await signIn()).json;
    const [headerPart, payloadPart] = token.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${headerPart}.${payloadPart}.${sign('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), privateKey).toString('base64url')}`;
    const answer = await listSubscriptions(forged);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.code, 'InvalidAuthenticationToken');
  });
});
