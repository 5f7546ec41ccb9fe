// @ts-check
/**
 * The one module that loads the checker's wasm module (validate, generate) for a page (the web
 * page and the extension's popup both import it from their own `shared/` folder, next to their
 * own `pkg/`). The secret and versions tools load their own, smaller modules.
 * It initialises the module once; everything else imports the functions and types from here.
 * The extension's service worker cannot use top-level await and imports `pkg/` itself.
 * @module
 */
import init, { contextFromUrl, generate, targets, validate, validateComputeName, version } from '../pkg/amlattach.js';

await init();

export { contextFromUrl, generate, targets, validate, validateComputeName, version };

/** @typedef {import('../pkg/amlattach.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amlattach.js').ValidationContext} ValidationContext */
/** @typedef {import('../pkg/amlattach.js').ValidationResult} ValidationResult */
