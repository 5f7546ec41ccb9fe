// @ts-check
/**
 * The "Commands" section: a tab per target that applies to the spec, the generated text
 * highlighted, a bash / PowerShell switch, and copy and download buttons. It generates from the
 * spec in its text box, which the page fills with the form's spec once that is valid.
 *
 * The box says where its spec comes from (`data-source`): `example` (the built-in one, marked as
 * such until something replaces it), `form` (the page's form; while the form has errors, the page
 * sets `data-blocked` to what stops the commands, and the section shows that instead of the last
 * valid commands, with nothing to copy), or `typed` (edited here by the user).
 *
 * A page with a form of the same spec registers `offerFill`: a valid spec typed here is then
 * offered to that form ("Fill the form with this spec"). The popup, which has no such form,
 * registers nothing and shows no such button.
 * @module
 */
import { messageNodes } from './diagnostics.js';
import { byId, element, fillControl } from './dom.js';
import { highlight } from './highlight.js';
import { load } from './wasm.js';

// Its own wasm module (the generators, and the checks they run first): a page loads it after its
// first verdict, which needs only the smaller checker module (./amlattach.js).
const { clusterKind, extensionSettings, extensionTargets, generate, generateExtension, targets, validate, validateComputeName, validateExtension } =
  await load('generate');

// The popup checks its compute name and its fields with this module rather than load the
// checker's too, and its Azure ML extension step (extension/popup-extension.js) asks the same
// module about the extension.
export { clusterKind, extensionSettings, extensionTargets, generate, generateExtension, targets, validate, validateComputeName, validateExtension };

/** The section's content, the same in the page and the extension popup. */
const MARKUP = `
<h2 id="generate-heading">Commands</h2>
<div class="field">
  <label for="generate-spec">Compute spec (YAML or JSON)</label>
  <textarea id="generate-spec" rows="14" spellcheck="false" autocomplete="off" autocapitalize="off">$schema: https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json
name: k8s-team-a
type: kubernetes
description: team A's training namespace
resource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-prod
namespace: team-a
identity:
  type: user_assigned
  user_assigned_identities:
    - resource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml
</textarea>
</div>
<fieldset class="generate-shell">
  <legend>Shell</legend>
  <label><input type="radio" name="generate-shell" value="bash" checked> bash</label>
  <label><input type="radio" name="generate-shell" value="pwsh"> PowerShell</label>
</fieldset>
<div id="generate-tabs" class="generate-tabs" role="tablist" aria-label="What to generate"></div>
<div id="generate-panel" class="generate-panel" role="tabpanel">
  <div class="generate-actions">
    <p id="generate-status" class="hint" role="status" aria-live="polite"></p>
    <button id="generate-copy" type="button" disabled>Copy</button>
    <button id="generate-download" type="button" disabled>Download</button>
  </div>
  <pre class="generate-output" tabindex="0" role="region" aria-label="Generated text"><code id="generate-code"></code></pre>
</div>
`;

const section = byId('generate');
section.innerHTML = MARKUP;
const specBox = byId('generate-spec', HTMLTextAreaElement);
const tabList = byId('generate-tabs');
const panel = byId('generate-panel');
const code = byId('generate-code');
const status = byId('generate-status');
const copyButton = byId('generate-copy', HTMLButtonElement);
const downloadButton = byId('generate-download', HTMLButtonElement);
const shellInputs = /** @type {NodeListOf<HTMLInputElement>} */ (section.querySelectorAll('input[name="generate-shell"]'));

const ALL_TARGETS = targets();

/** What is shown now: the text copy and download use. */
let current = /** @type {{ text: string, filename: string } | null} */ (null);
/** The tab shown first: the attach itself. The tabs before and after it (preparing the cluster,
 * the identity's roles after the attach) are the journey's other steps (www/journey.js). */
const FIRST_TARGET = 'az-v2';
let selected = /** @type {string} */ (ALL_TARGETS.find((t) => t.id === FIRST_TARGET)?.id ?? ALL_TARGETS[0]?.id ?? '');

/**
 * The "Fill the form with this spec" button and what it would fill the form with, once a page
 * has registered its form (`offerFill`).
 * @type {{ button: HTMLButtonElement, status: HTMLElement, spec: object | null } | null}
 */
let fill = null;

/**
 * Offers a valid spec the user types in this section's box to the page's form: `handler` fills
 * the form with it (the spec in canonical shape, as `validate` gives it) and returns a sentence
 * saying what it did, shown under the button.
 * @param {(spec: Record<string, unknown>) => string} handler
 */
