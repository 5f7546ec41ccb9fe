// @ts-check
/**
 * The parts of ARM's wire protocol that every route shares: the error envelope, api-versions,
 * bearer tokens, CORS and the request/correlation ids. Messages follow the ones ARM sends (as
 * seen in public error reports); where ARM's exact text is unknown the message says so plainly.
 * @module
 */
import { createPublicKey, randomUUID, verify } from 'node:crypto';

/** Audiences ARM accepts in a token, as listed in its InvalidAuthenticationTokenAudience message. */
export const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];

/**
 * The api-versions the emulator serves, per resource type (lowercase `namespace/type`). Real ARM
 * knows many more; these are the ones whose shapes the emulator follows (azure-facts §4, §11.9).
 * A missing or unknown version is refused the way ARM refuses it. Azure's lists, not the core's
 * `dated::API_VERSIONS` (on purpose: the emulator is the oracle the client is tested against).
 * @type {Record<string, string[]>}
 */
export const API_VERSIONS = {
  'microsoft.resources/subscriptions': ['2022-12-01', '2021-01-01', '2020-01-01', '2019-11-01', '2016-06-01'],
  'microsoft.resourcegraph/resources': ['2024-04-01', '2022-10-01', '2021-03-01'],
  'microsoft.containerservice/managedclusters': ['2026-01-01', '2025-10-01'],
  'microsoft.containerservice/locations': ['2026-01-01', '2025-10-01'],
  // Managed namespaces are stable from 2025-09-01 (the example exists there, not in 2025-08-01).
  'microsoft.containerservice/managedclusters/managednamespaces': ['2026-01-01', '2025-10-01', '2025-09-01'],
  // AKS's operation status URLs carry 2016-03-30 (recorded answers); the 2026-01-01 delete
  // example's Location carries the resource's own version.
  'microsoft.containerservice/locations/operations': ['2016-03-30', '2026-01-01', '2025-10-01', '2025-09-01'],
  'microsoft.kubernetes/connectedclusters': ['2024-01-01', '2021-10-01', '2021-03-01'],
  'microsoft.kubernetesconfiguration/extensions': ['2025-03-01', '2024-11-01'],
  'microsoft.compute/skus': ['2021-07-01'],
  'microsoft.machinelearningservices/workspaces': ['2025-12-01', '2025-09-01', '2024-04-01'],
  'microsoft.machinelearningservices/locations': ['2025-12-01', '2025-09-01', '2024-04-01'],
  // Azure ML's compute operation URLs carry a service api-version of their own, not the
  // request's (recorded: 2022-10-01-preview in 2023, 2021-10-01 in 2021); ML_OPERATIONS_VERSION.
  'microsoft.machinelearningservices/locations/computeoperationsstatus': ['2022-10-01-preview', '2021-10-01', '2025-12-01', '2025-09-01', '2024-04-01'],
  'microsoft.authorization/roleassignments': ['2022-04-01', '2015-07-01'],
};

/** Request headers a browser may send cross-origin (answered in the preflight). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  'x-ms-client-request-id',
  'x-ms-return-client-request-id',
  'x-ms-correlation-request-id',
  'x-ms-command-name',
  'x-ms-app',
  'if-match',
  'if-none-match',
];

export const CORS_ALLOWED_METHODS = 'GET, HEAD, PUT, POST, PATCH, DELETE, OPTIONS';

/** Response headers a browser client needs to read; sent in Access-Control-Expose-Headers. */
export const CORS_EXPOSED_HEADERS = [
  'Azure-AsyncOperation',
  'Location',
  'Retry-After',
  'WWW-Authenticate',
  'x-ms-ratelimit-remaining-subscription-reads',
  'x-ms-ratelimit-remaining-subscription-writes',
  'x-ms-ratelimit-remaining-subscription-deletes',
  'x-ms-ratelimit-remaining-subscription-global-reads',
  'x-ms-ratelimit-remaining-subscription-global-writes',
  'x-ms-ratelimit-remaining-subscription-global-deletes',
  'x-ms-ratelimit-remaining-tenant-reads',
  'x-ms-ratelimit-remaining-tenant-writes',
  'x-ms-ratelimit-remaining-tenant-deletes',
  'x-ms-ratelimit-remaining-tenant-resource-requests',
  'x-ms-failure-cause',
  'x-ms-response-type',
  'x-ms-request-id',
  'x-ms-correlation-request-id',
  'x-ms-client-request-id',
  'x-ms-user-quota-remaining',
  'x-ms-user-quota-resets-after',
  'x-ms-tenant-subscription-limit-hit',
];

