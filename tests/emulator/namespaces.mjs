// @ts-check
/**
 * AKS managed namespaces (`Microsoft.ContainerService/managedClusters/managedNamespaces`, stable
 * from api-version 2025-09-01): the rules a PUT is checked against (the name, system namespaces,
 * the policies and quotas), the Kubernetes namespaces a cluster already has without ARM managing
 * them (for `adoptionPolicy`), and what a finished operation does to the state. The routes are in
 * arm.mjs, beside the other writes. Sources: the REST spec and TypeSpec (2025-10-01), the AKS docs
 * (managed-namespaces.md, concepts-managed-namespaces.md), the AKS support article "Troubleshoot
 * managed namespaces errors" and the Azure CLI's validators; /work/notes/aks-research.md §4.
 * Where ARM's exact error code is not published, the code is the emulator's (README.md says which).
 * @module
 */
import { ArmError } from './protocol.mjs';

/**
 * @typedef {import('./state.mjs').State} State
 * @typedef {import('./state.mjs').ArmResource} ArmResource
 */

export const MANAGED_NAMESPACE_TYPE = 'Microsoft.ContainerService/managedClusters/managedNamespaces';

/** The api-version key of managed namespaces (protocol.mjs `API_VERSIONS`). */
export const MANAGED_NAMESPACE_API = 'microsoft.containerservice/managedclusters/managednamespaces';

/** The api-version key of AKS's operation status and result URLs. */
export const CONTAINER_SERVICE_OPERATIONS_API = 'microsoft.containerservice/locations/operations';

/** The api-version AKS's `Azure-AsyncOperation` URLs carry (recorded answers, fixtures/arm-recordings). */
export const CONTAINER_SERVICE_OPERATIONS_VERSION = '2016-03-30';

/**
 * Namespaces that cannot be managed: "Trying to on-board system namespaces such as kube-system,
 * app-routing-system, istio-system, gatekeeper-system, etc. to be managed namespaces isn't
 * allowed" (managed-namespaces.md), and the full list of the AKS support article (ms.date
 * 2025-08-05): "default, kube-system, kube-node-lease, kube-public, gatekeeper-system,
 * cert-manager, calico-system, tigera-system, app-routing-system, aks-istio-system, istio-system,
 * dapr-system, flux-system, prometheus-system, eraser-system".
 */
export const SYSTEM_NAMESPACES = [
  'default',
  'kube-system',
  'kube-node-lease',
  'kube-public',
  'gatekeeper-system',
  'cert-manager',
  'calico-system',
  'tigera-system',
  'app-routing-system',
  'aks-istio-system',
  'istio-system',
  'dapr-system',
  'flux-system',
  'prometheus-system',
  'eraser-system',
];

/** The Kubernetes namespaces every cluster has from the start. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * The name rule of the spec (and of Kubernetes, RFC 1123 labels): 1–63 characters. Written here
 * apart from the core's namespace rule on purpose: this is AKS's side of the contract.
 */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const ADOPTION_POLICIES = ['Never', 'IfIdentical', 'Always'];
export const DELETE_POLICIES = ['Keep', 'Delete'];
export const POLICY_RULES = ['AllowAll', 'DenyAll', 'AllowSameNamespace'];

/**
 * The quota forms the docs ask for (concepts-managed-namespaces.md: CPU "in the milliCPU form",
 * memory "in power-of-two equivalents form such as Ei, Pi, Ti, Gi, Mi, Ki"), as the Azure CLI's
 * validator checks them.
 */
const QUOTA_FORMS = {
  cpuRequest: /^\d+m$/,
  cpuLimit: /^\d+m$/,
  memoryRequest: /^\d+(Ki|Mi|Gi|Ti|Pi|Ei)$/,
  memoryLimit: /^\d+(Ki|Mi|Gi|Ti|Pi|Ei)$/,
};

/** The properties a client may set; the read-only ones (`provisioningState`, `portalFqdn`) are not kept. */
const WRITABLE_PROPERTIES = ['labels', 'annotations', 'defaultResourceQuota', 'defaultNetworkPolicy', 'adoptionPolicy', 'deletePolicy'];

