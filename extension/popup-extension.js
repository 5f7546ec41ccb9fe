// @ts-check
/**
 * The popup's Azure ML extension step: the extension a v2 attach needs, on the cluster the popup
 * names, for what the compute will run. Training (ticked to start with) and inference; with
 * inference, the router's service type, the internal load balancer and plain HTTP, whose
 * certificate settings are left to the full assistant. Each choice's values, each default and
 * which fields a cluster of one kind does not have come from the core's table of the extension's
 * settings (`extensionSettings()`, the cluster's kind from `clusterKind`); the markup names the
 * fields by `data-path` only.
 *
 * On every change the step builds the extension spec with the page's own module
 * (shared/extension-spec.js), checks it with `validateExtension`, shows each diagnostic at its
 * field with the shared renderer, and writes the install (`az-create`) with the page's extension
 * commands (shared/extension-commands.js), or says what stops it. Its values are the `extension.`
 * part of the page's one state (shared/state.js), as the page's extension form keeps them, so
 * "Open the full assistant" opens that form with the same values. The wasm functions come from
 * the module the popup already loads (shared/generate.js).
 * @module
 */
import { checkerFailure, renderFieldVerdict } from './shared/diagnostics.js';
import { byId, element } from './shared/dom.js';
import { setUpExtensionCommands } from './shared/extension-commands.js';
import { buildExtensionSpec, isOnByDefault, placeFor } from './shared/extension-spec.js';
import { clusterKind, extensionSettings, extensionTargets, generateExtension, useExtension, validateExtension } from './shared/generate.js';
import { EXTENSION_PREFIX } from './shared/state.js';
import { fieldLabels } from './shared/words.js';

/** @typedef {import('./pkg/amlattach_generate.js').Diagnostic} Diagnostic */
/** @typedef {import('./pkg/amlattach_generate.js').ExtensionSetting} ExtensionSetting */
/** @typedef {import('./pkg/amlattach_generate.js').ExtensionValidationResult} ExtensionValidationResult */
/** @typedef {import('./shared/state.js').StateValue} StateValue */

/** The one extension target the popup writes: the install. The rest are in the full assistant. */
const INSTALL_TARGET = 'az-create';

/**
 * Where the page's extension form shows what the core asks of TLS (`group:tls`, see
 * shared/extension-spec.js): the popup's TLS part is its "Allow HTTP" box.
 */
const TLS_PLACE = 'group:tls';

/**
 * One field of the step: its control (`data-path` `config.<key>`), the setting of the core's
 * table it is, its `.field` box and its verdict region.
 * @typedef {object} StepField
 * @property {string} path
 * @property {ExtensionSetting} setting
 * @property {HTMLInputElement | HTMLSelectElement} control
 * @property {HTMLElement} element
 * @property {HTMLElement} verdict
 * @property {boolean} forInference shown only while inference is ticked
 */

/**
 * The step, wired: `follow` checks it again when the popup's cluster has changed, `values` is
 * its part of the page's state (paths under `extension.`, only the fields set otherwise than by
 * their documented default), `restore` sets the fields from such a state (what `values` left
 * out is its default) and checks them again.
 * @typedef {{ follow: () => void, values: () => Record<string, StateValue>, restore: (values: Readonly<Record<string, StateValue>>) => void }} ExtensionStep
 */

/**
 * Wires the step (`#extension-step`: its form, then its command) to the popup's cluster field.
 * @param {{ cluster: HTMLInputElement }} options
 * @returns {ExtensionStep}
 */
