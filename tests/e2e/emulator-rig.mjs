// @ts-check
/**
 * What every test of the ARM emulator (tests/emulator/) shares: requests with a test token, the
 * seed state's names, and the assertions on ARM's shapes (error envelope, absolute URLs with an
 * api-version, subsets of official bodies). The tests are split by job: the official examples
 * (emulator-examples.test.mjs), reads and discovery over the seed state (emulator-discovery),
 * long-running attach and detach (emulator-operations), AKS managed namespaces
 * (emulator-namespaces), cluster extensions and the Azure ML extension's failures
 * (emulator-extensions), real recorded answers (emulator-recordings), tokens and CORS
 * (emulator-access), mandatory MFA (emulator-mfa), faults and rate limits (emulator-faults), scale
 * and the command line (emulator-cli).
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { serve } from '../../scripts/serve.mjs';
import { makeToken, SEED } from '../emulator/server.mjs';
import { launchBrowser, ROOT } from './browser.mjs';

/** The official REST examples (../shared/fixtures/azure-rest-api-specs/, as on CI). */
export const FIXTURES = process.env.AMLATTACH_FIXTURES ?? resolve(ROOT, '../shared/fixtures/azure-rest-api-specs');
/** Real ARM answers others recorded (../shared/fixtures/arm-recordings/INDEX.md). */
export const RECORDINGS = resolve(FIXTURES, '../arm-recordings');
/** A token the emulator accepts (no signature check unless it is given a JWKS URL). */
export const TOKEN = makeToken();
const seed = JSON.parse(readFileSync(SEED, 'utf8'));
export const SUB_A = seed.subscriptions[0].subscriptionId;
export const SUB_B = seed.subscriptions[1].subscriptionId;
export const WS_PROD = `/subscriptions/${SUB_A}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod`;
export const AKS_PROD = `/subscriptions/${SUB_A}/resourcegroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus`;
/**
 * The ML api-version of the published contract the emulator follows (the examples'), written
 * here rather than taken from the core on purpose: these tests check the emulator against
 * Azure's contract, not against the client.
 */
export const ML = 'api-version=2025-12-01';

/**
 * @typedef {Awaited<ReturnType<typeof import('../emulator/server.mjs').startEmulator>>} Emulator
 * @typedef {{ status: number, headers: Headers, text: string, json: any }} Answer
 */

/**
 * One request to the emulator, with a valid token unless told otherwise.
 * @param {Emulator} emulator
 * @param {string} method
 * @param {string} path a path with query, or an absolute URL
 * @param {{ body?: unknown, token?: string | null, headers?: Record<string, string>, signal?: AbortSignal }} [options]
 * @returns {Promise<Answer>}
 */
export async function call(emulator, method, path, { body, token = TOKEN, headers = {}, signal } = {}) {
  /** @type {Record<string, string>} */
  const all = { ...headers };
  if (token !== null) all.Authorization = `Bearer ${token}`;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  const response = await fetch(path.startsWith('http') ? path : `${emulator.url}${path}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Follows nextLinks to the end; returns every item and the pages.
 * @param {Emulator} emulator
 * @param {string} path
 */
export async function listAll(emulator, path) {
  const items = [];
  const pages = [];
  /** @type {string | undefined} */
  let next = path;
  while (next !== undefined) {
    const answer = await call(emulator, 'GET', next);
    assert.equal(answer.status, 200, answer.text);
    pages.push(answer.json);
    items.push(...answer.json.value);
    next = answer.json.nextLink ?? undefined;
  }
  return { items, pages };
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Every key of `expected` is in `actual` with an equal value (arrays element by element).
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} [path]
 */
export function assertSubset(actual, expected, path = '$') {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertSubset(actual[i], item, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) assertSubset(/** @type {any} */ (actual)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/**
 * @param {Answer} answer
 * @param {number} status
 * @param {string} code
 */
export function assertArmError(answer, status, code) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json?.error?.code, code, answer.text);
  assert.equal(typeof answer.json.error.message, 'string');
}

/**
 * An absolute URL on the emulator's host that carries an api-version.
 * @param {Emulator} emulator
 * @param {string | null} url
 */
export function assertOwnUrl(emulator, url) {
  assert.ok(url !== null && url.startsWith(`${emulator.url}/`), `not on the emulator's host: ${url}`);
  assert.ok(new URL(url).searchParams.get('api-version'), `no api-version in ${url}`);
}

/**
 * A recorded ARM answer (../shared/fixtures/arm-recordings/); a missing one fails the test that
 * needs it, naming the file.
 * @param {string} name
 */
export function recording(name) {
  const path = join(RECORDINGS, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the recorded answer ${path} (../shared/fixtures/ beside the clone, as on CI): ${/** @type {Error} */ (error).message}`);
  }
}

/**
 * A page on another origin than the emulator's, in the system Chromium (browser.mjs), for what a
 * browser lets a page read across origins: tests/emulator/ served on a port of its own.
 * @returns {Promise<{ tab: import('playwright-core').Page, close: () => Promise<void> }>}
 */
export async function pageOnAnotherOrigin() {
  const page = await serve({ root: join(ROOT, 'tests/emulator'), port: 0 });
  const browser = await launchBrowser();
  const tab = await browser.newPage();
  await tab.goto(`${page.url}README.md`);
  return {
    tab,
    async close() {
      await browser.close();
      await page.close();
    },
  };
}
