// @ts-check
/**
 * The Azure ML extension's commands, in the page's extension form and the popup's extension
 * step: a tab per extension target given (`extensionTargets()`: install, update, the ARM
 * requests, Bicep, Terraform, the checks after, the uninstall; the popup gives the install
 * alone, which then has no tabs), a bash / PowerShell switch, the text highlighted and a Copy
 * button; or, while the form has errors, what stops them, in place of the last commands, so none
 * is ever stale. The tabs follow the WAI-ARIA tabs pattern and take the Commands section's look
 * (shared/generate.css), as its own do.
 * @module
 */
import { messageNodes, renderDiagnosticList } from './diagnostics.js';
import { element } from './dom.js';
import { highlight } from './highlight.js';

/** @typedef {import('../pkg/amlattach_generate.js').Diagnostic} Diagnostic */
/** @typedef {import('../pkg/amlattach_generate.js').ExtensionTargetInfo} ExtensionTargetInfo */
/** @typedef {import('../pkg/amlattach_generate.js').ValidationContext} ValidationContext */
/** @typedef {typeof import('../pkg/amlattach_generate.js').generateExtension} GenerateExtension */

/** The tab shown first: the install. */
const FIRST_TARGET = 'az-create';

/**
 * What the box shows: the commands for a valid spec, or what stops them.
 * @typedef {object} ExtensionCommands
 * @property {(spec: object, context: ValidationContext | null) => void} show the commands for a spec that validated
 * @property {(why: string, errors: readonly Diagnostic[], labels: ReadonlyMap<string, string>) => void} block
 *   a sentence and the errors that stop them, said with the form's labels
 */

/**
 * Wires the box (`data-state`: `ok`, `blocked`).
 * @param {HTMLElement} box
 * @param {{ targets: readonly ExtensionTargetInfo[], generate: GenerateExtension }} generators
 * @returns {ExtensionCommands}
 */
export function setUpExtensionCommands(box, { targets, generate }) {
  const shells = element('fieldset');
  shells.className = 'generate-shell';
  shells.append(element('legend', 'Shell'), radio('bash', 'bash', true), radio('pwsh', 'PowerShell', false));

  const tabs = element('div');
  tabs.className = 'generate-tabs';
  tabs.setAttribute('role', 'tablist');
  tabs.setAttribute('aria-label', 'The extension’s commands and documents');
  const panel = element('div');
  panel.className = 'generate-panel';
  panel.id = 'extension-panel';
  // One target (the popup's install) needs no tabs: its panel is a group named by its label.
  const only = targets.length === 1 ? targets[0] : undefined;
  panel.setAttribute('role', only === undefined ? 'tabpanel' : 'group');
  if (only !== undefined) panel.setAttribute('aria-label', only.label);
  tabs.append(
    ...targets.map((target) => {
      const tab = element('button', target.label);
      tab.type = 'button';
      tab.id = `extension-tab-${target.id}`;
      tab.dataset.target = target.id;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      return tab;
    }),
  );

  const status = element('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const copy = element('button', 'Copy');
  copy.type = 'button';
  const actions = element('div');
  actions.className = 'generate-actions';
  actions.append(status, copy);
  const code = element('code');
  const pre = element('pre');
  pre.className = 'generate-output';
  pre.tabIndex = 0;
  pre.setAttribute('role', 'region');
  pre.setAttribute('aria-label', 'The extension’s generated text');
  pre.append(code);
  panel.append(actions, pre);

  const stopped = element('div');
  stopped.className = 'extension-blocked';
  stopped.setAttribute('role', 'status');
  box.replaceChildren(...(only === undefined ? [shells, tabs] : [shells]), panel, stopped);

  /** @type {string} */
  let selected = targets.some((t) => t.id === FIRST_TARGET) ? FIRST_TARGET : (targets[0]?.id ?? '');
  /** What the tabs write for, while there are commands. @type {{ spec: object, context: ValidationContext | null } | null} */
  let current = null;
  /** The text shown, which Copy copies. */
  let text = '';

  const shell = () => (/** @type {HTMLInputElement | null} */ (shells.querySelector('input:checked'))?.value === 'pwsh' ? 'pwsh' : 'bash');

  const render = () => {
    const working = current !== null;
    shells.hidden = !working;
    tabs.hidden = !working;
    panel.hidden = !working;
    stopped.hidden = working;
    if (current === null) return;
    for (const tab of /** @type {NodeListOf<HTMLButtonElement>} */ (tabs.querySelectorAll('[role="tab"]'))) {
      const on = tab.dataset.target === selected;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on) panel.setAttribute('aria-labelledby', tab.id);
    }
    try {
      const output = generate(current.spec, selected, { shell: shell(), context: current.context });
      text = output.text;
      highlight(code, output.text, output.language);
      status.textContent = `${output.filename} · ${output.language}`;
      copy.disabled = false;
      box.dataset.state = 'ok';
    } catch (error) {
      // The spec validated a moment ago: a generator that still refuses says why, in its words.
      text = '';
      code.replaceChildren();
      status.replaceChildren(...messageNodes(error instanceof Error ? error.message : String(error), { commands: false }));
      copy.disabled = true;
      box.dataset.state = 'error';
    }
  };

  /** @param {string} target */
  const choose = (target) => {
    selected = target;
    render();
  };
  tabs.addEventListener('click', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('[role="tab"]') : null;
    if (tab instanceof HTMLElement && tab.dataset.target) choose(tab.dataset.target);
  });
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  tabs.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const all = /** @type {HTMLElement[]} */ ([...tabs.querySelectorAll('[role="tab"]')]);
    const at = all.findIndex((t) => t.dataset.target === selected);
    const next = all[(at + (event.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
    if (next?.dataset.target) {
      choose(next.dataset.target);
      next.focus();
    }
  });
  shells.addEventListener('change', render);
  copy.addEventListener('click', async () => {
    if (text === '') return;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied to the clipboard';
    } catch (error) {
      status.textContent = `Could not copy: ${error instanceof Error ? error.message : String(error)}`;
    }
  });

  return {
    show(spec, context) {
      current = { spec, context };
      stopped.replaceChildren();
      render();
    },
    block(why, errors, labels) {
      current = null;
      text = '';
      code.replaceChildren();
      const sentence = element('p', why);
      sentence.className = 'extension-blocked-why';
      stopped.replaceChildren(sentence);
      if (errors.length > 0) stopped.append(renderDiagnosticList(errors, { path: 'label', labels }));
      box.dataset.state = 'blocked';
      render();
    },
  };
}

/**
 * @param {'bash' | 'pwsh'} value
 * @param {string} text
 * @param {boolean} checked
 */
function radio(value, text, checked) {
  const label = element('label');
  const input = element('input');
  input.type = 'radio';
  input.name = 'extension-shell';
  input.value = value;
  input.checked = checked;
  label.append(input, ` ${text}`);
  return label;
}
