// @ts-check
/**
 * The ARM routes: the real URL paths, api-version checks, paging with absolute nextLinks, and
 * the writes with real long-running operations: Machine Learning computes, AKS managed
 * namespaces (their rules in namespaces.mjs) and cluster extensions (extensions.mjs, their
 * routes too). Every handler takes a request context and returns a reply value; server.mjs
 * moves the bytes. What the routes share is in routing.mjs.
 * @module
 */
import { extensions, settleExtension } from './extensions.mjs';
import { queryResourceGraph } from './graph.mjs';
import {
  adopt,
  CONTAINER_SERVICE_OPERATIONS_API,
  CONTAINER_SERVICE_OPERATIONS_VERSION,
  MANAGED_NAMESPACE_API,
  MANAGED_NAMESPACE_TYPE,
  readManagedNamespacePatch,
  readManagedNamespacePut,
  settleManagedNamespace,
} from './namespaces.mjs';
import { AmlError, amlHeaders, amlTime, ArmError, checkApiVersion, newId } from './protocol.mjs';
import {
  allow,
  findResource,
  invalidResourceType,
  listByType,
  notFound,
  paged,
  parseBody,
  required,
  resourceAt,
  retryAfter,
  splitPath,
  subscription,
  subscriptionOrGroupScope,
  timing,
} from './routing.mjs';
import { resourceGroupOf, subscriptionOf } from './state.mjs';

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {import('./state.mjs').ArmResource} ArmResource
 * @typedef {import('./protocol.mjs').Reply} Reply
 * @typedef {import('./routing.mjs').Context} Context
 * @typedef {import('./routing.mjs').Operation} Operation
 * @typedef {import('./routing.mjs').Provider} Provider
 * @typedef {import('./routing.mjs').OperationHeader} OperationHeader
 * @typedef {import('./routing.mjs').OperationHeaders} OperationHeaders
 */

export const COMPUTE_TYPES = ['AKS', 'Kubernetes', 'AmlCompute', 'ComputeInstance', 'DataFactory', 'VirtualMachine', 'HDInsight', 'Databricks', 'DataLakeAnalytics', 'SynapseSpark'];

const COMPUTE_TYPE = 'Microsoft.MachineLearningServices/workspaces/computes';

/**
 * Which URLs a write that starts a long-running operation answers with, per resource provider,
 * where the real services differ (../shared/fixtures/arm-recordings/INDEX.md): Azure ML sends
 * only `Azure-AsyncOperation`, on PUT and DELETE (test_compute_aml.yaml, and the Kubernetes
 * attach of AML-Kubernetes#155); AKS sends `Azure-AsyncOperation` on PUT, and both it and a
 * `Location` (`…/operationresults/{id}`) on DELETE (the aks-* recordings). Neither sends
 * `Retry-After`: the emulator adds it only when `lro.retryAfterSeconds` is set (a test
 * convenience). `lro.headers` overrides a row, e.g. `{ MachineLearningServices: { delete:
 * ['Azure-AsyncOperation', 'Location'] } }`.
 * @type {Record<Provider, Record<'put' | 'delete', OperationHeader[]>>}
 */
export const OPERATION_HEADERS = {
  MachineLearningServices: { put: ['Azure-AsyncOperation'], delete: ['Azure-AsyncOperation'] },
  ContainerService: { put: ['Azure-AsyncOperation'], delete: ['Azure-AsyncOperation', 'Location'] },
};

/**
 * The api-version Azure ML's compute operation URLs carry, whatever the request's (recorded:
 * `…/computeOperationsStatus/{id}?api-version=2022-10-01-preview&service=new` for a 2023 PUT).
 */
export const ML_OPERATIONS_VERSION = '2022-10-01-preview';

/**
 * The headers of a write that started an operation: its URLs as `OPERATION_HEADERS` (or
 * `lro.headers`) says, and `Retry-After` only when `lro.retryAfterSeconds` is set.
 * @param {Context} ctx
 * @param {Provider} provider
 * @param {'put' | 'delete'} kind
 * @param {{ status: string, result: string }} urls
 * @returns {Record<string, string>}
 */
function operationHeaders(ctx, provider, kind, urls) {
  const names = ctx.settings.lro.headers?.[provider]?.[kind] ?? OPERATION_HEADERS[provider][kind];
  /** @type {Record<string, string>} */
  const headers = {};
  if (names.includes('Azure-AsyncOperation')) headers['Azure-AsyncOperation'] = urls.status;
  if (names.includes('Location')) headers.Location = urls.result;
  return { ...headers, ...retryAfter(ctx) };
}

/**
 * What Azure ML fills in an AmlCompute's `properties.properties` on a PUT, and once the cluster
 * is allocated (recorded: test_compute_aml.yaml's PUT answer and the GET after its operation).
 */
