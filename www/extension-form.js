// @ts-check
/**
 * The Azure ML extension form in "Prepare the cluster": the user describes the extension they
 * will install (its fields built from the core's table, www/extension-fields.js) on the cluster
 * the compute form names, and on every change the form builds the extension spec
 * (www/shared/extension-spec.js, which the popup's extension step shares), checks it with
 * `validateExtension` (with the chosen PEM files' text, for the certificate, key and CNAME
 * checks), shows each diagnostic next to its field with the page's renderer, and a summary;
 * valid, it writes the extension's commands (www/shared/extension-commands.js), else says what
 * stops them. Its values are the `extension.` part of the page's one state (www/shared/state.js),
 * handed over by app.js (www/extension-link.js): without a PEM file's text, which nothing keeps.
 * Loaded after the first verdict, with the generators' wasm module.
 * @module
 */
import { byId, element } from './shared/dom.js';
import { checkerFailure, countBySeverity, describeCounts, renderFieldVerdict } from './shared/diagnostics.js';
import { fieldLabels } from './shared/words.js';
import { load } from './shared/wasm.js';
import { EXTENSION_PREFIX } from './shared/state.js';
import { isMissingValue } from './form-spec.js';
import { PEM_TEXT_OF, buildExtensionSpec, placeFor } from './shared/extension-spec.js';
import { useExtension } from './shared/generate.js';
import { buildExtensionFields } from './extension-fields.js';
import { setUpExtensionCommands } from './shared/extension-commands.js';
import { setUpExtensionLive } from './extension-live.js';

// The core reads the cluster's kind and holds the extension's facts and settings: none is written here.
const { clusterKind, extensionFacts, extensionSettings, extensionTargets, generateExtension, validateExtension } = await load('generate');

/** @typedef {import('./pkg/amlattach_generate.js').Diagnostic} Diagnostic */
/** @typedef {import('./pkg/amlattach_generate.js').ValidationContext} ValidationContext */
/** @typedef {import('./pkg/amlattach_generate.js').ExtensionValidationResult} ExtensionValidationResult */
/** @typedef {import('./extension-fields.js').ExtensionField} ExtensionField */

/**
 * What the form follows of the compute form: its cluster resource id, whether it describes a
 * legacy v1 compute (which has no extension step), and its context (the workspace, and the
 * pre-flight's facts about the cluster: node pools for the router's replicas and the
 * components' requests).
 * @typedef {{ cluster: string, v1: boolean, context: ValidationContext | null }} ComputeView
 */

/**
 * The form, wired.
 * @typedef {{ follow: (view: ComputeView) => void }} ExtensionForm
 */

/**
 * Builds the form and checks it; `values` are the extension's part of the state the page
 * restored (paths under `extension.`), `onChange` gets that part after every change.
 * @param {{ values: Readonly<Record<string, string | boolean>>, onChange: (values: Record<string, string>) => void }} options
 * @returns {ExtensionForm}
 */
