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
 *   const idp = await startOidcProvider({ clientId, redirectUris: [`${page}/redirect.html`], pageOrigins: [page] });
 *   // MSAL: authority idp.issuer, knownAuthorities [new URL(idp.issuer).host], system.protocolMode 'OIDC'
 *   // Chromium: args idp.chromiumArgs (pins the leaf's key) — or trust idp.caCertPem
 *   await idp.close();
 *
 * The recipe and its pitfalls: ../shared/spec/msal-oidc-testing.md.
 * @module
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
 * }} OidcProvider
 */

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
  provider.use(async (/** @type {any} */ ctx, /** @type {() => Promise<void>} */ next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const form = new URLSearchParams(await readText(ctx.req));
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
    interact(provider, account.sub, req, res).catch((error) => {
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
 * Answers the pending prompt at once and redirects back: login as the fixed user, consent to
 * everything asked, select_account with no choice to make.
 * @param {Provider} provider
 * @param {string} accountId
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function interact(provider, accountId, req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') return provider.interactionFinished(req, res, { login: { accountId } });
  if (prompt.name !== 'consent') return provider.interactionFinished(req, res, { [prompt.name]: {} });
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ accountId: session?.accountId, clientId: params.client_id });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
}

/** @param {import('node:http').IncomingMessage} stream */
async function readText(stream) {
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
