// @ts-check
/**
 * The emulator's state: its format (README.md in this folder), loading and checking it, id
 * helpers, builders for realistic resources, and `generateState` for large generated states
 * (the discovery benchmark: 100 subscriptions × 20 clusters).
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * @typedef {{ subscriptionId: string, displayName: string, state: string, tenantId?: string, [key: string]: unknown }} Subscription
 * @typedef {{ id: string, name: string, type: string, location?: string, properties?: any, [key: string]: any }} ArmResource
 * @typedef {{ status?: 'Succeeded' | 'Failed' | 'Canceled', operation?: 'put' | 'patch' | 'delete', durationMs?: number,
 *   error?: { code: string, message: string, [key: string]: unknown }, provisioningErrors?: object[], statuses?: object[] }} Outcome
 *   `lro.outcomes[name]`: how the operation of a write on the compute, managed namespace or
 *   extension of that name ends (`operation`: the kind of write, a PUT by default);
 *   `provisioningErrors` a compute's, `statuses` an extension's
 * @typedef {{
 *   pageSize?: number, emptyFirstPage?: boolean, resourceGraphPageSize?: number, latencyMs?: number,
 *   lro?: { durationMs?: number, retryAfterSeconds?: number, headers?: import('./arm.mjs').OperationHeaders, outcomes?: Record<string, Outcome> },
 *   rateLimits?: Partial<import('./limits.mjs').RateLimits>,
 *   resourceGraphQuota?: { limit?: number, windowMs?: number },
 *   cors?: { exposeHeaders?: boolean },
 *   auth?: { required?: boolean, jwksUrl?: string },
 *   apiVersions?: Record<string, string[]>,
 * }} Settings
 * @typedef {{
 *   tenantId: string,
 *   subscriptions: Subscription[],
 *   resources: ArmResource[],
 *   resourceGroups?: string[],
 *   skus: object[],
 *   kubernetesVersions: Record<string, object[]>,
 *   machineLearningVmSizes?: Record<string, object[]>,
 *   kubernetesNamespaces?: Record<string, string[]>,
 *   extensionProtectedSettings?: Record<string, Record<string, string>>,
 *   settings?: Settings,
 *   faults?: import('./faults.mjs').FaultRule[],
 * }} State
 * @typedef {Partial<Omit<State, 'subscriptions'>> & { subscriptions?: ({ subscriptionId: string } & Partial<Subscription>)[] }} StateInput
 *   what loadState accepts: defaults fill in the rest
 */

/**
 * A state from a JSON file path or an object (deep-copied), checked and with defaults filled in.
 * @param {string | StateInput} input
 * @returns {State}
 */
export function loadState(input) {
  /** @type {any} */
  const raw = typeof input === 'string' ? JSON.parse(readFileSync(input, 'utf8')) : structuredClone(input);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('state: the state must be a JSON object');
  const where = typeof input === 'string' ? input : 'state';
  const fail = (/** @type {string} */ message) => {
    throw new Error(`${where}: ${message}`);
  };
  raw.tenantId ??= '00000000-0000-0000-0000-000000000000';
  raw.subscriptions ??= [];
  raw.resources ??= [];
  raw.skus ??= [];
  raw.kubernetesVersions ??= {};
  if (!Array.isArray(raw.subscriptions)) fail('subscriptions must be an array');
  raw.subscriptions.forEach((/** @type {any} */ s, /** @type {number} */ i) => {
    if (typeof s?.subscriptionId !== 'string') fail(`subscriptions[${i}].subscriptionId must be a string`);
    s.id ??= `/subscriptions/${s.subscriptionId}`;
    s.displayName ??= s.subscriptionId;
    s.state ??= 'Enabled';
    s.tenantId ??= raw.tenantId;
  });
  if (!Array.isArray(raw.resources)) fail('resources must be an array');
  /** @type {Set<string>} */
  const seen = new Set();
  raw.resources.forEach((/** @type {any} */ r, /** @type {number} */ i) => {
    for (const key of ['id', 'name', 'type']) if (typeof r?.[key] !== 'string') fail(`resources[${i}].${key} must be a string`);
    const id = r.id.toLowerCase();
    if (seen.has(id)) fail(`resources[${i}].id ${r.id} appears twice`);
    seen.add(id);
  });
  if (!Array.isArray(raw.skus)) fail('skus must be an array');
  if (typeof raw.kubernetesVersions !== 'object' || Array.isArray(raw.kubernetesVersions)) fail('kubernetesVersions must map a location (or "*") to a list');
  if (raw.kubernetesNamespaces !== undefined) {
    const namespaces = raw.kubernetesNamespaces;
    const valid =
      typeof namespaces === 'object' &&
      namespaces !== null &&
      !Array.isArray(namespaces) &&
      Object.values(namespaces).every((list) => Array.isArray(list) && list.every((n) => typeof n === 'string'));
    if (!valid) fail('kubernetesNamespaces must map a cluster id to a list of namespace names');
  }
  return raw;
}