const AML_COMPUTE = {
  onPut: {
    vmPriority: null,
    subnet: null,
    currentNodeCount: null,
    targetNodeCount: null,
    nodeStateCounts: null,
    allocationState: null,
    errors: null,
    remoteLoginPortPublicAccess: 'NotSpecified',
    osType: 'Linux',
    virtualMachineImage: null,
    isolatedNetwork: false,
    enableNodePublicIp: true,
  },
  scaleSettings: { nodeIdleTimeBeforeScaleDown: null },
  allocated: {
    vmPriority: 'Dedicated',
    nodeIdleTimeBeforeScaleDown: 'PT2M',
    nodeStateCounts: { preparingNodeCount: 0, runningNodeCount: 0, idleNodeCount: 0, unusableNodeCount: 0, leavingNodeCount: 0, preemptedNodeCount: 0 },
    allocationState: 'Steady',
  },
};

/**
 * The long-running operations of the writes (compute PUT and DELETE, managed namespace PUT and
 * DELETE, extension PUT, PATCH and DELETE); they settle lazily, on the next request, on the
 * resource they were started for.
 */
export class Operations {
  constructor() {
    /** @type {Map<string, Operation>} */
    this.byId = new Map();
  }

  /** @param {Omit<Operation, 'id' | 'done'>} operation */
  start(operation) {
    const id = newId();
    this.byId.set(id, { ...operation, id, done: false });
    return id;
  }

  /**
   * The operation on this resource that has not finished yet, if any.
   * @param {string} resourceId
   */
  running(resourceId) {
    for (const operation of this.byId.values()) if (!operation.done && operation.resourceId.toLowerCase() === resourceId.toLowerCase()) return operation;
    return undefined;
  }

  /**
   * Finishes every operation whose time has come and applies its result to the state.
   * @param {State} state
   * @param {number} now
   */
  settle(state, now) {
    for (const operation of this.byId.values()) {
      if (operation.done || now - operation.start < operation.durationMs) continue;
      operation.done = true;
      operation.end = operation.start + operation.durationMs;
      const index = state.resources.findIndex((r) => r.id.toLowerCase() === operation.resourceId.toLowerCase());
      if (index < 0) continue;
      if (operation.provider === 'ContainerService') {
        settleManagedNamespace(state, index, operation.kind === 'delete' ? 'delete' : 'put', operation.outcome.status);
        continue;
      }
      if (operation.provider === 'KubernetesConfiguration') {
        settleExtension(state, index, operation);
        continue;
      }
      const compute = state.resources[index];
      const stamp = amlTime(operation.end);
      if (operation.outcome.status === 'Succeeded') {
        if (operation.kind === 'delete') state.resources.splice(index, 1);
        else {
          compute.properties = { ...compute.properties, provisioningState: 'Succeeded', modifiedOn: stamp };
          if (compute.properties.computeType === 'AmlCompute') compute.properties.properties = allocated(compute.properties.properties, stamp);
        }
      } else {
        const errors = operation.outcome.provisioningErrors ?? [{ error: operation.outcome.error }];
        compute.properties = { ...compute.properties, provisioningState: operation.outcome.status, provisioningErrors: errors, modifiedOn: stamp };
      }
    }
  }
}

/**
 * Routes one ARM request. AKS's answers say `Content-Type: application/json`, without a charset
 * (recorded); the others `application/json; charset=utf-8`.
 * @param {Context} ctx
 * @returns {Reply}
 */
export function route(ctx) {
  const reply = dispatch(ctx);
  const provider = /.*\/providers\/([^/]+)/i.exec(ctx.pathname)?.[1]?.toLowerCase();
  if (provider === 'microsoft.containerservice' && reply.body !== undefined) return { ...reply, contentType: 'application/json' };
  return reply;
}

/**
 * @param {Context} ctx
 * @returns {Reply}
 */