export function setUpExtensionStep({ cluster }) {
  const form = byId('extension-step-form', HTMLFormElement);
  const inference = byId('ext-enableInference', HTMLInputElement);
  const inferencePart = byId('ext-inference');
  const allowHttp = byId('ext-allowInsecureConnections', HTMLInputElement);
  const tlsHint = byId('ext-tls-hint');
  const general = byId('extension-step-verdict');
  const installs = extensionTargets().filter((target) => target.id === INSTALL_TARGET);
  const commands = setUpExtensionCommands(byId('extension-commands'), { targets: installs, generate: generateExtension });
  const fields = stepFields(form, extensionSettings(), inferencePart);

  /** @type {Record<string, StateValue>} */
  let kept = {};
  /** The cluster id last checked. */
  let checkedCluster = '';

  const update = () => {
    const clusterId = cluster.value.trim();
    checkedCluster = clusterId;
    const kind = clusterKind(clusterId);
    inferencePart.hidden = !inference.checked;
    for (const field of fields) {
      const only = field.setting.only;
      field.element.hidden = (field.forInference && !inference.checked) || (kind !== null && only !== null && only !== kind);
    }
    // Plain HTTP off: HTTPS, whose certificate this step leaves to the full assistant.
    tlsHint.hidden = allowHttp.checked;
    allowHttp.setAttribute('aria-describedby', allowHttp.checked ? `${allowHttp.id}-verdict` : `${tlsHint.id} ${allowHttp.id}-verdict`);

    const shown = fields.filter((field) => !field.element.hidden);
    const entries = shown.map((field) => ({ path: field.path, setting: field.setting, value: valueOf(field) }));
    kept = Object.fromEntries(entries.filter(({ value }) => value !== '').map(({ path, value }) => [`${EXTENSION_PREFIX}${path}`, value]));

    const spec = buildExtensionSpec(clusterId, entries);
    // The Commands section's runbooks (prepare, reattach) install this extension.
    useExtension(spec);
    /** @type {ExtensionValidationResult} */
    let result;
    try {
      result = validateExtension(spec);
    } catch (error) {
      result = { ok: false, diagnostics: [checkerFailure(error)], normalized: null };
    }
    // The cluster's own problems are said by its field above (the compute's checks) and under
    // "what stops the command" here; the rest at this step's fields.
    const aboutCluster = result.diagnostics.filter((d) => d.path === 'cluster' || d.path.startsWith('cluster.'));
    renderAtFields(shown, result.diagnostics.filter((d) => !aboutCluster.includes(d)));
    if (result.ok && result.normalized !== null) {
      commands.show(spec, null);
      return;
    }
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const clusterErrors = aboutCluster.filter((d) => d.severity === 'error');
    const here = errors.length - clusterErrors.length;
    const why =
      clusterId === ''
        ? `No command yet: the extension goes on a cluster; fill in its resource id above${here > 0 ? `, then fix the ${here === 1 ? 'error' : `${here} errors`} marked here` : ''}.`
        : `No command while these settings have ${count(errors.length)}: fix ${errors.length === 1 ? 'it' : 'them'} and the command follows.`;
    commands.block(why, clusterId === '' ? [] : clusterErrors, fieldLabels(form));
  };

  /**
   * Each diagnostic at its place: a shown field, the "Allow HTTP" box for TLS, or the step's
   * general list.
   * @param {readonly StepField[]} shown
   * @param {readonly Diagnostic[]} diagnostics
   */
  const renderAtFields = (shown, diagnostics) => {
    /** @type {Map<string, Diagnostic[]>} */
    const placed = new Map([['', []], ...shown.map((field) => /** @type {[string, Diagnostic[]]} */ ([field.path, []]))]);
    const tls = shown.find((field) => field.control === allowHttp);
    if (tls !== undefined) placed.set(TLS_PLACE, /** @type {Diagnostic[]} */ (placed.get(tls.path)));
    for (const diagnostic of diagnostics) /** @type {Diagnostic[]} */ (placed.get(placeFor(diagnostic, placed))).push(diagnostic);
    for (const field of fields) {
      const said = placed.get(field.path);
      renderFieldVerdict(field.control, field.verdict, field.element.hidden || said === undefined || said.length === 0 ? null : said);
    }
    const rest = /** @type {Diagnostic[]} */ (placed.get(''));
    renderFieldVerdict(null, general, rest.length === 0 ? null : rest, { path: 'label' });
  };

  form.addEventListener('input', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  update();
  return {
    follow() {
      if (cluster.value.trim() !== checkedCluster) update();
    },
    values: () => kept,
    restore(values) {
      for (const field of fields) setValue(field, values[`${EXTENSION_PREFIX}${field.path}`]);
      update();
    },
  };
}

/**
 * The step's fields, each found by its `data-path` in the core's table: a choice gets the
 * table's values (and its default, when it has one, said in "Not set"), a field of one kind of
 * cluster is marked so in its label.
 * @param {HTMLFormElement} form
 * @param {readonly ExtensionSetting[]} settings
 * @param {HTMLElement} inferencePart
 * @returns {StepField[]}
 */
function stepFields(form, settings, inferencePart) {
  const controls = /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (form.querySelectorAll(':is(input, select)[data-path]'));
  /** @type {StepField[]} */
  const fields = [];
  for (const control of controls) {
    const path = control.dataset.path ?? '';
    const key = path.replace(/^config\./, '');
    const setting = settings.find((s) => s.key === key);
    const box = /** @type {HTMLElement} */ (control.closest('.field'));
    // The markup names keys of the table only; one the core no longer has is not offered.
    if (setting === undefined) {
      box.remove();
      continue;
    }
    if (control instanceof HTMLSelectElement) {
      const unset = new Option(setting.default === null ? 'Not set' : `Not set (${setting.default})`, '');
      control.replaceChildren(unset, ...setting.values.map((value) => new Option(value, value)));
    }
    if (setting.only !== null) {
      const mark = element('span', setting.only === 'aks' ? '(AKS only)' : '(Arc only)');
      mark.className = 'optional';
      box.querySelector('label')?.append(' ', mark);
    }
    fields.push({ path, setting, control, element: box, verdict: byId(`${control.id}-verdict`), forInference: inferencePart.contains(control) });
  }
  return fields;
}

/**
 * A field's value as the page's extension form keeps it in the state: a box `'true'` or
 * `'false'` when ticked otherwise than its documented default, else `''`; a choice's value.
 * @param {StepField} field
 * @returns {string}
 */
function valueOf({ control, setting }) {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') {
    return control.checked === isOnByDefault(setting) ? '' : String(control.checked);
  }
  return control.value;
}

/**
 * Sets a field from its value in the state, the inverse of `valueOf`: a box ticked by `'true'`,
 * cleared by `'false'`, else at its documented default; a choice at the value, when it is one of
 * the choice's, else at "Not set".
 * @param {StepField} field
 * @param {StateValue | undefined} value
 */
function setValue({ control, setting }, value) {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') {
    control.checked = value === 'true' ? true : value === 'false' ? false : isOnByDefault(setting);
    return;
  }
  const wanted = typeof value === 'string' ? value : '';
  control.value = [...(control instanceof HTMLSelectElement ? control.options : [])].some((option) => option.value === wanted) ? wanted : '';
}

/** @param {number} errors */
function count(errors) {
  return errors === 1 ? 'an error' : `${errors} errors`;
}
