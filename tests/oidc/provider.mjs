// @ts-check
/// <reference path="./oidc-provider.d.ts" />
/**
 * A local OpenID Connect provider for the sign-in tests, standing in for Entra ID: panva's
 * oidc-provider over HTTPS on loopback, with a throw-away test CA, one public SPA client
 * (authorization code + PKCE, refresh tokens), automatic login and consent for one fixed test
 * user, and RS256 JWT access tokens for Azure Resource Manager
 * (`aud` https://management.azure.com, scope …/user_impersonation) that the ARM emulator accepts
 * when given this provider's JWKS and CA (`auth: { jwksUrl, jwksCa }`, tests/emulator/README.md).
 *
 * Multi-factor authentication as Entra ID does it for ARM's claims challenge: a sign-in is
 * without MFA unless its authorization request carries a claims request for the `acrs` value
 * `p1` (MSAL's `claims`, `{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}`), which
 * makes the user sign in again, with MFA; access tokens from such a sign-in (and from its
 * refresh tokens) carry `acrs: ["p1"]` and `amr: ["pwd", "mfa"]`. A refresh-token grant asking
 * for those claims when the sign-in had no MFA fails as Entra fails it (400
 * `interaction_required`, AADSTS50076), so MSAL falls back to a popup.
 *
 *   const idp = await startOidcProvider({ clientId, redirectUris: [`${page}/redirect.html`], pageOrigins: [page] });
 *   // MSAL: authority idp.issuer, knownAuthorities [new URL(idp.issuer).host], system.protocolMode 'OIDC'
 *   // Chromium: args idp.chromiumArgs (pins the leaf's key) — or trust idp.caCertPem
 *   await idp.close();
 *
 * The recipe and its pitfalls: ../shared/spec/msal-oidc-testing.md.
 * @module
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:https';

import Provider, { interactionPolicy } from 'oidc-provider';

import { makeCertificate, spkiPinArgs } from '../support/tls.mjs';

/** The resource (audience) of Azure Resource Manager, and the scope the page asks for. */
export const ARM_RESOURCE = 'https://management.azure.com';
export const ARM_SCOPE = `${ARM_RESOURCE}/user_impersonation`;

/**
 * @typedef {{ sub: string, name: string, preferred_username: string, email?: string }} TestUser
 * @typedef {{
 *   issuer: string, url: string, jwksUrl: string, port: number,
 *   caCertPem: string, spkiHash: string, chromiumArgs: string[],
 *   endedSessions: () => number, close: () => Promise<void>,
 *   refuseNextAuthorization: (answer: Record<string, string>) => void,
 *   refuseNextToken: (body: Record<string, unknown>, times?: number) => void,
 *   mfa: () => { signIns: number, refusedRefreshes: number },
 * }} OidcProvider
 */

/** Microsoft Entra ID's application id of Azure Resource Manager (Windows Azure Service Management API). */
const ARM_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/**
 * Whether a `claims` request (JSON text, as MSAL sends it) asks for the `p1` authentication
 * context, ARM's multi-factor requirement, in the access token (or the ID token).
 * @param {unknown} claims
 */
export function requestsMfa(claims) {
  if (typeof claims !== 'string' || claims === '') return false;
  try {
    const request = JSON.parse(claims);
    return ['access_token', 'id_token'].some((token) => {
      const acrs = request?.[token]?.acrs;
      const values = Array.isArray(acrs?.values) ? acrs.values : [acrs?.value];
      return values.includes('p1');
    });
  } catch {
    return false;
  }
}

/** @type {TestUser} */
const DEFAULT_USER = { sub: 'test-user-1', name: 'Test User', preferred_username: 'test.user@example.test' };

/**
 * Starts the provider on 127.0.0.1 (issuer `https://localhost:<port>`).
 * @param {{ port?: number, clientId: string, redirectUris: string[], pageOrigins: string[], user?: Partial<TestUser> }} options
 * @returns {Promise<OidcProvider>}
 */
