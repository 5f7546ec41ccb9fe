// @ts-check
/**
 * What the routes of every provider share (arm.mjs, extensions.mjs): the request context and
 * the long-running operation's types, path and body reading, the subscription, resource group
 * and resource lookups with ARM's 404s, paging with absolute nextLinks, and how long an
 * operation runs and how it ends (`lro` settings).
 * @module
 */
import { ArmError } from './protocol.mjs';

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {import('./state.mjs').ArmResource} ArmResource
 * @typedef {import('./state.mjs').Outcome} Outcome
 * @typedef {import('./protocol.mjs').Reply} Reply
 * @typedef {'MachineLearningServices' | 'ContainerService'} Provider
 * @typedef {'Azure-AsyncOperation' | 'Location'} OperationHeader
 * @typedef {Partial<Record<Provider, Partial<Record<'put' | 'delete', OperationHeader[]>>>>} OperationHeaders
 * @typedef {{ pageSize: number, emptyFirstPage: boolean, resourceGraphPageSize: number,
 *   lro: { durationMs: number, retryAfterSeconds?: number, headers?: OperationHeaders, outcomes: Record<string, Outcome> },
 *   apiVersions: Record<string, string[]> }} RouteSettings
 * @typedef {{ state: State, settings: RouteSettings, operations: import('./arm.mjs').Operations, method: string, pathname: string,
 *   query: URLSearchParams, base: string, bodyText: string, now: number, note: (key: string, value: unknown) => void }} Context
 * @typedef {'put' | 'patch' | 'delete'} OperationKind
 * @typedef {{ id: string, kind: OperationKind, resourceId: string, provider: Provider | 'KubernetesConfiguration',
 *   subscriptionId: string, location: string, apiVersion: string, start: number, durationMs: number,
 *   outcome: Required<Pick<Outcome, 'status'>> & Outcome, done: boolean, end?: number }} Operation
 *   `provider` says whose status URLs answer for it and how it ends: a compute, a managed namespace
 *   or a cluster extension
 */

// ---- Operations ----

/**
 * `Retry-After` for an operation's answers, only when `lro.retryAfterSeconds` is set: neither
 * Azure ML nor AKS sends one (recorded), but tests set it to poll quickly.
 * @param {Context} ctx
 * @returns {Record<string, string>}
 */
export function retryAfter(ctx) {
  const seconds = ctx.settings.lro.retryAfterSeconds;
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) };
}

/**
 * How long an operation takes and how it ends: the configured outcome for this resource name
 * (`lro.outcomes`, computes, managed namespaces and extensions alike; `operation` says which
 * kind of request it is for, a PUT by default), else a failure the emulator derives from the
 * state (a missing cluster, no Azure ML extension, the Azure ML extension's healthcheck).
 * @param {Context} ctx
 * @param {string} name
 * @param {OperationKind} kind
 * @param {(kind: OperationKind, name: string) => string | { code: string, message: string }} failure
 *   the error of a configured failure that names none (a message alone: code `InternalServerError`)
 * @param {Omit<Outcome, 'status' | 'operation' | 'durationMs'> | undefined} [derived] the failure the state shows
 */
export function timing(ctx, name, kind, failure, derived) {
  const configured = ctx.settings.lro.outcomes[name];
  const applies = configured !== undefined && (configured.operation ?? 'put') === kind;
  /** @type {Operation['outcome']} */
  let outcome = { status: 'Succeeded' };
  if (applies) {
    const status = configured.status ?? 'Failed';
    outcome = { ...configured, status };
    if (status !== 'Succeeded' && outcome.error === undefined) {
      const error = failure(kind, name);
      outcome.error = typeof error === 'string' ? { code: 'InternalServerError', message: error } : error;
    }
  } else if (derived !== undefined) {
    outcome = { ...derived, status: 'Failed' };
  }
  return { durationMs: applies && configured.durationMs !== undefined ? configured.durationMs : ctx.settings.lro.durationMs, outcome };
}

// ---- Paths, bodies and lookups ----

/** @param {string} pathname */
export function splitPath(pathname) {
  try {
    return pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    throw new ArmError(400, 'InvalidRequestUri', `The request path '${pathname}' is not valid.`);
  }
}

/**
 * @param {Context} ctx
 * @param {string[]} methods
 */
export function allow(ctx, methods) {
  if (!methods.includes(ctx.method)) {
    throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${ctx.method}'.`, { headers: { Allow: methods.join(', ') } });
  }
}

/** @param {Context} ctx */
export function parseBody(ctx) {
  try {
    return JSON.parse(ctx.bodyText);
  } catch (error) {
    throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${/** @type {Error} */ (error).message}'.`);
  }
}

/**
 * The subscription, or ARM's 404.
 * @param {Context} ctx
 * @param {string} subscriptionId
 */
