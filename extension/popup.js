// @ts-check
/**
 * The action popup: the cluster and workspace last seen on the portal or the studio are filled
 * in; the user picks a compute name, namespace and identity and gets the validated commands,
 * offline, with the wasm module loaded in the popup itself (an extension page, so the
 * extension's CSP allows it). It says plainly when nothing was detected. Between the fields and
 * the commands, the Azure ML extension the attach needs on that cluster (popup-extension.js).
 *
 * The same page is the side panel (`?view=panel`, panel.js): there it starts from the form the
 * popup handed over, and follows the cluster and workspace of the tab in view.
 * @module
 */
import { renderFieldVerdict, renderVerdict } from './shared/diagnostics.js';
import { byId } from './shared/dom.js';
// The Commands section: the same module as the page's, on the same markup; its wasm module also
// checks the compute name, so the popup loads one module.
import { validate, validateComputeName } from './shared/generate.js';
import { LINK_PARAMETER, encodeState } from './shared/state.js';
import { HINT_SETTING } from './messages.js';
import { followTabs, inPanel, openPanel, takeHandover } from './panel.js';
import { setUpExtensionStep } from './popup-extension.js';

/** @param {string} id */
const input = (id) => byId(id, HTMLInputElement);

const name = input('compute-name');
const cluster = input('cluster-id');
const namespace = input('namespace');
const identityType = byId('identity-type', HTMLSelectElement);
const identityId = input('identity-id');
const workspace = { subscription: input('workspace-subscription'), group: input('workspace-group'), name: input('workspace-name') };
const specBox = byId('generate-spec', HTMLTextAreaElement);
/**
 * Each field of the compute and of the workspace, under the `data-path` of the page's v2 field
 * for it: the popup's part of the page form's state (shared/state.js), both ways.
 * @type {readonly [string, HTMLInputElement | HTMLSelectElement][]}
 */
const STATE_FIELDS = [
  ['name', name],
  ['resource_id', cluster],
  ['namespace', namespace],
  ['identity.type', identityType],
  ['identity.user_assigned_identities', identityId],
  ['context.workspace.subscription_id', workspace.subscription],
  ['context.workspace.resource_group', workspace.group],
  ['context.workspace.name', workspace.name],
];
// The Azure ML extension on the same cluster, between the compute's fields and its commands.
const extensionStep = setUpExtensionStep({ cluster });

/**
 * How long ago, in words.
 * @param {string} iso
 */
function ago(iso) {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60000);
  if (!(minutes >= 1)) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** The spec the fields describe, as YAML (strings written as JSON strings, which YAML reads). */
function specText() {
  const q = JSON.stringify;
  const lines = [`name: ${q(name.value.trim())}`, 'type: kubernetes', `resource_id: ${q(cluster.value.trim())}`];
  if (namespace.value.trim() !== '') lines.push(`namespace: ${q(namespace.value.trim())}`);
  if (identityType.value === 'system_assigned') lines.push('identity:', '  type: system_assigned');
  if (identityType.value === 'user_assigned') {
    lines.push('identity:', '  type: user_assigned', '  user_assigned_identities:', `    - resource_id: ${q(identityId.value.trim())}`);
  }
  return `${lines.join('\n')}\n`;
}

function update() {
  renderVerdict(name, byId('compute-name-verdict'), name.value === '' ? null : validateComputeName(name.value), 'Valid compute name');
  byId('identity-id-field').hidden = identityType.value !== 'user_assigned';
  const ws = { subscription_id: workspace.subscription.value.trim(), resource_group: workspace.group.value.trim(), name: workspace.name.value.trim() };
  const context = Object.values(ws).some((v) => v !== '') ? { workspace: Object.fromEntries(Object.entries(ws).filter(([, v]) => v !== '')) } : null;
  specBox.dataset.context = context === null ? '' : JSON.stringify(context);
  specBox.value = specText();
  showAtFields(specBox.value, context);
  extensionStep.follow();
  // The Commands section follows the popup's fields (generate.js: `data-source`).
  specBox.dataset.source = 'form';
  specBox.dispatchEvent(new Event('input'));
}

/**
 * Each problem of the spec next to the field it is about (its `data-path`, or a path under it),
 * not only in the Commands section below. The compute name has its own check; a value still
 * missing is said by the Commands section.
 * @param {string} spec
 * @param {object | null} context
 */
