// @ts-check
/**
 * The benchmark: one run measures us and our peers and prints ONE Markdown table (what · ours
 * (median) · min · max · peer or baseline · ratio · notes). Rows: each wasm module as served
 * (after wasm-opt; raw and gzip -9, with its JS glue) and the page's bytes before its first
 * verdict; the page's navigation → first verdict (10 cold loads) and re-validation per
 * keystroke (1,000 samples); `validate` on a full v1 create spec and a v2 attach spec with
 * context, natively (cargo bench), in Node (the nodejs wasm build) and in headless Chromium (the
 * page's module, JS↔wasm conversion included), next to azure-ai-ml's `load_compute` on the same
 * v2 file; a cold start (load the checker, validate once) against `import azure.ai.ml` +
 * `load_compute` in a fresh CPython; `decodeSecret` on a 4096-bit RSA secret with a
 * 2-certificate chain made with openssl and kubectl in this run (tests/fixtures/make-secrets.sh);
 * ARM discovery against the emulator, ours against a naive per-subscription listing; the
 * extension's popup → first command; the argv property test's rate (tests/generate_argv.rs).
 * Not a test.
 *
 *   node scripts/bench.mjs     (after scripts/build.sh; scripts/bench.sh does both)
 *   BENCH_ONLY=browser,sdk node scripts/bench.mjs   (some sections only; the sizes always)
 * Sections: native, node, browser, page, extension, sdk, discovery, argv.
 * @module
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { launchBrowser, launchWithExtension, SITE } from '../tests/e2e/browser.mjs';
import { bareChromium } from './cdp-pipe.mjs';
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
const SDK_PYTHON = join(ROOT, 'target/venv-azure-ai-ml/bin/python');
const NODE_MODULE = join(ROOT, 'target/wasm-bindgen/node/amlattach.js');

/**
 * One measurement of ours: median, min and max in µs (`unit: 'us'`, the default) or in bytes
 * (`unit: 'bytes'`) or per second (`unit: 'rate'`). `peer` names a measurement in `peers` to compare with; the ratio
 * printed is peer ÷ ours (how many times faster or smaller we are).
 * @typedef {{ what: string, where: string, median: number, min?: number, max?: number, unit?: 'us' | 'bytes' | 'rate' | '×', peer?: string, notes?: string }} Row
 */
/**
 * A peer's or a baseline's measurement, for the rows that name it.
 * @typedef {{ label: string, median: number, min: number, max: number, unit?: 'us' | 'bytes', notes?: string }} Peer
 */
/** @type {Map<string, Peer>} */
const peers = new Map();

/** @param {number[]} values */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

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
  return spread(times);
}

/** The v2 rows compare with azure-ai-ml's `load_compute` on the same file (section sdk). */
const V2_PEER = 'load_compute';

/** @returns {Row[]} */
function native() {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'validate'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      /** @type {{ what: string, where: string, median_us: number, min_us: number, max_us: number }} */
      const r = JSON.parse(line);
      return { what: r.what, where: r.where, median: r.median_us, min: r.min_us, max: r.max_us, ...(r.what.startsWith('validate v2') ? { peer: V2_PEER } : {}) };
    });
}

/**
 * `validate` in Node on the nodejs wasm build, and a cold start: a fresh Node process loads the
 * module and validates the v2 file once (5 processes; timed inside each, from before the
 * `require` to after the first verdict, so the runtime's own start is not counted), against a
 * fresh CPython importing azure.ai.ml and running `load_compute` once (section sdk).
 * @returns {Row[]}
 */
function node() {
  const require = createRequire(import.meta.url);
  /** @type {typeof import('../target/wasm-bindgen/node/amlattach.js')} */
  const wasm = require(NODE_MODULE);
  const script = `
const t0 = performance.now();
const { validate } = require(${JSON.stringify(NODE_MODULE)});
const fs = require('node:fs');
const ok = validate(fs.readFileSync(0, 'utf8')).diagnostics.length >= 0;
process.stdout.write(String((performance.now() - t0) * 1000) + (ok ? '' : '!'));
`;
  const cold = [];
  for (let i = 0; i < 5; i++) cold.push(Number(execFileSync(process.execPath, ['-e', script], { input: V2, encoding: 'utf8' })));
  return [
    { what: 'validate v1 create (full)', where: `Node ${process.versions.node.split('.')[0]} (wasm)`, ...measure(() => wasm.validate(V1)) },
    { what: 'validate v2 attach + context', where: `Node ${process.versions.node.split('.')[0]} (wasm)`, ...measure(() => wasm.validate(V2, V2_CONTEXT)), peer: V2_PEER },
    {
      what: 'cold start: load the checker, validate the v2 file once, no context (5 fresh processes)',
      where: `Node ${process.versions.node.split('.')[0]} (wasm)`,
      ...spread(cold),
      peer: 'sdk-cold',
    },
  ];
}

