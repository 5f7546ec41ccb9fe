// @ts-check
/**
 * The complexity table (make complexity; make bench runs it too): every parser the page and the
 * popup run on a keystroke or a paste, timed on the same input at n and 8n in one run, natively
 * (benches/complexity.rs, release) and in the Node build of the wasm module
 * (target/wasm-bindgen/node, from scripts/build.sh), printed as ONE Markdown table: parser,
 * input shape, where, n, t(n), t(8n), ratio, peak memory at n and 8n, verdict. Exits 1 when a
 * ratio is over the limit. Not a test: it times, so it is no part of `make test`.
 *
 * The cases, the inputs (made by code from n: nothing stored), the limit and the way n is chosen
 * are the Rust benchmark's (`--list`, `--emit ID N`); this file runs the same calls in wasm, each
 * case in a Node process of its own (a fresh instance: its memory's high-water mark is that
 * case's), and prints the table.
 *
 *   node scripts/complexity.mjs                          every case, native and Node
 *   COMPLEXITY_ONLY=validate/yaml-tags,explain/bearer-words node scripts/complexity.mjs
 *   COMPLEXITY_WHERE=node node scripts/complexity.mjs    one side only (native or node)
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const NODE_MODULE = join(ROOT, 'target/wasm-bindgen/node/amlattach.js');

/**
 * The rules, as `--list` gives them.
 * @typedef {{ limit: number, flat: number, minSeconds: number, reps: number, budgetSeconds: number }} Rules
 */
/**
 * A case, as `--list` gives it.
 * @typedef {{ id: string, parser: string, shape: string, unit: string, maxN: number }} Case
 */
/**
 * One row of the table, from either side (the native side's JSON lines have the same fields).
 * @typedef {{ id: string, parser: string, shape: string, where: string, n: number, unit: string, bytes: number, batch: number,
 *   tN: number, t8n: number, ratio: number, memoryN: number, memory8n: number, memoryKind: string }} Row
 */

