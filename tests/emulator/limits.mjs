// @ts-check
/**
 * ARM's request budgets: token buckets per subscription and principal, per subscription for all
 * principals ("global"), per tenant and principal; which `x-ms-ratelimit-remaining-*` headers an
 * answer carries (as the recorded answers show them, ../shared/fixtures/arm-recordings/); and
 * Resource Graph's user quota. A spent bucket answers 429 with Retry-After.
 * @module
 */
import { ArmError, newId } from './protocol.mjs';

/**
 * ARM's token buckets since its 2024 throttling migration ("Understand how Azure Resource Manager
 * throttles requests",
 * https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/request-limits-and-throttling):
 * per subscription, per service principal and per operation type, reads 250 (refill 25 a
 * second), writes 200 (10), deletes 200 (10); the same per tenant; and "global subscription
 * limits that are equivalent to 15 times the individual service principal limits for each
 * operation type", for all principals together (the refill taken as 15 times too). The recorded
 * values agree: global-reads 3749, global-writes 2999 and writes 199 after one request each.
 * Keys are the settings' `rateLimits` keys; `header` is the suffix of
 * `x-ms-ratelimit-remaining-`.
 */
export const BUCKETS = {
  subscriptionReads: { size: 250, refillPerSecond: 25, header: 'subscription-reads' },
  subscriptionWrites: { size: 200, refillPerSecond: 10, header: 'subscription-writes' },
  subscriptionDeletes: { size: 200, refillPerSecond: 10, header: 'subscription-deletes' },
  subscriptionGlobalReads: { size: 3750, refillPerSecond: 375, header: 'subscription-global-reads' },
  subscriptionGlobalWrites: { size: 3000, refillPerSecond: 150, header: 'subscription-global-writes' },
  subscriptionGlobalDeletes: { size: 3000, refillPerSecond: 150, header: 'subscription-global-deletes' },
  tenantReads: { size: 250, refillPerSecond: 25, header: 'tenant-reads' },
  tenantWrites: { size: 200, refillPerSecond: 10, header: 'tenant-writes' },
  tenantDeletes: { size: 200, refillPerSecond: 10, header: 'tenant-deletes' },
};

/**
 * @typedef {keyof typeof BUCKETS} BucketName
 * @typedef {{ size: number, refillPerSecond: number }} Bucket
 * @typedef {Record<BucketName, Bucket>} RateLimits
 * @typedef {{ what: string, methods?: string[], path?: RegExp, headers: BucketName[], source: string }} HeaderStyle
 */

/** The default `rateLimits` setting: every bucket as documented. */
export function defaultRateLimits() {
  return /** @type {RateLimits} */ (Object.fromEntries(Object.entries(BUCKETS).map(([name, { size, refillPerSecond }]) => [name, { size, refillPerSecond }])));
}

/**
 * Which remaining-request headers an answer carries, the first matching row winning. Every
 * request is charged to its buckets whatever it shows. The recordings differ by service and by
 * year: the 2025 ones (role assignments) show only the global header on a read and both on a
 * write; the 2021–2023 Azure ML ones show the plain header, or none at all on compute reads.
 * Answers ARM's gateway gives itself (a 404 `ResourceNotFound`) carry none.
 * @type {HeaderStyle[]}
 */
export const HEADER_STYLES = [
  {
    what: 'Azure ML compute GET and list',
    methods: ['GET'],
    path: /\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+\/computes(\/[^/]+)?$/i,
    headers: [],
    source: 'ml-compute-get-200.json, ml-compute-list-200.json: no ratelimit header',
  },
  {
    what: 'other Azure ML reads (workspaces, operation status)',
    methods: ['GET'],
    path: /\/providers\/microsoft\.machinelearningservices\//i,
    headers: ['subscriptionReads'],
    source: 'ml-workspace-uai-get-200.json (11920), ml-compute-operation-inprogress-200.json (11994)',
  },
  {
    what: 'reads',
    methods: ['GET', 'HEAD'],
    headers: ['subscriptionGlobalReads'],
    source: 'authz-role-assignments-list-200.json: global-reads 3749, no plain reads',
  },
  {
    what: 'deletes',
    methods: ['DELETE'],
    headers: ['subscriptionGlobalDeletes', 'subscriptionDeletes'],
    source: 'as writes (the compute and AKS DELETEs recorded the plain deletes header, 14999)',
  },
  {
    what: 'writes',
    headers: ['subscriptionGlobalWrites', 'subscriptionWrites'],
    source: 'the role assignment PUT: global-writes 2999, writes 199 (compute, AKS and extension PUTs: writes)',
  },
];

/**
 * The remaining-request headers of a subscription request, by method and path.
 * @param {string} method
 * @param {string} path
 */
export function headerStyle(method, path) {
  return /** @type {HeaderStyle} */ (HEADER_STYLES.find((s) => (s.methods === undefined || s.methods.includes(method)) && (s.path === undefined || s.path.test(path))));
}

/** `read`, `write` or `delete`, as ARM counts a request. */
const kindOf = (/** @type {string} */ method) => (method === 'GET' || method === 'HEAD' ? 'read' : method === 'DELETE' ? 'delete' : 'write');

/**
 * Token buckets filled lazily (tokens = min(size, tokens + refill × elapsed)), and Resource
 * Graph's user quota (a fixed window).
 */