export function subscription(ctx, subscriptionId) {
  const found = ctx.state.subscriptions.find((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (found === undefined) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  return found;
}

/**
 * The id prefix of a subscription or resource group scope, checking that it exists.
 * @param {Context} ctx
 * @param {string[]} scope
 */
export function subscriptionOrGroupScope(ctx, scope) {
  const lower = scope.map((s) => s.toLowerCase());
  if (lower[0] !== 'subscriptions' || (scope.length !== 2 && !(scope.length === 4 && lower[2] === 'resourcegroups'))) {
    throw new ArmError(400, 'InvalidRequestUri', 'The scope must be a subscription or a resource group.');
  }
  subscription(ctx, scope[1]);
  if (scope.length === 2) return `/subscriptions/${scope[1]}`;
  const prefix = `/subscriptions/${scope[1]}/resourcegroups/${scope[3]}/`.toLowerCase();
  // Resource groups are those some resource lives in, plus the state's optional empty ones.
  const known =
    ctx.state.resources.some((r) => r.id.toLowerCase().startsWith(prefix)) ||
    (ctx.state.resourceGroups ?? []).some((groupId) => `${groupId.toLowerCase()}/` === prefix);
  if (!known) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${scope[3]}' could not be found.`);
  return `/subscriptions/${scope[1]}/resourceGroups/${scope[3]}`;
}

/**
 * @param {Context} ctx
 * @param {string[]} scope
 * @param {string} namespace
 * @param {string[]} rest
 */
export function resourceAt(ctx, scope, namespace, rest) {
  const group = subscriptionOrGroupScope(ctx, scope);
  return findResource(ctx.state, `${group}/providers/${namespace}/${rest.join('/')}`);
}

/**
 * @param {Context} _ctx
 * @param {ArmResource | undefined} resource
 * @param {string[]} scope
 * @param {string} namespace
 * @param {string[]} rest
 * @returns {ArmResource}
 */
export function required(_ctx, resource, scope, namespace, rest) {
  if (resource !== undefined) return resource;
  throw notFound(scope, namespace, rest);
}

/**
 * ARM's gateway's 404 for an absent resource: the namespace, then each type and name in turn
 * (ml-endpoint-get-404.json: 'Microsoft.MachineLearningServices/workspaces/{ws}/onlineEndpoints/{name}'),
 * `x-ms-failure-cause: gateway` and no remaining-request headers (ml-workspace-get-404.json).
 * @param {string[]} scope [subscriptions, {s}, resourceGroups, {rg}]
 * @param {string} namespace
 * @param {string[]} rest [type, name, type, name, …]
 */
export function notFound(scope, namespace, rest) {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${namespace}/${rest.join('/')}' under resource group '${scope[3] ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { gateway: true },
  );
}

/**
 * ARM's answer to a resource type it does not know under a namespace.
 * @param {string[]} types the path's types, lowercase
 * @param {string} namespace
 * @param {string | null} apiVersion
 */
export function invalidResourceType(types, namespace, apiVersion) {
  return new ArmError(
    404,
    'InvalidResourceType',
    `The resource type '${types.join('/')}' could not be found in the namespace '${namespace}' for api version '${apiVersion ?? ''}'.`,
  );
}

/**
 * @param {State} state
 * @param {string} id
 */
export function findResource(state, id) {
  const wanted = id.toLowerCase();
  return state.resources.find((r) => r.id.toLowerCase() === wanted);
}

/**
 * Resources of one type whose id starts with a prefix (both compared ignoring case).
 * @param {State} state
 * @param {string} type
 * @param {string} prefix
 */
export function listByType(state, type, prefix) {
  const wantedType = type.toLowerCase();
  const wantedPrefix = prefix.toLowerCase();
  return state.resources.filter((r) => r.type.toLowerCase() === wantedType && r.id.toLowerCase().startsWith(wantedPrefix));
}

/**
 * One page of a list: `{ value, nextLink }` with an absolute nextLink on this host that keeps the
 * request's query (api-version, $filter) and adds an opaque token. With `emptyFirstPage`, the
 * first page is empty and still carries a nextLink. The last page has no nextLink key, as the
 * recorded ML compute and role assignment lists, or `"nextLink": null` (`lastPage: 'null'`, as
 * the recorded extension lists).
 * @param {Context} ctx
 * @param {unknown[]} items
 * @param {'$skipToken' | '$skip'} tokenParam ML computes page with `$skip`, the others with `$skipToken`
 * @param {'absent' | 'null'} [lastPage]
 * @returns {Reply}
 */
export function paged(ctx, items, tokenParam, lastPage = 'absent') {
  const token = ctx.query.get(tokenParam);
  let offset = 0;
  let emptyServed = false;
  if (token !== null) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(decoded.o) || decoded.o < 0) throw new Error('bad offset');
      offset = decoded.o;
      emptyServed = decoded.e === 1;
    } catch {
      throw new ArmError(400, 'InvalidSkipToken', `The ${tokenParam} '${token}' is not valid.`);
    }
  }
  const next = (/** @type {number} */ o, /** @type {number} */ e) => {
    const query = new URLSearchParams(ctx.query);
    query.set(tokenParam, Buffer.from(JSON.stringify({ o, e })).toString('base64url'));
    return `${ctx.base}${ctx.pathname}?${query}`;
  };
  if (ctx.settings.emptyFirstPage && !emptyServed) return { status: 200, body: { value: [], nextLink: next(offset, 1) } };
  const size = Math.max(1, ctx.settings.pageSize);
  const value = items.slice(offset, offset + size);
  /** @type {Record<string, unknown>} */
  const body = { value };
  if (offset + size < items.length) body.nextLink = next(offset + size, 1);
  else if (lastPage === 'null') body.nextLink = null;
  return { status: 200, body };
}