/**
 * @typedef {{ code: string, message: string, target?: string, details?: object[], additionalInfo?: object[] }} ErrorDetail
 * @typedef {{ status: number, headers?: Record<string, string>, body?: unknown, raw?: string, statusText?: string,
 *   contentType?: string, gateway?: boolean }} Reply
 *   `statusText`: the reason phrase (Azure ML puts its error message there); `contentType`: instead of
 *   `application/json; charset=utf-8` (AKS sends `application/json`); `gateway`: ARM's gateway answered
 *   itself (`x-ms-failure-cause: gateway`, no remaining-request headers)
 */

/** An error answered with ARM's envelope `{ error: { code, message, … } }`. */
export class ArmError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {string} code ARM error code
   * @param {string} message
   * @param {{ target?: string, details?: object[], additionalInfo?: object[], headers?: Record<string, string>, gateway?: boolean }} [extra]
   *   `gateway`: ARM's gateway answers it itself, as its 404 `ResourceNotFound` (recorded with
   *   `x-ms-failure-cause: gateway` and no remaining-request headers)
   */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  /** @returns {Reply} */
  reply() {
    /** @type {ErrorDetail} */
    const error = { code: this.code, message: this.message };
    if (this.extra.target !== undefined) error.target = this.extra.target;
    if (this.extra.details !== undefined) error.details = this.extra.details;
    if (this.extra.additionalInfo !== undefined) error.additionalInfo = this.extra.additionalInfo;
    const headers = { ...this.extra.headers };
    if (this.extra.gateway === true) headers['x-ms-failure-cause'] = 'gateway';
    return { status: this.status, headers, body: { error }, ...(this.extra.gateway === true ? { gateway: true } : {}) };
  }
}

/**
 * An error Azure Machine Learning's resource provider answers itself, in its own envelope (field
 * for field as the recorded ml-compute-put-400-usererror.json): `error` with every field of AML's
 * error model (null or empty but `code` and `message`), `correlation`, `environment`, `location`,
 * `time` and `componentName`; `x-ms-response-type: error`; the message as the reason phrase.
 */
export class AmlError extends ArmError {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {{ location: string, componentName?: string, headers?: Record<string, string> }} options
   *   `location`: the workspace's region (`environment` and `location`)
   */
  constructor(status, code, message, { location, componentName = 'machinelearningcompute', headers = {} }) {
    super(status, code, message, { headers });
    this.name = 'AmlError';
    this.location = location;
    this.componentName = componentName;
  }

  /** @returns {Reply} */
  reply() {
    const hex = (/** @type {number} */ n) => newId().replaceAll('-', '').slice(0, n);
    return {
      status: this.status,
      statusText: this.message.replace(/[^\x20-\x7e]/g, ' '),
      headers: { ...amlHeaders(this.location, 'error'), ...this.extra.headers },
      body: {
        error: {
          code: this.code,
          severity: null,
          message: this.message,
          messageFormat: null,
          messageParameters: null,
          referenceCode: null,
          detailsUri: null,
          target: null,
          details: [],
          innerError: null,
          debugInfo: null,
          additionalInfo: null,
        },
        correlation: { operation: hex(32), request: hex(16) },
        environment: this.location,
        location: this.location,
        time: amlTime(Date.now()),
        componentName: this.componentName,
      },
    };
  }
}

