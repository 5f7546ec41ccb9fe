// @ts-check
/**
 * Cluster extensions (`{clusterId}/providers/Microsoft.KubernetesConfiguration/extensions`,
 * api-version 2025-03-01): list, GET, PUT (Extensions_Create), PATCH (Extensions_Update), DELETE
 * and the operation status (OperationStatus_Get), with real long-running operations; and how an
 * install of the Azure ML extension (`Microsoft.AzureML.Kubernetes`) fails, derived from the state
 * the way the extension's healthcheck derives it.
 *
 * Sources: the 2025-03-01 REST spec (Azure/azure-rest-api-specs, `…/extensions/stable/2025-03-01/
 * extensions.json`) and its official examples (`../shared/fixtures/azure-rest-api-specs/…/
 * 2025-03-01/examples/`); the real recording of a PUT and a forced DELETE
 * (`../shared/fixtures/arm-recordings/ext-dapr-put-201.json`, its cassette test_k8s_extension.yaml);
 * the Azure ML extension's documentation (learn.microsoft.com/azure/machine-learning/
 * how-to-troubleshoot-kubernetes-extension#error-code-of-healthcheck, how-to-deploy-kubernetes-
 * extension) and the failures users posted (/work/notes/ext-settings.md §9, §10). Where the service's
 * status or code is not published, it is the emulator's assumption (README.md says which).
 * @module
 */
import { ArmError, checkApiVersion, newId } from './protocol.mjs';
import { allow, findResource, invalidResourceType, listByType, paged, parseBody, required, resourceAt, retryAfter, timing } from './routing.mjs';
import { resourceGroupOf, subscriptionOf } from './state.mjs';

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {import('./state.mjs').ArmResource} ArmResource
 * @typedef {import('./protocol.mjs').Reply} Reply
 * @typedef {import('./routing.mjs').Context} Context
 * @typedef {import('./routing.mjs').Operation} Operation
 * @typedef {import('./routing.mjs').OperationKind} OperationKind
 * @typedef {Record<string, string>} Settings a settings map (`configurationSettings`, `configurationProtectedSettings`)
 * @typedef {{ extensionType?: string, autoUpgradeMode?: string, autoUpgradeMinorVersion?: boolean, releaseTrain?: string,
 *   version?: string | null, scope?: Record<string, any>, configurationSettings?: Settings | null,
 *   configurationProtectedSettings?: Settings | null }} ExtensionProperties what a PUT or a PATCH may set
 * @typedef {{ properties: ExtensionProperties, identity?: Record<string, any>, plan?: unknown, managedBy?: unknown }} ExtensionRequest
 */

export const EXTENSION_TYPE = 'Microsoft.KubernetesConfiguration/extensions';

/** The api-version key of extensions (protocol.mjs `API_VERSIONS`). */
export const EXTENSIONS_API = 'microsoft.kubernetesconfiguration/extensions';

/** The Azure ML extension's type, compared ignoring case (the CLI sends it lowercased). */
export const AZURE_ML_EXTENSION = 'microsoft.azureml.kubernetes';

/** How long the service lets an operation run (CreateExtension.json, PatchExtension.json). */
export const OPERATION_TIMEOUT = 'PT48H';

/** The spec's `autoUpgradeMode` values (2025-03-01); `compatible` is its default. */
export const AUTO_UPGRADE_MODES = ['none', 'patch', 'compatible'];

/**
 * The version an install without a pinned `version` ends at (its `currentVersion`), per
 * extension type (lowercase): the Azure ML extension's newest in its documented release table
 * (reference-kubernetes.md, to 1.1.88), the official example's for `azuremonitor-containers`, the
 * recorded one for Dapr. Any other type: `1.0.0` (the emulator's).
 * @type {Record<string, string>}
 */
export const LATEST_VERSIONS = { [AZURE_ML_EXTENSION]: '1.1.88', 'azuremonitor-containers': '0.1.4', 'microsoft.dapr': '1.6.0' };

/**
 * The release namespace of a cluster-scoped extension whose PUT names none, per type (lowercase):
 * the service fills it in (recorded: Dapr's `dapr-system`); the Azure ML extension's components
 * all live in `azureml` (how-to-troubleshoot-kubernetes-extension: "All components of Azure
 * Machine Learning extension are installed in azureml namespace"); Flux's `flux-system` (AKS
 * docs). Any other type: the extension's name (the emulator's).
 * @type {Record<string, string>}
 */
export const RELEASE_NAMESPACES = { [AZURE_ML_EXTENSION]: 'azureml', 'microsoft.dapr': 'dapr-system', 'microsoft.flux': 'flux-system' };

/** The properties a PATCH (`patchExtension`) may set; `extensionType`, `scope` and `plan` are not among them. */
const PATCHABLE = ['autoUpgradeMode', 'autoUpgradeMinorVersion', 'releaseTrain', 'version', 'configurationSettings', 'configurationProtectedSettings'];