/** @returns {Promise<Row[]>} */
async function browser() {
  const server = await serve({ root: SITE, port: 0 });
  const chrome = await launchBrowser();
  try {
    const page = await chrome.newPage();
    await page.goto(server.url);
    await page.locator('html[data-ready="true"]').waitFor();
    const rows = await page.evaluate(
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
          return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
        };
        const v1Object = validate(v1).normalized;
        return [
          { what: 'validate v1 create (full)', where: 'Chromium (wasm, YAML text)', ...timer(() => validate(v1)) },
          { what: 'validate v1 create (full)', where: 'Chromium (wasm, JS object)', ...timer(() => validate(/** @type {object} */ (v1Object))) },
          { what: 'validate v2 attach + context', where: 'Chromium (wasm, YAML text)', ...timer(() => validate(v2, context)) },
          {
            what: 'decodeSecret: RSA 4096 + 2-certificate chain, kubectl YAML (every certificate and the key inspected)',
            where: 'Chromium (wasm, YAML text)',
            ...timer(() => decodeSecret(secret, { cname: 'www.contoso.com' }), 101, 20),
          },
        ];
      },
      { v1: V1, v2: V2, context: V2_CONTEXT, secret: SECRET_4096 },
    );
    return rows.map((r) => (r.what.startsWith('validate v2') ? { ...r, peer: V2_PEER } : r));
  } finally {
    await chrome.close();
    await server.close();
  }
}

/**
 * The built page (target/site/) served by `scripts/serve.mjs` in a process of its own, as `make run` serves it: the
 * driver's own work (Playwright's protocol traffic) then never delays the server's answers.
 * @returns {Promise<{ url: string, close: () => void }>}
 */
function serveApart(root = SITE) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveServer, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /served at (\S+)/.exec(out)?.[1];
      if (url) resolveServer({ url, close: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`scripts/serve.mjs exited (${code}) before serving`)));
  });
}

/**
 * In the page once it is ready: when its first verdict was on screen (the frame after it drawn:
 * www/app.js), and what the page had asked for before it wrote that verdict.
 */
const FIRST_VERDICT = `(async () => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime;
  for (let waited = 0; mark('amlattach:first-verdict') === undefined && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const written = mark('amlattach:first-verdict-written') ?? NaN;
  const urls = [location.href, ...performance.getEntriesByType('resource').filter((r) => r.startTime < written).map((r) => r.name)];
  return { at: mark('amlattach:first-verdict') ?? NaN, written, urls };
})()`;

/**
 * The baseline the first verdict is compared with, measured in the same run: the built page with
 * every script and preload taken out (its markup and its one stylesheet stay, `data-ready` set in
 * the markup), in a folder of its own: what the machine and browser need to put this page on
 * screen at all. Machines here differ by 3× from day to day; the ratio does not.
 * @returns {string} the folder to serve
 */
function writeBaseline() {
  const root = join(ROOT, 'target/bench-baseline');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'shared'), { recursive: true });
  const html = readFileSync(join(SITE, 'index.html'), 'utf8')
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
    .replace('<html lang="en">', '<html lang="en" data-ready="true">');
  writeFileSync(join(root, 'index.html'), html);
  const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  if (stylesheet === undefined) throw new Error('the built page links no stylesheet');
  writeFileSync(join(root, stylesheet), readFileSync(join(SITE, stylesheet)));
  return root;
}

/** In the baseline page once loaded: its first paint (the script is the driver's, not the page's). */
const FIRST_PAINT = `(async () => {
  const paint = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
  for (let waited = 0; paint() === undefined && waited < 5000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { at: paint() ?? NaN, written: NaN, urls: [location.href] };
})()`;

