// @ts-check
/**
 * The extension's side panel, in a real Chromium, beside the Azure portal and the ML studio
 * served locally under their real names (tests/support/portal-hosts.mjs): the popup's "Keep
 * beside the page" opens it with the popup's whole form; from then on its cluster and workspace
 * follow the tab in view — another tab made active, another address in the same tab — while the
 * rest of the form stays as the user left it, and its commands follow; a tab that shows neither
 * leaves the fields; a closed tab is forgotten.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startPortalHosts } from '../support/portal-hosts.mjs';
import { AXE_RUN, axeSource, launchWithExtension, recordProblems } from './browser.mjs';
import { attachSidePanel } from './side-panel.mjs';

const SUB = '5d4c3b2a-1908-4f7e-8d6c-5b4a39281706';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg-train/providers/Microsoft.ContainerService/managedClusters/aks-train`;
const ARC = `/subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;
const WS = { subscription: SUB, group: 'rg-ml', name: 'mlw-panel' };
const WS_ID = `/subscriptions/${WS.subscription}/resourceGroups/${WS.group}/providers/Microsoft.MachineLearningServices/workspaces/${WS.name}`;

/** @type {Awaited<ReturnType<typeof startPortalHosts>>} */
let portal;
/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let extension;
/** @type {import('playwright-core').Page} */
let portalTab;
/** @type {import('./side-panel.mjs').SidePanel} */
let panel;

/** The panel's fields and its line about where they come from. */
const FORM = `(() => ({
  name: document.getElementById('compute-name').value,
  cluster: document.getElementById('cluster-id').value,
  namespace: document.getElementById('namespace').value,
  workspace: document.getElementById('workspace-name').value,
  inference: document.getElementById('ext-enableInference').checked,
  router: document.getElementById('ext-inferenceRouterServiceType').value,
  context: document.getElementById('popup-context').textContent,
  commands: document.getElementById('generate-code')?.textContent ?? '',
}))()`;

/** @typedef {{ name: string, cluster: string, namespace: string, workspace: string, inference: boolean, router: string, context: string, commands: string }} PanelForm */

/**
 * The panel's form once `ok` holds.
 * @param {(form: PanelForm) => boolean} ok
 * @param {string} what
 * @returns {Promise<PanelForm>}
 */
const panelForm = (ok, what) => panel.waitFor(FORM, ok, what);

/** What the worker keeps in the session area. */
async function session() {
  const worker = extension.context.serviceWorkers()[0] ?? (await extension.context.waitForEvent('serviceworker'));
  return /** @type {Record<string, any>} */ (await worker.evaluate(() => chrome.storage.session.get(null)));
}

before(async () => {
  portal = await startPortalHosts({ pages: {} });
  extension = await launchWithExtension(portal.chromiumArgs);
  portalTab = await extension.context.newPage();
  await portalTab.goto(`https://portal.azure.com/#@contoso.onmicrosoft.com/resource${AKS}/overview`);
  // The popup, in a tab of the same window (an action popup cannot be opened from a test): the
  // cluster last seen is filled in; the user adds a name, a namespace and inference.
  const popup = await extension.context.newPage();
  const popupProblems = recordProblems(popup);
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  assert.equal(await popup.getByLabel('Cluster resource id').inputValue(), AKS);
  assert.equal(await popup.locator('#open-panel').isVisible(), true);
  await popup.getByLabel('Compute name').fill('k8s-panel');
  await popup.getByLabel('Kubernetes namespace').fill('team-a');
  await popup.getByLabel('Inference endpoints').check();
  await popup.getByLabel('Router service type').selectOption('loadBalancer');
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: 'Side panel' }).click();
  // The popup hands over and closes itself, as an action popup would.
  await closed;
  assert.deepEqual(popupProblems, []);
  panel = await attachSidePanel(extension.context, portalTab, 'popup.html?view=panel');
  await panel.waitFor(`document.documentElement.dataset.ready`, (ready) => ready === 'true', 'ready');
});

after(async () => {
  await extension?.close();
  await portal?.close();
});