/**
 * The answer to a forced DELETE, as recorded (test_k8s_extension.yaml, `?forceDelete=true`: 200
 * with a serialised HttpResponseMessage for a body), the extension gone at once.
 */
const FORCE_DELETED = { content: null, statusCode: 200, headers: [], version: '1.1', reasonPhrase: 'OK', trailingHeaders: [], requestMessage: null, isSuccessStatusCode: true };

/**
 * Routes `{clusterId}/providers/Microsoft.KubernetesConfiguration/extensions[/{name}[/operations/{id}]]`.
 * @param {Context} ctx
 * @param {string[]} scope the path before the extension's `providers`: the cluster's path
 * @param {string[]} rest [extensions, name?, operations?, id?]
 * @param {string | null} apiVersion
 * @returns {Reply}
 */
export function extensions(ctx, scope, rest, apiVersion) {
  const isItem = rest.length === 2;
  allow(ctx, isItem ? ['GET', 'PUT', 'PATCH', 'DELETE'] : ['GET']);
  checkApiVersion(EXTENSIONS_API, apiVersion, ctx.settings.apiVersions);
  const clusterProviders = scope.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (clusterProviders < 0) {
    throw invalidResourceType(
      rest.filter((_, i) => i % 2 === 0).map((t) => t.toLowerCase()),
      'Microsoft.KubernetesConfiguration',
      apiVersion,
    );
  }
  const clusterScope = scope.slice(0, clusterProviders);
  const clusterNamespace = scope[clusterProviders + 1];
  const clusterRest = scope.slice(clusterProviders + 2);
  const cluster = required(ctx, resourceAt(ctx, clusterScope, clusterNamespace, clusterRest), clusterScope, clusterNamespace, clusterRest);
  const prefix = `${cluster.id}/providers/${EXTENSION_TYPE}/`;
  if (rest.length === 1) return paged(ctx, listByType(ctx.state, EXTENSION_TYPE, prefix), '$skipToken', 'null');
  const name = rest[1];
  const id = `${prefix}${name}`;
  if (rest.length === 4) return operationStatus(ctx, id, rest[3]);
  const existing = findResource(ctx.state, id);
  const absent = () =>
    // The extension service's own 404 (not recorded): ARM's words, without the gateway's mark.
    new ArmError(404, 'ResourceNotFound', `The Resource '${EXTENSION_TYPE}/${name}' under resource group '${resourceGroupOf(cluster.id) ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);

  if (ctx.method === 'GET') {
    if (existing === undefined) throw absent();
    return { status: 200, body: existing };
  }
  if (ctx.method === 'PATCH' && existing === undefined) throw absent();

  const running = existing === undefined ? undefined : ctx.operations.running(existing.id);
  if (ctx.method === 'DELETE') return remove(ctx, existing, running);
  if (running !== undefined) {
    // Assumed (no published answer): one operation at a time on an extension.
    throw new ArmError(409, 'Conflict', `The extension '${name}' has an operation in progress (${existing?.properties?.provisioningState}); wait until it finishes.`);
  }
  return ctx.method === 'PUT' ? put(ctx, cluster, id, name, existing) : patch(ctx, cluster, /** @type {ArmResource} */ (existing));
}

/**
 * Extensions_Create: 201 (creation) with `Creating`, or over an existing extension 200 with
 * `Updating`; both with the operation headers of CreateExtension.json. A PUT that changes nothing
 * on a `Succeeded` extension answers the example's 200: the extension as it is, with
 * `Operation-Location` and `x-ms-async-operation-timeout` but no `Azure-AsyncOperation` (an
 * operation already `Succeeded`).
 * @param {Context} ctx
 * @param {ArmResource} cluster
 * @param {string} id
 * @param {string} name
 * @param {ArmResource | undefined} existing
 * @returns {Reply}
 */
function put(ctx, cluster, id, name, existing) {
  const body = parseBody(ctx);
  const request = readExtension(body, 'put');
  ctx.note('body', withoutSecrets(body));
  const p = request.properties;
  const extensionType = /** @type {string} */ (p.extensionType);
  const isAzureMl = extensionType.toLowerCase() === AZURE_ML_EXTENSION;
  const namespaceScoped = p.scope?.namespace !== undefined && p.scope?.namespace !== null;
  if (namespaceScoped && isAzureMl) {
    // The CLI's refusal ([CLI-AML]: "This extension can be installed only at 'cluster' scope");
    // the docs install every component in `azureml`. Code assumed.
    throw invalid('properties.scope', "Invalid scope 'namespace'. The extension type 'Microsoft.AzureML.Kubernetes' can be installed only at 'cluster' scope.");
  }
  const scope = namespaceScoped
    ? { namespace: /** @type {Record<string, any>} */ (p.scope).namespace }
    : { cluster: { ...(p.scope?.cluster ?? {}), releaseNamespace: p.scope?.cluster?.releaseNamespace ?? RELEASE_NAMESPACES[extensionType.toLowerCase()] ?? name } };
  if (existing !== undefined) {
    // Assumed: the type and the scope are fixed at creation (Terraform's azurerm makes both ForceNew).
    if (String(existing.properties?.extensionType).toLowerCase() !== extensionType.toLowerCase()) {
      throw invalid('properties.extensionType', `The extension '${name}' is of type '${existing.properties?.extensionType}': its type cannot be changed to '${extensionType}'. Delete it first.`);
    }
    if (p.scope !== undefined && JSON.stringify(existing.properties?.scope) !== JSON.stringify(scope)) {
      throw invalid('properties.scope', `The scope of the extension '${name}' cannot be changed. Delete it first.`);
    }
  }
  const secrets = p.configurationProtectedSettings ?? {};
  const stamp = kcTime(ctx.now);
  /** @type {ArmResource} */
  const resource = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    type: EXTENSION_TYPE,
    ...(request.identity === undefined ? {} : { identity: identityOf(request.identity, ctx.state.tenantId, existing?.identity) }),
    ...(request.plan === undefined ? {} : { plan: request.plan }),
    ...(request.managedBy === undefined ? {} : { managedBy: request.managedBy }),
    // As recorded (ext-dapr-put-201.json): no caller in systemData, the times in the service's form.
    systemData: {
      createdBy: existing?.systemData?.createdBy ?? null,
      createdByType: existing?.systemData?.createdByType ?? null,
      createdAt: existing?.systemData?.createdAt ?? stamp,
      lastModifiedBy: null,
      lastModifiedByType: null,
      lastModifiedAt: stamp,
    },
    properties: {
      // Stored as sent: ARM keeps the casing (recorded: `microsoft.dapr`).
      extensionType,
      autoUpgradeMode: p.autoUpgradeMode ?? 'compatible',
      // A pinned version without the flag: false (recorded: version 1.6.0 sent alone answered false).
      autoUpgradeMinorVersion: p.autoUpgradeMinorVersion ?? (typeof p.version !== 'string'),
      releaseTrain: p.releaseTrain ?? 'Stable',
      version: p.version ?? null,
      scope,
      configurationSettings: p.configurationSettings ?? {},
      provisioningState: existing === undefined ? 'Creating' : 'Updating',
      currentVersion: existing?.properties?.currentVersion ?? null,
      statuses: [],
      isSystemExtension: false,
    },
  };
  ctx.note('replacedExisting', existing !== undefined);
  const path = `${ctx.base}${ctx.pathname}`;
  if (existing !== undefined && existing.properties?.provisioningState === 'Succeeded' && sameExtension(existing, resource) && sameSettings(protectedSettings(ctx.state, existing.id), secrets)) {
    const operationId = finished(ctx, existing.id);
    return { status: 200, headers: { 'Operation-Location': `${ctx.pathname}/operations/${operationId}`, 'x-ms-async-operation-timeout': OPERATION_TIMEOUT }, body: existing };
  }
  if (existing === undefined) ctx.state.resources.push(resource);
  else ctx.state.resources[ctx.state.resources.indexOf(existing)] = resource;
  setProtectedSettings(ctx.state, resource.id, secrets);
  const upgrade = existing?.properties?.provisioningState === 'Succeeded';
  const problem = isAzureMl ? healthcheck(cluster, resource, secrets, upgrade) : undefined;
  const operationId = start(ctx, 'put', resource.id, name, problem);
  return { status: existing === undefined ? 201 : 200, headers: operationHeaders(ctx, path, operationId, true), body: resource };
}

/**
 * Extensions_Update: 202 with `Updating` and the operation headers of PatchExtension.json, or
 * 200 with the extension as it is when nothing changes. `configurationSettings` are merged into
 * the stored ones (a PATCH adds or changes keys); `configurationProtectedSettings`, when given,
 * replace the whole protected set (the CLI's update refills the ones it would otherwise lose).
 * @param {Context} ctx
 * @param {ArmResource} cluster
 * @param {ArmResource} existing
 * @returns {Reply}
 */
function patch(ctx, cluster, existing) {
  const body = parseBody(ctx);
  const request = readExtension(body, 'patch');
  ctx.note('body', withoutSecrets(body));
  const p = request.properties;
  const before = existing.properties ?? {};
  /** @type {Record<string, any>} */
  const properties = { ...before };
  if (p.autoUpgradeMode !== undefined) properties.autoUpgradeMode = p.autoUpgradeMode;
  if (p.autoUpgradeMinorVersion !== undefined) properties.autoUpgradeMinorVersion = p.autoUpgradeMinorVersion;
  if (p.releaseTrain !== undefined) properties.releaseTrain = p.releaseTrain;
  if (p.version !== undefined) properties.version = p.version;
  if (p.configurationSettings !== undefined && p.configurationSettings !== null) properties.configurationSettings = { ...(before.configurationSettings ?? {}), ...p.configurationSettings };
  const storedSecrets = protectedSettings(ctx.state, existing.id);
  const secrets = p.configurationProtectedSettings ?? storedSecrets;
  const identity = request.identity === undefined ? existing.identity : identityOf(request.identity, ctx.state.tenantId, existing.identity);
  const changed = JSON.stringify(properties) !== JSON.stringify(before) || !sameSettings(secrets, storedSecrets) || JSON.stringify(identity) !== JSON.stringify(existing.identity);
  if (!changed) return { status: 200, body: existing };
  /** @type {ArmResource} */
  const resource = {
    ...existing,
    ...(identity === undefined ? {} : { identity }),
    systemData: { ...(existing.systemData ?? {}), lastModifiedBy: null, lastModifiedByType: null, lastModifiedAt: kcTime(ctx.now) },
    properties: { ...properties, provisioningState: 'Updating' },
  };
  ctx.state.resources[ctx.state.resources.indexOf(existing)] = resource;
  setProtectedSettings(ctx.state, resource.id, secrets);
  const isAzureMl = String(properties.extensionType).toLowerCase() === AZURE_ML_EXTENSION;
  const problem = isAzureMl ? healthcheck(cluster, resource, secrets, before.provisioningState === 'Succeeded') : undefined;
  const operationId = start(ctx, 'patch', resource.id, resource.name, problem);
  return { status: 202, headers: operationHeaders(ctx, `${ctx.base}${ctx.pathname}`, operationId, true), body: resource };
}

/**
 * Extensions_Delete: 204 when there is no such extension; else 202 with `Azure-AsyncOperation`
 * only (the official DeleteExtension.json), `Deleting` until the operation ends, then gone. With
 * `forceDelete=true` the extension is gone at once: 200 with the recorded body.
 * @param {Context} ctx
 * @param {ArmResource | undefined} existing
 * @param {Operation | undefined} running
 * @returns {Reply}
 */
function remove(ctx, existing, running) {
  const force = ctx.query.get('forceDelete');
  if (force !== null && !['true', 'false'].includes(force.toLowerCase())) {
    throw invalid('forceDelete', `The query parameter 'forceDelete' must be true or false, not '${force}'.`);
  }
  if (existing === undefined) return { status: 204 };
  if (force?.toLowerCase() === 'true') {
    if (running !== undefined) Object.assign(running, { done: true, end: ctx.now, outcome: { status: 'Canceled', error: { code: 'Canceled', message: 'The extension was deleted with forceDelete.' } } });
    ctx.state.resources.splice(ctx.state.resources.indexOf(existing), 1);
    setProtectedSettings(ctx.state, existing.id, undefined);
    return { status: 200, body: FORCE_DELETED };
  }
  if (running !== undefined) {
    throw new ArmError(409, 'Conflict', `The extension '${existing.name}' has an operation in progress (${existing.properties?.provisioningState}); wait until it finishes, or delete it with forceDelete=true.`);
  }
  existing.properties = { ...existing.properties, provisioningState: 'Deleting' };
  const operationId = start(ctx, 'delete', existing.id, existing.name, undefined);
  return { status: 202, headers: operationHeaders(ctx, `${ctx.base}${ctx.pathname}`, operationId, false) };
}

/**
 * OperationStatus_Get (`…/extensions/{name}/operations/{id}`): always 200, the shape of
 * GetExtensionAsyncOperationStatus.json, `{ id, name, status, properties: {}, error }`; `status`
 * `InProgress` until the operation ends, then `Succeeded`, `Failed` or `Canceled`, with `error`
 * (ErrorDetail) when it did not succeed, else null.
 * @param {Context} ctx
 * @param {string} extensionId
 * @param {string} operationId
 * @returns {Reply}
 */
function operationStatus(ctx, extensionId, operationId) {
  const operation = ctx.operations.byId.get(operationId);
  if (operation === undefined || operation.provider !== 'KubernetesConfiguration' || operation.resourceId.toLowerCase() !== extensionId.toLowerCase()) {
    // Assumed (no published answer).
    throw new ArmError(404, 'ResourceNotFound', `The operation '${operationId}' was not found.`);
  }
  const failed = operation.done && operation.outcome.status !== 'Succeeded';
  return {
    status: 200,
    headers: retryAfter(ctx),
    body: {
      id: `${operation.resourceId}/operations/${operation.id}`,
      name: operation.id,
      status: operation.done ? operation.outcome.status : 'InProgress',
      properties: {},
      error: failed ? (operation.outcome.error ?? null) : null,
    },
  };
}

/**
 * Applies a finished extension operation to the state: a PUT or PATCH ends in its status with
 * `currentVersion` set (the pinned `version`, else what was installed, else the type's latest)
 * and, on failure, the `statuses` the extension reports; a DELETE that succeeded removes the
 * extension and its protected settings.
 * @param {State} state
 * @param {number} index the extension's index in `state.resources`
 * @param {Operation} operation
 */
export function settleExtension(state, index, operation) {
  const resource = state.resources[index];
  const { status } = operation.outcome;
  if (operation.kind === 'delete' && status === 'Succeeded') {
    state.resources.splice(index, 1);
    setProtectedSettings(state, resource.id, undefined);
    return;
  }
  const properties = resource.properties ?? {};
  const time = new Date(operation.end ?? operation.start).toISOString();
  resource.properties = {
    ...properties,
    provisioningState: status,
    currentVersion: properties.version ?? properties.currentVersion ?? LATEST_VERSIONS[String(properties.extensionType).toLowerCase()] ?? '1.0.0',
    // What the extension reports; an entry without a time gets the time the operation ended.
    statuses:
      status === 'Succeeded'
        ? []
        : (operation.outcome.statuses ?? [{ code: 'InstallationFailed', displayStatus: null, level: 'Error', message: operation.outcome.error?.message ?? 'The extension operation failed.' }]).map((entry) =>
            typeof entry === 'object' && entry !== null && !('time' in entry) ? { ...entry, time } : entry,
          ),
  };
}

// ---- The Azure ML extension's healthcheck ----

/**
 * How the Azure ML extension's install (or upgrade) ends, derived from the state as its
 * healthcheck pre-install (pre-upgrade) hook derives it: undefined when it passes, else the
 * operation's error and the extension's `statuses`. The settings are read from
 * `configurationSettings`, then the protected ones (the CLI reads most keys from either place,
 * ext-settings.md §3.1); keys are compared exactly, boolean values as the CLI compares them
 * (`"true"` in any casing is true). The checks, each from the documented healthcheck codes
 * (how-to-troubleshoot-kubernetes-extension, "Error Code of HealthCheck"):
 * - E40002 INSUFFICIENT_NODE: "You have enabled `inferenceRouterHA` that requires at least three
 *   nodes in your cluster. Disable the HA if you have fewer than three nodes." `inferenceRouterHA`
 *   defaults to true (how-to-deploy-kubernetes-extension); the nodes are the agent pools' counts
 *   summed (AKS) or `totalNodeCount` (Arc), as the CLI counts them ([CLI-AML]);
 * - E40003 INTERNAL_LOAD_BALANCER_NOT_SUPPORT: "only AKS support the internal load balancer …
 *   Don't set `internalLoadBalancerProvider` if you don't have an AKS cluster";
 * - E40007 INVALID_SSL_SETTING: "The SSL key or certificate isn't valid". With inference and
 *   `allowInsecureConnections` not true, HTTPS needs `sslSecret` (`scoringFe.sslSecret` through
 *   ARM) or the protected `scoringFe.sslCert` and `scoringFe.sslKey` (how-to-deploy-kubernetes-
 *   extension; what the CLI sends for the PEM files, ext-settings.md §3.4);
 * - neither training nor inference enabled: the CLI refuses it before ARM ("To create
 *   Microsoft.AzureML.Kubernetes extension, either enable Machine Learning training or inference…",
 *   [CLI-AML]); through ARM the emulator fails the install in those words (no healthcheck code is
 *   documented for it).
 * The report's wording: `Status: Failed Name: clusterresource ErrorCode: E40002 ErrorMessage:
 * Insufficient healthy node` (recorded, AML-Kubernetes#271); the other checks' names are the
 * emulator's, their messages the documented error names in words (as the recorded E45005's
 * "Azureml Fe deployment confict" is AZUREML_FE_DEPLOYMENT_CONFLICT's).
 * @param {ArmResource} cluster
 * @param {ArmResource} extension the extension as the write leaves it
 * @param {Settings} secrets its protected settings
 * @param {boolean} upgrade whether the release exists (an update of a `Succeeded` install) rather than a new install
 * @returns {{ error: { code: string, message: string }, statuses: object[] } | undefined}
 */
export function healthcheck(cluster, extension, secrets, upgrade) {
  /** @type {Settings} */
  const settings = extension.properties?.configurationSettings ?? {};
  const read = (/** @type {string} */ key) => settings[key] ?? secrets[key];
  const isTrue = (/** @type {string} */ key) => String(read(key)).toLowerCase() === 'true';
  const training = isTrue('enableTraining');
  const inference = isTrue('enableInference');
  /** @type {{ name?: string, code?: string, message: string }[]} */
  const failed = [];
  if (!training && !inference) {
    failed.push({
      message:
        "To create Microsoft.AzureML.Kubernetes extension, either enable Machine Learning training or inference by specifying 'enableTraining=true' or 'enableInference=true' in configurationSettings.",
    });
  }
  const nodes = nodeCount(cluster);
  if (inference && String(read('inferenceRouterHA') ?? 'true').toLowerCase() !== 'false' && nodes !== undefined && nodes < 3) {
    failed.push({ name: 'clusterresource', code: 'E40002', message: 'Insufficient healthy node' });
  }
  const internalLoadBalancer = String(read('internalLoadBalancerProvider')).toLowerCase() === 'azure' || isTrue('scoringFe.serviceType.internalLoadBalancer');
  if (internalLoadBalancer && cluster.type.toLowerCase() !== 'microsoft.containerservice/managedclusters') {
    failed.push({ name: 'loadbalancer', code: 'E40003', message: 'Internal load balancer not support' });
  }
  const tls = read('sslSecret') !== undefined || read('scoringFe.sslSecret') !== undefined || (secrets['scoringFe.sslCert'] !== undefined && secrets['scoringFe.sslKey'] !== undefined);
  if (inference && !isTrue('allowInsecureConnections') && !tls) {
    failed.push({ name: 'sslsetting', code: 'E40007', message: 'Invalid ssl setting' });
  }
  if (failed.length === 0) return undefined;
  const report = failed.map((f) => (f.code === undefined ? `Status: Failed ErrorMessage: ${f.message}` : `Status: Failed Name: ${f.name} ErrorCode: ${f.code} ErrorMessage: ${f.message}`)).join('; ');
  const release = extension.name;
  // The Helm texts as the service reported them: an install (terraform-provider-azurerm#24547,
  // azure-cli-extensions#5477), an upgrade (AML-Kubernetes#293).
  const helm = upgrade
    ? `Helm Upgrade Failed : : InnerError [release ${release} failed, and has been rolled back due to atomic being set: pre-upgrade hooks failed: pod healthcheck failed]`
    : `Helm installation failed : Unable to create/update Kubernetes resources for the extension : Recommendation Please check that there are no policies blocking the resource creation/update for the extension. Please refer to this URL for more details on this error: aka.ms/bing : InnerError [release ${release} failed, and has been uninstalled due to atomic being set: failed pre-install: pod healthcheck failed]`;
  const inner = `Error: [ InnerError: [${helm}]] occurred while doing the operation : [${upgrade ? 'Update' : 'Create'}] on the config`;
  const healthcheckReport = `Healthcheck (${upgrade ? 'pre-upgrade' : 'pre-install'}, kubectl describe configmap -n azureml arcml-healthcheck): ${report}`;
  return {
    error: {
      code: 'ExtensionOperationFailed',
      message: `The extension operation failed with the following error:  ${inner}, For general troubleshooting visit: https://aka.ms/k8s-extensions-TSG, For more application specific troubleshooting visit: Troubleshooting: https://aka.ms/arcmltsg. ${healthcheckReport}`,
    },
    statuses: [{ code: 'InstallationFailed', displayStatus: null, level: 'Error', message: `${inner}. ${healthcheckReport}` }],
  };
}

