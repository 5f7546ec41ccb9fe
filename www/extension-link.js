// @ts-check
/**
 * The compute form's side of the Azure ML extension form (www/extension-form.js, which loads
 * with the tools): the extension's part of the page's one state (its paths under `extension.`),
 * kept from the state the page restored until that form takes it, then as that form reports it;
 * and what that form follows of the compute form (its cluster, whether it is a legacy v1
 * compute, its context). Bundled with app.js; no wasm.
 * @module
 */
import { EXTENSION_PREFIX } from './shared/state.js';

/** @typedef {import('./shared/state.js').StateValue} StateValue */
/** @typedef {import('./extension-form.js').ComputeView} ComputeView */
/** @typedef {import('./extension-form.js').ExtensionForm} ExtensionForm */

/** The extension's values in the state. @type {Record<string, StateValue>} */
let values = {};
/** What the compute form shows now. @type {ComputeView} */
let view = { cluster: '', v1: false, context: null };
/** @type {ExtensionForm | null} */
let form = null;

/**
 * Keeps the extension's part of a restored state, for the form once it has loaded.
 * @param {Record<string, StateValue>} restored a state's values
 */
export function keepExtensionValues(restored) {
  values = Object.fromEntries(Object.entries(restored).filter(([path]) => path.startsWith(EXTENSION_PREFIX)));
}

/**
 * The compute form's values with the extension's: the state to save and share.
 * @param {Record<string, StateValue>} compute
 * @returns {Record<string, StateValue>}
 */
export function withExtensionValues(compute) {
  return { ...compute, ...values };
}

/**
 * Tells the extension form what the compute form shows now (once it has loaded).
 * @param {ComputeView} next
 */
export function followCompute(next) {
  view = next;
  form?.follow(view);
}

/**
 * Sets up the extension form with the kept values; `save` is called after each of its changes,
 * once its values are the state's.
 * @param {typeof import('./extension-form.js')} module
 * @param {() => void} save
 */
export function connectExtensionForm({ setUpExtensionForm }, save) {
  form = setUpExtensionForm({
    values,
    onChange: (next) => {
      values = next;
      save();
    },
  });
  form.follow(view);
}
