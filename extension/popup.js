// @ts-check
/**
 * The action popup: checks the compute name as the user types, offline, with the wasm module
 * loaded in the popup itself (an extension page, so the extension's CSP allows it).
 * @module
 */
import { validateComputeName } from './shared/amlattach.js';
import { renderVerdict } from './shared/verdict.js';
// The Commands section: the same module as the page's, on the same markup.
import './shared/generate.js';

const field = /** @type {HTMLInputElement} */ (document.getElementById('compute-name'));
const verdict = /** @type {HTMLElement} */ (document.getElementById('compute-name-verdict'));

function check() {
  const name = field.value;
  renderVerdict(field, verdict, name === '' ? null : validateComputeName(name), 'Valid compute name');
}

field.addEventListener('input', check);
document.getElementById('popup-form')?.addEventListener('submit', (event) => event.preventDefault());
check();
document.documentElement.dataset.ready = 'true';