/**
 * A cluster's nodes as the Azure ML CLI counts them: the agent pools' `count` summed (AKS), or
 * `totalNodeCount` (Arc); undefined when the state does not say.
 * @param {ArmResource} cluster
 */
function nodeCount(cluster) {
  const pools = cluster.properties?.agentPoolProfiles;
  if (Array.isArray(pools) && pools.length > 0) return pools.reduce((sum, pool) => sum + Number(pool?.count ?? 0), 0);
  const total = cluster.properties?.totalNodeCount;
  return typeof total === 'number' ? total : undefined;
}

// ---- Reading a request ----

/**
 * A PUT's (`Extension`) or PATCH's (`patchExtension`) body checked against the 2025-03-01 spec,
 * or a 400 for the first problem: `properties.extensionType` required on a PUT (a string);
 * `autoUpgradeMode` one of the spec's values; `autoUpgradeMinorVersion` a boolean; `releaseTrain`
 * a non-empty string; `version` a string or null, refused together with
 * `autoUpgradeMinorVersion: true` ("To use 'version', autoUpgradeMinorVersion must be 'false'",
 * the spec; the service refuses it since api-version 2023-05-01, k8s-extension HISTORY 1.5.0);
 * `scope` either `cluster` or `namespace` but not both; the settings maps string to string (or
 * null); `identity.type` `SystemAssigned` or `UserAssigned`. A PATCH cannot change
 * `extensionType`, `scope` or `plan`. Malformed JSON is ARM's `InvalidRequestContent`; the codes
 * of the rest are assumed (`BadRequest`, README.md).
 * @param {unknown} body
 * @param {'put' | 'patch'} kind
 * @returns {ExtensionRequest}
 */
