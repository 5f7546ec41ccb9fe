// @ts-check
/**
 * Benchmarks `validate` where it runs: natively (cargo bench), in Node (the nodejs wasm build)
 * and in headless Chromium (the page's wasm module, JS↔wasm conversion included), next to
 * azure-ai-ml's `load_compute` on the same v2 file; and `decodeSecret` on a 4096-bit RSA secret
 * with a 2-certificate chain, made with openssl and kubectl in this run
 * (tests/fixtures/make-secrets.sh); the wasm modules' sizes. Prints Markdown tables; not a test.
 *
 *   node scripts/bench.mjs     (after scripts/build.sh; scripts/bench.sh does both)
 *   BENCH_ONLY=browser node scripts/bench.mjs   (some sections only)
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchBrowser, launchWithExtension } from '../tests/e2e/browser.mjs';
import { startEmulator } from '../tests/emulator/server.mjs';
import { generateState } from '../tests/emulator/state.mjs';
import { serve } from './serve.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const read = (/** @type {string} */ path) => readFileSync(join(ROOT, path), 'utf8');
const V1 = read('tests/cases/v1/create-full.yml');
const V2 = read('tests/cases/context/v2-full.yml');
const V2_CONTEXT = read('tests/cases/context/v2-full.context.yml');
execFileSync(join(ROOT, 'tests/fixtures/make-secrets.sh'), [join(ROOT, 'target/fixtures/bench')], { stdio: 'ignore' });
const SECRET_4096 = read('target/fixtures/bench/rsa4096-chain/secret.yaml');

/** @typedef {{ what: string, where: string, median_us: number, min_us: number, max_us: number }} Row */

/**
 * Median, min and max µs per call over `samples` batches of `batch` calls.
 * @param {() => unknown} f
 */
function measure(f, samples = 201, batch = 100) {
  for (let i = 0; i < batch; i++) f();
  const times = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) f();
    times.push(((performance.now() - start) * 1000) / batch);
  }
  times.sort((a, b) => a - b);
  return { median_us: times[Math.floor(times.length / 2)], min_us: times[0], max_us: times[times.length - 1] };
}

/** @returns {Row[]} */
function native() {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'validate'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** @returns {Row[]} */
function node() {
  const require = createRequire(import.meta.url);
  /** @type {typeof import('../target/wasm-bindgen/node/amlattach.js')} */
  const wasm = require(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));
  return [
    { what: 'validate v1 create (full)', where: 'Node 20 (wasm)', ...measure(() => wasm.validate(V1)) },
    { what: 'validate v2 attach + context', where: 'Node 20 (wasm)', ...measure(() => wasm.validate(V2, V2_CONTEXT)) },
  ];
}

/** @returns {Promise<Row[]>} */
async function browser() {
  const server = await serve({ root: join(ROOT, 'www'), port: 0 });
  const chrome = await launchBrowser();
  try {
    const page = await chrome.newPage();
    await page.goto(server.url);
    await page.locator('html[data-ready="true"]').waitFor();
    return await page.evaluate(
      async ({ v1, v2, context, secret }) => {
        const url = './shared/amlattach.js';
        /** @type {typeof import('../www/shared/amlattach.js')} */
        const { validate } = await import(url);
        const secretUrl = './pkg/amlattach_secret.js';
        /** @type {typeof import('../www/pkg/amlattach_secret.js')} */
        const secretModule = await import(secretUrl);
        await secretModule.default();
        const { decodeSecret } = secretModule;
        // The same loop as `measure` above; the page's CSP forbids passing it in as source.
        /** @param {() => unknown} f */
        const timer = (f, samples = 201, batch = 100) => {
          for (let i = 0; i < batch; i++) f();
          const times = [];
          for (let s = 0; s < samples; s++) {
            const start = performance.now();
            for (let i = 0; i < batch; i++) f();
            times.push(((performance.now() - start) * 1000) / batch);
          }
          times.sort((a, b) => a - b);
          return { median_us: times[Math.floor(times.length / 2)], min_us: times[0], max_us: times[times.length - 1] };
        };
        const v1Object = validate(v1).normalized;
        return [
          { what: 'validate v1 create (full)', where: 'Chromium (wasm, YAML text)', ...timer(() => validate(v1)) },
          { what: 'validate v1 create (full)', where: 'Chromium (wasm, JS object)', ...timer(() => validate(/** @type {object} */ (v1Object))) },
          { what: 'validate v2 attach + context', where: 'Chromium (wasm, YAML text)', ...timer(() => validate(v2, context)) },
          {
            what: 'decodeSecret: RSA 4096 + 2-certificate chain, kubectl YAML',
            where: 'Chromium (wasm, YAML text)',
            ...timer(() => decodeSecret(secret, { cname: 'www.contoso.com' }), 101, 20),
          },
        ];
      },
      { v1: V1, v2: V2, context: V2_CONTEXT, secret: SECRET_4096 },
    );
  } finally {
    await chrome.close();
    await server.close();
  }
}