function dispatch(ctx) {
  const segments = splitPath(ctx.pathname);
  const apiVersion = ctx.query.get('api-version');
  const lower = segments.map((s) => s.toLowerCase());
  const providersAt = lower.lastIndexOf('providers');

  if (providersAt < 0 || providersAt === segments.length - 1) {
    if (lower[0] === 'subscriptions' && segments.length <= 2) {
      allow(ctx, ['GET']);
      checkApiVersion('microsoft.resources/subscriptions', apiVersion, ctx.settings.apiVersions);
      if (segments.length === 1) return paged(ctx, ctx.state.subscriptions, '$skipToken');
      return { status: 200, body: subscription(ctx, segments[1]) };
    }
    throw new ArmError(404, 'NotFound', `The path '${ctx.pathname}' is not served by the ARM emulator.`);
  }

  const scope = segments.slice(0, providersAt);
  const namespace = segments[providersAt + 1];
  const rest = segments.slice(providersAt + 2);
  const types = rest.filter((_, i) => i % 2 === 0).map((t) => t.toLowerCase());
  const names = rest.filter((_, i) => i % 2 === 1);
  const isItem = rest.length > 0 && rest.length % 2 === 0;
  const key = `${namespace.toLowerCase()}/${types.join('/')}`;
  const apiKey = `${namespace.toLowerCase()}/${types[0] ?? ''}`;
  const scopeId = scope.length === 0 ? '' : `/${scope.join('/')}`;

  switch (isItem ? `${key}/{}` : key) {
    case 'microsoft.resourcegraph/resources': {
      allow(ctx, ['POST']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      if (scopeId !== '') break;
      return { status: 200, body: queryResourceGraph(ctx.state, parseBody(ctx), { pageSize: ctx.settings.resourceGraphPageSize }) };
    }
    case 'microsoft.containerservice/managedclusters':
    case 'microsoft.kubernetes/connectedclusters':
    case 'microsoft.machinelearningservices/workspaces': {
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      const container = subscriptionOrGroupScope(ctx, scope);
      return paged(ctx, listByType(ctx.state, `${namespace}/${rest[0]}`, `${container}/`), '$skipToken');
    }
    case 'microsoft.containerservice/managedclusters/{}':
    case 'microsoft.kubernetes/connectedclusters/{}':
    case 'microsoft.machinelearningservices/workspaces/{}': {
      allow(ctx, ['GET']);
      const resource = resourceAt(ctx, scope, namespace, rest);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions, resource?.location);
      return { status: 200, body: required(ctx, resource, scope, namespace, rest) };
    }
    case 'microsoft.containerservice/managedclusters/agentpools':
    case 'microsoft.containerservice/managedclusters/agentpools/{}': {
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      const cluster = required(ctx, resourceAt(ctx, scope, namespace, rest.slice(0, 2)), scope, namespace, rest.slice(0, 2));
      const pools = agentPools(cluster);
      if (!isItem) return paged(ctx, pools, '$skipToken');
      const pool = pools.find((p) => p.name.toLowerCase() === names[1].toLowerCase());
      if (pool === undefined) throw notFound(scope, namespace, rest);
      return { status: 200, body: pool };
    }
    case 'microsoft.kubernetesconfiguration/extensions':
    case 'microsoft.kubernetesconfiguration/extensions/{}':
    case 'microsoft.kubernetesconfiguration/extensions/operations/{}':
      return extensions(ctx, scope, rest, apiVersion);
    case 'microsoft.compute/skus': {
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      if (scope.length !== 2) break;
      subscription(ctx, scope[1]);
      const filter = ctx.query.get('$filter');
      let skus = ctx.state.skus;
      if (filter !== null) {
        const location = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter)?.[1];
        if (location === undefined) throw new ArmError(400, 'InvalidFilter', `The $filter '${filter}' is not supported: use location eq '<region>'.`);
        skus = skus.filter((/** @type {any} */ sku) => (sku.locations ?? []).some((/** @type {string} */ l) => l.toLowerCase() === location.toLowerCase()));
      }
      // The official example's last page says `"nextLink": null` (no recording).
      return paged(ctx, skus, '$skipToken', 'null');
    }
    case 'microsoft.containerservice/locations/kubernetesversions': {
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      if (scope.length !== 2) break;
      subscription(ctx, scope[1]);
      const versions = ctx.state.kubernetesVersions;
      // No paging here: the response is `{ values: [...] }` (plural) without nextLink.
      return { status: 200, body: { values: versions[names[0].toLowerCase()] ?? versions[names[0]] ?? versions['*'] ?? [] } };
    }
    case 'microsoft.machinelearningservices/locations/vmsizes': {
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      if (scope.length !== 2) break;
      subscription(ctx, scope[1]);
      const sizes = ctx.state.machineLearningVmSizes ?? {};
      return { status: 200, body: { value: sizes[names[0].toLowerCase()] ?? sizes['*'] ?? [] } };
    }
    case 'microsoft.machinelearningservices/workspaces/computes':
    case 'microsoft.machinelearningservices/workspaces/computes/{}':
      return computes(ctx, scope, namespace, rest, apiVersion);
    case 'microsoft.containerservice/managedclusters/managednamespaces':
    case 'microsoft.containerservice/managedclusters/managednamespaces/{}':
      return managedNamespaces(ctx, scope, namespace, rest, apiVersion);
    case 'microsoft.containerservice/locations/operations/{}':
    case 'microsoft.containerservice/locations/operationresults/{}': {
      allow(ctx, ['GET']);
      checkApiVersion(CONTAINER_SERVICE_OPERATIONS_API, apiVersion, ctx.settings.apiVersions);
      if (scope.length !== 2) break;
      subscription(ctx, scope[1]);
      return containerServiceOperationReply(ctx, names[1], types[1] === 'operationresults');
    }
    case 'microsoft.machinelearningservices/locations/computeoperationsstatus/{}':
    case 'microsoft.machinelearningservices/locations/computeoperationsresult/{}': {
      allow(ctx, ['GET']);
      // The URLs carry Azure ML's own service api-version (ML_OPERATIONS_VERSION) and `service=new`.
      checkApiVersion('microsoft.machinelearningservices/locations/computeoperationsstatus', apiVersion, ctx.settings.apiVersions);
      if (scope.length !== 2) break;
      subscription(ctx, scope[1]);
      return operationReply(ctx, names[1], types[1] === 'computeoperationsresult');
    }
    case 'microsoft.authorization/roleassignments':
    case 'microsoft.authorization/roleassignments/{}':
      allow(ctx, ['GET']);
      checkApiVersion(apiKey, apiVersion, ctx.settings.apiVersions);
      return roleAssignments(ctx, scopeId, isItem ? names[0] : undefined);
    default:
  }
  throw invalidResourceType(types, namespace, apiVersion);
}