export function readExtension(body, kind) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
  const request = /** @type {Record<string, any>} */ (body);
  const properties = request.properties ?? (kind === 'patch' ? {} : undefined);
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) throw invalid('properties', "The extension needs 'properties' with an 'extensionType'.");
  if (kind === 'patch') {
    for (const key of ['extensionType', 'scope']) if (properties[key] !== undefined) throw invalid(`properties.${key}`, `'${key}' cannot be changed by a PATCH: it is set when the extension is created.`);
    if (request.plan !== undefined) throw invalid('plan', "'plan' cannot be changed by a PATCH: it is set when the extension is created.");
  } else if (typeof properties.extensionType !== 'string' || properties.extensionType.trim() === '') {
    throw invalid('properties.extensionType', "'properties.extensionType' is required: the type of the extension, one registered with Microsoft.KubernetesConfiguration.");
  }
  const { autoUpgradeMode, autoUpgradeMinorVersion, releaseTrain, version, scope } = properties;
  if (autoUpgradeMode !== undefined && (typeof autoUpgradeMode !== 'string' || !AUTO_UPGRADE_MODES.includes(autoUpgradeMode.toLowerCase()))) {
    throw invalid('properties.autoUpgradeMode', `The value '${String(autoUpgradeMode)}' of 'autoUpgradeMode' is invalid: it must be one of ${AUTO_UPGRADE_MODES.join(', ')}.`);
  }
  if (autoUpgradeMinorVersion !== undefined && typeof autoUpgradeMinorVersion !== 'boolean') throw invalid('properties.autoUpgradeMinorVersion', "'autoUpgradeMinorVersion' must be true or false.");
  if (releaseTrain !== undefined && (typeof releaseTrain !== 'string' || releaseTrain.trim() === '')) {
    throw invalid('properties.releaseTrain', "'releaseTrain' must name a release train (for example Stable or Preview).");
  }
  if (version !== undefined && version !== null && (typeof version !== 'string' || version.trim() === '')) throw invalid('properties.version', "'version' must be a version string or null.");
  if (typeof version === 'string' && autoUpgradeMinorVersion === true) {
    throw invalid('properties.version', `The version '${version}' cannot be pinned with autoUpgradeMinorVersion true: to use 'version', autoUpgradeMinorVersion must be 'false'.`);
  }
  if (scope !== undefined) readScope(scope);
  stringMap(properties.configurationSettings, 'properties.configurationSettings');
  stringMap(properties.configurationProtectedSettings, 'properties.configurationProtectedSettings');
  const identity = request.identity;
  if (identity !== undefined && identity !== null) {
    if (typeof identity !== 'object' || Array.isArray(identity) || !['SystemAssigned', 'UserAssigned'].includes(identity.type)) {
      throw invalid('identity.type', "'identity.type' must be SystemAssigned or UserAssigned.");
    }
  }
  /** @type {ExtensionProperties} */
  const kept = {};
  for (const key of kind === 'put' ? ['extensionType', 'scope', ...PATCHABLE] : PATCHABLE) {
    if (properties[key] !== undefined) /** @type {Record<string, unknown>} */ (kept)[key] = structuredClone(properties[key]);
  }
  return {
    properties: kept,
    ...(identity === undefined || identity === null ? {} : { identity: structuredClone(identity) }),
    ...(kind === 'put' && request.plan !== undefined ? { plan: structuredClone(request.plan) } : {}),
    ...(kind === 'put' && request.managedBy !== undefined ? { managedBy: request.managedBy } : {}),
  };
}

