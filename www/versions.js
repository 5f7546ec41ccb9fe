// @ts-check
/**
 * The versions section: paste `az aks get-versions` output (table or JSON, old or new), see the
 * versions newest first with the default highlighted, the support window as a strip of minors,
 * and the upgrade path of a chosen version.
 * @module
 */
import { liveFacts, onLiveFacts } from './live-state.js';
import { renderReport } from './shared/diagnostics.js';
import { byId, element } from './shared/dom.js';
import { load } from './shared/wasm.js';

/** @typedef {import('./pkg/amlattach_versions.js').VersionList} VersionList */

// Its own wasm module, so the checker's first verdict never waits for it.
const { checkVersion, parseVersions } = await load('versions');

const input = byId('versions-input', HTMLTextAreaElement);
const wanted = byId('versions-check', HTMLInputElement);
const plan = byId('versions-plan', HTMLSelectElement);
const verdict = byId('versions-verdict');
const checkVerdict = byId('versions-check-verdict');
const result = byId('versions-result');

/** @type {VersionList | null} */
let list = null;

function parse() {
  if (input.value.trim() === '') {
    list = null;
    result.hidden = true;
    renderReport(verdict, null, '');
  } else {
    const parsed = parseVersions(input.value);
    list = parsed.list;
    renderReport(verdict, parsed, list === null ? '' : `${list.versions.length} versions read`);
    if (list !== null) render(list);
    result.hidden = list === null;
  }
  check();
}

/** @param {VersionList} versions */
function render(versions) {
  const strip = byId('versions-window');
  strip.replaceChildren();
  // Oldest on the left, like a timeline.
  for (const minor of [...versions.minors].reverse()) {
    const kind = minor.isPreview ? 'preview' : minor.inWindow ? 'ga' : minor.isLts ? 'lts' : 'old';
    const box = element('span', minor.minor);
    box.className = 'minor';
    box.dataset.kind = kind;
    if (minor.isDefault) box.dataset.default = 'true';
    box.title = `${minor.minor}: ${{ preview: 'preview, no SLA', ga: 'GA, supported', lts: 'long-term support only', old: 'out of support' }[kind]}${minor.isDefault ? ', default' : ''}; ${minor.patches.length} patch versions`;
    strip.append(box);
  }
  const rows = byId('versions-rows');
  rows.replaceChildren();
  for (const v of versions.versions) {
    const row = element('tr');
    if (v.isDefault) row.dataset.default = 'true';
    const upgrades = v.upgrades.map((u) => u.version + (u.isPreview ? ' (preview)' : '')).join(', ');
    for (const text of [v.version + (v.isDefault ? ' (default)' : ''), v.isPreview ? 'preview' : 'GA', upgrades || 'none', v.supportPlan.join(', ')]) {
      row.append(element('td', text));
    }
    rows.append(row);
  }
  byId('versions-summary').textContent =
    `Default: ${versions.defaultVersion ?? 'not marked in this output'}. Supported GA minors (N-2): ${versions.supportedMinors.join(', ') || 'none'}.` +
    (versions.current ? ` Cluster version: ${versions.current}.` : '');
}

function check() {
  const path = byId('versions-path');
  path.replaceChildren();
  if (list === null || wanted.value.trim() === '') {
    renderReport(checkVerdict, null, '');
    return;
  }
  const cluster = liveFacts()?.cluster;
  const answer = checkVersion(list, wanted.value, {
    ...(plan.value === '' ? {} : { supportPlan: plan.value }),
    ...(cluster?.tier ? { tier: cluster.tier } : {}),
  });
  renderReport(checkVerdict, answer, `${answer.version} ${answer.supported ? 'can be attached' : 'is not supported on this cluster'}`);
  for (const step of answer.upgrades) {
    const item = element('li', step.version + (step.isPreview ? ' (preview)' : '') + (step.crossesBlobfuse ? ' — crosses blobfuse → Blob CSI: redeploy v1 web services' : ''));
    if (step.crossesBlobfuse) item.dataset.blobfuse = 'true';
    path.append(item);
  }
}

input.addEventListener('input', parse);
wanted.addEventListener('input', check);
plan.addEventListener('change', check);
// The pre-flight's facts bring the cluster's plan (and tier) and its version.
onLiveFacts(() => {
  const cluster = liveFacts()?.cluster;
  if (cluster?.support_plan && [...plan.options].some((o) => o.value === cluster.support_plan)) plan.value = cluster.support_plan;
  if (cluster?.kubernetes_version && wanted.value.trim() === '') wanted.value = cluster.kubernetes_version;
  check();
});
input.disabled = false;
byId('versions-section').hidden = false;
parse();