/**
 * The page as a user meets it: navigation to the first verdict on screen (10 cold loads: nothing
 * cached), the bytes fetched before it (gzip -9 of each file, as a static host that compresses
 * would send them), and a full re-validation after a keystroke (1,000 input events on the compute
 * name: validate, then every field's verdict redrawn). The cold loads are timed three ways: with
 * Chromium on a bare DevTools pipe (scripts/cdp-pipe.mjs: nothing of the driver's runs in the page
 * while it loads) in a new tab on a site the browser has never seen, the figure that counts; the
 * same with each load in a new browser context; and driven by Playwright as the end-to-end tests
 * drive it, whose instrumentation in the page costs it time of its own.
 * @returns {Promise<Row[]>}
 */
async function page() {
  const server = await serveApart();
  const baselineServer = await serveApart(writeBaseline());
  /** @type {{ at: number, written: number, urls: string[] }[]} */
  const baseline = [];
  /** @type {{ at: number, written: number, urls: string[] }[]} */
  const bare = [];
  /** @type {{ at: number, written: number, urls: string[] }[]} */
  const fresh = [];
  const chromium = await bareChromium();
  try {
    // One load of each kind first, not counted: the browser's own start (its network service,
    // its first renderer) is not the page's. The two kinds alternate, so both meet the same
    // moment of the machine.
    for (let i = 0; i <= 10; i++) {
      const load = /** @type {{ at: number, written: number, urls: string[] }} */ (await chromium.coldLoad(server.url, FIRST_VERDICT));
      const inFresh = /** @type {{ at: number, written: number, urls: string[] }} */ (
        await chromium.coldLoad(server.url, FIRST_VERDICT, { in: 'fresh context' })
      );
      const plain = /** @type {{ at: number, written: number, urls: string[] }} */ (await chromium.coldLoad(baselineServer.url, FIRST_PAINT));
      if (i > 0) bare.push(load);
      if (i > 0) fresh.push(inFresh);
      if (i > 0) baseline.push(plain);
    }
  } finally {
    await chromium.close();
    baselineServer.close();
  }
  const verdict = spread(bare.map((load) => load.at * 1000));
  const plainPaint = spread(baseline.map((load) => load.at * 1000));
  const bytes = { raw: 0, gzip: 0, files: bare[0].urls.length };
  for (const url of bare[0].urls) {
    const path = new URL(url).pathname;
    const file = readFileSync(join(SITE, path.endsWith('/') ? `${path}index.html` : path));
    bytes.raw += file.length;
    bytes.gzip += gzipSync(file, { level: 9 }).length;
  }
  const chrome = await launchBrowser();
  try {
    /** @type {number[]} */
    const driven = [];
    for (let i = 0; i <= 10; i++) {
      const context = await chrome.newContext();
      const tab = await context.newPage();
      // As on the bare pipe: the new tab has finished opening before the address is typed.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await tab.goto(server.url);
      await tab.locator('html[data-ready="true"]').waitFor();
      const { at } = /** @type {{ at: number }} */ (await tab.evaluate(FIRST_VERDICT));
      if (i > 0) driven.push(at * 1000);
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
      return { median: times[500], min: times[0], max: times[999] };
    });
    return [
      {
        what: 'page: bytes before the first verdict (gzip -9, as a compressing host sends them)',
        where: 'Chromium, localhost',
        median: bytes.gzip,
        unit: 'bytes',
        notes: `${bytes.files} files (${bare[0].urls.map((url) => new URL(url).pathname).join(' ')}), ${kb(bytes.raw)} raw; goal 150 KB`,
      },
      {
        what: 'baseline: navigation → first paint of the page without its scripts (10 cold loads)',
        where: 'Chromium on a bare DevTools pipe, localhost: a new tab, a site never seen',
        ...plainPaint,
        notes: 'the built page with every script and preload removed, the same stylesheet; loaded in the same loop as the rows below, so both meet the same moment of the machine',
      },
      {
        what: 'page: first verdict on screen ÷ the baseline\'s first paint (medians)',
        where: 'Chromium on a bare DevTools pipe, localhost',
        median: verdict.median / plainPaint.median,
        unit: '×',
        notes: `goal ≤ 1.5×; ${fmt(verdict.median)} ÷ ${fmt(plainPaint.median)}`,
      },
      {
        what: 'page: navigation → first verdict on screen (10 cold loads)',
        where: 'Chromium on a bare DevTools pipe, localhost: a new tab, a site never seen',
        ...verdict,
        notes: `goal 100 ms; on screen: the frame after the verdict drawn (written into the page: ${fmt(spread(bare.map((load) => load.written * 1000)).median)} median); a user opening the page in the browser they run: nothing cached, a renderer never used; nothing of the driver in the page while it loads (scripts/cdp-pipe.mjs)`,
      },
      {
        what: 'page: navigation → first verdict on screen (10 cold loads)',
        where: 'Chromium on a bare DevTools pipe, localhost: each in a new browser context',
        ...spread(fresh.map((load) => load.at * 1000)),
        notes: `as above, each tab in a new browser context (an incognito profile: its own network context and cache); written: ${fmt(spread(fresh.map((load) => load.written * 1000)).median)} median`,
      },
      {
        what: 'page: navigation → first verdict on screen (10 cold loads)',
        where: 'Chromium driven by Playwright, localhost',
        ...spread(driven),
        notes: "as the end-to-end tests load it (after the same 1 s for the tab to open): Playwright's Runtime/Network domains, utility world and locator polling run in the page",
      },
      { what: 'page: full re-validation after a keystroke (1,000 samples of 20 input events)', where: 'Chromium', ...keystroke, notes: 'goal 1 ms' },
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
        (await popup.evaluate(
          () =>
            new Promise((resolve) => {
              requestAnimationFrame(() => resolve(performance.now()));
            }),
        )) * 1000,
      );
      await popup.close();
    }
    const zip = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const zipBytes = readFileSync(zip).length;
    return [
      {
        what: 'extension: popup open → name typed → first command on screen (10 openings)',
        where: 'Chromium, unpacked extension',
        ...spread(times),
        notes: `an upper bound: taken when the driver saw it; packaged zip ${kb(zipBytes)}`,
      },
    ];
  } finally {
    await close();
  }
}