test('the popup opens the side panel with its whole form, and the handover is taken once', async () => {
  const form = await panelForm((f) => f.name === 'k8s-panel', 'the handed-over name');
  assert.equal(form.namespace, 'team-a');
  assert.equal(form.cluster, AKS);
  assert.equal(form.inference, true);
  assert.equal(form.router, 'loadBalancer');
  // The panel is Chromium's side panel, not a tab.
  const worker = extension.context.serviceWorkers()[0];
  const contexts = await worker.evaluate(() => chrome.runtime.getContexts({}).then((all) => all.map((c) => [c.contextType, c.documentUrl ?? ''])));
  assert.ok(contexts.some(([type, url]) => type === 'SIDE_PANEL' && url.endsWith('/popup.html?view=panel')), JSON.stringify(contexts));
  // Taken: nothing is left for another panel to start from.
  assert.equal((await session()).handover, undefined);
  // In the panel the button that opens it is not offered.
  assert.equal(await panel.evaluate(`document.getElementById('open-panel').hidden`), true);
  await panelForm((f) => f.commands.includes('az ml compute attach') && f.commands.includes('aks-train'), 'the commands for the handed-over form');
});

test('the panel follows the address of the tab in view: a studio workspace, then an Arc cluster', async () => {
  await portalTab.bringToFront();
  await portalTab.goto(`https://ml.azure.com/compute/list?wsid=${encodeURIComponent(WS_ID)}`);
  let form = await panelForm((f) => f.workspace === WS.name, 'the studio workspace');
  assert.match(form.context, /^Following this tab: workspace mlw-panel\.$/);
  // The tab shows no cluster: the cluster stays; the user's own values stay.
  assert.equal(form.cluster, AKS);
  assert.equal(form.name, 'k8s-panel');
  assert.equal(form.namespace, 'team-a');

  await portalTab.goto(`https://portal.azure.com/#@contoso.onmicrosoft.com/resource${ARC}/overview`);
  form = await panelForm((f) => f.cluster === ARC, 'the Arc cluster');
  assert.equal(form.workspace, WS.name);
  assert.equal(form.inference, true);
  await panelForm((f) => f.commands.includes('arc-edge'), 'the commands for the Arc cluster');
});

test('the panel follows the tab made active, and a tab that shows nothing leaves the fields', async () => {
  const other = await extension.context.newPage();
  await other.goto(`https://portal.azure.com/#@contoso.onmicrosoft.com/resource${AKS}/overview`);
  await other.bringToFront();
  await panelForm((f) => f.cluster === AKS, 'the cluster of the other tab');

  await portalTab.bringToFront();
  await panelForm((f) => f.cluster === ARC, 'the first tab’s cluster again');

  // A page the content script does not run on: nothing is known of it, the fields stay.
  const blank = await extension.context.newPage();
  await blank.bringToFront();
  const form = await panelForm((f) => f.context.startsWith('This tab shows no cluster or workspace'), 'the tab that shows nothing');
  assert.equal(form.cluster, ARC);
  assert.equal(form.workspace, WS.name);

  // A closed tab is forgotten.
  const before = Object.keys(await session()).filter((key) => key.startsWith('tab.'));
  assert.equal(before.length, 2, JSON.stringify(before));
  await other.close();
  for (let i = 0; i < 50 && Object.keys(await session()).filter((key) => key.startsWith('tab.')).length !== 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(Object.keys(await session()).filter((key) => key.startsWith('tab.')).length, 1);
  await blank.close();
});

test('the panel has no axe violations (WCAG 2.x A and AA), fits its width and ran without an error', async () => {
  await panel.evaluate(await axeSource());
  assert.deepEqual(await panel.evaluate(AXE_RUN), []);
  const { width, scroll } = await panel.evaluate(`({ width: innerWidth, scroll: document.documentElement.scrollWidth })`);
  assert.ok(scroll <= width, `the panel scrolls sideways: ${scroll} > ${width}`);
  const png = await panel.screenshot();
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual(panel.problems, []);
});