/**
 * The subscription id in an ARM id, or undefined.
 * @param {string} id
 */
export function subscriptionOf(id) {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}

/**
 * The resource group name in an ARM id, or undefined.
 * @param {string} id
 */
export function resourceGroupOf(id) {
  return /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(id)?.[1];
}

/**
 * Built-in role definition ids the attach needs (azure-facts §3.6), from Azure's documentation
 * rather than the core's role table, on purpose: a wrong id in the core must not pass here.
 */
export const ROLES = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Kubernetes Extension Contributor': '85cb6faf-e071-4c9b-8136-154b5a04f717',
  'Azure Kubernetes Service Cluster Admin Role': '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
  'Azure Kubernetes Service Contributor Role': 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8',
  'Azure Relay Owner': '2787bf04-f1f5-4bfe-8383-c8a24483ee38',
};

/**
 * A deterministic GUID-shaped id from a number and a tag (generated states stay stable).
 * @param {number} n
 * @param {number} [tag]
 */
export function guid(n, tag = 0) {
  const hex = n.toString(16).padStart(12, '0');
  return `${tag.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

const CREATED = '2025-06-01T09:00:00.0000000+00:00';

/**
 * @param {{ subscriptionId: string, displayName: string, tenantId: string, state?: string, tags?: Record<string, string> }} o
 * @returns {Subscription}
 */
export function makeSubscription({ subscriptionId, displayName, tenantId, state = 'Enabled', tags = {} }) {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName,
    state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    tags,
  };
}

/**
 * An AKS cluster as `GET managedClusters/{name}` (2025-10-01) returns it.
 * @param {{ subscriptionId: string, resourceGroup: string, name: string, location: string, kubernetesVersion?: string,
 *   pools?: { name: string, count: number, vmSize: string, mode?: string, osType?: string, enableAutoScaling?: boolean, minCount?: number, maxCount?: number }[],
 *   loadBalancerSku?: 'standard' | 'basic', privateCluster?: boolean, privateClusterPublicFqdn?: boolean,
 *   authorizedIpRanges?: string[], disableLocalAccounts?: boolean, aad?: boolean, networkPlugin?: string,
 *   tier?: string, powerState?: string, tags?: Record<string, string>, tenantId?: string, n?: number }} o
 * @returns {ArmResource}
 */
export function makeManagedCluster(o) {
  const version = o.kubernetesVersion ?? '1.31.2';
  const id = `/subscriptions/${o.subscriptionId}/resourcegroups/${o.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${o.name}`;
  const dnsPrefix = `${o.name}-dns`;
  const hash = (o.n ?? o.name.length).toString(16).padStart(8, 'a');
  const pools = o.pools ?? [{ name: 'nodepool1', count: 3, vmSize: 'Standard_D4s_v3', mode: 'System' }];
  /** @type {Record<string, unknown>} */
  const apiServerAccessProfile = {};
  if (o.privateCluster) {
    apiServerAccessProfile.enablePrivateCluster = true;
    apiServerAccessProfile.enablePrivateClusterPublicFQDN = o.privateClusterPublicFqdn ?? false;
    apiServerAccessProfile.privateDNSZone = 'system';
  }
  if (o.authorizedIpRanges !== undefined) apiServerAccessProfile.authorizedIPRanges = o.authorizedIpRanges;
  /** @type {Record<string, unknown>} */
  const properties = {
    provisioningState: 'Succeeded',
    powerState: { code: o.powerState ?? 'Running' },
    kubernetesVersion: version.split('.').slice(0, 2).join('.'),
    currentKubernetesVersion: version,
    dnsPrefix,
  };
  if (!o.privateCluster || o.privateClusterPublicFqdn) properties.fqdn = `${dnsPrefix}-${hash}.hcp.${o.location}.azmk8s.io`;
  if (o.privateCluster) properties.privateFQDN = `${dnsPrefix}-${hash}.${guid(o.n ?? 1, 0xfeed)}.privatelink.${o.location}.azmk8s.io`;
  properties.azurePortalFQDN = `${dnsPrefix}-${hash}.portal.hcp.${o.location}.azmk8s.io`;
  properties.agentPoolProfiles = pools.map((pool) => ({
    name: pool.name,
    count: pool.count,
    vmSize: pool.vmSize,
    osDiskSizeGB: 128,
    osDiskType: 'Managed',
    maxPods: 110,
    type: 'VirtualMachineScaleSets',
    enableAutoScaling: pool.enableAutoScaling ?? false,
    ...(pool.enableAutoScaling ? { minCount: pool.minCount ?? 1, maxCount: pool.maxCount ?? pool.count } : {}),
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    orchestratorVersion: version,
    currentOrchestratorVersion: version,
    mode: pool.mode ?? 'User',
    osType: pool.osType ?? 'Linux',
    osSKU: pool.osType === 'Windows' ? 'Windows2022' : 'Ubuntu',
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.01.0',
  }));
  properties.servicePrincipalProfile = { clientId: 'msi' };
  properties.nodeResourceGroup = `MC_${o.resourceGroup}_${o.name}_${o.location}`;
  properties.enableRBAC = true;
  if (o.aad) properties.aadProfile = { managed: true, enableAzureRBAC: true, tenantID: o.tenantId ?? '00000000-0000-0000-0000-000000000000' };
  properties.disableLocalAccounts = o.disableLocalAccounts ?? false;
  properties.networkProfile = {
    networkPlugin: o.networkPlugin ?? 'azure',
    loadBalancerSku: o.loadBalancerSku ?? 'standard',
    outboundType: 'loadBalancer',
    serviceCidr: '10.0.0.0/16',
    dnsServiceIP: '10.0.0.10',
    serviceCidrs: ['10.0.0.0/16'],
    ipFamilies: ['IPv4'],
    ...(o.networkPlugin === 'kubenet' ? { podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'] } : {}),
  };
  if (Object.keys(apiServerAccessProfile).length > 0) properties.apiServerAccessProfile = apiServerAccessProfile;
  return {
    id,
    location: o.location,
    name: o.name,
    tags: o.tags ?? {},
    type: 'Microsoft.ContainerService/ManagedClusters',
    sku: { name: 'Base', tier: o.tier ?? 'Free' },
    identity: { type: 'SystemAssigned', principalId: guid(o.n ?? 1, 0xc1), tenantId: o.tenantId ?? '00000000-0000-0000-0000-000000000000' },
    properties,
  };
}

/**
 * An AKS managed namespace as `GET …/managedNamespaces/{name}` (2025-10-01) returns it; by
 * default the body amlattach sends (no quota, traffic open, `IfIdentical`, `Keep`), in the
 * cluster's region.
 * @param {{ cluster: ArmResource, name: string, location?: string, properties?: Record<string, unknown>,
 *   provisioningState?: string, tags?: Record<string, string> }} o
 * @returns {ArmResource}
 */
export function makeManagedNamespace(o) {
  return {
    id: `${o.cluster.id}/managedNamespaces/${o.name}`,
    name: o.name,
    type: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
    location: o.location ?? o.cluster.location,
    ...(o.tags === undefined ? {} : { tags: o.tags }),
    properties: {
      ...(o.properties ?? { adoptionPolicy: 'IfIdentical', deletePolicy: 'Keep', defaultNetworkPolicy: { ingress: 'AllowAll', egress: 'AllowAll' } }),
      provisioningState: o.provisioningState ?? 'Succeeded',
    },
  };
}

/**
 * An Azure Arc connected cluster (2024-01-01).
 * @param {{ subscriptionId: string, resourceGroup: string, name: string, location: string, kubernetesVersion?: string,
 *   totalNodeCount?: number, totalCoreCount?: number, connectivityStatus?: string, distribution?: string, n?: number, tenantId?: string }} o
 * @returns {ArmResource}
 */
export function makeConnectedCluster(o) {
  return {
    id: `/subscriptions/${o.subscriptionId}/resourceGroups/${o.resourceGroup}/providers/Microsoft.Kubernetes/connectedClusters/${o.name}`,
    name: o.name,
    type: 'Microsoft.Kubernetes/connectedClusters',
    location: o.location,
    tags: {},
    identity: { type: 'SystemAssigned', principalId: guid(o.n ?? 1, 0xa1), tenantId: o.tenantId ?? '00000000-0000-0000-0000-000000000000' },
    properties: {
      agentPublicKeyCertificate: 'MIICYzCCAcygAwIBAgIBADANBgkqhkiG9w0BAQUFADAuMQswCQYDVQQGEwJVUzEMMAoGA1UEChMDSUJNMREwDwYDVQQLEwhMb2NhbCBDQTAeFw05OTEyMjIwNTAwMDBaFw0wMDEyMjMwNDU5NTlaMC4xCzAJBgNVBAYTAlVTMQwwCgYDVQQKEwNJQk0xETAPBgNVBAsTCExvY2FsIENB',
      kubernetesVersion: o.kubernetesVersion ?? '1.30.4',
      totalNodeCount: o.totalNodeCount ?? 3,
      totalCoreCount: o.totalCoreCount ?? 12,
      agentVersion: '1.21.10',
      provisioningState: 'Succeeded',
      distribution: o.distribution ?? 'k3s',
      infrastructure: 'generic',
      offering: '',
      managedIdentityCertificateExpirationTime: '2026-12-01T00:00:00Z',
      lastConnectivityTime: '2026-11-22T08:00:00Z',
      connectivityStatus: o.connectivityStatus ?? 'Connected',
    },
  };
}

/**
 * A cluster extension (2025-03-01), by default the Azure ML extension.
 * @param {{ clusterId: string, name?: string, extensionType?: string, provisioningState?: string, version?: string,
 *   configurationSettings?: Record<string, string>, releaseNamespace?: string, n?: number, statuses?: object[] }} o
 * @returns {ArmResource}
 */
export function makeExtension(o) {
  const name = o.name ?? 'azureml';
  const extensionType = o.extensionType ?? 'Microsoft.AzureML.Kubernetes';
  return {
    id: `${o.clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`,
    name,
    type: 'Microsoft.KubernetesConfiguration/extensions',
    identity: { type: 'SystemAssigned', principalId: guid(o.n ?? 1, 0xe1), tenantId: '00000000-0000-0000-0000-000000000000' },
    systemData: {
      createdBy: 'admin@contoso.example',
      createdByType: 'User',
      createdAt: '2025-06-02T10:00:00.000Z',
      lastModifiedBy: 'admin@contoso.example',
      lastModifiedByType: 'User',
      lastModifiedAt: '2025-06-02T10:00:00.000Z',
    },
    properties: {
      extensionType,
      autoUpgradeMode: 'none',
      autoUpgradeMinorVersion: true,
      releaseTrain: 'Stable',
      version: null,
      scope: { cluster: { releaseNamespace: o.releaseNamespace ?? 'azureml' } },
      configurationSettings:
        o.configurationSettings ??
        (extensionType.toLowerCase() === 'microsoft.azureml.kubernetes'
          ? { enableTraining: 'True', enableInference: 'True', inferenceRouterServiceType: 'LoadBalancer', allowInsecureConnections: 'True', inferenceRouterHA: 'False' }
          : {}),
      provisioningState: o.provisioningState ?? 'Succeeded',
      currentVersion: o.version ?? '1.1.64',
      statuses: o.statuses ?? [],
      isSystemExtension: false,
    },
  };
}

/**
 * An Azure ML workspace (2025-12-01). With user-assigned identities, `identity.principalId` is
 * null and `properties.primaryUserAssignedIdentity` names the primary one, spelled as given (the
 * service may spell it otherwise than the `userAssignedIdentities` keys: recorded
 * ml-workspace-uai-get-200.json has `resourcegroups` there and `resourceGroups` in the keys).
 * The primary gets the principal ids `guid(n, 0xb2)` and `guid(n, 0xb3)`, the others
 * `guid(n, 0xb4 + 2k)` and `guid(n, 0xb5 + 2k)` in their order.
 * @param {{ subscriptionId: string, resourceGroup: string, name: string, location: string,
 *   userAssignedIdentity?: string, userAssignedIdentities?: string[], primaryUserAssignedIdentity?: string,
 *   n?: number, tenantId?: string, publicNetworkAccess?: string }} o
 *   `userAssignedIdentity`: one identity, the primary; `userAssignedIdentities`: several, in JSON
 *   order, with `primaryUserAssignedIdentity` (compared ignoring case; default the first)
 * @returns {ArmResource}
 */
export function makeWorkspace(o) {
  const rg = `/subscriptions/${o.subscriptionId}/resourceGroups/${o.resourceGroup}`;
  const tenantId = o.tenantId ?? '00000000-0000-0000-0000-000000000000';
  const short = o.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12);
  const ids = o.userAssignedIdentities ?? (o.userAssignedIdentity === undefined ? undefined : [o.userAssignedIdentity]);
  const primary = o.primaryUserAssignedIdentity ?? ids?.[0];
  /** @type {Record<string, unknown>} */
  let identity = { type: 'SystemAssigned', principalId: guid(o.n ?? 1, 0xb1), tenantId };
  if (ids !== undefined) {
    let other = 0;
    const entries = ids.map((id) => {
      const isPrimary = id.toLowerCase() === primary?.toLowerCase();
      const tag = isPrimary ? 0xb2 : 0xb4 + 2 * other++;
      return [id, { principalId: guid(o.n ?? 1, tag), clientId: guid(o.n ?? 1, tag + 1) }];
    });
    identity = { type: 'UserAssigned', principalId: null, tenantId, userAssignedIdentities: Object.fromEntries(entries) };
  }
  return {
    id: `${rg}/providers/Microsoft.MachineLearningServices/workspaces/${o.name}`,
    name: o.name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: o.location,
    kind: 'Default',
    identity,
    sku: { name: 'Basic', tier: 'Basic' },
    tags: {},
    properties: {
      friendlyName: o.name,
      description: '',
      storageAccount: `${rg}/providers/Microsoft.Storage/storageAccounts/st${short}`,
      keyVault: `${rg}/providers/Microsoft.KeyVault/vaults/kv-${short}`,
      applicationInsights: `${rg}/providers/Microsoft.insights/components/appi-${short}`,
      containerRegistry: `${rg}/providers/Microsoft.ContainerRegistry/registries/cr${short}`,
      discoveryUrl: `https://${o.location}.api.azureml.ms/discovery`,
      workspaceId: guid(o.n ?? 1, 0xd1),
      hbiWorkspace: false,
      provisioningState: 'Succeeded',
      publicNetworkAccess: o.publicNetworkAccess ?? 'Enabled',
      ...(primary === undefined ? {} : { primaryUserAssignedIdentity: primary }),
    },
  };
}