/**
 * The headers Azure ML's resource provider adds to its answers (recorded: `x-aml-cluster:
 * vienna-eastus-01`, `x-ms-response-type: standard` or `error`).
 * @param {string} location
 * @param {'standard' | 'error'} [type]
 */
export function amlHeaders(location, type = 'standard') {
  return { 'x-aml-cluster': `vienna-${location.toLowerCase()}-01`, 'x-ms-response-type': type };
}

/**
 * A time as Azure ML writes it: `2023-01-25T22:56:54.522081+00:00`.
 * @param {number} ms
 */
export function amlTime(ms) {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/**
 * ARM's answer to a missing or unknown api-version. ARM's own endpoints (subscriptions) say
 * InvalidApiVersionParameter; resource providers' types say NoRegisteredProviderFound.
 * @param {string} typeKey lowercase `namespace/type`, a key of `versions`
 * @param {string | null} apiVersion
 * @param {Record<string, string[]>} versions
 * @param {string} [location] the resource's location, `*` for lists
 */
export function checkApiVersion(typeKey, apiVersion, versions, location = '*') {
  if (apiVersion === null || apiVersion === '') {
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  const known = versions[typeKey] ?? [];
  if (known.includes(apiVersion)) return;
  if (typeKey === 'microsoft.resources/subscriptions') {
    throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${known.join(',')}'.`);
  }
  const type = typeKey.split('/').slice(1).join('/');
  throw new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${type}'. ` +
      `The supported api-versions are '${known.join(', ')}'. The supported locations are 'eastus, eastus2, westus2, westus, westeurope, northeurope, centralus, location1'.`,
  );
}

/**
 * The decoded claims of a bearer token, or the 401 ARM answers. The signature is checked only
 * when `jwks` is given (a JWKS fetched from the sign-in tests' identity provider).
 * @param {string | undefined} authorization the Authorization header
 * @param {{ tenantId: string, now?: number, jwks?: (kid: string) => Promise<JsonWebKey | undefined>, forceExpired?: boolean }} options
 * @returns {Promise<Record<string, unknown>>}
 */
export async function checkBearerToken(authorization, { tenantId, now = Date.now(), jwks, forceExpired = false }) {
  const challenge = (/** @type {string} */ description) =>
    `Bearer authorization_uri="https://login.microsoftonline.com/${tenantId}", error="invalid_token", error_description="${description}"`;
  if (authorization === undefined || authorization === '') {
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
      headers: { 'WWW-Authenticate': challenge("The authentication failed because of missing 'Authorization' header.") },
    });
  }
  const invalid = () =>
    new ArmError(401, 'InvalidAuthenticationToken', 'The access token is invalid.', {
      headers: { 'WWW-Authenticate': challenge('The access token is invalid.') },
    });
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authorization);
  if (match === null) throw invalid();
  const [, headerPart, payloadPart, signaturePart] = match;
  /** @type {Record<string, unknown>} */
  let header;
  /** @type {Record<string, unknown>} */
  let claims;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof claims !== 'object' || claims === null || typeof header !== 'object' || header === null) throw invalid();
  if (jwks !== undefined) {
    const kid = typeof header.kid === 'string' ? header.kid : '';
    const jwk = header.alg === 'RS256' ? await jwks(kid) : undefined;
    const signed = Buffer.from(`${headerPart}.${payloadPart}`);
    let valid = false;
    try {
      valid = jwk !== undefined && verify('RSA-SHA256', signed, createPublicKey({ key: /** @type {import('node:crypto').JsonWebKey} */ (jwk), format: 'jwk' }), Buffer.from(signaturePart, 'base64url'));
    } catch {
      valid = false;
    }
    if (!valid) throw invalid();
  }
  const audience = claims.aud;
  if (typeof audience !== 'string' || !ARM_AUDIENCES.includes(audience)) {
    throw new ArmError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${String(audience)}'. ` +
        `It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map((a) => `'${a}'`).join(',')}.`,
      { headers: { 'WWW-Authenticate': challenge('The access token has been obtained for wrong audience or resource.') } },
    );
  }
  const expiry = typeof claims.exp === 'number' ? claims.exp * 1000 : NaN;
  if (!Number.isFinite(expiry)) throw invalid();
  if (forceExpired || expiry <= now) {
    throw new ArmError(
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${new Date(expiry).toUTCString()}' is earlier than current UTC time '${new Date(now).toUTCString()}'.`,
      { headers: { 'WWW-Authenticate': challenge('The access token has expired.') } },
    );
  }
  return claims;
}