// ---- Machine Learning computes and their long-running operations ----

/**
 * @param {Context} ctx
 * @param {string[]} scope
 * @param {string} namespace
 * @param {string[]} rest [workspaces, ws, computes, name?]
 * @param {string | null} apiVersion
 * @returns {Reply}
 */
function computes(ctx, scope, namespace, rest, apiVersion) {
  allow(ctx, rest.length === 4 ? ['GET', 'PUT', 'DELETE'] : ['GET']);
  checkApiVersion('microsoft.machinelearningservices/workspaces', apiVersion, ctx.settings.apiVersions);
  const group = subscriptionOrGroupScope(ctx, scope);
  const workspace = findResource(ctx.state, `${group}/providers/${namespace}/workspaces/${rest[1]}`);
  if (workspace === undefined) {
    throw new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${rest[1]}' not found.`);
  }
  const location = String(workspace.location ?? 'eastus').toLowerCase();
  const headers = amlHeaders(location);
  /** An error Azure ML answers itself, in its envelope. */
  const aml = (/** @type {number} */ status, /** @type {string} */ code, /** @type {string} */ message) => new AmlError(status, code, message, { location });
  if (rest.length === 3) return { ...paged(ctx, listByType(ctx.state, COMPUTE_TYPE, `${workspace.id}/computes/`), '$skip'), headers };
  const name = rest[3];
  const id = `${workspace.id}/computes/${name}`;
  const existing = findResource(ctx.state, id);
  const subscriptionId = /** @type {string} */ (subscriptionOf(workspace.id));
  const urls = (/** @type {string} */ operationId) => {
    const url = (/** @type {string} */ kind) =>
      `${ctx.base}/subscriptions/${subscriptionId}/providers/Microsoft.MachineLearningServices/locations/${location}/${kind}/${operationId}?api-version=${ML_OPERATIONS_VERSION}&service=new`;
    return { status: url('computeOperationsStatus'), result: url('computeOperationsResult') };
  };

  if (ctx.method === 'GET') {
    if (existing === undefined) throw notFound(scope, namespace, rest);
    return { status: 200, headers, body: existing };
  }

  if (existing !== undefined) {
    const running = ctx.operations.running(existing.id);
    if (running !== undefined) {
      throw aml(409, 'Conflict', `The compute '${name}' has an operation in progress (${existing.properties?.provisioningState}); wait until it finishes.`);
    }
  }

  if (ctx.method === 'DELETE') {
    const action = ctx.query.get('underlyingResourceAction');
    if (action === null) throw aml(400, 'BadRequest', "The query parameter 'underlyingResourceAction' is required: Delete or Detach.");
    if (action !== 'Delete' && action !== 'Detach') {
      throw aml(400, 'BadRequest', `The value '${action}' is not valid for 'underlyingResourceAction': Delete or Detach.`);
    }
    if (existing === undefined) return { status: 204, headers };
    existing.properties = { ...existing.properties, provisioningState: 'Deleting' };
    const operationId = ctx.operations.start({
      kind: 'delete',
      resourceId: existing.id,
      provider: 'MachineLearningServices',
      subscriptionId,
      location,
      apiVersion: ML_OPERATIONS_VERSION,
      start: ctx.now,
      ...timing(ctx, name, 'delete', computeFailure),
    });
    // Recorded: 202, an empty body, `content-length: 0`, Azure-AsyncOperation only.
    return { status: 202, headers: { ...headers, ...operationHeaders(ctx, 'MachineLearningServices', 'delete', urls(operationId)) } };
  }

  // PUT: create or overwrite (the spec: "overwrites a compute if it exists… do a GET first").
  const body = parseBody(ctx);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw aml(400, 'BadRequest', 'The request content must be a JSON object.');
  const request = /** @type {Record<string, any>} */ (body);
  const properties = request.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw aml(400, 'BadRequest', "The compute needs 'properties' with a 'computeType'.");
  }
  if (!COMPUTE_TYPES.includes(properties.computeType)) {
    throw aml(400, 'BadRequest', `'properties.computeType' must be one of ${COMPUTE_TYPES.join(', ')}.`);
  }
  if (request.location !== undefined && typeof request.location !== 'string') throw aml(400, 'BadRequest', "'location' must be a string.");
  const inner = structuredClone(properties.properties);
  if ((properties.computeType === 'AmlCompute' || properties.computeType === 'ComputeInstance') && inner?.enableNodePublicIp === false && !hasPrivateEndpoint(workspace)) {
    // Recorded (ml-compute-put-400-usererror.json), for a ComputeInstance.
    throw aml(400, 'UserError', "Provided EnableNodePublicIp 'False' requires workspace private endpoint.");
  }
  const stamp = amlTime(ctx.now);
  /** @type {Record<string, unknown>} */
  const stored = { description: null, resourceId: null, ...structuredClone(properties), disableLocalAuth: properties.disableLocalAuth ?? false };
  if (properties.computeType === 'Kubernetes') {
    stored.properties = {
      extensionInstanceReleaseTrain: 'stable',
      extensionPrincipalId: null,
      namespace: 'default',
      vcName: null,
      ...(inner ?? {}),
      // Secrets are accepted but never returned.
      relayConnectionString: null,
      serviceBusConnectionString: null,
    };
  } else if (properties.computeType === 'AKS' && inner?.sslConfiguration !== undefined) {
    stored.properties = { ...inner, sslConfiguration: { ...inner.sslConfiguration, cert: null, key: null } };
  } else if (properties.computeType === 'AmlCompute') {
    stored.properties = { ...AML_COMPUTE.onPut, ...(inner ?? {}), scaleSettings: { ...AML_COMPUTE.scaleSettings, ...(inner?.scaleSettings ?? {}) } };
  }
  const computeLocation = properties.computeLocation ?? existing?.properties?.computeLocation ?? workspace.location;
  /** @type {ArmResource} */
  const compute = {
    id,
    name,
    type: COMPUTE_TYPE,
    location: request.location ?? workspace.location,
    tags: request.tags ?? {},
    ...(request.sku === undefined ? {} : { sku: request.sku }),
    ...(request.identity === undefined ? {} : { identity: identityWithIds(request.identity, ctx.state.tenantId) }),
    properties: {
      ...stored,
      computeLocation,
      // A PUT over an existing compute says Creating too (ml-compute-put-existing-201.json).
      provisioningState: 'Creating',
      provisioningErrors: null,
      isAttachedCompute: typeof properties.resourceId === 'string',
      createdOn: existing?.properties?.createdOn ?? stamp,
      modifiedOn: stamp,
    },
  };
  if (existing === undefined) ctx.state.resources.push(compute);
  else ctx.state.resources[ctx.state.resources.indexOf(existing)] = compute;
  ctx.note('replacedExisting', existing !== undefined);
  const operationId = ctx.operations.start({
    kind: 'put',
    resourceId: id,
    provider: 'MachineLearningServices',
    subscriptionId,
    location,
    apiVersion: ML_OPERATIONS_VERSION,
    start: ctx.now,
    ...timing(ctx, name, 'put', computeFailure, attachProblem(ctx.state, properties)),
  });
  // The answer to a creation has `tags: null` and no `computeLocation` unless the request named
  // them (ml-compute-put-201.json); the stored compute has both (the GET after it).
  const answer = structuredClone(compute);
  if (existing === undefined) {
    if (request.tags === undefined) answer.tags = null;
    if (properties.computeLocation === undefined) delete answer.properties.computeLocation;
  }
  return { status: 201, headers: { ...headers, ...operationHeaders(ctx, 'MachineLearningServices', 'put', urls(operationId)) }, body: answer };
}