/**
 * A PUT's name and body checked against the contract, or ARM's 400 for the first problem.
 * @param {string} name the path's managedNamespaceName
 * @param {unknown} body the parsed request body
 * @returns {{ location?: string, tags?: Record<string, string>, properties: Record<string, any> }}
 */
export function readManagedNamespacePut(name, body) {
  if (name.length < 1 || name.length > 63 || !NAME_PATTERN.test(name)) {
    throw invalid(
      'managedNamespaceName',
      `The managed namespace name '${name}' is invalid: it must be 1 to 63 lowercase letters, digits or '-', start and end with a letter or digit (regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?').`,
    );
  }
  if (SYSTEM_NAMESPACES.includes(name)) {
    throw invalid('managedNamespaceName', `The namespace '${name}' is a system namespace: on-boarding it as a managed namespace is not allowed.`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
  const request = /** @type {Record<string, any>} */ (body);
  if (request.location !== undefined && (typeof request.location !== 'string' || request.location === '')) throw invalid('location', "'location' must be a region name.");
  stringMap(request.tags, 'tags');
  const properties = request.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) throw invalid('properties', "'properties' must be an object.");
  stringMap(properties.labels, 'properties.labels');
  stringMap(properties.annotations, 'properties.annotations');
  oneOf(properties.adoptionPolicy, ADOPTION_POLICIES, 'properties.adoptionPolicy');
  oneOf(properties.deletePolicy, DELETE_POLICIES, 'properties.deletePolicy');
  const policy = properties.defaultNetworkPolicy;
  if (policy !== undefined) {
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw invalid('properties.defaultNetworkPolicy', "'properties.defaultNetworkPolicy' must be an object.");
    oneOf(policy.ingress, POLICY_RULES, 'properties.defaultNetworkPolicy.ingress');
    oneOf(policy.egress, POLICY_RULES, 'properties.defaultNetworkPolicy.egress');
  }
  const quota = properties.defaultResourceQuota;
  if (quota !== undefined) {
    if (typeof quota !== 'object' || quota === null || Array.isArray(quota)) throw invalid('properties.defaultResourceQuota', "'properties.defaultResourceQuota' must be an object.");
    for (const [key, form] of Object.entries(QUOTA_FORMS)) {
      const value = quota[key];
      if (value === undefined) continue;
      const unit = key.startsWith('cpu') ? "millicores, like '200m'" : "a power-of-two memory quantity, like '512Mi' or '1Gi'";
      if (typeof value !== 'string' || !form.test(value)) throw invalid(`properties.defaultResourceQuota.${key}`, `The value '${String(value)}' of '${key}' is invalid: give ${unit}.`);
    }
  }
  /** @type {Record<string, any>} */
  const kept = {};
  for (const key of WRITABLE_PROPERTIES) if (properties[key] !== undefined) kept[key] = structuredClone(properties[key]);
  return {
    ...(request.location === undefined ? {} : { location: request.location }),
    ...(request.tags === undefined ? {} : { tags: structuredClone(request.tags) }),
    properties: kept,
  };
}

/**
 * A PATCH's body (`TagsObject`: only `tags` changes), or ARM's 400.
 * @param {unknown} body
 * @returns {{ tags?: Record<string, string> }}
 */
export function readManagedNamespacePatch(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ArmError(400, 'InvalidRequestContent', 'The request content must be a JSON object.');
  const { tags } = /** @type {Record<string, unknown>} */ (body);
  stringMap(tags, 'tags');
  return tags === undefined ? {} : { tags: /** @type {Record<string, string>} */ (structuredClone(tags)) };
}

/**
 * The Kubernetes namespaces a cluster has that ARM does not manage: the built-in ones, the
 * release namespaces of its extensions, and those the state lists under `kubernetesNamespaces`
 * (keyed by cluster id, compared ignoring case).
 * @param {State} state
 * @param {ArmResource} cluster
 */
export function unmanagedNamespaces(state, cluster) {
  const prefix = `${cluster.id}/providers/Microsoft.KubernetesConfiguration/extensions/`.toLowerCase();
  const released = state.resources
    .filter((r) => r.id.toLowerCase().startsWith(prefix))
    .map((r) => r.properties?.scope?.cluster?.releaseNamespace)
    .filter((n) => typeof n === 'string');
  return [...new Set([...BUILT_IN_NAMESPACES, ...released, ...listed(state, cluster.id)])];
}

/**
 * Takes over an existing Kubernetes namespace for a new managed namespace, as `adoptionPolicy`
 * says: `Never` (the default, as in the Azure CLI) fails with 409 when it exists ("If the
 * namespace already exists in Kubernetes, attempts to create that same namespace in ARM will
 * fail", the TypeSpec); `IfIdentical` and `Always` take it over (the emulator knows no namespace's
 * contents, so every existing one counts as identical). Afterwards ARM manages it.
 * @param {State} state
 * @param {ArmResource} cluster
 * @param {string} name
 * @param {string | undefined} adoptionPolicy
 */
export function adopt(state, cluster, name, adoptionPolicy) {
  if (!unmanagedNamespaces(state, cluster).includes(name)) return;
  if ((adoptionPolicy ?? 'Never') === 'Never') {
    throw new ArmError(
      409,
      'Conflict',
      `The namespace '${name}' already exists in the Kubernetes cluster '${cluster.name}' and adoptionPolicy is 'Never': set it to 'IfIdentical' or 'Always' to take the namespace over.`,
      { target: 'properties.adoptionPolicy' },
    );
  }
  setListed(
    state,
    cluster.id,
    listed(state, cluster.id).filter((n) => n !== name),
  );
}

/**
 * Applies a finished managed-namespace operation to the state: a PUT ends in its status; a
 * DELETE that succeeded removes the resource and, as `deletePolicy` says, keeps the Kubernetes
 * namespace (`Keep`, the default: unmanaged from then on) or deletes it too (`Delete`).
 * @param {State} state
 * @param {number} index the managed namespace's index in `state.resources`
 * @param {'put' | 'delete'} kind
 * @param {string} status Succeeded, Failed or Canceled
 */
export function settleManagedNamespace(state, index, kind, status) {
  const resource = state.resources[index];
  if (status !== 'Succeeded' || kind === 'put') {
    resource.properties = { ...resource.properties, provisioningState: status };
    return;
  }
  state.resources.splice(index, 1);
  const clusterId = resource.id.replace(/\/managedNamespaces\/[^/]+$/i, '');
  const others = listed(state, clusterId).filter((n) => n !== resource.name);
  setListed(state, clusterId, resource.properties?.deletePolicy === 'Delete' ? others : [...others, resource.name]);
}

/**
 * @param {State} state
 * @param {string} clusterId
 * @returns {string[]}
 */
function listed(state, clusterId) {
  const key = Object.keys(state.kubernetesNamespaces ?? {}).find((k) => k.toLowerCase() === clusterId.toLowerCase());
  return key === undefined ? [] : (state.kubernetesNamespaces?.[key] ?? []);
}

/**
 * @param {State} state
 * @param {string} clusterId
 * @param {string[]} names
 */
function setListed(state, clusterId, names) {
  state.kubernetesNamespaces ??= {};
  const key = Object.keys(state.kubernetesNamespaces).find((k) => k.toLowerCase() === clusterId.toLowerCase()) ?? clusterId;
  state.kubernetesNamespaces[key] = names;
}

/**
 * @param {string} target
 * @param {string} message
 */
function invalid(target, message) {
  return new ArmError(400, 'InvalidParameter', message, { target });
}

/**
 * @param {unknown} value
 * @param {string[]} allowed
 * @param {string} target
 */
function oneOf(value, allowed, target) {
  if (value !== undefined && !allowed.includes(/** @type {string} */ (value))) {
    throw invalid(target, `The value '${String(value)}' of '${target}' is invalid: it must be one of ${allowed.join(', ')}.`);
  }
}

/**
 * @param {unknown} value
 * @param {string} target
 */
function stringMap(value, target) {
  if (value === undefined) return;
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
  if (!ok) throw invalid(target, `'${target}' must be an object of strings.`);
}