/**
 * The page as a user meets it: navigation to the first verdict on screen (10 cold loads, each in
 * a fresh context: no cache), the bytes fetched before it (gzip -9 of each file, as a static host
 * that compresses would send them), and a full re-validation after a keystroke (1,000 input
 * events on the compute name: validate, then every field's verdict redrawn).
 * @returns {Promise<Row[]>}
 */
async function page() {
  const server = await serve({ root: join(ROOT, 'www'), port: 0 });
  const chrome = await launchBrowser();
  try {
    /** @type {number[]} */
    const verdicts = [];
    /** @type {{ raw: number, gzip: number, files: number }} */
    let bytes = { raw: 0, gzip: 0, files: 0 };
    for (let i = 0; i < 10; i++) {
      const context = await chrome.newContext();
      const tab = await context.newPage();
      await tab.goto(server.url);
      await tab.locator('html[data-ready="true"]').waitFor();
      const { at, urls } = await tab.evaluate(() => {
        const mark = performance.getEntriesByName('amlattach:first-verdict')[0];
        const at = mark?.startTime ?? NaN;
        const urls = [location.href, ...performance.getEntriesByType('resource').filter((r) => r.startTime < at).map((r) => r.name)];
        return { at, urls };
      });
      verdicts.push(at);
      if (i === 0) {
        bytes = { raw: 0, gzip: 0, files: urls.length };
        for (const url of urls) {
          const path = new URL(url).pathname;
          const file = readFileSync(join(ROOT, 'www', path.endsWith('/') ? `${path}index.html` : path));
          bytes.raw += file.length;
          bytes.gzip += gzipSync(file, { level: 9 }).length;
        }
      }
      await context.close();
    }
    const tab = await chrome.newPage();
    await tab.goto(server.url);
    await tab.locator('html[data-ready="true"]').waitFor();
    const keystroke = await tab.evaluate(() => {
      const input = /** @type {HTMLInputElement} */ (document.getElementById('compute-name'));
      // performance.now() is coarse in pages (100 µs steps), so each of the 1,000 samples
      // times 20 keystrokes and counts their mean.
      const times = [];
      for (let i = 0; i < 1000; i++) {
        const start = performance.now();
        for (let k = 0; k < 20; k++) {
          input.value = k % 2 === 0 ? 'k8s-prod' : 'k8s-prod1';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        times.push(((performance.now() - start) * 1000) / 20);
      }
      times.sort((a, b) => a - b);
      return { median_us: times[500], min_us: times[0], max_us: times[999] };
    });
    verdicts.sort((a, b) => a - b);
    return [
      {
        what: `page: navigation → first verdict on screen, 10 cold loads (${bytes.files} files before it: ${(bytes.gzip / 1000).toFixed(1)} KB gzip -9, ${(bytes.raw / 1000).toFixed(1)} KB raw)`,
        where: 'Chromium, localhost',
        median_us: verdicts[5] * 1000,
        min_us: verdicts[0] * 1000,
        max_us: verdicts[9] * 1000,
      },
      { what: 'page: full re-validation after a keystroke (1,000 samples of 20 input events)', where: 'Chromium', ...keystroke },
    ];
  } finally {
    await chrome.close();
    await server.close();
  }
}

/**
 * The extension: popup open → first generated command on screen (10 openings of a fresh popup
 * page with a cluster and workspace remembered), and the packaged zip's size.
 * @returns {Promise<Row[]>}
 */
async function extension() {
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(() =>
      chrome.storage.local.set({
        lastCluster: { id: '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', seenAt: new Date().toISOString() },
      }),
    );
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < 10; i++) {
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      // The user's one step: a compute name (the cluster comes from what was seen).
      await popup.getByLabel('Compute name').fill('k8s-bench');
      await popup.locator('#generate-code', { hasText: 'az ml compute attach' }).waitFor();
      // From navigation start to the moment the command was in the DOM (measured in the page).
      times.push(
        await popup.evaluate(
          () =>
            new Promise((resolve) => {
              requestAnimationFrame(() => resolve(performance.now()));
            }),
        ),
      );
      await popup.close();
    }
    times.sort((a, b) => a - b);
    const zip = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const zipBytes = readFileSync(zip).length;
    return [
      {
        what: `extension: popup open → name typed → first command on screen, 10 openings (an upper bound: taken when the driver saw it); packaged zip ${(zipBytes / 1000).toFixed(0)} KB`,
        where: 'Chromium, unpacked extension',
        median_us: times[5] * 1000,
        min_us: times[0] * 1000,
        max_us: times[9] * 1000,
      },
    ];
  } finally {
    await close();
  }
}