/**
 * Whether a workspace has a private endpoint (what an AmlCompute or a ComputeInstance without a
 * public IP needs).
 * @param {ArmResource} workspace
 */
function hasPrivateEndpoint(workspace) {
  const connections = workspace.properties?.privateEndpointConnections;
  return (Array.isArray(connections) && connections.length > 0) || Number(workspace.properties?.privateLinkCount ?? 0) > 0;
}

/**
 * An AmlCompute's `properties.properties` once its cluster is allocated (recorded GET).
 * @param {Record<string, any> | undefined} inner
 * @param {string} stamp
 */
function allocated(inner, stamp) {
  const scale = inner?.scaleSettings ?? {};
  const { nodeIdleTimeBeforeScaleDown, ...rest } = AML_COMPUTE.allocated;
  return {
    ...(inner ?? {}),
    ...rest,
    vmPriority: inner?.vmPriority ?? rest.vmPriority,
    scaleSettings: { ...scale, nodeIdleTimeBeforeScaleDown: scale.nodeIdleTimeBeforeScaleDown ?? nodeIdleTimeBeforeScaleDown },
    currentNodeCount: 0,
    targetNodeCount: scale.minNodeCount ?? 0,
    allocationStateTransitionTime: stamp,
    propertyBag: {},
  };
}

