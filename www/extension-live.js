// @ts-check
/**
 * The extension form's ARM buttons, shown once the page is signed in (the live section): install
 * the extension the form describes, or update it, after a confirmation in the page naming the
 * cluster and the extension. The call (`armInstallExtension`) takes the form's spec, the last
 * pre-flight's context when it read this cluster (its region; else the region discovery listed it
 * in), and the PEM files' text; it runs
 * as one of the live section's long tasks (www/live/task.js): progress, then one outcome under
 * the buttons. The buttons wait while the form has errors (saying why) and while a call runs.
 * @module
 */
import { byId, element } from './shared/dom.js';
import { load } from './shared/wasm.js';
import { discoveredLocation } from './live/discovery.js';
import { preflightContext } from './live/preflight.js';
import { region, showOutcome } from './live/results.js';
import { onSessionChange, sessionKind } from './live/sign-in.js';
import { armOptions, log, offerExplanation, onTaskRunning, run, taskRunning } from './live/task.js';

/** @typedef {import('./pkg/amlattach_live.js').ExtensionOutcome} ExtensionOutcome */
/** @typedef {import('./pkg/amlattach_live.js').ExtensionWriteOptions} ExtensionWriteOptions */
/** @typedef {'install' | 'update'} Mode */

/**
 * What the form hands over after each check: its spec, the cluster it names, the extension's
 * name, the PEM files' text, and why it cannot be sent (a sentence), or null when it can.
 * @typedef {{ spec: Record<string, unknown>, cluster: string, name: string, pem: { cert: string, key: string } | null, blocked: string | null }} ExtensionState
 */

/**
 * The buttons, wired; `update` takes the form's state after each check.
 * @returns {{ update: (state: ExtensionState) => void }}
 */
export function setUpExtensionLive() {
  const ui = {
    root: byId('live-extension'),
    install: byId('live-extension-install', HTMLButtonElement),
    update: byId('live-extension-update', HTMLButtonElement),
    why: byId('live-extension-why'),
    confirm: byId('live-extension-confirm'),
    question: byId('live-extension-question'),
    yes: byId('live-extension-yes', HTMLButtonElement),
    no: byId('live-extension-no', HTMLButtonElement),
  };
  /** @type {ExtensionState | null} */
  let state = null;
  /** @type {{ mode: Mode, state: ExtensionState } | null} */
  let asked = null;

  const refresh = () => {
    ui.root.hidden = sessionKind() === null;
    const why = taskRunning() ? 'Wait: a call to Azure Resource Manager is running.' : (state?.blocked ?? (state === null ? 'The extension’s settings have not been checked yet.' : null));
    ui.install.disabled = why !== null;
    ui.update.disabled = why !== null;
    const text = why ?? 'Sends the settings above to Azure Resource Manager, after you confirm.';
    if (ui.why.textContent !== text) ui.why.textContent = text;
    if (why !== null && !taskRunning()) ui.confirm.hidden = true;
  };

  /** @param {Mode} mode */
  const ask = (mode) => {
    if (state === null || state.blocked !== null) return;
    asked = { mode, state };
    const { name, resourceGroup } = clusterParts(state.cluster);
    const what =
      mode === 'install'
        ? `Install the Azure ML extension “${state.name}” on the cluster ${name} (resource group ${resourceGroup}) with the settings above? An install takes several minutes; the page follows it to its end.`
        : `Update the Azure ML extension “${state.name}” on the cluster ${name} (resource group ${resourceGroup}) to the settings above? An update changes running workloads: the extension’s components restart with the new settings.`;
    ui.question.textContent = what;
    ui.yes.textContent = `${mode === 'install' ? 'Install' : 'Update'} “${state.name}”`;
    ui.confirm.hidden = false;
    ui.yes.focus();
  };

  ui.install.addEventListener('click', () => ask('install'));
  ui.update.addEventListener('click', () => ask('update'));
  ui.no.addEventListener('click', () => {
    ui.confirm.hidden = true;
    const back = asked?.mode === 'update' ? ui.update : ui.install;
    asked = null;
    back.focus();
  });
  ui.yes.addEventListener('click', () => {
    const chosen = asked;
    ui.confirm.hidden = true;
    asked = null;
    if (chosen !== null) void run('extension', () => write(chosen.mode, chosen.state));
  });
  onSessionChange(refresh);
  onTaskRunning(refresh);
  refresh();

  return {
    update(next) {
      state = next;
      refresh();
    },
  };
}

/**
 * Sends the install or the update and shows how it ended.
 * @param {Mode} mode
 * @param {ExtensionState} state
 */
async function write(mode, state) {
  const { armInstallExtension } = await load('live');
  log('extension', `${mode === 'install' ? 'Installing' : 'Updating'} the extension ${state.name}…`);
  const context = preflightContext(state.cluster);
  /** @type {ExtensionWriteOptions} */
  const options = { mode, pem: state.pem };
  if (context !== null) options.context = /** @type {NonNullable<ExtensionWriteOptions['context']>} */ (/** @type {unknown} */ (context));
  // Without a pre-flight of this cluster, the region discovery listed it in (the core prefers
  // the context's).
  else options.location = discoveredLocation(state.cluster);
  const outcome = await armInstallExtension(
    armOptions((progress) => log('extension', progress.message)),
    state.spec,
    options,
  );
  showExtensionOutcome(mode, state.name, outcome);
}

/**
 * How the call ended, under the buttons.
 * @param {Mode} mode
 * @param {string} name
 * @param {ExtensionOutcome} outcome
 */
function showExtensionOutcome(mode, name, outcome) {
  const where = region('extension');
  if (outcome.result === 'not-installed') {
    showOutcome(where, 'failed', `Not installed: this cluster has no extension “${name}”, so nothing was updated. Install it with “Install the extension through ARM…”.`);
    return;
  }
  const { extension } = outcome;
  const version = extension.version === null ? 'version not reported' : `version ${extension.version}`;
  if (outcome.result === 'installed') {
    showOutcome(where, 'done', `${mode === 'install' ? 'Installed' : 'Updated'}: the extension ${extension.name} is ${extension.provisioning_state} (${version}).`);
    return;
  }
  if (outcome.result === 'already-installed') {
    showOutcome(
      where,
      'failed',
      `Already installed: the cluster has the extension ${extension.name} (${extension.provisioning_state}, ${version}); nothing was changed. To give it the settings above, use “Update it through ARM…”.`,
    );
    return;
  }
  const headline =
    extension.statuses.length > 0
      ? `The ${mode} failed: the extension ${extension.name} is ${extension.provisioning_state}, and says why below. “Explain this failure” finds the cause and its fix.`
      : `The ${mode} failed: the extension ${extension.name} is ${extension.provisioning_state}, and it gave no reason: look at it in the portal (the cluster’s Extensions), then try again.`;
  showOutcome(where, 'failed', element('p', headline));
  if (extension.statuses.length > 0) {
    const list = element('ul');
    list.className = 'provisioning-errors';
    list.setAttribute('aria-label', 'The extension’s statuses, as it reported them');
    for (const status of extension.statuses) list.append(element('li', status));
    where.outcome.append(list);
    offerExplanation('extension', JSON.stringify(extension.statuses, null, 2));
  }
}

/**
 * A cluster resource id's name and resource group (`?` for a part it lacks).
 * @param {string} id
 */
function clusterParts(id) {
  const parts = id.split('/');
  const group = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return { name: parts.at(-1) || '?', resourceGroup: (group >= 0 ? parts[group + 1] : undefined) || '?' };
}
