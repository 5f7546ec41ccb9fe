// @ts-check
/**
 * The checker (validate, validateComputeName, contextFromUrl) for the page: what its first
 * verdict waits for, loaded through ./wasm.js like every other module, and kept with why it
 * could not start for the page to say. The Commands section (./generate.js) and the other tools
 * load their own modules after it. The extension's service worker cannot use top-level await and
 * imports `pkg/` itself.
 * @module
 */
import { load } from './wasm.js';

/**
 * Why the checker could not start in this browser (no WebAssembly, a blocked or missing module),
 * or null once it has: the page says so rather than failing to load.
 * @type {unknown}
 */
let checkerStartError = null;

const checker = await load('attach').catch((/** @type {unknown} */ error) => {
  checkerStartError = error;
  // Every function then throws why; the page reads checkerStartError and calls none of them.
  const fail = () => {
    throw error;
  };
  return /** @type {import('./wasm.js').Modules['attach']} */ (/** @type {unknown} */ ({ contextFromUrl: fail, mergeContexts: fail, validate: fail, validateComputeName: fail, version: fail }));
});

export const { contextFromUrl, mergeContexts, validate, validateComputeName, version } = checker;
export { checkerStartError };

/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('../pkg/amlattach.js').ValidationResult} ValidationResult */