/** @param {import('./routing.mjs').OperationKind} kind @param {string} name */
const computeFailure = (kind, name) => `The ${kind === 'put' ? 'attach' : 'detach'} of compute '${name}' failed.`;

/**
 * Why attaching this compute would fail on the service side, if the state shows it.
 * @param {State} state
 * @param {Record<string, any>} properties
 */
function attachProblem(state, properties) {
  if (typeof properties.resourceId !== 'string') return undefined;
  const cluster = findResource(state, properties.resourceId);
  if (cluster === undefined) {
    return { error: { code: 'BadRequest', message: `The cluster '${properties.resourceId}' was not found, or the workspace cannot read it.` } };
  }
  if (properties.computeType === 'Kubernetes') {
    const prefix = `${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/`.toLowerCase();
    const installed = state.resources.some(
      (r) =>
        r.id.toLowerCase().startsWith(prefix) &&
        String(r.properties?.extensionType).toLowerCase() === 'microsoft.azureml.kubernetes' &&
        r.properties?.provisioningState === 'Succeeded',
    );
    if (!installed) {
      return { error: { code: 'BadRequest', message: `The Azure Machine Learning extension is not installed on cluster '${cluster.name}', or its provisioning has not succeeded.` } };
    }
  }
  return undefined;
}

/**
 * A request's `identity` as the service stores it: a system-assigned identity gets a principal
 * and a tenant, each user-assigned one a principal and a client id.
 * @param {unknown} identity
 * @param {string} tenantId
 */
function identityWithIds(identity, tenantId) {
  if (typeof identity !== 'object' || identity === null) return identity;
  /** @type {Record<string, any>} */
  const out = structuredClone(identity);
  if (typeof out.type === 'string' && out.type.includes('SystemAssigned')) {
    out.principalId ??= newId();
    out.tenantId ??= tenantId;
  }
  if (typeof out.userAssignedIdentities === 'object' && out.userAssignedIdentities !== null) {
    for (const key of Object.keys(out.userAssignedIdentities)) out.userAssignedIdentities[key] = { principalId: newId(), clientId: newId(), ...out.userAssignedIdentities[key] };
  }
  return out;
}

/**
 * Azure ML's operation status (`…/computeOperationsStatus/{id}`: always 200, in the recorded
 * shapes: `{ status: "InProgress" }`, then `{ status: "Succeeded", percentComplete: 100.0 }`;
 * a failure, never recorded, as the spec's OperationStatusResult: `{ status: "Failed", error }`)
 * or the result URL a `Location` names when `lro.headers` asks for one (202 while running, then
 * 204, 200 with the compute, or 400 with the error).
 * @param {Context} ctx
 * @param {string} operationId
 * @param {boolean} result
 * @returns {Reply}
 */
function operationReply(ctx, operationId, result) {
  const operation = ctx.operations.byId.get(operationId);
  // /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{location}/…
  const location = String(splitPath(ctx.pathname)[5] ?? 'eastus').toLowerCase();
  if (operation === undefined || operation.provider !== 'MachineLearningServices') {
    throw new AmlError(404, 'ResourceNotFound', `The operation '${operationId}' was not found.`, { location });
  }
  const headers = amlHeaders(operation.location);
  if (result) {
    const self = `${ctx.base}${ctx.pathname}?${ctx.query}`;
    if (!operation.done) return { status: 202, headers: { ...headers, Location: self, ...retryAfter(ctx) } };
    if (operation.outcome.status !== 'Succeeded') {
      const error = operation.outcome.error ?? { code: 'Failed', message: 'The operation failed.' };
      return { status: 400, headers, body: { error } };
    }
    if (operation.kind === 'delete') return { status: 204, headers };
    const compute = findResource(ctx.state, operation.resourceId);
    return compute === undefined ? { status: 204, headers } : { status: 200, headers, body: compute };
  }
  if (!operation.done) return { status: 200, headers, body: { status: 'InProgress' } };
  if (operation.outcome.status === 'Succeeded') return { status: 200, headers, body: { status: 'Succeeded', percentComplete: 100.0 } };
  return { status: 200, headers, body: { status: operation.outcome.status, error: operation.outcome.error } };
}

// ---- AKS managed namespaces and AKS's operations ----