/** azure-ai-ml 1.35.2's load_compute on the v2 file, in the venv the contract check made. */
function sdk() {
  const python = join(ROOT, 'target/venv-azure-ai-ml/bin/python');
  if (!existsSync(python)) return [];
  const script = `
import time, statistics, sys, os, tempfile
t0 = time.perf_counter()
from azure.ai.ml import load_compute
t1 = time.perf_counter()
path = os.path.join(tempfile.mkdtemp(), "compute.yml")
open(path, "w").write(sys.stdin.read())
load_compute(path)
times = []
for _ in range(101):
    s = time.perf_counter(); load_compute(path); times.append((time.perf_counter() - s) * 1e6)
times.sort()
print(f"{(t1 - t0) * 1e6:.0f} {times[len(times)//2]:.1f} {times[0]:.1f} {times[-1]:.1f}")
`;
  const [importUs, median, min, max] = execFileSync(python, ['-c', script], { input: V2, encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  return [
    { what: 'import azure.ai.ml (cold process)', where: 'CPython 3.11', median_us: importUs, min_us: importUs, max_us: importUs },
    { what: 'load_compute v2 file (no context)', where: 'CPython 3.11, azure-ai-ml 1.35.2', median_us: median, min_us: min, max_us: max },
  ];
}

/**
 * Discovery against the emulator (100 subscriptions × 20 clusters, 50 ms per request): ours in
 * Chromium (Resource Graph, paged) against a naive per-subscription listing, the way a script
 * over `az account list` and `az aks list --subscription` goes.
 * @returns {Promise<Row[]>}
 */
async function discovery() {
  const emulator = await startEmulator({ state: generateState({ subscriptions: 100, clustersPerSubscription: 20 }), port: 0, latencyMs: 50 });
  const server = await serve({ root: join(ROOT, 'www'), port: 0 });
  const chrome = await launchBrowser();
  try {
    const token = emulator.token({});
    const page = await chrome.newPage();
    await page.goto(server.url);
    await page.locator('html[data-ready="true"]').waitFor();
    /** @type {Row[]} */
    const rows = [];
    // Ours five times in the same page (the first run is cold: CORS preflights, wasm not yet
    // optimised by the engine); the naive listing once (it takes seconds).
    for (const [what, run, times] of /** @type {const} */ ([
      ['ours (Resource Graph, paged)', 'ours', 5],
      ['naive (per-subscription lists)', 'naive', 1],
    ])) {
      /** @type {number[]} */
      const walls = [];
      let clusters = 0;
      let requests = 0;
      let preflights = 0;
      for (let i = 0; i < times; i++) {
        // Resource Graph allows 15 queries per 5 s per user; each run starts with a fresh
        // quota, as a user's one discovery would (otherwise the pacing waits are measured).
        emulator.resetRateLimits();
        emulator.requests.length = 0;
        const measured = await page.evaluate(
          async ({ run, cloud, token }) => {
            const started = performance.now();
            if (run === 'ours') {
              const url = './pkg/amlattach_live.js';
              /** @type {typeof import('../www/pkg/amlattach_live.js')} */
              const mod = await import(url);
              await mod.default();
              const t0 = performance.now();
              const found = await mod.armDiscover({ cloud, getToken: async () => token });
              return { ms: performance.now() - t0, clusters: found.clusters.length };
            }
            const get = async (/** @type {string} */ u) => (await fetch(u, { headers: { Authorization: `Bearer ${token}` } })).json();
            let clusters = 0;
            /** @type {string | undefined} */
            let next = `${cloud}/subscriptions?api-version=2022-12-01`;
            /** @type {string[]} */
            const subs = [];
            while (next) {
              const page = await get(next);
              subs.push(...page.value.map((/** @type {{subscriptionId: string}} */ s) => s.subscriptionId));
              next = page.nextLink;
            }
            for (const sub of subs) {
              next = `${cloud}/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`;
              while (next) {
                const page = await get(next);
                clusters += page.value.length;
                next = page.nextLink;
              }
            }
            return { ms: performance.now() - started, clusters };
          },
          { run, cloud: emulator.url, token },
        );
        walls.push(measured.ms);
        clusters = measured.clusters;
        if (i === 0) {
          preflights = emulator.requests.filter((r) => r.method === 'OPTIONS').length;
          requests = emulator.requests.length - preflights;
        }
      }
      const first = walls[0];
      walls.sort((a, b) => a - b);
      const runs = times > 1 ? `, ${times} runs (first, cold: ${Math.round(first)} ms)` : '';
      rows.push({
        what: `discovery, 100 subscriptions × 20 clusters: ${what}, ${requests} requests (+${preflights} CORS preflights), ${clusters} clusters${runs}`,
        where: 'Chromium → emulator, 50 ms/request',
        median_us: walls[Math.floor(walls.length / 2)] * 1000,
        min_us: walls[0] * 1000,
        max_us: walls[walls.length - 1] * 1000,
      });
    }
    return rows;
  } finally {
    await chrome.close();
    await server.close();
    await emulator.close();
  }
}

/** Each wasm module of the page as served (after wasm-opt), raw and `gzip -9`, and its JS glue. */
function sizes() {
  const modules = [
    ['amlattach', 'validate, generate: loads with the page'],
    ['amlattach_secret', 'decodeSecret: loads after the first verdict'],
    ['amlattach_versions', 'parseVersions, checkVersion: loads after the first verdict'],
    ['amlattach_live', 'ARM calls: loads when a live feature is used'],
  ];
  console.log('| wasm module | what | raw | gzip -9 | JS glue |');
  console.log('|---|---|---|---|---|');
  for (const [name, what] of modules) {
    const wasm = readFileSync(join(ROOT, `www/pkg/${name}_bg.wasm`));
    const glue = readFileSync(join(ROOT, `www/pkg/${name}.js`));
    const kb = (/** @type {number} */ n) => `${(n / 1000).toFixed(1)} KB`;
    console.log(`| ${name} | ${what} | ${kb(wasm.length)} | ${kb(gzipSync(wasm, { level: 9 }).length)} | ${kb(glue.length)} (${kb(gzipSync(glue, { level: 9 }).length)} gzip) |`);
  }
  console.log('');
}

// BENCH_ONLY=browser,discovery runs some sections only (native, node, browser, page, extension, sdk, discovery).
const only = process.env.BENCH_ONLY?.split(',');
/** @param {string} name @param {() => Row[] | Promise<Row[]>} run */
const section = async (name, run) => (only && !only.includes(name) ? [] : await run());
const rows = [
  ...(await section('native', native)),
  ...(await section('node', node)),
  ...(await section('browser', browser)),
  ...(await section('page', page)),
  ...(await section('extension', extension)),
  ...(await section('sdk', sdk)),
  ...(await section('discovery', discovery)),
];
const fmt = (/** @type {number} */ us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}\n`);
sizes();
console.log('| what | where | median | min | max |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.what} | ${r.where} | ${fmt(r.median_us)} | ${fmt(r.min_us)} | ${fmt(r.max_us)} |`);
const ours = rows.find((r) => r.where.startsWith('Chromium') && r.what.startsWith('validate v2'));
const theirs = rows.find((r) => r.what.startsWith('load_compute'));
if (ours && theirs) console.log(`\nload_compute / validate in Chromium (v2): ${(theirs.median_us / ours.median_us).toFixed(0)}×`);
