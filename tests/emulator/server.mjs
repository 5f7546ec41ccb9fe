// @ts-check
/**
 * A local ARM emulator for the tests: serves seeded state on loopback with ARM's URL paths,
 * api-version checks, paging, long-running operations, error envelopes, CORS, bearer-token
 * checks, rate-limit headers and switchable faults. See README.md in this folder.
 *
 *   node tests/emulator/server.mjs --port 8081 --state tests/emulator/seed.json [--latency-ms 50]
 *
 * From a test:
 *
 *   const emulator = await startEmulator({ state: 'tests/emulator/seed.json', port: 0 });
 *   emulator.url; emulator.faults.add({ kind: 'throttle', path: '/managedClusters' });
 *   emulator.requests; await emulator.close();
 * @module
 */
import { createServer } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Operations, route } from './arm.mjs';
import { Faults, WRITE_METHODS } from './faults.mjs';
import { defaultRateLimits, RateLimiter } from './limits.mjs';
import { API_VERSIONS, ArmError, CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, checkBearerToken, hasMfa, makeToken, mfaRefusal, newId, policyDenial } from './protocol.mjs';
import { loadState, subscriptionOf } from './state.mjs';

export { generateState } from './state.mjs';
export { makeToken } from './protocol.mjs';

/** The seed state shipped next to this file. */
export const SEED = join(dirname(fileURLToPath(import.meta.url)), 'seed.json');

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {import('./protocol.mjs').Reply} Reply
 * @typedef {{ method: string, path: string, query: Record<string, string>, status: number | null, time: string,
 *   durationMs: number | null, clientRequestId: string | null, fault?: string, replacedExisting?: boolean, body?: unknown }} LogEntry
 *   `body`: the JSON a managed-namespace PUT or an extension PUT or PATCH sent, as its route read it
 *   (an extension's protected settings with their names but `null` values; a write refused before
 *   the routes, by a fault or mandatory MFA, has none; compute PUTs may carry secrets: never logged)
 * @typedef {{
 *   pageSize: number, emptyFirstPage: boolean, resourceGraphPageSize: number, latencyMs: number,
 *   lro: { durationMs: number, retryAfterSeconds?: number, headers?: import('./arm.mjs').OperationHeaders, outcomes: Record<string, import('./state.mjs').Outcome> },
 *   rateLimits: import('./limits.mjs').RateLimits,
 *   resourceGraphQuota: { limit: number, windowMs: number },
 *   cors: { exposeHeaders: boolean },
 *   auth: { required: boolean, jwksUrl?: string, jwksCa?: string },
 *   apiVersions: Record<string, string[]>,
 * }} Settings
 * @typedef {{ state?: string | import('./state.mjs').StateInput, port?: number, host?: string, latencyMs?: number, pageSize?: number,
 *   emptyFirstPage?: boolean, resourceGraphPageSize?: number, lro?: Partial<Settings['lro']>, rateLimits?: Partial<Settings['rateLimits']>,
 *   resourceGraphQuota?: Partial<Settings['resourceGraphQuota']>, cors?: Partial<Settings['cors']>, auth?: Partial<Settings['auth']>,
 *   apiVersions?: Record<string, string[]>, faults?: import('./faults.mjs').FaultRule[] }} EmulatorOptions
 */

/** @returns {Settings} */
function defaultSettings() {
  return {
    pageSize: 100,
    emptyFirstPage: false,
    resourceGraphPageSize: 1000,
    latencyMs: 0,
    // No Retry-After unless a test asks for one: Azure ML and AKS send none (recorded).
    lro: { durationMs: 2000, outcomes: {} },
    // ARM's token buckets (limits.mjs BUCKETS, with the documentation's address).
    rateLimits: defaultRateLimits(),
    resourceGraphQuota: { limit: 15, windowMs: 5000 },
    cors: { exposeHeaders: true },
    auth: { required: true },
    apiVersions: structuredClone(API_VERSIONS),
  };
}