/**
 * `…/managedClusters/{c}/managedNamespaces[/{name}]`: list, GET, PUT (create 201 or update 200,
 * both `Updating` with Azure-AsyncOperation and Retry-After, settling to Succeeded), PATCH (tags,
 * synchronous) and DELETE (202 with both headers, 204 when absent). Only under managedClusters:
 * Arc clusters have none (their path answers InvalidResourceType).
 * @param {Context} ctx
 * @param {string[]} scope
 * @param {string} namespace
 * @param {string[]} rest [managedClusters, cluster, managedNamespaces, name?]
 * @param {string | null} apiVersion
 * @returns {Reply}
 */
function managedNamespaces(ctx, scope, namespace, rest, apiVersion) {
  const isItem = rest.length === 4;
  allow(ctx, isItem ? ['GET', 'PUT', 'PATCH', 'DELETE'] : ['GET']);
  const cluster = required(ctx, resourceAt(ctx, scope, namespace, rest.slice(0, 2)), scope, namespace, rest.slice(0, 2));
  checkApiVersion(MANAGED_NAMESPACE_API, apiVersion, ctx.settings.apiVersions, cluster.location);
  if (!isItem) return paged(ctx, listByType(ctx.state, MANAGED_NAMESPACE_TYPE, `${cluster.id}/managedNamespaces/`), '$skipToken');
  const name = rest[3];
  const id = `${cluster.id}/managedNamespaces/${name}`;
  const existing = findResource(ctx.state, id);
  if (ctx.method === 'GET' || ctx.method === 'PATCH') {
    // ARM's text names the types and names in turn, as in its recorded 404s.
    if (existing === undefined) throw notFound(scope, namespace, rest);
    if (ctx.method === 'GET') return { status: 200, body: existing };
  }

  // A write: AKS refuses it while another operation on the namespace runs, or the cluster is stopped.
  const running = existing === undefined ? undefined : ctx.operations.running(existing.id);
  if (running !== undefined) {
    throw new ArmError(
      409,
      'OperationNotAllowed',
      `Operation is not allowed: Another operation (${name} - ${existing?.properties?.provisioningState}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
    );
  }
  const power = cluster.properties?.powerState?.code;
  if (power !== undefined && power !== 'Running') {
    throw new ArmError(409, 'OperationNotAllowed', `Operation is not allowed: the managed cluster '${cluster.name}' is ${power}; managed namespaces change only while it runs.`);
  }

  if (ctx.method === 'PATCH') {
    const { tags } = readManagedNamespacePatch(parseBody(ctx));
    const updated = /** @type {ArmResource} */ (existing);
    if (tags !== undefined) updated.tags = tags;
    return { status: 200, body: updated };
  }

  const subscriptionId = /** @type {string} */ (subscriptionOf(cluster.id));
  const location = String(cluster.location ?? 'eastus').toLowerCase();
  const statusUrl = (/** @type {string} */ kind, /** @type {string} */ operationId) =>
    `${ctx.base}/subscriptions/${subscriptionId}/providers/Microsoft.ContainerService/locations/${location}/${kind}/${operationId}?api-version=${CONTAINER_SERVICE_OPERATIONS_VERSION}`;
  const urls = (/** @type {string} */ operationId) => ({ status: statusUrl('operations', operationId), result: statusUrl('operationresults', operationId) });
  const namespaceFailure = (/** @type {import('./routing.mjs').OperationKind} */ kind, /** @type {string} */ n) => `The ${kind === 'put' ? 'creation or update' : 'deletion'} of managed namespace '${n}' failed.`;
  /** @param {'put' | 'delete'} kind @param {string} resourceId */
  const start = (kind, resourceId) =>
    ctx.operations.start({
      kind,
      resourceId,
      provider: 'ContainerService',
      subscriptionId,
      location,
      apiVersion: CONTAINER_SERVICE_OPERATIONS_VERSION,
      start: ctx.now,
      ...timing(ctx, name, kind, namespaceFailure),
    });

  if (ctx.method === 'DELETE') {
    if (existing === undefined) return { status: 204 };
    existing.properties = { ...existing.properties, provisioningState: 'Deleting' };
    const operationId = start('delete', existing.id);
    return {
      status: 202,
      headers: operationHeaders(ctx, 'ContainerService', 'delete', urls(operationId)),
    };
  }

  // PUT: create, take over an existing Kubernetes namespace, or update.
  const body = parseBody(ctx);
  ctx.note('body', body);
  const request = readManagedNamespacePut(name, body);
  if (existing !== undefined && request.location !== undefined && request.location.toLowerCase() !== String(existing.location).toLowerCase()) {
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${existing.location}' in resource group '${resourceGroupOf(cluster.id)}'. A resource with the same name cannot be created in location '${request.location}'. Please select a new resource name.`,
    );
  }
  if (existing === undefined) adopt(ctx.state, cluster, name, request.properties.adoptionPolicy);
  /** @type {ArmResource} */
  const resource = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    type: MANAGED_NAMESPACE_TYPE,
    location: request.location ?? existing?.location ?? cluster.location,
    ...(request.tags === undefined ? {} : { tags: request.tags }),
    // As the official 201 example shows it, for a creation too.
    properties: { ...request.properties, provisioningState: 'Updating' },
  };
  if (existing === undefined) ctx.state.resources.push(resource);
  else ctx.state.resources[ctx.state.resources.indexOf(existing)] = resource;
  ctx.note('replacedExisting', existing !== undefined);
  const operationId = start('put', resource.id);
  return {
    status: existing === undefined ? 201 : 200,
    headers: operationHeaders(ctx, 'ContainerService', 'put', urls(operationId)),
    body: resource,
  };
}

