// @ts-check
/**
 * The journey's steps around the attach: "Prepare the cluster" (first: the Azure ML extension,
 * the workspace identity's roles, the namespace) and "After the attach" (the compute's state and
 * its identity's roles). Each shows its commands for the spec the Commands section shows, from
 * the same generator module, spec, context and shell (www/shared/generate.js `commandsFor`), or
 * says what it still needs from the step before it. Loaded after the first verdict.
 * @module
 */
import { commandsFor, onCommandsChange } from './shared/generate.js';
import { byId, element } from './shared/dom.js';
import { highlight } from './shared/highlight.js';

/**
 * What each step needs, by why there are no commands yet.
 * @type {Record<string, Record<import('./shared/generate.js').NoCommands['why'], string>>}
 */
const WAITING = {
  prepare: {
    example: 'Fill in the compute below (its cluster’s resource id at least): these commands are for your cluster and workspace.',
    blocked: 'The compute form has errors: fix them and these commands follow.',
    invalid: 'The spec in the Commands section has errors: fix them and these commands follow.',
    'other-kind': 'A legacy v1 compute has no extension step: Azure ML installs its own components when it attaches or creates the cluster.',
    extension: 'The Azure ML extension’s settings above have errors: fix them and these commands, which install it when the cluster has none, follow.',
  },
  grant: {
    example: 'Needs the compute from the form, attached with the Commands or the live section.',
    blocked: 'The compute form has errors: fix them and these commands follow.',
    invalid: 'The spec in the Commands section has errors: fix them and these commands follow.',
    'other-kind': 'A legacy v1 compute has no managed identity of its own to grant roles to.',
    extension: 'The Azure ML extension’s settings have errors: fix them first.',
  },
};

/**
 * Wires one step's commands box: a status line, a Copy button and the highlighted text.
 * @param {string} id the box's element id
 * @param {'prepare' | 'grant'} target
 */
function setUpBox(id, target) {
  const box = byId(id);
  const status = element('p', '');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const copy = element('button', 'Copy');
  copy.type = 'button';
  copy.disabled = true;
  const code = element('code', '');
  const pre = element('pre', '');
  pre.className = 'generate-output';
  pre.tabIndex = 0;
  pre.setAttribute('role', 'region');
  pre.setAttribute('aria-label', `${target === 'prepare' ? 'Commands that prepare the cluster' : 'Commands after the attach'}`);
  pre.append(code);
  const actions = element('div', '');
  actions.className = 'generate-actions';
  actions.append(status, copy);
  box.replaceChildren(actions, pre);
  /** @type {string | null} */
  let text = null;

  const render = () => {
    const result = commandsFor(target);
    if ('why' in result) {
      text = null;
      box.dataset.state = result.why;
      const message = WAITING[target][result.why];
      if (status.textContent !== message) status.textContent = message;
      code.replaceChildren();
      pre.hidden = true;
      copy.disabled = true;
      return;
    }
    box.dataset.state = 'ok';
    text = result.text;
    pre.hidden = false;
    highlight(code, result.text, result.language);
    const said = `${result.filename} · ${result.language}`;
    if (status.textContent !== said) status.textContent = said;
    copy.disabled = false;
  };

  copy.addEventListener('click', async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied to the clipboard';
    } catch (error) {
      status.textContent = `Could not copy: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
  onCommandsChange(render);
  render();
}

setUpBox('prepare-commands', 'prepare');
setUpBox('verify-commands', 'grant');
byId('verify').hidden = false;