/**
 * `scope`: `{ cluster: { releaseNamespace? } }` or `{ namespace: { targetNamespace? } }`, "either
 * Cluster or Namespace; but not both" (the spec).
 * @param {unknown} scope
 */
function readScope(scope) {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) throw invalid('properties.scope', "'scope' must be an object: { cluster: { releaseNamespace } } or { namespace: { targetNamespace } }.");
  const { cluster, namespace } = /** @type {Record<string, any>} */ (scope);
  if (cluster !== undefined && cluster !== null && namespace !== undefined && namespace !== null) {
    throw invalid('properties.scope', "The scope of an extension is either 'cluster' or 'namespace', not both.");
  }
  for (const [key, value, field] of /** @type {const} */ ([['cluster', cluster, 'releaseNamespace'], ['namespace', namespace, 'targetNamespace']])) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`properties.scope.${key}`, `'scope.${key}' must be an object.`);
    if (value[field] !== undefined && typeof value[field] !== 'string') throw invalid(`properties.scope.${key}.${field}`, `'scope.${key}.${field}' must be a namespace name.`);
  }
}

/**
 * @param {unknown} value
 * @param {string} target
 */
function stringMap(value, target) {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(target, `'${target}' must be an object of names to string values.`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw invalid(`${target}['${key}']`, `The value of '${key}' in '${target}' must be a string, not ${item === null ? 'null' : typeof item}.`);
  }
}