/**
 * A workspace compute as `GET computes/{name}` returns it.
 * @param {{ workspace: ArmResource, name: string, computeType: string, resourceId?: string, description?: string,
 *   properties?: Record<string, unknown>, provisioningState?: string, provisioningErrors?: object[] | null, identity?: object }} o
 * @returns {ArmResource}
 */
export function makeCompute(o) {
  /** @type {ArmResource} */
  const compute = {
    id: `${o.workspace.id}/computes/${o.name}`,
    name: o.name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: o.workspace.location,
    properties: {
      createdOn: CREATED,
      modifiedOn: CREATED,
      description: o.description ?? null,
      resourceId: o.resourceId ?? null,
      computeType: o.computeType,
      computeLocation: o.workspace.location,
      provisioningState: o.provisioningState ?? 'Succeeded',
      provisioningErrors: o.provisioningErrors ?? null,
      isAttachedCompute: o.resourceId !== undefined,
      disableLocalAuth: false,
      ...(o.properties === undefined ? {} : { properties: o.properties }),
    },
  };
  if (o.identity !== undefined) compute.identity = o.identity;
  return compute;
}

/**
 * A role assignment at a scope (2022-04-01).
 * @param {{ scope: string, principalId: string, role: keyof typeof ROLES, principalType?: string, n: number }} o
 * @returns {ArmResource}
 */