/**
 * An unsigned test token (the emulator does not check signatures unless given a JWKS URL).
 * @param {{ aud?: string, expiresInSeconds?: number, oid?: string, tid?: string, [claim: string]: unknown }} [claims]
 */
export function makeToken({ aud = 'https://management.azure.com/', expiresInSeconds = 3600, ...rest } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud,
    iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
    iat: now,
    nbf: now,
    exp: now + expiresInSeconds,
    oid: '11111111-2222-3333-4444-555555555555',
    tid: '00000000-0000-0000-0000-000000000000',
    name: 'Emulator User',
    ...rest,
  };
  const encode = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'RS256', kid: 'emulator-unsigned' })}.${encode(payload)}.${Buffer.from('unsigned').toString('base64url')}`;
}

/**
 * ARM's policy denial: 403 RequestDisallowedByPolicy with a PolicyViolation in additionalInfo.
 * @param {string} target the resource name
 * @param {string} subscriptionId
 * @param {{ policyDefinitionDisplayName?: string, policyAssignmentName?: string }} [policy]
 */
export function policyDenial(target, subscriptionId, policy = {}) {
  const definitionName = 'a1bcdef0-0000-4000-8000-policydenied';
  const assignmentName = policy.policyAssignmentName ?? 'deny-public-lb';
  const assignmentId = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${assignmentName}`;
  const definitionId = `/providers/Microsoft.Authorization/policyDefinitions/${definitionName}`;
  const identifiers = JSON.stringify([{ policyAssignment: { name: assignmentName, id: assignmentId }, policyDefinition: { name: definitionName, id: definitionId } }]);
  return new ArmError(403, 'RequestDisallowedByPolicy', `Resource '${target}' was disallowed by policy. Policy identifiers: '${identifiers}'.`, {
    target,
    additionalInfo: [
      {
        type: 'PolicyViolation',
        info: {
          evaluationDetails: {
            evaluatedExpressions: [
              {
                result: 'True',
                expressionKind: 'Field',
                expression: 'type',
                path: 'type',
                expressionValue: 'Microsoft.MachineLearningServices/workspaces/computes',
                targetValue: 'Microsoft.MachineLearningServices/workspaces/computes',
                operator: 'Equals',
              },
            ],
          },
          policyDefinitionId: definitionId,
          policyDefinitionName: definitionName,
          policyDefinitionDisplayName: policy.policyDefinitionDisplayName ?? 'Load Balancers should not have public IPs',
          policyDefinitionEffect: 'deny',
          policyAssignmentId: assignmentId,
          policyAssignmentName: assignmentName,
          policyAssignmentDisplayName: 'Deny public load balancers',
          policyAssignmentScope: `/subscriptions/${subscriptionId}`,
          policyAssignmentParameters: {},
          policyExemptionIds: [],
          policyEnrollmentIds: [],
        },
      },
    ],
  });
}

/**
 * The claims request of ARM's MFA enforcement, as the Azure CLI and Azure PowerShell print it
 * (base64, no padding): `{"access_token":{"acrs":{"essential":true,"values":["p1"]}}}`.
 */
export const MFA_CLAIMS = JSON.stringify({ access_token: { acrs: { essential: true, values: ['p1'] } } });