/**
 * Merges partial settings into settings, one level deep (so `{ lro: { durationMs: 50 } }` keeps
 * the other LRO settings).
 * @param {Settings} settings
 * @param {Record<string, unknown>} partial
 */
export function mergeSettings(settings, partial) {
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined || !(key in settings)) continue;
    const current = /** @type {Record<string, unknown>} */ (settings)[key];
    if (typeof current === 'object' && current !== null && typeof value === 'object' && value !== null && !Array.isArray(value) && key !== 'apiVersions') {
      Object.assign(current, value);
    } else {
      /** @type {Record<string, unknown>} */ (settings)[key] = value;
    }
  }
  return settings;
}

/**
 * Starts the emulator on loopback.
 * @param {EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const { state: stateInput = SEED, port = 0, host = '127.0.0.1', faults: faultRules, ...overrides } = options;
  const state = loadState(stateInput);
  const settings = mergeSettings(mergeSettings(defaultSettings(), /** @type {Record<string, unknown>} */ (state.settings ?? {})), overrides);
  const faults = new Faults();
  for (const rule of [...(state.faults ?? []), ...(faultRules ?? [])]) faults.add(rule);
  const operations = new Operations();
  const limits = new RateLimiter();
  /** @type {LogEntry[]} */
  const requests = [];
  /** @type {Set<import('node:http').ServerResponse>} */
  const hung = new Set();
  const jwks = new KeyCache();

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      // A bug in the emulator: answer 500 with the envelope rather than hang the test.
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: { code: 'EmulatorFailure', message: String(error?.stack ?? error) } }));
      }
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function handle(request, response) {
    const started = Date.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const base = `http://${request.headers.host ?? `${host}:${actualPort}`}`;
    const bodyText = await readBody(request);
    if (url.pathname.startsWith('/__emulator/')) return admin(method, url, bodyText, response, base);

    /** @type {LogEntry} */
    const entry = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: null,
      time: new Date(started).toISOString(),
      durationMs: null,
      clientRequestId: header(request, 'x-ms-client-request-id') ?? null,
    };
    requests.push(entry);
    if (settings.latencyMs > 0) await sleep(settings.latencyMs);

    /** @type {Record<string, string>} */
    const common = {
      'x-ms-request-id': newId(),
      'x-ms-correlation-request-id': header(request, 'x-ms-correlation-request-id') ?? newId(),
      ...corsHeaders(header(request, 'origin')),
    };
    const clientRequestId = header(request, 'x-ms-client-request-id');
    if (clientRequestId !== undefined) common['x-ms-client-request-id'] = clientRequestId;
    /** @type {Record<string, string>} the remaining-request headers, on every answer but the gateway's own */
    let quotaHeaders = {};
    /** @type {(reply: Reply, malformed?: boolean) => void} */
    const send = (reply, malformed = false) => {
      /** @type {Record<string, string>} */
      const headers = { ...common, 'Cache-Control': 'no-cache', ...(reply.gateway ? {} : quotaHeaders), ...reply.headers };
      let text = '';
      if (reply.body !== undefined) {
        text = JSON.stringify(reply.body);
        if (malformed) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
        headers['Content-Type'] = reply.contentType ?? 'application/json; charset=utf-8';
      }
      if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = String(Buffer.byteLength(text));
      if (reply.statusText !== undefined) response.writeHead(reply.status, reply.statusText, headers);
      else response.writeHead(reply.status, headers);
      response.end(text);
      entry.status = reply.status;
      entry.durationMs = Date.now() - started;
    };

    const fault = faults.match(method, url.pathname, (rule) => rule.kind !== 'mfa-required');
    if (fault !== undefined) entry.fault = fault.kind;
    if (method === 'OPTIONS' && fault === undefined) return send(preflight(request));
    if (fault?.kind === 'drop') {
      entry.durationMs = Date.now() - started;
      // Idle keep-alive connections go too: Chromium retries a request that fails on a reused
      // connection on another one, and with spares in its pool it could absorb every drop.
      server.closeIdleConnections();
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      hung.add(response);
      response.on('close', () => hung.delete(response));
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);

    const now = Date.now();
    try {
      /** @type {Record<string, unknown>} */
      let claims = {};
      if (settings.auth.required || fault?.kind === 'expired-token') {
        claims = await checkBearerToken(header(request, 'authorization'), {
          tenantId: state.tenantId,
          now,
          forceExpired: fault?.kind === 'expired-token',
          jwks: settings.auth.jwksUrl === undefined ? undefined : (kid) => jwks.key(/** @type {string} */ (settings.auth.jwksUrl), kid, settings.auth.jwksCa),
        });
      }
      const subscriptionId = /^\/subscriptions\/[^/]+\/./i.test(url.pathname) ? subscriptionOf(url.pathname) : undefined;
      if (fault !== undefined) {
        const injected = faultReply(fault, url.pathname, subscriptionId ?? state.subscriptions[0]?.subscriptionId ?? '');
        if (injected !== undefined) return send(injected);
      }
      // Mandatory MFA: a write with a token obtained without it is refused (reads never are).
      const mfa = WRITE_METHODS.includes(method) ? faults.match(method, url.pathname, (rule) => rule.kind === 'mfa-required' && (rule.refuseMfaTokens === true || !hasMfa(claims))) : undefined;
      if (mfa !== undefined) {
        entry.fault = mfa.kind;
        if (mfa.exposeChallenge === false && common['Access-Control-Expose-Headers'] !== undefined) {
          common['Access-Control-Expose-Headers'] = CORS_EXPOSED_HEADERS.filter((h) => h !== 'WWW-Authenticate').join(', ');
        }
        const target = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
        return send(mfaRefusal(target, subscriptionId ?? state.subscriptions[0]?.subscriptionId ?? '', { variant: mfa.variant, method }).reply());
      }
      const quota = limits.charge(settings, method, url.pathname, subscriptionId, String(claims.oid ?? claims.sub ?? 'anonymous'), now);
      quotaHeaders = quota.headers;
      if (quota.throttled !== undefined) return send(quota.throttled.reply());

      operations.settle(state, now);
      const reply = route({
        state,
        settings,
        operations,
        method,
        pathname: url.pathname,
        query: url.searchParams,
        base,
        bodyText,
        now,
        note: (key, value) => {
          /** @type {Record<string, unknown>} */ (entry)[key] = value;
        },
      });
      return send(reply, fault?.kind === 'malformed-json');
    } catch (error) {
      if (error instanceof ArmError) return send(error.reply(), fault?.kind === 'malformed-json');
      throw error;
    }
  }

  /**
   * The admin API: requests log, faults, settings, state, rate limits, test tokens.
   * @param {string} method
   * @param {URL} url
   * @param {string} bodyText
   * @param {import('node:http').ServerResponse} response
   * @param {string} base
   */
  function admin(method, url, bodyText, response, base) {
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => {
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
        'Access-Control-Allow-Headers': 'content-type',
      });
      response.end(body === undefined ? '' : JSON.stringify(body));
    };
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    /** @returns {any} */
    const json = () => (bodyText === '' ? {} : JSON.parse(bodyText));
    try {
      if (method === 'OPTIONS') return reply(204, undefined);
      const what = `${method} ${parts[0] ?? ''}${parts.length > 1 ? '/*' : ''}`;
      switch (what) {
        case 'GET requests':
          return reply(200, requests);
        case 'DELETE requests':
          requests.length = 0;
          return reply(204, undefined);
        case 'GET faults':
          return reply(200, faults.list());
        case 'POST faults':
          return reply(201, { id: faults.add(json()) });
        case 'DELETE faults':
          faults.clear();
          return reply(204, undefined);
        case 'DELETE faults/*':
          return reply(faults.remove(parts[1]) ? 204 : 404, undefined);
        case 'GET settings':
          return reply(200, settings);
        case 'PATCH settings':
          return reply(200, mergeSettings(settings, json()));
        case 'GET state':
          operations.settle(state, Date.now());
          return reply(200, state);
        case 'POST ratelimits/*':
          if (parts[1] !== 'reset') break;
          limits.reset();
          return reply(204, undefined);
        case 'GET token': {
          const expiresInSeconds = Number(url.searchParams.get('expiresInSeconds') ?? 3600);
          return reply(200, { token: makeToken({ aud: url.searchParams.get('aud') ?? undefined, expiresInSeconds }), url: base });
        }
        default:
      }
      return reply(404, { error: { code: 'NotFound', message: `No admin route ${method} ${url.pathname}` } });
    } catch (error) {
      return reply(400, { error: { code: 'BadRequest', message: /** @type {Error} */ (error).message } });
    }
  }

  /**
   * CORS headers for a request from a browser origin: the origin echoed, and the headers a
   * client needs exposed unless `cors.exposeHeaders` is off (to test the client's fallback).
   * @param {string | undefined} origin
   * @returns {Record<string, string>}
   */
  function corsHeaders(origin) {
    if (origin === undefined) return {};
    /** @type {Record<string, string>} */
    const headers = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    if (settings.cors.exposeHeaders) headers['Access-Control-Expose-Headers'] = CORS_EXPOSED_HEADERS.join(', ');
    return headers;
  }

  /**
   * The preflight answer: allowed methods, and of the requested headers those ARM allows.
   * @param {import('node:http').IncomingMessage} request
   * @returns {Reply}
   */
  function preflight(request) {
    const requested = (header(request, 'access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    const allowed = requested.filter((h) => CORS_ALLOWED_HEADERS.includes(h));
    return {
      status: 200,
      headers: {
        'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
        'Access-Control-Allow-Headers': (allowed.length > 0 ? allowed : CORS_ALLOWED_HEADERS).join(', '),
        'Access-Control-Max-Age': '3600',
        'Content-Length': '0',
      },
    };
  }

  let actualPort = port;
  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(undefined));
  });
  const address = server.address();
  actualPort = typeof address === 'object' && address !== null ? address.port : port;

  return {
    /** The base URL, e.g. `http://127.0.0.1:40123` (no trailing slash, like `https://management.azure.com`). */
    url: `http://${host}:${actualPort}`,
    /** The live state; the writes (compute, managed namespace, extension) change it. */
    state,
    /** The live settings (mutable, like `PATCH /__emulator/settings`). */
    settings,
    faults,
    /** Every non-admin request: method, path, query, status (null while unanswered), time, durationMs, fault, replacedExisting, body. */
    requests,
    operations,
    /** A token the emulator accepts (unsigned; see makeToken for claims). */
    token: (/** @type {Parameters<typeof makeToken>[0]} */ claims) => makeToken(claims),
    resetRateLimits: () => limits.reset(),
    /** Stops listening, ending hung responses and open connections. */
    close: () =>
      new Promise((resolveClose) => {
        for (const response of hung) response.socket?.destroy();
        server.close(() => resolveClose(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * The reply an error-type fault injects, or undefined for faults that only change timing or the
 * body.
 * @param {import('./faults.mjs').FaultRule} fault
 * @param {string} path
 * @param {string} subscriptionId
 * @returns {Reply | undefined}
 */
function faultReply(fault, path, subscriptionId) {
  const retryAfter = String(fault.retryAfterSeconds ?? 1);
  switch (fault.kind) {
    case 'throttle':
      return new ArmError(429, fault.code ?? 'TooManyRequests', fault.message ?? 'The request is being throttled. Please try again after the time in the Retry-After header.', {
        headers: { 'Retry-After': retryAfter },
      }).reply();
    case 'server-error':
      return new ArmError(500, fault.code ?? 'InternalServerError', fault.message ?? 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id.').reply();
    case 'unavailable':
      return new ArmError(503, fault.code ?? 'ServiceUnavailable', fault.message ?? 'The service is temporarily unavailable. Please retry later.', {
        headers: { 'Retry-After': retryAfter },
      }).reply();
    case 'error':
      // ARM's gateway answers AuthorizationFailed itself (a recorded 403 says x-ms-failure-cause: gateway).
      return new ArmError(fault.status ?? 400, fault.code ?? 'BadRequest', fault.message ?? 'Injected error.', { gateway: fault.code === 'AuthorizationFailed' }).reply();
    case 'policy-denial':
      return policyDenial(decodeURIComponent(path.split('/').filter(Boolean).pop() ?? ''), subscriptionId).reply();
    default:
      return undefined;
  }
}

/**
 * Fetches and caches a JWKS (refetched once when a key id is unknown). With `ca` (PEM), an https
 * URL is fetched trusting that CA as well as Node's own, e.g. the sign-in tests' provider
 * (tests/oidc/provider.mjs), whose certificate comes from a throw-away test CA.
 */
class KeyCache {
  constructor() {
    /** @type {Map<string, JsonWebKey[]>} */
    this.byUrl = new Map();
  }

  /**
   * @param {string} url
   * @param {string} kid
   * @param {string} [ca]
   * @returns {Promise<JsonWebKey | undefined>}
   */
  async key(url, kid, ca) {
    const find = () => this.byUrl.get(url)?.find((k) => /** @type {{ kid?: string }} */ (k).kid === kid);
    if (find() === undefined) {
      /** @type {{ keys?: JsonWebKey[] } | undefined} */
      let document;
      try {
        document = /** @type {typeof document} */ (await (ca !== undefined && url.startsWith('https:') ? httpsJson(url, ca) : fetchJson(url)));
      } catch (error) {
        // Say why (fetch's own message is only "fetch failed"); the request answers 500.
        const { message, cause } = /** @type {Error & { cause?: Error }} */ (error);
        throw new Error(`cannot fetch the JWKS ${url}: ${cause?.message ?? message}`);
      }
      if (document === undefined) return undefined;
      this.byUrl.set(url, document.keys ?? []);
    }
    return find();
  }
}

/**
 * The JSON body of a GET, or undefined when the status is not 2xx.
 * @param {string} url
 * @returns {Promise<unknown>}
 */
async function fetchJson(url) {
  const response = await fetch(url);
  return response.ok ? response.json() : undefined;
}

/**
 * The same over node:https, trusting `ca` (PEM) besides Node's root certificates (fetch has no
 * per-request CA without undici's Agent).
 * @param {string} url
 * @param {string} ca
 * @returns {Promise<unknown>}
 */
function httpsJson(url, ca) {
  return new Promise((resolveJson, reject) => {
    httpsGet(url, { ca: [...rootCertificates, ca] }, (response) => {
      /** @type {Buffer[]} */
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ok = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300;
        try {
          resolveJson(ok ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
        } catch (error) {
          reject(error);
        }
      });
    }).on('error', reject);
  });
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {string} name
 */
function header(request, name) {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** @param {import('node:http').IncomingMessage} request */
async function readBody(request) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      state: { type: 'string', default: SEED },
      'latency-ms': { type: 'string', default: '0' },
    },
  });
  const port = Number(values.port);
  const latencyMs = Number(values['latency-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port must be a number from 0 to 65535, not ${values.port}`);
    process.exit(2);
  }
  if (!Number.isInteger(latencyMs) || latencyMs < 0) {
    console.error(`error: --latency-ms must be a non-negative integer, not ${values['latency-ms']}`);
    process.exit(2);
  }
  try {
    const emulator = await startEmulator({ state: resolve(values.state), port, host: values.host, latencyMs });
    console.log(emulator.url);
    console.error(`ARM emulator at ${emulator.url} (state: ${values.state}); a token: curl -s ${emulator.url}/__emulator/token  (Ctrl+C stops it)`);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    console.error(code === 'EADDRINUSE' ? `error: port ${port} is in use; choose another with --port` : `error: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
