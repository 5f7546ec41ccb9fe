// @ts-check
/**
 * An emulator state built from real recorded ARM answers (../shared/fixtures/arm-recordings/,
 * INDEX.md there): every resource a recorded body holds — workspaces, AKS clusters, extensions,
 * role assignments, computes, the rows of the Resource Graph answers — with its id as recorded,
 * the Kubernetes versions, and the subscriptions the ids name. Parents the recordings lack (the
 * workspaces of the compute recordings, the Arc cluster of the extension recordings) are added
 * bare, `{ id, name, type, location, properties: {} }`, and listed in `synthesized`.
 * tests/e2e/emulator-recordings.test.mjs compares the emulator's answers with the recordings
 * over this state.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { subscriptionOf } from './state.mjs';

/**
 * @typedef {import('./state.mjs').ArmResource} ArmResource
 * @typedef {import('./state.mjs').StateInput & { synthesized: string[] }} RecordedState
 */

/** The tenant of the recordings (their identities' `tenantId`). */
export const RECORDED_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * Every recorded body, by file name.
 * @param {string} dir the arm-recordings folder
 * @returns {Record<string, any>}
 */
export function recordings(dir) {
  /** @type {string[]} */
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    throw new Error(`cannot read the recorded answers in ${dir} (../shared/fixtures/ beside the clone, as on CI): ${/** @type {Error} */ (error).message}`);
  }
  return Object.fromEntries(files.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]));
}

/**
 * The state. When recordings hold the same id (a PUT's answer and a later GET, or two recorded
 * clusters the recorders' scrubbing gave one id), a GET or list answer wins over a write's, a
 * later file over an earlier one, and a file in `prefer` over all.
 * @param {string} dir the arm-recordings folder
 * @param {{ prefer?: string[] }} [options]
 * @returns {RecordedState}
 */
export function recordedState(dir, { prefer = [] } = {}) {
  const bodies = recordings(dir);
  /** @type {Map<string, { resource: ArmResource, rank: number }>} */
  const byId = new Map();
  /** @type {Record<string, object[]>} */
  const kubernetesVersions = {};
  /** @param {ArmResource} resource @param {string} file */
  const add = (resource, file) => {
    const rank = prefer.includes(file) ? 3 : /-(get|list)-|-query-/.test(file) ? 2 : 1;
    const key = resource.id.toLowerCase();
    const seen = byId.get(key);
    if (seen === undefined || rank >= seen.rank) byId.set(key, { resource: structuredClone(resource), rank });
  };
  for (const [file, body] of Object.entries(bodies)) {
    if (Array.isArray(body?.values)) {
      const location = /kubernetes-versions-([a-z0-9]+)-/.exec(file)?.[1] ?? '*';
      kubernetesVersions[location] = body.values;
    } else if (Array.isArray(body?.value)) {
      for (const item of body.value) if (isResource(item)) add(item, file);
    } else if (isResource(body)) {
      add(body, file);
    } else if (body?.data !== undefined) {
      // Resource Graph rows: the resources their ids name.
      const ids = Array.isArray(body.data) ? body.data.map((/** @type {any} */ row) => row.id) : body.data.rows.map((/** @type {any[]} */ row) => row[body.data.columns.findIndex((/** @type {any} */ c) => c.name === 'id')]);
      for (const id of ids) add(bare(id, ''), file);
    }
  }
  /** @type {string[]} */
  const synthesized = [];
  const resources = [...byId.values()].map((entry) => entry.resource);
  for (const resource of [...resources]) {
    const parent = parentOf(resource);
    if (parent === undefined || byId.has(parent.toLowerCase())) continue;
    const made = bare(parent, resource.location ?? 'eastus');
    byId.set(parent.toLowerCase(), { resource: made, rank: 0 });
    resources.push(made);
    synthesized.push(parent);
  }
  const subscriptionIds = [...new Set(resources.map((r) => subscriptionOf(r.id)).filter((s) => s !== undefined))];
  return {
    tenantId: RECORDED_TENANT,
    subscriptions: subscriptionIds.map((subscriptionId) => ({ subscriptionId: /** @type {string} */ (subscriptionId), displayName: `Recorded ${subscriptionId}`, tenantId: RECORDED_TENANT })),
    resources,
    kubernetesVersions,
    synthesized,
  };
}

/** @param {any} body */
function isResource(body) {
  return typeof body === 'object' && body !== null && typeof body.id === 'string' && typeof body.name === 'string' && typeof body.type === 'string';
}

/**
 * The parent a served resource needs: a compute's workspace, an extension's cluster.
 * @param {ArmResource} resource
 */
function parentOf(resource) {
  const type = resource.type.toLowerCase();
  if (type === 'microsoft.machinelearningservices/workspaces/computes') return resource.id.replace(/\/computes\/[^/]+$/i, '');
  if (type === 'microsoft.kubernetesconfiguration/extensions') return resource.id.replace(/\/providers\/Microsoft\.KubernetesConfiguration\/extensions\/[^/]+$/i, '');
  return undefined;
}

/**
 * A resource known only by its id.
 * @param {string} id
 * @param {string} location
 * @returns {ArmResource}
 */
function bare(id, location) {
  const parts = id.split('/');
  const providers = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  const rest = parts.slice(providers + 2);
  const type = [parts[providers + 1], ...rest.filter((_, i) => i % 2 === 0)].join('/');
  return { id, name: /** @type {string} */ (parts.at(-1)), type, location, properties: {} };
}
