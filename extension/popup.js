// @ts-check
/**
 * The action popup: the cluster and workspace last seen on the portal or the studio are filled
 * in; the user picks a compute name, namespace and identity and gets the validated commands,
 * offline, with the wasm module loaded in the popup itself (an extension page, so the
 * extension's CSP allows it). It says plainly when nothing was detected. Between the fields and
 * the commands, the Azure ML extension the attach needs on that cluster (popup-extension.js).
 * @module
 */
import { renderFieldVerdict, renderVerdict } from './shared/diagnostics.js';
import { byId } from './shared/dom.js';
// The Commands section: the same module as the page's, on the same markup; its wasm module also
// checks the compute name, so the popup loads one module.
import { validate, validateComputeName } from './shared/generate.js';
import { LINK_PARAMETER, encodeState } from './shared/state.js';
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
    workspace.subscription.value = seen.lastWorkspace.subscription_id;
    workspace.group.value = seen.lastWorkspace.resource_group;
    workspace.name.value = seen.lastWorkspace.name;
    parts.push(`workspace ${seen.lastWorkspace.name} (seen ${ago(seen.lastWorkspace.seenAt)})`);
  }
  byId('popup-context').textContent =
    parts.length > 0
      ? `From the Azure portal or ML studio: ${parts.join(' and ')}.`
      : 'Nothing detected yet: open a cluster or a workspace in the Azure portal or the Azure ML studio, or type the ids below.';
}

for (const control of [name, cluster, namespace, identityType, identityId, ...Object.values(workspace)]) {
  control.addEventListener('input', update);
}
byId('popup-form').addEventListener('submit', (event) => event.preventDefault());
/**
 * The popup's fields as the page form's state (shared/state.js): each value under the
 * `data-path` of the page's v2 field for it, empty ones left out, and the extension step's
 * values as the page's extension form keeps them (`extension.config.enableTraining`: `'true'`).
 * @returns {import('./shared/state.js').FormState}
 */
function popupState() {
  /** @type {[string, string][]} */
  const entries = [
    ['name', name.value],
    ['resource_id', cluster.value],
    ['namespace', namespace.value],
    ['identity.type', identityType.value],
    ['identity.user_assigned_identities', identityType.value === 'user_assigned' ? identityId.value : ''],
    ['context.workspace.subscription_id', workspace.subscription.value],
    ['context.workspace.resource_group', workspace.group.value],
    ['context.workspace.name', workspace.name.value],
  ];
  const compute = Object.fromEntries(entries.map(([path, value]) => [path, value.trim()]).filter(([, value]) => value !== ''));
  return { mode: 'v2', values: { ...compute, ...extensionStep.values() } };
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
await prefill();
update();
document.documentElement.dataset.ready = 'true';