function showAtFields(spec, context) {
  /** @type {import('./shared/amlattach.js').Diagnostic[]} */
  let diagnostics;
  try {
    diagnostics = validate(spec, context).diagnostics.filter((d) => d.code !== 'required' && !d.code.endsWith('-required'));
  } catch {
    diagnostics = [];
  }
  const fields = /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (document.querySelectorAll('#popup-form :is(input, select)[data-path]'));
  for (const field of fields) {
    const path = field.dataset.path ?? '';
    // An empty field waits (the Commands section says what is missing), as on the page.
    const own = field.value.trim() === '' ? [] : diagnostics.filter((d) => d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`));
    renderFieldVerdict(field, byId(`${field.id}-verdict`), own.length > 0 ? own : null);
  }
}

/** Fills the fields from what the extension last saw on the portal or the studio. */
async function prefill() {
  /** @type {import('./messages.js').Remembered} */
  const seen = await chrome.storage.local.get(['lastCluster', 'lastWorkspace', 'lastTenant']);
  const parts = [];
  if (seen.lastCluster) {
    cluster.value = seen.lastCluster.id;
    parts.push(`cluster ${seen.lastCluster.id.split('/').pop()} (seen ${ago(seen.lastCluster.seenAt)})`);
  }
  if (seen.lastWorkspace) {
    fillWorkspace(seen.lastWorkspace);
    parts.push(`workspace ${seen.lastWorkspace.name} (seen ${ago(seen.lastWorkspace.seenAt)})`);
  }
  byId('popup-context').textContent =
    parts.length > 0
      ? `From the Azure portal or ML studio: ${parts.join(' and ')}.`
      : 'Nothing detected yet: open a cluster or a workspace in the Azure portal or the Azure ML studio, or type the ids below.';
}

/** @param {NonNullable<import('./messages.js').TabContext['workspace']>} ws */
function fillWorkspace(ws) {
  workspace.subscription.value = ws.subscription_id;
  workspace.group.value = ws.resource_group;
  workspace.name.value = ws.name;
}

/**
 * The side panel follows the tab in view: the cluster and the workspace the tab shows replace
 * the fields' (the rest of the form stays as the user left it); a tab that shows neither leaves
 * them, and the line above the fields says which it is.
 * @param {import('./messages.js').TabContext | null} shown
 */
function followTab(shown) {
  const parts = [];
  if (shown?.cluster) {
    cluster.value = shown.cluster;
    parts.push(`cluster ${shown.cluster.split('/').pop()}`);
  }
  if (shown?.workspace) {
    fillWorkspace(shown.workspace);
    parts.push(`workspace ${shown.workspace.name}`);
  }
  byId('popup-context').textContent =
    parts.length > 0
      ? `Following this tab: ${parts.join(' and ')}.`
      : 'This tab shows no cluster or workspace of the Azure portal or ML studio: the fields keep what they have.';
  update();
}

for (const control of [name, cluster, namespace, identityType, identityId, ...Object.values(workspace)]) {
  control.addEventListener('input', update);
}
byId('popup-form').addEventListener('submit', (event) => event.preventDefault());
/**
 * The popup's fields as the page form's state (shared/state.js): each value under the
 * `data-path` of the page's v2 field for it, empty ones left out (the identity's id only for a
 * user-assigned identity), and the extension step's values as the page's extension form keeps
 * them (`extension.config.enableTraining`: `'true'`).
 * @returns {import('./shared/state.js').FormState}
 */
function popupState() {
  const userAssigned = identityType.value === 'user_assigned';
  const compute = Object.fromEntries(
    STATE_FIELDS.filter(([path]) => userAssigned || path !== 'identity.user_assigned_identities')
      .map(([path, control]) => [path, control.value.trim()])
      .filter(([, value]) => value !== ''),
  );
  return { mode: 'v2', values: { ...compute, ...extensionStep.values() } };
}

/**
 * Fills the fields from a form state (the popup's, handed to the side panel): the inverse of
 * `popupState`. A value that is not a string is not the popup's and is left out.
 * @param {import('./shared/state.js').FormState} state
 */
function applyState(state) {
  for (const [path, control] of STATE_FIELDS) {
    const value = state.values[path];
    control.value = typeof value === 'string' ? value : '';
  }
  extensionStep.restore(state.values);
}

/**
 * The whole page, packaged in the extension, in a tab at `task`, starting from the popup's
 * whole state: the same `?s=` a share link carries.
 * @param {'attach' | 'explain'} task
 */
function openAssistant(task) {
  const query = new URLSearchParams({ [LINK_PARAMETER]: encodeState(popupState()) });
  void chrome.tabs.create({ url: chrome.runtime.getURL(`app/index.html?${query}#${task}`) });
}
byId('open-assistant').addEventListener('click', () => openAssistant('attach'));
// The troubleshooter: paste what a failed attach said; its fix commands name this cluster.
byId('open-troubleshooter').addEventListener('click', () => openAssistant('explain'));
const panel = inPanel();
document.body.classList.toggle('panel', panel);
byId('open-panel').hidden = panel;
// From the popup: the same form, kept open beside the page in the side panel.
byId('open-panel').addEventListener('click', () => {
  openPanel(popupState()).catch((error) => {
    byId('popup-context').textContent = `The side panel did not open: ${String(error).slice(0, 200)}`;
  });
});
// The in-portal name check, on unless the user turns it off (content.js follows at once).
const showHint = byId('show-name-hint', HTMLInputElement);
showHint.checked = (await chrome.storage.local.get(HINT_SETTING))[HINT_SETTING] !== false;
showHint.addEventListener('change', () => void chrome.storage.local.set({ [HINT_SETTING]: showHint.checked }));
const handedOver = panel ? await takeHandover() : null;
if (handedOver !== null) applyState(handedOver);
else await prefill();
update();
if (panel) {
  // The tab in view when the panel opens: what the popup handed over stands (the user may have
  // typed other ids), as does what was last seen when this tab shows nothing. From then on the
  // fields follow each tab and address.
  let first = true;
  await followTabs((shown) => {
    const opening = first;
    first = false;
    if (opening && handedOver !== null) {
      byId('popup-context').textContent = 'Carried over from the popup. From here on, the cluster and workspace follow the tab in view.';
    } else if (!(opening && shown === null)) {
      followTab(shown);
    }
  });
}
document.documentElement.dataset.ready = 'true';
