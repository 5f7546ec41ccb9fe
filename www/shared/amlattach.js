// @ts-check
/**
 * The one module that loads the checker's wasm module (validate, validateComputeName,
 * contextFromUrl) for the page: what its first verdict waits for. The Commands section
 * (./generate.js) and the secret and versions tools load their own modules after it.
 * It initialises the module once; everything else imports the functions and types from here.
 * The extension's service worker cannot use top-level await and imports `pkg/` itself.
 * @module
 */
import init, { contextFromUrl, validate, validateComputeName, version } from '../pkg/amlattach.js';

/**
 * Why the checker could not start in this browser (no WebAssembly, a blocked or missing module),
 * or null once it has: the page says so rather than failing to load.
 * @type {unknown}
 */
let checkerStartError = null;
try {
  // Compiled while the page was parsed (start-checker.js), or else fetched from the page's pkg/,
  // named from the page rather than from this file: the build bundles this file into the page's
  // app.js, where `import.meta.url` would name another folder.
  const started = /** @type {Promise<WebAssembly.Module> | undefined} */ (/** @type {any} */ (globalThis).amlattachChecker);
  const compiled = started === undefined ? null : await started.catch(() => null);
  await init({ module_or_path: compiled ?? new URL('pkg/amlattach_bg.wasm', document.baseURI) });
} catch (error) {
  checkerStartError = error;
}

export { checkerStartError, contextFromUrl, validate, validateComputeName, version };

/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('../pkg/amlattach.js').ValidationResult} ValidationResult */