export class RateLimiter {
  constructor() {
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map();
    /** @type {Map<string, { used: number, windowStart: number }>} */
    this.windows = new Map();
  }

  reset() {
    this.buckets.clear();
    this.windows.clear();
  }

  /**
   * Counts one request. Returns the remaining-request headers its answer carries (unless ARM's
   * gateway answers it) and, when a bucket was empty, the 429.
   * @param {{ rateLimits: RateLimits, resourceGraphQuota: { limit: number, windowMs: number } }} settings
   * @param {string} method
   * @param {string} path
   * @param {string | undefined} subscriptionId
   * @param {string} principal the token's oid
   * @param {number} now
   * @returns {{ headers: Record<string, string>, throttled?: ArmError }}
   */
  charge(settings, method, path, subscriptionId, principal, now) {
    if (/^\/providers\/microsoft\.resourcegraph\//i.test(path)) return this.graph(settings.resourceGraphQuota, principal, now);
    const kind = kindOf(method);
    const plural = /** @type {'Reads' | 'Writes' | 'Deletes'} */ (`${kind[0].toUpperCase()}${kind.slice(1)}s`);
    /** @type {[BucketName, string][]} the buckets charged, with their keys */
    const charged =
      subscriptionId === undefined
        ? [[`tenant${plural}`, `tenant:${principal}:${kind}`]]
        : [
            [`subscription${plural}`, `${subscriptionId.toLowerCase()}:${principal}:${kind}`],
            [`subscriptionGlobal${plural}`, `${subscriptionId.toLowerCase()}:*:${kind}`],
          ];
    const shown = subscriptionId === undefined ? [charged[0][0]] : headerStyle(method, path).headers;
    /** @type {Record<string, string>} */
    const headers = {};
    /** @type {number | undefined} seconds until the emptiest bucket has a token again */
    let wait;
    for (const [name, key] of charged) {
      const { size, refillPerSecond } = { ...BUCKETS[name], ...settings.rateLimits[name] };
      const bucket = this.fill(key, size, refillPerSecond, now);
      if (bucket.tokens >= 1) bucket.tokens -= 1;
      else wait = Math.max(wait ?? 0, refillPerSecond > 0 ? Math.ceil((1 - bucket.tokens) / refillPerSecond) : 60);
      if (shown.includes(name)) headers[`x-ms-ratelimit-remaining-${BUCKETS[name].header}`] = String(Math.floor(bucket.tokens));
    }
    if (wait === undefined) return { headers };
    const scope = subscriptionId === undefined ? 'tenant' : `subscription '${subscriptionId}'`;
    // The token-bucket wording of a recorded 429 (arm-429-subscription-throttled.json).
    const message = `Number of '${kind}' requests for ${scope} actor '${principal}' exceeded. Please try again after '${wait}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`;
    const code = subscriptionId === undefined ? 'TenantRequestsThrottled' : 'SubscriptionRequestsThrottled';
    return { headers, throttled: new ArmError(429, code, message, { headers: { 'Retry-After': String(Math.max(1, wait)) } }) };
  }

  /**
   * @param {string} key
   * @param {number} size
   * @param {number} refillPerSecond
   * @param {number} now
   */
  fill(key, size, refillPerSecond, now) {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: size, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(size, bucket.tokens + (refillPerSecond * Math.max(0, now - bucket.at)) / 1000);
    bucket.at = now;
    return bucket;
  }

  /**
   * Resource Graph's quota per user: `x-ms-user-quota-remaining`, `x-ms-user-quota-resets-after`
   * (hh:mm:ss) and, as recorded (graph-query-*.json), the same count in
   * `x-ms-ratelimit-remaining-tenant-resource-requests`, on every answer, errors too.
   * @param {{ limit: number, windowMs: number }} quota
   * @param {string} user
   * @param {number} now
   * @returns {{ headers: Record<string, string>, throttled?: ArmError }}
   */
  graph({ limit, windowMs }, user, now) {
    let counter = this.windows.get(user);
    if (counter === undefined || now - counter.windowStart >= windowMs) {
      counter = { used: 0, windowStart: now };
      this.windows.set(user, counter);
    }
    counter.used += 1;
    const resetsAfter = Math.max(0, counter.windowStart + windowMs - now);
    const remaining = String(Math.max(0, limit - counter.used));
    const headers = { 'x-ms-ratelimit-remaining-tenant-resource-requests': remaining, 'x-ms-user-quota-remaining': remaining, 'x-ms-user-quota-resets-after': clock(resetsAfter) };
    if (counter.used <= limit) return { headers };
    return {
      headers,
      throttled: new ArmError(429, 'RateLimiting', supportMessage(now), {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(resetsAfter / 1000))) },
        details: [
          {
            code: 'RateLimiting',
            message: 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
          },
        ],
      }),
    };
  }
}

/**
 * Resource Graph's top-level error message (graph-query-error-400.json).
 * @param {number} [now]
 */
export function supportMessage(now = Date.now()) {
  return `Please provide below info when asking for support: timestamp = ${new Date(now).toISOString().replace('Z', '0000Z')}, correlationId = ${newId()}.`;
}

/**
 * `hh:mm:ss`, as in x-ms-user-quota-resets-after.
 * @param {number} ms
 */
function clock(ms) {
  const total = Math.ceil(ms / 1000);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