/**
 * @param {string} target
 * @param {string} message
 */
function invalid(target, message) {
  return new ArmError(400, 'BadRequest', message, { target });
}

// ---- Helpers ----

/**
 * Starts the operation of a write: how it ends is `lro.outcomes[name]` when set for this kind of
 * request, else the failure the state shows (the Azure ML healthcheck), else success.
 * @param {Context} ctx
 * @param {OperationKind} kind
 * @param {string} resourceId
 * @param {string} name
 * @param {ReturnType<typeof healthcheck>} problem
 */
function start(ctx, kind, resourceId, name, problem) {
  const failure = (/** @type {OperationKind} */ k, /** @type {string} */ n) => ({
    code: 'ExtensionOperationFailed',
    message: `The extension operation failed with the following error:  The ${k === 'delete' ? 'deletion' : k === 'patch' ? 'update' : 'installation'} of extension '${n}' failed.`,
  });
  const { durationMs, outcome } = timing(ctx, name, kind, failure, problem);
  return ctx.operations.start({
    kind,
    resourceId,
    provider: 'KubernetesConfiguration',
    subscriptionId: /** @type {string} */ (subscriptionOf(resourceId)),
    location: '',
    apiVersion: String(ctx.query.get('api-version')),
    start: ctx.now,
    durationMs,
    outcome,
  });
}