/**
 * azure-ai-ml (the pinned version, in the venv the contract check made): 5 fresh processes each
 * time `import azure.ai.ml` and a first `load_compute` of the v2 file; the last also times 101
 * more `load_compute` calls. Peers only: they fill the peer column of our rows.
 * @returns {Row[]}
 */
function sdk() {
  if (!existsSync(SDK_PYTHON)) return [];
  const script = `
import time, sys, os, tempfile
t0 = time.perf_counter()
from azure.ai.ml import load_compute
import azure.ai.ml
t1 = time.perf_counter()
path = os.path.join(tempfile.mkdtemp(), "compute.yml")
open(path, "w").write(sys.stdin.read())
load_compute(path)
t2 = time.perf_counter()
times = []
if sys.argv[1] == "loop":
    for _ in range(101):
        s = time.perf_counter(); load_compute(path); times.append((time.perf_counter() - s) * 1e6)
times.sort()
loop = f"{times[len(times)//2]:.1f} {times[0]:.1f} {times[-1]:.1f}" if times else ""
print(f"{azure.ai.ml.__version__} {(t1 - t0) * 1e6:.0f} {(t2 - t0) * 1e6:.0f} {loop}")
`;
  const imports = [];
  const colds = [];
  let version = '?';
  /** @type {number[]} */
  let loop = [];
  for (let i = 0; i < 5; i++) {
    const fields = execFileSync(SDK_PYTHON, ['-c', script, i === 4 ? 'loop' : 'once'], { input: V2, encoding: 'utf8' }).trim().split(' ');
    version = fields[0];
    imports.push(Number(fields[1]));
    colds.push(Number(fields[2]));
    if (i === 4) loop = fields.slice(3).map(Number);
  }
  const importSpread = spread(imports);
  peers.set('sdk-cold', {
    label: `CPython 3.11: import azure.ai.ml + first load_compute`,
    ...spread(colds),
    notes: `import azure.ai.ml alone: ${fmt(importSpread.median)} (${fmt(importSpread.min)}–${fmt(importSpread.max)}), azure-ai-ml ${version}`,
  });
  peers.set(V2_PEER, {
    label: `azure-ai-ml ${version} load_compute (v2 file, no context; CPython 3.11)`,
    median: loop[0],
    min: loop[1],
    max: loop[2],
  });
  return [];
}