export function setUpExtensionForm({ values, onChange }) {
  const form = byId('extension-form', HTMLFormElement);
  const clusterLine = byId('extension-cluster');
  const clusterVerdict = byId('extension-cluster-verdict');
  const summary = byId('extension-summary');
  const general = byId('extension-general-verdict');
  const container = byId('extension-fields');
  const commands = setUpExtensionCommands(byId('extension-commands'), { targets: extensionTargets(), generate: generateExtension });
  const { fields, groups, advanced } = buildExtensionFields(container, extensionSettings(), { onFileRead: () => changed(), releaseTrains: extensionFacts().releaseTrains });
  const live = setUpExtensionLive();
  const defaultName = extensionFacts().defaultName;
  const version = fields.find((f) => f.path === 'version');
  const autoUpgrade = /** @type {HTMLInputElement | undefined} */ (fields.find((f) => f.path === 'auto_upgrade')?.control);

  /** @type {ComputeView} */
  let view = { cluster: '', v1: false, context: null };
  /** Until the user changes a field, or the state brings values back, no verdict shows at the fields. */
  let started = false;
  for (const field of fields) {
    const value = values[`${EXTENSION_PREFIX}${field.path}`];
    if (typeof value === 'string' && value !== '') {
      field.write(value);
      started = true;
    }
  }

  const check = () => {
    const kind = clusterKind(view.cluster);
    for (const field of fields) {
      const only = field.setting?.only ?? null;
      field.element.hidden = kind !== null && only !== null && only !== kind;
    }
    pinVersion();
    const shown = fields.filter((field) => !field.element.hidden);
    const entries = shown.map((field) => ({ path: field.path, setting: field.setting, value: field.read() }));
    /** @type {Record<string, string>} */
    const kept = {};
    for (const { path, value } of entries) if (value !== '') kept[`${EXTENSION_PREFIX}${path}`] = value;
    onChange(kept);

    const spec = buildExtensionSpec(view.cluster, entries);
    /** @type {ExtensionValidationResult} */
    let result;
    try {
      result = validateExtension(spec, { context: view.context, pem: pemTexts(shown) });
    } catch (error) {
      result = { ok: false, diagnostics: [checkerFailure(error)], normalized: null };
    }
    // The runbooks of the Commands section and "Then the rest" install this extension once
    // something is set in it (untouched, they install the training default).
    useExtension(view.v1 || Object.keys(kept).length === 0 ? null : spec);
    renderCluster(kind, result.diagnostics.filter((d) => d.path === 'cluster'));
    const errorCount = result.diagnostics.filter((d) => d.severity === 'error').length;
    live.update({
      spec,
      cluster: view.cluster.trim(),
      name: typeof spec.name === 'string' && spec.name !== '' ? spec.name : defaultName,
      pem: pemTexts(shown),
      blocked: view.v1
        ? 'A legacy v1 compute has no extension step.'
        : result.ok && result.normalized !== null
          ? null
          : `Nothing to send while the extension’s settings have ${errorCount === 1 ? 'an error' : `${errorCount} errors`}: fix ${errorCount === 1 ? 'it' : 'them'} first.`,
    });
    if (view.v1) {
      container.hidden = true;
      renderSummary(null);
      commands.block('A legacy v1 compute has no extension step: Azure ML installs its own components when it attaches or creates the cluster.', [], new Map());
      return;
    }
    container.hidden = false;
    renderFields(shown, started ? result.diagnostics.filter((d) => d.path !== 'cluster') : []);
    renderSummary(started ? result.diagnostics : null);
    const labels = fieldLabels(form);
    if (result.ok && result.normalized !== null) {
      commands.show(spec, view.context);
    } else {
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
      commands.block(`No commands while the extension’s settings have ${count}: fix ${errors.length === 1 ? 'it' : 'them'} and the commands follow.`, errors, labels);
    }
  };

  /** A pinned version needs automatic minor upgrades off: the box says so, unticked and disabled. */
  let upgradesBeforePin = true;
  const pinVersion = () => {
    if (version === undefined || autoUpgrade === undefined) return;
    const pinned = version.read().trim() !== '';
    if (pinned && !autoUpgrade.disabled) {
      upgradesBeforePin = autoUpgrade.checked;
      autoUpgrade.checked = false;
    } else if (!pinned && autoUpgrade.disabled) {
      autoUpgrade.checked = upgradesBeforePin;
    }
    autoUpgrade.disabled = pinned;
  };

  /**
   * The PEM files' text for the checks, when one of them is chosen; the other is then empty.
   * @param {readonly ExtensionField[]} shown
   * @returns {{ cert: string, key: string } | null}
   */
  const pemTexts = (shown) => {
    const texts = { cert: '', key: '' };
    let any = false;
    for (const field of shown) {
      const which = field.setting === null ? undefined : PEM_TEXT_OF[field.setting.key];
      const text = field.text?.() ?? null;
      if (which === undefined || text === null) continue;
      texts[which] = text;
      any = true;
    }
    return any ? texts : null;
  };

  /**
   * The cluster the extension is for (the compute form's), and what is wrong with its id.
   * @param {'aks' | 'arc' | null} kind
   * @param {Diagnostic[]} diagnostics
   */
  const renderCluster = (kind, diagnostics) => {
    const cluster = view.cluster.trim();
    if (view.v1) {
      clusterLine.replaceChildren('The extension is for a v2 attach: choose “Attach (v2, AKS or Arc)” in the compute form below.');
    } else if (cluster === '') {
      clusterLine.replaceChildren('The extension is for the cluster of the compute form below: fill in its cluster resource id there.');
    } else {
      const named = kind === 'aks' ? 'the AKS cluster' : kind === 'arc' ? 'the Azure Arc cluster' : 'the cluster';
      clusterLine.replaceChildren(`For ${named} of the compute form below: `, element('code', cluster));
    }
    const said = diagnostics.filter((d) => !isMissingValue(d));
    renderFieldVerdict(null, clusterVerdict, said.length > 0 && !view.v1 ? said : null);
  };

  /**
   * Each diagnostic at its place: a field, a group, or the general list.
   * @param {readonly ExtensionField[]} shown
   * @param {readonly Diagnostic[]} diagnostics
   */
  const renderFields = (shown, diagnostics) => {
    /** @type {Map<string, Diagnostic[]>} */
    const placed = new Map([['', []], ...shown.map((f) => /** @type {[string, Diagnostic[]]} */ ([f.path, []])), ...groups.map((g) => /** @type {[string, Diagnostic[]]} */ ([`group:${g.id}`, []]))]);
    for (const diagnostic of diagnostics) /** @type {Diagnostic[]} */ (placed.get(placeFor(diagnostic, placed))).push(diagnostic);
    for (const field of fields) {
      const said = placed.get(field.path);
      renderFieldVerdict(field.control, field.verdict, field.element.hidden || said === undefined || said.length === 0 ? null : said);
    }
    for (const group of groups) {
      const said = /** @type {Diagnostic[]} */ (placed.get(`group:${group.id}`));
      renderFieldVerdict(group.element, group.verdict, said.length === 0 ? null : said);
    }
    const rest = /** @type {Diagnostic[]} */ (placed.get(''));
    renderFieldVerdict(null, general, rest.length === 0 ? null : rest, { path: 'label' });
    // What is said or set in the folded settings unfolds them.
    if (!advanced.open && [...advanced.querySelectorAll('.verdict')].some((v) => v instanceof HTMLElement && v.dataset.state !== 'empty')) advanced.open = true;
  };

  /**
   * The summary line: the counts, once the user has started; what the form waits for before.
   * @param {readonly Diagnostic[] | null} diagnostics
   */
  const renderSummary = (diagnostics) => {
    const counts = countBySeverity(diagnostics ?? []);
    const text =
      diagnostics === null
        ? view.v1
          ? 'No extension step for a legacy v1 compute'
          : 'Not described yet: tick what the extension is for, and the checks and commands follow'
        : counts.error > 0
          ? describeCounts(counts)
          : `Ready to install${besides(counts)}: the commands are below`;
    summary.dataset.errors = String(counts.error);
    summary.dataset.state = diagnostics === null ? 'waiting' : counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'ok';
    if (summary.textContent !== text) summary.textContent = text;
  };

  function changed() {
    started = true;
    check();
  }
  form.addEventListener('input', changed);
  form.addEventListener('submit', (event) => event.preventDefault());
  if (started && fields.some((f) => advanced.contains(f.element) && f.read() !== '')) advanced.open = true;
  form.dataset.ready = 'true';
  check();

  return {
    follow(next) {
      if (next.cluster === view.cluster && next.v1 === view.v1 && JSON.stringify(next.context) === JSON.stringify(view.context)) return;
      view = next;
      check();
    },
  };
}

/**
 * The warnings and notes of a spec without errors, as ` (1 warning, 2 notes)`; `''` for none.
 * @param {Record<Diagnostic['severity'], number>} counts
 */
function besides(counts) {
  const parts = /** @type {[number, string][]} */ ([
    [counts.warning, 'warning'],
    [counts.info, 'note'],
  ])
    .filter(([count]) => count > 0)
    .map(([count, noun]) => `${count} ${noun}${count === 1 ? '' : 's'}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