/**
 * An operation that has already succeeded (a PUT that changed nothing), so its status URL answers.
 * @param {Context} ctx
 * @param {string} resourceId
 */
function finished(ctx, resourceId) {
  const id = ctx.operations.start({
    kind: 'put',
    resourceId,
    provider: 'KubernetesConfiguration',
    subscriptionId: /** @type {string} */ (subscriptionOf(resourceId)),
    location: '',
    apiVersion: String(ctx.query.get('api-version')),
    start: ctx.now,
    durationMs: 0,
    outcome: { status: 'Succeeded' },
  });
  Object.assign(/** @type {Operation} */ (ctx.operations.byId.get(id)), { done: true, end: ctx.now });
  return id;
}

/**
 * The headers of a write that started an operation, as CreateExtension.json and
 * PatchExtension.json show them: `Azure-AsyncOperation` (absolute, on the request's host, with
 * the request's api-version), `Operation-Location` (the same path without host and query, as the
 * examples write it) and `x-ms-async-operation-timeout: PT48H`; a DELETE only the first
 * (DeleteExtension.json). `Retry-After` only when `lro.retryAfterSeconds` is set.
 * @param {Context} ctx
 * @param {string} url the extension's URL as requested
 * @param {string} operationId
 * @param {boolean} all
 * @returns {Record<string, string>}
 */