/**
 * The built-in policy definitions of the MFA self-enforcement (Azure Policy tutorial
 * "Apply MFA self-enforcement through Azure Policy"), by what they deny.
 */
export const MFA_POLICIES = {
  write: {
    id: '/providers/Microsoft.Authorization/policyDefinitions/4e6c27d5-a6ee-49cf-b2b4-d8fe90fa2b8b',
    displayName: '[Preview]: Users must authenticate with multi-factor authentication to create or update resources',
    effect: 'deny',
    assignment: 'Users must use MFA for Create/Update operations',
  },
  delete: {
    id: '/providers/Microsoft.Authorization/policyDefinitions/db4a9d17-db75-4f46-9fcb-9f9526604417',
    displayName: '[Preview]: Users must authenticate with multi-factor authentication to delete resources',
    effect: 'denyAction',
    assignment: 'Users must use MFA for Delete operations',
  },
};

/**
 * Whether a token was obtained with multi-factor authentication: its `acrs` (authentication
 * context) includes `p1`, or its `amr` (authentication methods) includes `mfa`.
 * @param {Record<string, unknown>} claims
 */
export function hasMfa(claims) {
  const list = (/** @type {unknown} */ value) => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(' ') : []);
  return list(claims.acrs).includes('p1') || list(claims.amr).includes('mfa');
}

/**
 * ARM's refusal of a write made with a token obtained without MFA: 401 with a claims challenge
 * (the header the Azure CLI and Azure PowerShell act on) and the error body. `azure` is
 * Microsoft's own enforcement (RequestDisallowedByAzure, in the words Azure PowerShell users
 * have posted); `policy` the self-enforcement policy (RequestDisallowedByPolicy, worded as ARM
 * words policy denials: "was disallowed by policy. Reasons: '…'. See error details for policy
 * resource IDs.", with a PolicyViolation naming the built-in definition for the method).
 * @param {string} target the resource name
 * @param {string} subscriptionId
 * @param {{ variant?: 'azure' | 'policy', method: string }} options
 */
export function mfaRefusal(target, subscriptionId, { variant = 'azure', method }) {
  const headers = {
    'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${Buffer.from(MFA_CLAIMS).toString('base64').replace(/=+$/, '')}"`,
  };
  if (variant === 'azure') {
    return new ArmError(
      401,
      'RequestDisallowedByAzure',
      `Resource '${target}' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA. User accounts must be authenticated through MFA to manage your resources. To resolve this error, go to https://aka.ms/MFAforAzure.`,
      { target, headers },
    );
  }
  const policy = method === 'DELETE' ? MFA_POLICIES.delete : MFA_POLICIES.write;
  const assignmentName = method === 'DELETE' ? 'mfa-delete' : 'mfa-create-update';
  const assignmentId = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${assignmentName}`;
  return new ArmError(401, 'RequestDisallowedByPolicy', `Resource '${target}' was disallowed by policy. Reasons: 'MFA is required.'. See error details for policy resource IDs.`, {
    target,
    headers,
    additionalInfo: [
      {
        type: 'PolicyViolation',
        info: {
          evaluationDetails: { evaluatedExpressions: [] },
          policyDefinitionId: policy.id,
          policyDefinitionName: policy.id.split('/').pop(),
          policyDefinitionDisplayName: policy.displayName,
          policyDefinitionVersion: '1.0.0-preview',
          policyDefinitionEffect: policy.effect,
          policyAssignmentId: assignmentId,
          policyAssignmentName: assignmentName,
          policyAssignmentDisplayName: policy.assignment,
          policyAssignmentScope: `/subscriptions/${subscriptionId}`,
          policyAssignmentParameters: {},
          policyExemptionIds: [],
          policyEnrollmentIds: [],
        },
      },
    ],
  });
}

/** A fresh id for x-ms-request-id and operation ids. */
export function newId() {
  return randomUUID();
}
