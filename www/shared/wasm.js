// @ts-check
/**
 * The one loader of the page's and the popup's wasm modules: `load(name)` imports a module's
 * wasm-bindgen glue, initialises it once, and returns the same promise for the same module every
 * time; a module that cannot load rejects with a `LoadError`, which every section words the same
 * way (`cannotStart`). The modules, one per group of exports (scripts/build.sh): `attach` (the
 * checker the first verdict waits for; its wasm is compiled while the page is parsed by
 * start-checker.js), `generate`, `explain`, `secret`, `versions` and `live`.
 *
 * The built page bundles this file into app.js (with the checker's glue) and keeps it a file of
 * its own for the tools loaded after the first verdict; the loads are kept on `globalThis`, so the
 * two copies still share one load of each module.
 * @module
 */

/**
 * Each module's glue, by the name `load` takes.
 * @typedef {object} Modules
 * @property {typeof import('../pkg/amlattach.js')} attach validate, validateComputeName, contextFromUrl
 * @property {typeof import('../pkg/amlattach_generate.js')} generate the Commands section's generators
 * @property {typeof import('../pkg/amlattach_explain.js')} explain the troubleshooter
 * @property {typeof import('../pkg/amlattach_secret.js')} secret decodeSecret
 * @property {typeof import('../pkg/amlattach_versions.js')} versions parseVersions, checkVersion
 * @property {typeof import('../pkg/amlattach_live.js')} live the ARM calls
 */

/** @typedef {keyof Modules} ModuleName */

/**
 * The glue of each module, imported on first use (the extension ships only `attach` and
 * `generate`; nothing imports the others there).
 * @type {{ [N in ModuleName]: () => Promise<Modules[N]> }}
 */
const GLUE = {
  attach: () => import('../pkg/amlattach.js'),
  generate: () => import('../pkg/amlattach_generate.js'),
  explain: () => import('../pkg/amlattach_explain.js'),
  secret: () => import('../pkg/amlattach_secret.js'),
  versions: () => import('../pkg/amlattach_versions.js'),
  live: () => import('../pkg/amlattach_live.js'),
};

/** A wasm module that could not be loaded or initialised; its message is the cause's. */
export class LoadError extends Error {
  /**
   * @param {ModuleName} module
   * @param {unknown} cause
   */
  constructor(module, cause) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'LoadError';
    /** Which module. */
    this.module = module;
  }
}

/**
 * Each module's load, started once: kept on `globalThis` rather than in this module, which the
 * built page holds twice (see above).
 * @type {Map<ModuleName, Promise<unknown>>}
 */
const loads = (/** @type {{ amlattachModules?: Map<ModuleName, Promise<unknown>> }} */ (globalThis).amlattachModules ??= new Map());

/**
 * The module `name`, initialised; the same promise on every call.
 * @template {ModuleName} N
 * @param {N} name
 * @returns {Promise<Modules[N]>}
 */
export function load(name) {
  let loading = loads.get(name);
  if (loading === undefined) {
    loading = start(name);
    // Handled where it is awaited; this keeps a failure from being reported as unhandled first.
    loading.catch(() => {});
    loads.set(name, loading);
  }
  return /** @type {Promise<Modules[N]>} */ (loading);
}

/**
 * What a section says when its module (or its script) could not start: the same words in every
 * section, e.g. "The checker could not start in this browser: …".
 * @param {string} what the thing that did not start, as the sentence's subject
 * @param {unknown} error
 */
export function cannotStart(what, error) {
  return `${what} could not start in this browser: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Imports and initialises one module.
 * @template {ModuleName} N
 * @param {N} name
 * @returns {Promise<Modules[N]>}
 */
async function start(name) {
  try {
    const glue = await GLUE[name]();
    // The glue finds its wasm beside itself, but for the checker's, which the build bundles into
    // app.js: that one is the module start-checker.js compiled, or the page's pkg/ file.
    await glue.default(name === 'attach' ? { module_or_path: await checkerWasm() } : undefined);
    return glue;
  } catch (error) {
    throw new LoadError(name, error);
  }
}

/**
 * The checker's wasm: compiled while the page was parsed (start-checker.js), or else to fetch from
 * the page's pkg/, named from the page rather than from this file (bundled, `import.meta.url`
 * would name another folder).
 * @returns {Promise<WebAssembly.Module | URL>}
 */
async function checkerWasm() {
  const started = /** @type {{ amlattachChecker?: Promise<WebAssembly.Module> }} */ (globalThis).amlattachChecker;
  const compiled = started === undefined ? null : await started.catch(() => null);
  return compiled ?? new URL('pkg/amlattach_bg.wasm', document.baseURI);
}