export async function startOidcProvider({ port = 0, clientId, redirectUris, pageOrigins, user = {} }) {
  const account = { ...DEFAULT_USER, ...user };
  const tls = makeCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const issuer = `https://localhost:${actualPort}`;

  // A fresh signing key per provider, so no other instance's tokens verify against this JWKS.
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
  const armServer = {
    scope: `${ARM_SCOPE} ${ARM_RESOURCE}/.default`,
    audience: ARM_RESOURCE,
    accessTokenFormat: 'jwt',
    accessTokenTTL: 3600,
    jwt: { sign: { alg: 'RS256' } },
  };
  // prompt=select_account (a common MSAL option) is refused unless some prompt answers it.
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  // A claims request for MFA makes a session without it sign in again (with MFA, see interact).
  policy.get('login')?.checks.push(
    new interactionPolicy.Check('mfa_required', 'multi-factor authentication is required', (/** @type {any} */ ctx) =>
      requestsMfa(ctx.oidc.params.claims) && !(ctx.oidc.session.amr ?? []).includes('mfa') ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  const counts = { signIns: 0, refusedRefreshes: 0 };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        // MSAL's logoutPopup comes back to the same bridge page.
        post_logout_redirect_uris: redirectUris,
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    clientBasedCORS: (/** @type {unknown} */ _ctx, /** @type {string} */ origin) => pageOrigins.includes(origin),
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    // Profile claims in the ID token: MSAL builds its account from them.
    conformIdTokenClaims: false,
    findAccount: (/** @type {unknown} */ _ctx, /** @type {string} */ sub) => ({ accountId: sub, claims: () => ({ ...account, sub }) }),
    interactions: { policy, url: (/** @type {unknown} */ _ctx, /** @type {{ uid: string }} */ interaction) => `/interaction/${interaction.uid}` },
    // MSAL's `claims` parameter: read by the login prompt's MFA check (the claims parameter
    // feature would refuse a request with no id_token or userinfo member, as MSAL's are).
    extraParams: ['claims'],
    // The sign-in's methods in the ARM token: `amr` and, with MFA, the `p1` authentication context.
    extraTokenClaims: (/** @type {any} */ ctx) => {
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      /** @type {string[]} */
      const amr = source?.amr ?? ['pwd'];
      return amr.includes('mfa') ? { amr, acrs: ['p1'] } : { amr };
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => ARM_RESOURCE, // MSAL sends no `resource` parameter
        useGrantedResource: () => true,
        getResourceServerInfo: () => armServer,
      },
    },
    ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 86400, Grant: 86400 },
    // OIDC Core drops offline_access without prompt=consent, so the default would issue no
    // refresh token; Entra issues one to every SPA client.
    issueRefreshToken: (/** @type {unknown} */ _ctx, /** @type {{ grantTypeAllowed: (t: string) => boolean }} */ client) => client.grantTypeAllowed('refresh_token'),
  });

  // Failures armed by a test, answered once in Microsoft Entra ID's shapes: an authorization
  // error sent back to the redirect URI (error, error_description, error_uri, state), and a
  // token endpoint's 400 with Entra's JSON body (error_codes, timestamp, trace_id, ...).
  /** @type {Record<string, string> | null} */
  let refusedAuthorization = null;
  /** @type {Record<string, unknown> | null} */
  let refusedToken = null;
  let refusalsLeft = 0;
  provider.use(async (/** @type {any} */ ctx, /** @type {() => Promise<void>} */ next) => {
    if (refusedAuthorization !== null && ctx.method === 'GET' && ctx.path === '/auth') {
      const answer = new URLSearchParams({ ...refusedAuthorization, state: String(ctx.query.state ?? '') });
      refusedAuthorization = null;
      ctx.redirect(`${ctx.query.redirect_uri}${ctx.query.response_mode === 'query' ? '?' : '#'}${answer}`);
      return;
    }
    if (refusedToken !== null && ctx.method === 'POST' && ctx.path === '/token') {
      ctx.status = 400;
      ctx.set('Access-Control-Allow-Origin', String(ctx.get('Origin') || '*'));
      ctx.body = refusedToken;
      refusalsLeft -= 1;
      if (refusalsLeft === 0) refusedToken = null;
      return;
    }
    await next();
  });

  // MSAL resends offline_access with every refresh, which the refresh token's scope lacks.
  // A refresh asking for MFA claims that the sign-in did not have is refused as Entra ID refuses
  // it: the user must sign in again (MSAL throws InteractionRequiredAuthError).
  provider.use(async (/** @type {any} */ ctx, /** @type {() => Promise<void>} */ next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const form = new URLSearchParams(await readText(ctx.req));
      if (form.get('grant_type') === 'refresh_token' && requestsMfa(form.get('claims'))) {
        const refreshToken = await provider.RefreshToken.find(form.get('refresh_token') ?? '');
        if (!(refreshToken?.amr ?? []).includes('mfa')) {
          counts.refusedRefreshes += 1;
          ctx.status = 400;
          ctx.set('Access-Control-Allow-Origin', String(ctx.get('Origin') || '*'));
          ctx.body = entraError(
            'interaction_required',
            50076,
            `AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${ARM_APP_ID}'.`,
            { suberror: 'basic_action' },
          );
          return;
        }
      }
      if (form.get('grant_type') === 'refresh_token' && form.has('scope')) {
        form.set('scope', (form.get('scope') ?? '').split(' ').filter((s) => s !== '' && s !== 'offline_access').join(' '));
      }
      ctx.req.body = form.toString(); // read once; oidc-provider falls back to req.body
    }
    await next();
  });

  // Sessions ended through the end-session endpoint (RP-initiated logout), for sign-out tests.
  let endedSessions = 0;
  provider.on('end_session.success', () => {
    endedSessions += 1;
  });

  const callback = provider.callback();
  handler = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    interact(provider, account.sub, req, res, () => (counts.signIns += 1)).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error?.stack ?? error));
    });
  };

  return {
    issuer,
    url: issuer,
    jwksUrl: `${issuer}/jwks`,
    port: actualPort,
    caCertPem: tls.caCertPem,
    spkiHash: tls.spkiHash,
    chromiumArgs: spkiPinArgs([tls.spkiHash]),
    endedSessions: () => endedSessions,
    mfa: () => ({ ...counts }),
    refuseNextAuthorization: (answer) => {
      refusedAuthorization = answer;
    },
    refuseNextToken: (body, times = 1) => {
      refusedToken = times > 0 ? body : null;
      refusalsLeft = times;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * Answers the pending prompt at once and redirects back: login as the fixed user (with MFA when
 * the request's claims ask for it), consent to everything asked, select_account with no choice
 * to make.
 * @param {Provider} provider
 * @param {string} accountId
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {() => void} onMfa called for each sign-in made with MFA
 */
async function interact(provider, accountId, req, res, onMfa) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    const mfa = requestsMfa(params.claims);
    if (mfa) onMfa();
    return provider.interactionFinished(req, res, { login: { accountId, amr: mfa ? ['pwd', 'mfa'] : ['pwd'] } });
  }
  if (prompt.name !== 'consent') return provider.interactionFinished(req, res, { [prompt.name]: {} });
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ accountId: session?.accountId, clientId: params.client_id });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
}

/**
 * A token endpoint error in Microsoft Entra ID's shape: the AADSTS sentence with its trace lines,
 * error_codes, timestamp, trace and correlation ids, error_uri.
 * @param {string} error
 * @param {number} code
 * @param {string} sentence
 * @param {Record<string, string>} [extra]
 */
function entraError(error, code, sentence, extra = {}) {
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    error,
    error_description: `${sentence}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    ...extra,
  };
}

/** @param {import('node:http').IncomingMessage} stream */
async function readText(stream) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