/** The benchmark's binary, built in release mode (cargo bench's profile). */
function benchBinary() {
  const built = spawnSync('cargo', ['bench', '--bench', 'complexity', '--no-run', '--message-format=json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  if (built.status !== 0) throw new Error('cargo bench --bench complexity --no-run failed');
  for (const line of built.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    /** @type {{ reason?: string, target?: { name: string }, executable?: string | null }} */
    const message = JSON.parse(line);
    if (message.reason === 'compiler-artifact' && message.target?.name === 'complexity' && message.executable) return message.executable;
  }
  throw new Error('cargo did not name the complexity benchmark binary');
}

/** @param {string} bin @returns {{ rules: Rules, cases: Case[] }} */
function list(bin) {
  const [first, ...rest] = spawnSync(bin, ['--list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return { rules: first, cases: rest };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * One case in wasm, in this process (started by `runWasmCase`): the same steps as `measure` in
 * benches/complexity.rs, with the module's linear memory as the memory figure.
 * @param {string} bin @param {string} id @returns {Row}
 */
function measureInWasm(bin, id) {
  const { rules, cases } = list(bin);
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id}`);
  const c = found;
  // The glue instantiates the module as it loads: keep the instance's memory.
  /** @type {WebAssembly.Memory | null} */
  let memory = null;
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = class extends Instance {
    /** @param {WebAssembly.Module} module @param {WebAssembly.Imports} [imports] */
    constructor(module, imports) {
      super(module, imports);
      memory = /** @type {WebAssembly.Memory} */ (this.exports.memory);
    }
  };
  const require = createRequire(import.meta.url);
  /** @type {Record<string, (...args: unknown[]) => unknown>} */
  const wasm = require(NODE_MODULE);
  WebAssembly.Instance = Instance;
  const exported = wasm[c.parser];
  /** @param {number} n */
  const call = (n) => {
    const emitted = spawnSync(bin, ['--emit', id, String(n)], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (emitted.status !== 0) throw new Error(`--emit ${id} ${n}: ${emitted.stderr}`);
    /** @type {unknown[]} */
    const args = JSON.parse(emitted.stdout);
    const bytes = args.reduce((/** @type {number} */ sum, arg) => sum + (typeof arg === 'string' ? Buffer.byteLength(arg) : arg === null ? 0 : JSON.stringify(arg).length), 0);
    return { run: () => exported(...args), bytes };
  };
  /** Seconds per call over `batch` calls. @param {() => unknown} run */
  const sample = (run, batch = 1) => {
    const start = performance.now();
    for (let i = 0; i < batch; i++) run();
    return (performance.now() - start) / 1000 / batch;
  };
  /** @param {() => unknown} run */
  const fastest = (run) => Math.min(sample(run), sample(run), sample(run));
  // V8 runs wasm in baseline code first and optimizes the hot functions as they run: a warm-up,
  // so that the calls timed below all run optimized code.
  const warm = call(Math.min(c.maxN, 16));
  for (const end = performance.now() + 300; performance.now() < end; ) warm.run();
  const started = performance.now();
  let n = 1;
  let small = call(n);
  let seconds = fastest(small.run);
  while (seconds < rules.minSeconds && n < c.maxN) {
    const grow = Math.min(4, Math.max(2, (rules.minSeconds / Math.max(seconds, 1e-9)) * 1.25));
    n = Math.min(Math.floor(n * grow), c.maxN);
    small = call(n);
    seconds = fastest(small.run);
  }
  const batch = seconds >= rules.minSeconds ? 1 : Math.ceil(rules.minSeconds / Math.max(seconds, 1e-9));
  const memoryN = memory ? /** @type {WebAssembly.Memory} */ (memory).buffer.byteLength : 0;
  const large = call(8 * n);
  large.run();
  const memory8n = memory ? /** @type {WebAssembly.Memory} */ (memory).buffer.byteLength : 0;
  /** @type {number[]} */
  const atN = [];
  /** @type {number[]} */
  const at8n = [];
  for (let rep = 0; rep < rules.reps; rep++) {
    atN.push(sample(small.run, batch));
    at8n.push(sample(large.run, batch));
    if (rep >= 2 && (performance.now() - started) / 1000 > rules.budgetSeconds) break;
  }
  const [tN, t8n] = [median(atN), median(at8n)];
  return {
    id,
    parser: c.parser,
    shape: c.shape,
    where: `Node ${process.versions.node.split('.')[0]} (wasm)`,
    n,
    unit: c.unit,
    bytes: small.bytes,
    batch,
    tN,
    t8n,
    ratio: t8n / tN,
    memoryN,
    memory8n,
    memoryKind: 'wasm memory (high-water)',
  };
}

/**
 * A case in wasm in a fresh Node process; a crash (a wasm trap, out of memory) is a row too.
 * @param {string} bin @param {Case} c @returns {Row}
 */
function runWasmCase(bin, c) {
  const child = spawnSync(process.execPath, [import.meta.filename, '--wasm-case', c.id, '--bin', bin], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  if (child.status === 0 && line) return JSON.parse(line);
  const why = (child.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${child.status}`;
  return { ...c, where: 'Node (wasm)', n: NaN, bytes: NaN, batch: 0, tN: NaN, t8n: NaN, ratio: Infinity, memoryN: NaN, memory8n: NaN, memoryKind: `crashed: ${why}` };
}

/**
 * Every case natively, one JSON line each as the benchmark finishes it.
 * @param {string} bin @param {string[]} only @param {(row: Row) => void} onRow
 */
function runNative(bin, only, onRow) {
  // `--bench`, as `cargo bench` passes it: without it the binary only checks its cases.
  const child = spawn(bin, ['--bench', ...(only.length > 0 ? ['--only', only.join(',')] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => line.startsWith('{') && onRow(JSON.parse(line)));
  return new Promise((resolveRun, reject) =>
    child.on('exit', (code) => (code === 0 || code === 1 ? resolveRun(code) : reject(new Error(`the native benchmark exited ${code}`)))),
  );
}

/** @param {number} seconds */
const ms = (seconds) => (Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms` : '-');
/** @param {number} bytes */
const size = (bytes) =>
  !Number.isFinite(bytes) ? '-' : bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;

/** @param {Rules} rules @param {Row} row */
function verdict(rules, row) {
  if (row.memoryKind.startsWith('crashed')) return `FAIL (${row.memoryKind})`;
  if (row.ratio > rules.limit) return `FAIL: superlinear (over ${rules.limit})`;
  if (row.ratio < rules.flat) return `flat: a cap or an early exit? (under ${rules.flat})`;
  return 'linear';
}

/** @param {Rules} rules @param {Row[]} rows */
function table(rules, rows) {
  const out = [
    '| parser | input shape | where | n | t(n) | t(8n) | ratio | peak memory n → 8n | verdict |',
    '|---|---|---|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const n = `${row.n} ${row.unit} (${size(row.bytes)})${row.batch > 1 ? `, ×${row.batch} per sample` : ''}`;
    const memory = `${size(row.memoryN)} → ${size(row.memory8n)} (${row.memoryKind})`;
    out.push(`| ${row.parser} | ${row.shape} | ${row.where} | ${n} | ${ms(row.tN)} | ${ms(row.t8n)} | ${row.ratio.toFixed(1)} | ${memory} | ${verdict(rules, row)} |`);
  }
  return out.join('\n');
}

async function main() {
  const at = process.argv.indexOf('--wasm-case');
  if (at >= 0) {
    const bin = process.argv[process.argv.indexOf('--bin') + 1];
    process.stdout.write(`${JSON.stringify(measureInWasm(bin, process.argv[at + 1]))}\n`);
    return;
  }
  const bin = benchBinary();
  const { rules, cases } = list(bin);
  const only = (process.env.COMPLEXITY_ONLY ?? '').split(',').filter(Boolean);
  const where = process.env.COMPLEXITY_WHERE ?? 'native,node';
  const chosen = cases.filter((c) => only.length === 0 || only.includes(c.id));
  /** @type {Map<string, Row[]>} */
  const rows = new Map(chosen.map((c) => [c.id, []]));
  /** @param {Row} row */
  const add = (row) => {
    rows.get(row.id)?.push(row);
    console.error(`    ${row.where}: ${row.id}: n = ${row.n}, ratio ${row.ratio.toFixed(1)}`);
  };
  if (where.includes('native')) await runNative(bin, only, add);
  if (where.includes('node')) for (const c of chosen) add(runWasmCase(bin, c));
  const all = [...rows.values()].flat();
  console.log(table(rules, all));
  const over = all.filter((row) => verdict(rules, row).startsWith('FAIL'));
  console.log(
    `\n${all.length} rows; ratio = t(8n) / t(n), linear ≈ 8, quadratic ≈ 64; over ${rules.limit} fails (benches/complexity.rs says why). ` +
      `t is the median of ${rules.reps} samples; n is the first size whose call took ${rules.minSeconds * 1000} ms, or the largest under the core's cap.`,
  );
  if (over.length > 0) {
    console.log(`FAILED: ${over.map((row) => `${row.id} (${row.where})`).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
