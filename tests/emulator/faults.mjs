// @ts-check
/**
 * Switchable faults: rules matched against each request (by method and a path pattern, or
 * globally), set through the import API (`emulator.faults`) or the admin API
 * (`POST /__emulator/faults`), optionally seeded from the state's `faults`.
 * @module
 */

/**
 * What a matching rule does:
 * - `throttle`: 429 with Retry-After (`retryAfterSeconds`, default 1);
 * - `server-error`: 500; `unavailable`: 503 with Retry-After;
 * - `error`: any `status` with `code` and `message` (400/403/404/409…);
 * - `policy-denial`: 403 RequestDisallowedByPolicy with a PolicyViolation;
 * - `expired-token`: 401 ExpiredAuthenticationToken as if the token had expired;
 * - `drop`: the connection is destroyed without an answer;
 * - `hang`: no answer ever (until the emulator closes);
 * - `delay`: the normal answer after `delayMs`;
 * - `malformed-json`: the normal status and headers with the JSON body cut in half;
 * - `mfa-required`: a write (PUT, PATCH, DELETE) made with a token obtained without multi-factor
 *   authentication is refused as ARM refuses it since mandatory MFA: 401 with a claims challenge
 *   in `WWW-Authenticate` and `RequestDisallowedByAzure` (`variant: 'azure'`, the default) or
 *   `RequestDisallowedByPolicy` naming the built-in MFA policy (`variant: 'policy'`);
 *   `exposeChallenge: false` keeps the header out of `Access-Control-Expose-Headers`, so a
 *   browser sees only the body. Reads, and writes with an MFA token, go through untouched (and
 *   do not count against `skip` and `times`); `refuseMfaTokens: true` refuses MFA tokens too
 *   (a refusal that a new sign-in does not cure, for tests of the client's second refusal).
 * @typedef {'throttle' | 'server-error' | 'unavailable' | 'error' | 'policy-denial' | 'expired-token' | 'drop' | 'hang' | 'delay' | 'malformed-json' | 'mfa-required'} FaultKind
 * @typedef {{ id?: string, kind: FaultKind, method?: string, path?: string, skip?: number, times?: number,
 *   retryAfterSeconds?: number, delayMs?: number, status?: number, code?: string, message?: string,
 *   variant?: 'azure' | 'policy', exposeChallenge?: boolean, refuseMfaTokens?: boolean }} FaultRule
 */

export const FAULT_KINDS = ['throttle', 'server-error', 'unavailable', 'error', 'policy-denial', 'expired-token', 'drop', 'hang', 'delay', 'malformed-json', 'mfa-required'];

/** The methods mandatory MFA applies to: create, update and delete. Reads and Resource Graph's POST are not. */
export const WRITE_METHODS = ['PUT', 'PATCH', 'DELETE'];

export class Faults {
  constructor() {
    /** @type {(FaultRule & { id: string, pattern: RegExp | null, seen: number, fired: number })[]} */
    this.rules = [];
    this.counter = 0;
  }

  /**
   * Adds a rule; returns its id. `path` is a regular expression (case-insensitive) tested against
   * the request path without the query; `skip` lets the first N matching requests through;
   * `times` removes the rule after it fired N times (default: never).
   * @param {FaultRule} rule
   */
  add(rule) {
    if (typeof rule !== 'object' || rule === null) throw new Error('a fault rule must be an object');
    if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
    for (const key of /** @type {const} */ (['skip', 'times', 'retryAfterSeconds', 'delayMs', 'status'])) {
      const value = rule[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new Error(`fault ${key} must be a non-negative integer`);
    }
    if (rule.kind === 'error' && (rule.status === undefined || rule.status < 400 || rule.status > 599)) throw new Error('an error fault needs a status from 400 to 599');
    if (rule.variant !== undefined && (rule.kind !== 'mfa-required' || !['azure', 'policy'].includes(rule.variant))) throw new Error("variant is for mfa-required only: 'azure' or 'policy'");
    for (const key of /** @type {const} */ (['exposeChallenge', 'refuseMfaTokens'])) {
      if (rule[key] !== undefined && (rule.kind !== 'mfa-required' || typeof rule[key] !== 'boolean')) throw new Error(`${key} is for mfa-required only: true or false`);
    }
    const pattern = rule.path === undefined ? null : new RegExp(rule.path, 'i');
    this.counter += 1;
    const id = rule.id ?? `fault-${this.counter}`;
    this.rules.push({ ...rule, id, pattern, seen: 0, fired: 0 });
    return id;
  }

  /** @param {string} id */
  remove(id) {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear() {
    this.rules = [];
  }

  /** The rules as set, with how often each fired. */
  list() {
    return this.rules.map(({ pattern: _pattern, ...rule }) => rule);
  }

  /**
   * The first rule matching this request, counted as fired; preflights match only rules that
   * name OPTIONS. `which` narrows the rules considered (the `mfa-required` rules are matched
   * apart, once the token is read).
   * @param {string} method
   * @param {string} path
   * @param {(rule: FaultRule) => boolean} [which]
   */
  match(method, path, which = () => true) {
    for (const rule of this.rules) {
      if (!which(rule)) continue;
      if (rule.method !== undefined ? rule.method.toUpperCase() !== method : method === 'OPTIONS') continue;
      if (rule.pattern !== null && !rule.pattern.test(path)) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      rule.fired += 1;
      if (rule.times !== undefined && rule.fired >= rule.times) this.remove(rule.id);
      return rule;
    }
    return undefined;
  }
}