export function makeRoleAssignment(o) {
  const name = guid(o.n, 0x7a);
  const subscription = subscriptionOf(o.scope);
  const definitionScope = subscription === undefined ? '' : `/subscriptions/${subscription}`;
  return {
    id: `${o.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `${definitionScope}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[o.role]}`,
      principalId: o.principalId,
      principalType: o.principalType ?? 'ServicePrincipal',
      scope: o.scope,
      condition: null,
      conditionVersion: null,
      createdOn: '2025-06-03T12:00:00.0000000Z',
      updatedOn: '2025-06-03T12:00:00.0000000Z',
      createdBy: guid(1, 0x05e1),
      updatedBy: guid(1, 0x05e1),
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

/**
 * A Resource SKU for a VM size (2021-07-01). Capability values are strings, as ARM sends them.
 * @param {string} name e.g. Standard_D4s_v3
 * @param {{ vCPUs: number, memoryGB: number, family: string, locations: string[], vCPUsAvailable?: number,
 *   restrictedIn?: string[] }} o
 */
export function makeVmSku(name, o) {
  return {
    resourceType: 'virtualMachines',
    name,
    tier: 'Standard',
    size: name.replace(/^Standard_/, ''),
    family: o.family,
    locations: o.locations,
    locationInfo: o.locations.map((location) => ({ location, zones: ['1', '2', '3'], zoneDetails: [] })),
    capabilities: [
      { name: 'MaxResourceVolumeMB', value: String(o.vCPUs * 8192) },
      { name: 'OSVhdSizeMB', value: '1047552' },
      { name: 'vCPUs', value: String(o.vCPUs) },
      { name: 'MemoryPreservingMaintenanceSupported', value: 'True' },
      { name: 'HyperVGenerations', value: 'V1,V2' },
      { name: 'MemoryGB', value: String(o.memoryGB) },
      { name: 'MaxDataDiskCount', value: String(Math.min(64, o.vCPUs * 2)) },
      { name: 'LowPriorityCapable', value: 'True' },
      { name: 'PremiumIO', value: 'True' },
      { name: 'vCPUsAvailable', value: String(o.vCPUsAvailable ?? o.vCPUs) },
      { name: 'vCPUsPerCore', value: '2' },
      { name: 'EphemeralOSDiskSupported', value: 'True' },
      { name: 'AcceleratedNetworkingEnabled', value: 'True' },
      { name: 'MaxNetworkInterfaces', value: String(Math.max(2, Math.min(8, o.vCPUs))) },
    ],
    restrictions: (o.restrictedIn ?? []).map((location) => ({
      type: 'Location',
      values: [location],
      restrictionInfo: { locations: [location] },
      reasonCode: 'NotAvailableForSubscription',
    })),
  };
}

/** The common VM sizes of the seed and generated states, in the given regions. */
export function commonVmSkus(/** @type {string[]} */ locations) {
  return [
    makeVmSku('Standard_B2s', { vCPUs: 2, memoryGB: 4, family: 'standardBSFamily', locations }),
    makeVmSku('Standard_DS2_v2', { vCPUs: 2, memoryGB: 7, family: 'standardDSv2Family', locations }),
    makeVmSku('Standard_D2s_v3', { vCPUs: 2, memoryGB: 8, family: 'standardDSv3Family', locations }),
    makeVmSku('Standard_D4s_v3', { vCPUs: 4, memoryGB: 16, family: 'standardDSv3Family', locations }),
    makeVmSku('Standard_D8s_v3', { vCPUs: 8, memoryGB: 32, family: 'standardDSv3Family', locations }),
    makeVmSku('Standard_E8s_v3', { vCPUs: 8, memoryGB: 64, family: 'standardESv3Family', locations }),
    makeVmSku('Standard_E4-2s_v3', { vCPUs: 4, vCPUsAvailable: 2, memoryGB: 32, family: 'standardESv3Family', locations }),
    makeVmSku('Standard_NC6s_v3', { vCPUs: 6, memoryGB: 112, family: 'standardNCSv3Family', locations, restrictedIn: locations.filter((l) => l === 'westus2') }),
  ];
}

/** Kubernetes versions a region offers (the `values` of ManagedClusters_ListKubernetesVersions). */
export function commonKubernetesVersions() {
  const minor = (/** @type {string} */ version, /** @type {string[]} */ patches, /** @type {string[]} */ next, extra = {}) => ({
    version,
    ...extra,
    capabilities: { supportPlan: version === '1.29' ? ['KubernetesOfficial', 'AKSLongTermSupport'] : ['KubernetesOfficial'] },
    patchVersions: Object.fromEntries(patches.map((patch, i) => [patch, { upgrades: [...patches.slice(i + 1), ...next] }])),
  });
  return [
    minor('1.29', ['1.29.9', '1.29.11'], ['1.30.6']),
    minor('1.30', ['1.30.5', '1.30.6'], ['1.31.2', '1.31.3']),
    minor('1.31', ['1.31.2', '1.31.3'], ['1.32.0'], { isDefault: true }),
    minor('1.32', ['1.32.0'], ['1.33.0']),
    minor('1.33', ['1.33.0'], [], { isPreview: true }),
  ];
}

/**
 * A large generated state for benchmarks: `subscriptions` subscriptions, each with one resource
 * group of `clustersPerSubscription` AKS clusters (every `extensionEvery`-th with the Azure ML
 * extension), `arcPerSubscription` Arc clusters, and one workspace with a Kubernetes compute.
 * Ids are deterministic.
 * @param {{ subscriptions?: number, clustersPerSubscription?: number, arcPerSubscription?: number,
 *   workspacesPerSubscription?: number, extensionEvery?: number, settings?: Settings }} [options]
 * @returns {State}
 */
export function generateState({
  subscriptions = 100,
  clustersPerSubscription = 20,
  arcPerSubscription = 0,
  workspacesPerSubscription = 1,
  extensionEvery = 3,
  settings = {},
} = {}) {
  const tenantId = '00000000-0000-0000-0000-00000000b0b0';
  const locations = ['eastus', 'westeurope', 'westus2'];
  /** @type {State} */
  const state = {
    tenantId,
    subscriptions: [],
    resources: [],
    skus: commonVmSkus(locations),
    kubernetesVersions: { '*': commonKubernetesVersions() },
    settings,
  };
  let n = 0;
  for (let s = 0; s < subscriptions; s += 1) {
    const subscriptionId = guid(s + 1, 0x5b);
    const location = locations[s % locations.length];
    state.subscriptions.push(makeSubscription({ subscriptionId, displayName: `Generated subscription ${s + 1}`, tenantId }));
    for (let c = 0; c < clustersPerSubscription; c += 1) {
      n += 1;
      const cluster = makeManagedCluster({
        subscriptionId,
        resourceGroup: `rg-aks-${s + 1}`,
        name: `aks-${s + 1}-${c + 1}`,
        location,
        n,
        tenantId,
        pools: [
          { name: 'system', count: 3, vmSize: 'Standard_D4s_v3', mode: 'System' },
          { name: 'user', count: 2 + (c % 3), vmSize: 'Standard_D8s_v3', mode: 'User' },
        ],
      });
      state.resources.push(cluster);
      if (extensionEvery > 0 && c % extensionEvery === 0) state.resources.push(makeExtension({ clusterId: cluster.id, n }));
    }
    for (let a = 0; a < arcPerSubscription; a += 1) {
      n += 1;
      state.resources.push(makeConnectedCluster({ subscriptionId, resourceGroup: `rg-arc-${s + 1}`, name: `arc-${s + 1}-${a + 1}`, location, n, tenantId }));
    }
    for (let w = 0; w < workspacesPerSubscription; w += 1) {
      n += 1;
      const workspace = makeWorkspace({ subscriptionId, resourceGroup: `rg-ml-${s + 1}`, name: `mlw-${s + 1}-${w + 1}`, location, n, tenantId });
      state.resources.push(workspace);
      if (clustersPerSubscription > 0) {
        const target = state.resources.find((r) => r.type === 'Microsoft.ContainerService/ManagedClusters' && subscriptionOf(r.id) === subscriptionId);
        state.resources.push(
          makeCompute({ workspace, name: 'k8s-attached', computeType: 'Kubernetes', resourceId: target?.id, properties: { namespace: 'azureml', extensionInstanceReleaseTrain: 'stable' } }),
        );
      }
    }
  }
  return state;
}