export function offerFill(handler) {
  const { actions, button, status } = fillControl('generate');
  (specBox.closest('.field') ?? specBox).after(actions, status);
  const registered = { button, status, spec: /** @type {object | null} */ (null) };
  fill = registered;
  button.addEventListener('click', () => {
    if (registered.spec !== null) status.textContent = handler(/** @type {Record<string, unknown>} */ (registered.spec));
  });
  render();
}

/**
 * Shows the fill button for a valid spec the user typed here; hides it otherwise.
 * @param {object | null} spec
 */
function offerToForm(spec) {
  if (fill === null) return;
  fill.spec = specBox.dataset.source === 'typed' ? spec : null;
  fill.button.hidden = fill.spec === null;
}

function shell() {
  const checked = [...shellInputs].find((input) => input.checked);
  return checked?.value === 'pwsh' ? 'pwsh' : 'bash';
}

/**
 * The tabs for the targets that apply to a spec of `kind`; keeps the selection when it applies.
 * @param {'kubernetes' | 'aks'} kind
 */
function renderTabs(kind) {
  const applicable = ALL_TARGETS.filter((t) => t.appliesTo.includes(kind));
  if (!applicable.some((t) => t.id === selected)) selected = applicable[0]?.id ?? '';
  const ids = applicable.map((t) => t.id).join(' ');
  if (tabList.dataset.ids !== ids) {
    tabList.replaceChildren(
      ...applicable.map((t) => {
        const tab = element('button', t.label);
        tab.type = 'button';
        tab.id = `generate-tab-${t.id}`;
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-controls', panel.id);
        tab.dataset.target = t.id;
        return tab;
      }),
    );
    tabList.dataset.ids = ids;
  }
  for (const tab of /** @type {NodeListOf<HTMLButtonElement>} */ (tabList.querySelectorAll('[role="tab"]'))) {
    const on = tab.dataset.target === selected;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on) panel.setAttribute('aria-labelledby', tab.id);
  }
}

/** @param {string} message */
function showProblem(message) {
  current = null;
  code.replaceChildren();
  // The checkers quote keys and values in backticks: shown as code, never as markup.
  status.replaceChildren(...messageNodes(message, { commands: false }));
  section.dataset.state = 'error';
  copyButton.disabled = true;
  downloadButton.disabled = true;
}

/** @type {(() => void)[]} */
const listeners = [];

/**
 * The Azure ML extension spec of the page's or the popup's extension form, or null: the runbooks
 * that install the extension when the cluster has none (prepare, reattach) install it.
 * @type {object | null}
 */
let extensionSpec = null;

/**
 * Hands the extension form's spec (valid or not) to the runbooks; `null` when there is none (they
 * then install the extension for training only). Re-renders when it changed.
 * @param {object | null} spec
 */
export function useExtension(spec) {
  if (JSON.stringify(spec) === JSON.stringify(extensionSpec)) return;
  extensionSpec = spec;
  render();
}

/**
 * `generate` with the section's context and shell, and the extension spec.
 * @param {string} spec
 * @param {string} target
 */
function generateFor(spec, target) {
  // A page may give the workspace the commands are for (the popup does, from the portal).
  const context = specBox.dataset.context ? JSON.parse(specBox.dataset.context) : null;
  return generate(spec, target, { shell: shell(), context, extension: extensionSpec });
}

/**
 * Whether a generate error is about the extension spec (its problems are under `extension.`).
 * @param {unknown} error
 */
function aboutExtension(error) {
  const diagnostics = /** @type {{ diagnostics?: { path: string }[] } | null} */ (error)?.diagnostics;
  return Array.isArray(diagnostics) && diagnostics.length > 0 && diagnostics.every((d) => d.path === 'extension' || d.path.startsWith('extension.'));
}

/** What a runbook shows while the extension form has errors. */
const EXTENSION_ERRORS = 'The Azure ML extension’s settings have errors: fix them in its form and this runbook, which installs it, follows.';

/**
 * Calls `listener` after every change of what the section generates from (its spec, the
 * context, the shell): the journey's steps before and after the attach follow it.
 * @param {() => void} listener
 */
export function onCommandsChange(listener) {
  listeners.push(listener);
}

/**
 * Why there are no commands for the section's spec, or `target`'s output for it, with the same
 * spec, context and shell as the tabs.
 * @typedef {{ text: string, filename: string, language: string }} Generated
 * @typedef {{ why: 'blocked' | 'invalid' | 'example' | 'other-kind' | 'extension', message: string }} NoCommands
 * @param {string} target a target id
 * @returns {Generated | NoCommands}
 */