function operationHeaders(ctx, url, operationId, all) {
  const apiVersion = ctx.query.get('api-version') ?? '';
  /** @type {Record<string, string>} */
  const headers = { 'Azure-AsyncOperation': `${url}/operations/${operationId}?api-version=${encodeURIComponent(apiVersion)}` };
  if (all) {
    headers['Operation-Location'] = `${ctx.pathname}/operations/${operationId}`;
    headers['x-ms-async-operation-timeout'] = OPERATION_TIMEOUT;
  }
  return { ...headers, ...retryAfter(ctx) };
}

/**
 * A request's identity as stored: a system-assigned one gets a principal and a tenant (kept
 * across writes); user-assigned ones are kept as sent (CreateExtensionWithIdentity.json).
 * @param {Record<string, any>} identity
 * @param {string} tenantId
 * @param {Record<string, any> | undefined} before
 */
function identityOf(identity, tenantId, before) {
  const out = structuredClone(identity);
  if (out.type === 'SystemAssigned') {
    out.principalId ??= before?.type === 'SystemAssigned' && typeof before.principalId === 'string' ? before.principalId : newId();
    out.tenantId ??= tenantId;
  }
  return out;
}

/**
 * Whether a PUT leaves an extension as it is (the properties a client sets, the identity, plan).
 * @param {ArmResource} before
 * @param {ArmResource} after
 */
function sameExtension(before, after) {
  const keys = ['extensionType', 'autoUpgradeMode', 'autoUpgradeMinorVersion', 'releaseTrain', 'version', 'scope', 'configurationSettings'];
  const pick = (/** @type {ArmResource} */ r) => JSON.stringify([keys.map((k) => r.properties?.[k]), r.identity?.type ?? null, r.plan ?? null]);
  return pick(before) === pick(after);
}

/**
 * @param {Settings} a
 * @param {Settings} b
 */
function sameSettings(a, b) {
  const sorted = (/** @type {Settings} */ s) => JSON.stringify(Object.entries(s).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return sorted(a) === sorted(b);
}

/**
 * The protected settings an extension was given: kept apart from the resource (in the state's
 * `extensionProtectedSettings`, by id in lowercase), so no GET, list, PUT or PATCH answer and no
 * Resource Graph row ever shows them (`x-ms-secret` in the spec).
 * @param {State} state
 * @param {string} id
 * @returns {Settings}
 */
export function protectedSettings(state, id) {
  return state.extensionProtectedSettings?.[id.toLowerCase()] ?? {};
}

/**
 * @param {State} state
 * @param {string} id
 * @param {Settings | undefined} settings undefined to forget them
 */
function setProtectedSettings(state, id, settings) {
  state.extensionProtectedSettings ??= {};
  if (settings === undefined) delete state.extensionProtectedSettings[id.toLowerCase()];
  else state.extensionProtectedSettings[id.toLowerCase()] = structuredClone(settings);
}

/**
 * A request body for the request log: the protected settings' names kept, their values not.
 * @param {unknown} body
 */
function withoutSecrets(body) {
  const copy = /** @type {any} */ (structuredClone(body));
  const secrets = copy?.properties?.configurationProtectedSettings;
  if (typeof secrets === 'object' && secrets !== null) for (const key of Object.keys(secrets)) secrets[key] = null;
  return copy;
}

/**
 * A time as the extension service writes it in `systemData` (recorded:
 * `2022-03-08T04:22:18.6732562+00:00`).
 * @param {number} ms
 */
function kcTime(ms) {
  return new Date(ms).toISOString().replace('Z', '0000+00:00');
}
