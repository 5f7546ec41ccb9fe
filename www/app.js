// @ts-check
/**
 * The page: wires the form fields to the wasm checks and shows each verdict as the user types.
 * @module
 */

/** @param {string} id */
function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

const nameField = /** @type {HTMLInputElement} */ (byId('compute-name'));
const nameVerdict = byId('compute-name-verdict');

try {
  // Loaded here rather than statically so that a module that fails to load is reported on the page.
  const { validateComputeName, version } = await import('./shared/amlattach.js');
  const { renderVerdict } = await import('./shared/verdict.js');
  await Promise.all([import('./secret.js'), import('./versions.js')]);

  const check = () => {
    const name = nameField.value;
    renderVerdict(nameField, nameVerdict, name === '' ? null : validateComputeName(name), 'Valid compute name');
  };
  nameField.addEventListener('input', check);
  byId('attach-form').addEventListener('submit', (event) => event.preventDefault());
  byId('version').textContent = `amlattach ${version()}`;
  nameField.disabled = false;
  check();
  document.documentElement.dataset.ready = 'true';
} catch (error) {
  const message = byId('load-error');
  message.hidden = false;
  message.textContent = `The checker could not start in this browser: ${error instanceof Error ? error.message : String(error)}`;
}