export function commandsFor(target) {
  const blocked = specBox.dataset.blocked;
  if (blocked) return { why: 'blocked', message: blocked };
  const checked = validate(specBox.value);
  if (!checked.ok || checked.normalized === null) {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error').length;
    return { why: 'invalid', message: `the spec has ${errors === 1 ? 'an error' : `${errors} errors`}` };
  }
  if (specBox.dataset.source === 'example') return { why: 'example', message: 'no spec of yours yet' };
  const info = ALL_TARGETS.find((t) => t.id === target);
  if (info === undefined || !info.appliesTo.includes(checked.normalized.type)) {
    return { why: 'other-kind', message: `not for a ${checked.normalized.type === 'aks' ? 'legacy v1' : 'v2'} compute` };
  }
  try {
    const output = generateFor(specBox.value, target);
    return { text: output.text, filename: output.filename, language: output.language };
  } catch (error) {
    if (aboutExtension(error)) return { why: 'extension', message: EXTENSION_ERRORS };
    return { why: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
}

function render() {
  renderSection();
  for (const listener of listeners) listener();
}

function renderSection() {
  const blocked = specBox.dataset.blocked;
  if (blocked) {
    // The form this box follows has errors: its last valid commands would be stale.
    tabList.replaceChildren();
    tabList.dataset.ids = '';
    offerToForm(null);
    showProblem(blocked);
    section.dataset.state = 'stale';
    return;
  }
  const spec = specBox.value;
  const checked = validate(spec);
  if (!checked.ok || checked.normalized === null) {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    tabList.replaceChildren();
    tabList.dataset.ids = '';
    offerToForm(null);
    showProblem(
      `Fix the spec first (${errors.length} ${errors.length === 1 ? 'error' : 'errors'}): ` +
        errors
          .slice(0, 3)
          .map((d) => (d.path ? `\`${d.path}\`: ${d.message}` : d.message))
          .join('; '),
    );
    return;
  }
  renderTabs(checked.normalized.type);
  offerToForm(checked.normalized);
  let output;
  try {
    output = generateFor(spec, selected);
  } catch (error) {
    showProblem(aboutExtension(error) ? EXTENSION_ERRORS : error instanceof Error ? error.message : String(error));
    return;
  }
  current = { text: output.text, filename: output.filename };
  highlight(code, output.text, output.language);
  const example = specBox.dataset.source === 'example';
  status.textContent = `${example ? 'For the example spec, not yours yet: fill in the form or paste your spec above · ' : ''}${output.filename} · ${output.language}`;
  section.dataset.state = example ? 'example' : 'ok';
  copyButton.disabled = false;
  downloadButton.disabled = false;
}

tabList.addEventListener('click', (event) => {
  const tab = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
  if (tab instanceof HTMLElement && tab.dataset.target) {
    selected = tab.dataset.target;
    render();
  }
});

// Arrow keys move between tabs (the WAI-ARIA tabs pattern).
tabList.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
  const tabs = /** @type {HTMLElement[]} */ ([...tabList.querySelectorAll('[role="tab"]')]);
  const at = tabs.findIndex((t) => t.dataset.target === selected);
  const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
  if (next?.dataset.target) {
    selected = next.dataset.target;
    render();
    next.focus();
  }
});

/**
 * Shows the tab of `target` when it applies to the spec shown (the journey's steps open their
 * commands this way), and moves the focus to it.
 * @param {string} target a target id
 * @returns {boolean} whether that tab is there
 */
export function showTarget(target) {
  const tab = [...tabList.querySelectorAll('[role="tab"]')].find((t) => t instanceof HTMLElement && t.dataset.target === target);
  if (!(tab instanceof HTMLElement)) return false;
  selected = target;
  render();
  tab.focus();
  return true;
}

for (const input of shellInputs) input.addEventListener('change', render);
specBox.addEventListener('input', (event) => {
  // Typed here by the user: their spec, whatever the form says.
  if (event.isTrusted) {
    specBox.dataset.source = 'typed';
    delete specBox.dataset.blocked;
    if (fill !== null) fill.status.textContent = '';
  }
  render();
});
specBox.dataset.source ??= 'example';

copyButton.addEventListener('click', async () => {
  if (!current) return;
  try {
    await navigator.clipboard.writeText(current.text);
    copyButton.dataset.copied = 'true';
    status.textContent = `Copied ${current.filename} to the clipboard`;
  } catch (error) {
    status.textContent = `Could not copy: ${error instanceof Error ? error.message : String(error)}`;
  }
});

downloadButton.addEventListener('click', () => {
  if (!current) return;
  const url = URL.createObjectURL(new Blob([current.text], { type: 'text/plain;charset=utf-8' }));
  const link = element('a');
  link.href = url;
  link.download = current.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; give it a moment before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

render();
section.hidden = false;
section.dataset.ready = 'true';