/**
 * AKS's operation status (`…/locations/{l}/operations/{id}`: always 200, `{ name, status,
 * startTime }` then `endTime`, as the recorded answers; `error` when it failed) or result
 * (`…/operationresults/{id}`, a DELETE's Location: 202 while running, then 204, or the error).
 * @param {Context} ctx
 * @param {string} operationId
 * @param {boolean} result
 * @returns {Reply}
 */
function containerServiceOperationReply(ctx, operationId, result) {
  const operation = ctx.operations.byId.get(operationId);
  if (operation === undefined || operation.provider !== 'ContainerService') throw new ArmError(404, 'NotFound', `The operation '${operationId}' was not found.`);
  const failed = operation.done && operation.outcome.status !== 'Succeeded';
  const error = operation.outcome.error ?? { code: operation.outcome.status, message: 'The operation failed.' };
  if (result) {
    if (!operation.done) return { status: 202, headers: { Location: `${ctx.base}${ctx.pathname}?${ctx.query}`, ...retryAfter(ctx) } };
    if (failed) return { status: 400, body: { error } };
    const resource = operation.kind === 'put' ? findResource(ctx.state, operation.resourceId) : undefined;
    return resource === undefined ? { status: 204 } : { status: 200, body: resource };
  }
  /** @type {Record<string, unknown>} */
  const body = { name: operation.id, status: operation.done ? operation.outcome.status : 'InProgress', startTime: new Date(operation.start).toISOString() };
  if (operation.done) body.endTime = new Date(operation.end ?? ctx.now).toISOString();
  if (failed) body.error = error;
  return { status: 200, body };
}

// ---- Role assignments ----

/**
 * Role assignments at, above and below a scope; `$filter` takes `atScope()` (at and above
 * only), `principalId eq '…'` and `assignedTo('…')`, joined with `and`.
 * @param {Context} ctx
 * @param {string} scope
 * @param {string | undefined} name
 * @returns {Reply}
 */
function roleAssignments(ctx, scope, name) {
  const subscriptionId = subscriptionOf(scope);
  if (subscriptionId !== undefined) subscription(ctx, subscriptionId);
  const all = ctx.state.resources.filter((r) => r.type.toLowerCase() === 'microsoft.authorization/roleassignments');
  if (name !== undefined) {
    const assignment = all.find((r) => r.id.toLowerCase() === `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`.toLowerCase());
    if (assignment === undefined) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
    return { status: 200, body: assignment };
  }
  const filter = ctx.query.get('$filter');
  let atScopeOnly = false;
  /** @type {string | undefined} */
  let principal;
  if (filter !== null && filter.trim() !== '') {
    for (const clause of filter.split(/\s+and\s+/i)) {
      const trimmed = clause.trim();
      const byPrincipal = /^principalId\s+eq\s+'([^']*)'$/i.exec(trimmed) ?? /^assignedTo\('([^']*)'\)$/i.exec(trimmed);
      if (/^atScope\(\)$/i.test(trimmed)) atScopeOnly = true;
      else if (byPrincipal !== null) principal = byPrincipal[1].toLowerCase();
      else throw new ArmError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported. Supported: atScope(), principalId eq '{id}', assignedTo('{id}').`);
    }
  }
  const wanted = scope.toLowerCase();
  const matches = all.filter((assignment) => {
    const at = String(assignment.properties?.scope ?? assignment.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '')).toLowerCase();
    const aboveOrAt = wanted === at || wanted.startsWith(`${at}/`) || at === '/';
    const below = at.startsWith(`${wanted}/`);
    if (!(aboveOrAt || (!atScopeOnly && below))) return false;
    return principal === undefined || String(assignment.properties?.principalId).toLowerCase() === principal;
  });
  return paged(ctx, matches, '$skipToken');
}

// ---- Managed clusters ----

/**
 * A managed cluster's agent pools as `GET …/agentPools` returns them.
 * @param {ArmResource} cluster
 */
function agentPools(cluster) {
  const profiles = /** @type {any[]} */ (cluster.properties?.agentPoolProfiles ?? []);
  return profiles.map(({ name, ...properties }) => ({
    id: `${cluster.id}/agentPools/${name}`,
    name: String(name),
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties,
  }));
}