/**
 * Discovery against the emulator (100 subscriptions × 20 clusters, 50 ms per request): ours in
 * Chromium (Resource Graph, paged) against a naive per-subscription listing, the way a script
 * over `az account list` and `az aks list --subscription` goes. The naive listing is the peer.
 * @returns {Promise<Row[]>}
 */
async function discovery() {
  const emulator = await startEmulator({ state: generateState({ subscriptions: 100, clustersPerSubscription: 20 }), port: 0, latencyMs: 50 });
  const server = await serve({ root: SITE, port: 0 });
  const chrome = await launchBrowser();
  try {
    const token = emulator.token({});
    const page = await chrome.newPage();
    await page.goto(server.url);
    await page.locator('html[data-ready="true"]').waitFor();
    /** @type {Record<string, { walls: number[], first: number, clusters: number, requests: number, preflights: number }>} */
    const results = {};
    // Ours five times in the same page (the first run is cold: CORS preflights, wasm not yet
    // optimised by the engine); the naive listing once (it takes seconds).
    for (const [run, times] of /** @type {const} */ ([
      ['ours', 5],
      ['naive', 1],
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
        walls.push(measured.ms * 1000);
        clusters = measured.clusters;
        if (i === 0) {
          preflights = emulator.requests.filter((r) => r.method === 'OPTIONS').length;
          requests = emulator.requests.length - preflights;
        }
      }
      results[run] = { walls, first: walls[0], clusters, requests, preflights };
    }
    const { ours, naive } = results;
    peers.set('naive-discovery', {
      label: `naive per-subscription lists: ${naive.requests} requests (+${naive.preflights} CORS preflights), ${naive.clusters} clusters, 1 run`,
      ...spread(naive.walls),
    });
    return [
      {
        what: 'ARM discovery, 100 subscriptions × 20 clusters, wall time (5 runs)',
        where: 'Chromium → emulator, 50 ms/request',
        ...spread(ours.walls),
        peer: 'naive-discovery',
        notes: `ours: Resource Graph, paged: ${ours.requests} requests (+${ours.preflights} CORS preflights), ${ours.clusters} clusters; first run cold: ${fmt(ours.first)}; requests ${(naive.requests / Math.max(ours.requests, 1)).toFixed(0)}× fewer`,
      },
    ];
  } finally {
    await chrome.close();
    await server.close();
    await emulator.close();
  }
}

/**
 * The argv property test (tests/generate_argv.rs): generated scripts run in real bash with stub
 * commands and read as PowerShell, at 200 validated specs per test; specs per second over the
 * whole test binary (compiled first, not timed). `scripts/fuzz.sh argv` runs it at 10,000.
 * @returns {Row[]}
 */
function argv() {
  const cases = 200;
  const args = ['test', '--quiet', '--release', '--test', 'generate_argv'];
  execFileSync('cargo', [...args, '--no-run'], { cwd: ROOT, stdio: 'ignore' });
  const started = performance.now();
  const run = spawnSync('cargo', [...args, '--', '--test-threads=1', '--nocapture'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AMLATTACH_ARGV_CASES: String(cases) },
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`the argv property test failed:\n${run.stdout}\n${run.stderr}`);
  let specs = 0;
  let commands = 0;
  for (const m of `${run.stdout}\n${run.stderr}`.matchAll(/argv [a-z0-9]+: (\d+) specs executed(?: \((\d+) commands)?/g)) {
    specs += Number(m[1]);
    commands += Number(m[2] ?? 0);
  }
  return [
    {
      what: `argv property test: generated scripts run in bash with stub commands and read as PowerShell (${cases} specs per test, one thread)`,
      where: 'native (release), bash 5',
      median: specs / seconds,
      unit: 'rate',
      notes: `${specs} specs, ${commands} commands recorded, in ${seconds.toFixed(1)} s; the 10,000-per-test run: scripts/fuzz.sh argv`,
    },
  ];
}

/** Each wasm module as served (after wasm-opt), raw and `gzip -9`, with its JS glue. */
function sizes() {
  /** @type {Record<string, string>} */
  const roles = {
    amlattach: 'validate: loads with the page (whose app.js carries its glue)',
    amlattach_generate: 'generate, validate: after the first verdict, and in the popup',
    amlattach_explain: 'explain, knownFailures: when the troubleshooter is first used',
    amlattach_secret: 'decodeSecret: after the first verdict',
    amlattach_versions: 'parseVersions, checkVersion: after the first verdict',
    amlattach_live: 'ARM calls: when a live feature is used',
  };
  const dir = join(SITE, 'pkg');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('_bg.wasm'))
    .map((f) => f.slice(0, -'_bg.wasm'.length))
    .sort((a, b) => (a === 'amlattach' ? -1 : b === 'amlattach' ? 1 : a.localeCompare(b)));
  return names.map((name) => {
    const wasm = readFileSync(join(dir, `${name}_bg.wasm`));
    const glue = readFileSync(join(dir, `${name}.js`));
    return {
      what: `wasm module ${name} (after wasm-opt), gzip -9`,
      where: 'target/site/pkg',
      median: gzipSync(wasm, { level: 9 }).length,
      unit: /** @type {const} */ ('bytes'),
      notes: [`${kb(wasm.length)} raw; JS glue ${kb(gzipSync(glue, { level: 9 }).length)} gzip (${kb(glue.length)} raw)`, roles[name]].filter(Boolean).join('; '),
    };
  });
}

// --------------------------------------------------------------------------- the table

/** @param {number} n */
function kb(n) {
  return `${(n / 1000).toFixed(1)} KB`;
}

/** @param {number} us */
function fmt(us) {
  if (!Number.isFinite(us)) return '–';
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)} s`;
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

/** @param {number | undefined} value @param {Row['unit']} unit */
function show(value, unit) {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (unit === 'bytes') return kb(value);
  if (unit === 'rate') return `${value.toFixed(1)}/s`;
  if (unit === '×') return `${value.toFixed(2)}×`;
  return fmt(value);
}

// BENCH_ONLY=browser,discovery runs some sections only (native, node, browser, page, extension,
// sdk, discovery, argv); the sizes are always measured.
const only = process.env.BENCH_ONLY?.split(',');
/** @param {string} name @param {() => Row[] | Promise<Row[]>} run */
const section = async (name, run) => (only && !only.includes(name) ? [] : await run());
// The peers first (sdk), so that nothing measured after them waits on a loaded machine.
await section('sdk', sdk);
/** @type {Row[]} */
const rows = [
  ...sizes(),
  ...(await section('page', page)),
  ...(await section('native', native)),
  ...(await section('node', node)),
  ...(await section('browser', browser)),
  ...(await section('discovery', discovery)),
  ...(await section('extension', extension)),
  ...(await section('argv', argv)),
];
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| what | where | ours (median) | min | max | peer or baseline (median) | ratio | notes |');
console.log('|---|---|---|---|---|---|---|---|');
const used = new Set();
for (const r of rows) {
  const peer = r.peer ? peers.get(r.peer) : undefined;
  if (r.peer) used.add(r.peer);
  const unit = r.unit ?? 'us';
  const ratio = peer ? `${(peer.median / r.median).toFixed(peer.median / r.median >= 10 ? 0 : 1)}×` : '–';
  const range = peer && peer.min !== peer.max ? ` (${show(peer.min, peer.unit)}–${show(peer.max, peer.unit)})` : '';
  const peerText = peer ? `${show(peer.median, peer.unit ?? 'us')}: ${peer.label}${range}` : '–';
  const notes = [r.notes, peer?.notes].filter(Boolean).join('; ');
  console.log(`| ${r.what} | ${r.where} | ${show(r.median, unit)} | ${show(r.min, unit)} | ${show(r.max, unit)} | ${peerText} | ${ratio} | ${notes || '–'} |`);
}
// A peer measured without the row of ours it compares with (BENCH_ONLY=sdk) still shows.
for (const [key, peer] of peers) {
  if (used.has(key)) continue;
  console.log(`| ${peer.label} | peer | – | – | – | ${show(peer.median, peer.unit ?? 'us')} (${show(peer.min, peer.unit)}–${show(peer.max, peer.unit)}) | – | ${peer.notes ?? '–'} |`);
}
