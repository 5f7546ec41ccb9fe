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

await init();

export { contextFromUrl, validate, validateComputeName, version };

/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('../pkg/amlattach.js').ValidationResult} ValidationResult */
