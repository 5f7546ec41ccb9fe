// @ts-check
/**
 * The extension on the Azure portal and the ML studio, served locally under their real names
 * (tests/support/portal-hosts.mjs): the content script reports the address, the worker reads the
 * cluster or workspace in it exactly (mixed-case provider segments, percent-encoded ids) and
 * remembers it, the popup fills them in and generates commands for them; the in-portal hint
 * shows the name verdict next to a Kubernetes attach form's compute-name field and leaves
 * cleanly with the form; a stopped worker is started again by the next message.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { htmlPage, startPortalHosts } from '../support/portal-hosts.mjs';
import { ROOT, launchWithExtension, recordProblems } from './browser.mjs';

const SUB = '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
const AKS = `/subscriptions/${SUB}/resourceGroups/rg-(aks).prod/providers/Microsoft.ContainerService/managedClusters/aks-prod_01`;
const WS = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod`;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A stand-in for the studio's "attach Kubernetes compute" panel: a labelled compute-name field. */
const ATTACH_FORM = htmlPage({
  title: 'Attach Kubernetes compute (stand-in)',
  body: `<main><form id="attach" aria-label="Attach Kubernetes compute">
    <h2>Attach Kubernetes compute</h2>
    <label for="name">Compute name</label><input id="name" type="text">
    <label for="cluster">Kubernetes cluster</label><input id="cluster" type="text">
  </form></main>`,
});

/** @type {Awaited<ReturnType<typeof startPortalHosts>>} */
let portal;
/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let extension;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  portal = await startPortalHosts({ pages: { '/compute/attach': ATTACH_FORM } });
  extension = await launchWithExtension(portal.chromiumArgs);
  page = await extension.context.newPage();
});

after(async () => {
  await extension?.close();
  await portal?.close();
});

/** What the extension remembers, read in its worker. */
async function remembered() {
  /** @type {Record<string, any>} */
  const worker = extension.context.serviceWorkers()[0] ?? (await extension.context.waitForEvent('serviceworker'));
  const stored = await worker.evaluate(() => chrome.storage.local.get(null));
  return stored;
}

/**
 * Waits until the extension remembers something that passes `ok`.
 * @param {(stored: Record<string, any>) => boolean} ok
 */
async function waitForMemory(ok) {
  for (let i = 0; i < 100; i++) {
    const stored = await remembered();
    if (ok(stored)) return stored;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never remembered: ${JSON.stringify(await remembered())}`);
}

test('a portal cluster page is read exactly, whatever the casing and encoding of its address', async () => {
  // The portal's own address shapes: a resource blade with lower-cased segments, and a view blade
  // with the id percent-encoded.
  const lowered = AKS.replace('resourceGroups', 'resourcegroups').replace('Microsoft.ContainerService/managedClusters', 'microsoft.containerservice/MANAGEDCLUSTERS');
  await page.goto(`https://portal.azure.com/#@contoso.onmicrosoft.com/resource${lowered.replace('(', '%28').replace(')', '%29')}/overview`);
  let stored = await waitForMemory((s) => s.lastCluster !== undefined);
  assert.equal(stored.lastCluster.id, AKS);
  assert.equal(stored.lastTenant, 'contoso.onmicrosoft.com');

  await extension.context.serviceWorkers()[0]?.evaluate(() => chrome.storage.local.clear());
  await page.goto(`https://portal.azure.com/#view/Microsoft_Azure_ContainerService/AksK8ResourceMenuBlade/~/overview/resourceId/${encodeURIComponent(AKS)}`);
  stored = await waitForMemory((s) => s.lastCluster !== undefined);
  assert.equal(stored.lastCluster.id, AKS);
});

test('a studio page gives the workspace from wsid, and a pushState navigation is followed', async () => {
  await page.goto(`https://ml.azure.com/compute/list?wsid=${encodeURIComponent(WS)}&tid=${TENANT}`);
  const stored = await waitForMemory((s) => s.lastWorkspace?.name === 'mlw-prod');
  assert.deepEqual(
    { id: stored.lastWorkspace.id, subscription_id: stored.lastWorkspace.subscription_id, resource_group: stored.lastWorkspace.resource_group },
    { id: WS, subscription_id: SUB, resource_group: 'rg-ml' },
  );
  assert.equal(stored.lastTenant, TENANT);
  // The studio moves between pages without loading one: the content script notices.
  const other = WS.replace('mlw-prod', 'mlw-dev');
  await page.evaluate((wsid) => history.pushState(null, '', `/compute/list?wsid=${wsid}`), other);
  await waitForMemory((s) => s.lastWorkspace?.name === 'mlw-dev');
});

test('the popup fills in what was seen and generates the commands for it', async () => {
  const popup = await extension.context.newPage();
  const problems = recordProblems(popup);
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  assert.match((await popup.locator('#popup-context').textContent()) ?? '', /cluster aks-prod_01 .* and workspace mlw-dev/);
  assert.equal(await popup.getByLabel('Cluster resource id').inputValue(), AKS);
  assert.equal(await popup.getByLabel('Workspace name').inputValue(), 'mlw-dev');
  await popup.getByLabel('Compute name').fill('k8s-team-a');
  await popup.getByLabel('Kubernetes namespace').fill('team-a');
  await popup.getByLabel('Compute identity').selectOption('system_assigned');
  const code = popup.locator('#generate-code', { hasText: 'az ml compute attach' });
  await code.waitFor();
  const text = await code.innerText();
  assert.match(text, /--workspace-name mlw-dev/);
  assert.match(text, /--resource-group rg-ml/);
  assert.match(text, /--namespace team-a/);
  assert.match(text, /--identity-type SystemAssigned/);
  assert.ok(text.includes(AKS) || text.includes(`'${AKS}'`), text);
  assert.deepEqual(problems, []);

  // The full assistant opens in a tab with the same cluster and workspace.
  const [tab] = await Promise.all([extension.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open the full assistant' }).click()]);
  await tab.locator('html[data-ready="true"]').waitFor();
  assert.match(tab.url(), new RegExp(`^chrome-extension://${extension.extensionId}/app/index\\.html\\?`));
  assert.equal(await tab.locator('#v2-resource-id').inputValue(), AKS);
  assert.equal(await tab.locator('#workspace-name').inputValue(), 'mlw-dev');
  assert.equal(await tab.locator('#workspace-resource-group').inputValue(), 'rg-ml');
  assert.equal(await tab.locator('body').getAttribute('data-task'), 'attach');
  await tab.close();

  // "Something failed?" opens the troubleshooter there, its fix commands for the same cluster.
  const [help] = await Promise.all([extension.context.waitForEvent('page'), popup.getByRole('button', { name: 'Something failed?' }).click()]);
  await help.locator('html[data-tools-ready="true"]').waitFor();
  assert.equal(await help.locator('body').getAttribute('data-task'), 'explain');
  // github.com/Azure/AML-Kubernetes/issues/261
  await help
    .getByLabel('What the failure said')
    .fill('azure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.');
  const card = help.locator('#explain-result .explained[data-id="local-accounts-disabled"]');
  await card.waitFor();
  assert.match(await card.innerText(), /workspaces\/mlw-dev/);
  await help.close();
  await popup.close();
});

test('with nothing seen, the popup says so and lets the user type', async () => {
  await extension.context.serviceWorkers()[0]?.evaluate(() => chrome.storage.local.clear());
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  assert.match((await popup.locator('#popup-context').textContent()) ?? '', /^Nothing detected yet/);
  assert.equal(await popup.getByLabel('Cluster resource id').inputValue(), '');
  await popup.close();
});

test('the in-portal hint checks the compute name next to the attach form and leaves with it', async () => {
  await page.goto(`https://ml.azure.com/compute/attach?wsid=${encodeURIComponent(WS)}`);
  const hint = page.locator('amlattach-hint');
  await hint.waitFor({ state: 'attached' });
  const field = page.getByLabel('Compute name');
  await field.fill('1bad');
  // Playwright's locators reach into the panel's (open) shadow root; it is a live status region.
  const status = hint.getByRole('status');
  await status.filter({ hasText: /must start with a letter/ }).waitFor();
  await field.fill('k8s-good');
  await status.filter({ hasText: 'valid compute name' }).waitFor();
  // The form closes: the panel goes with it, and nothing is left behind.
  await page.evaluate(() => document.getElementById('attach')?.remove());
  await hint.waitFor({ state: 'detached' });
  assert.equal(await page.locator('amlattach-hint').count(), 0);
});

test('the user turns the in-portal hint off in the popup, and on again; the page follows at once', async () => {
  await page.goto(`https://ml.azure.com/compute/attach?wsid=${encodeURIComponent(WS)}`);
  const hint = page.locator('amlattach-hint');
  await hint.waitFor({ state: 'attached' });
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  const toggle = popup.getByLabel("Name check beside the studio's attach form");
  assert.equal(await toggle.isChecked(), true);
  await toggle.uncheck();
  await hint.waitFor({ state: 'detached' });
  // Off it stays, as the studio's forms come and go and across pages.
  await page.reload();
  await page.getByLabel('Compute name').waitFor();
  await page.waitForTimeout(600);
  assert.equal(await page.locator('amlattach-hint').count(), 0);
  // The popup opened again shows the choice; turned on, the hint is back without a reload.
  await popup.reload();
  await popup.locator('html[data-ready="true"]').waitFor();
  assert.equal(await toggle.isChecked(), false);
  await toggle.check();
  await hint.waitFor({ state: 'attached' });
  await popup.close();
});

test('no hint on a page without an attach form', async () => {
  await page.goto('https://ml.azure.com/compute/list');
  await page.waitForTimeout(600); // longer than the content script's 250 ms look-again delay
  assert.equal(await page.locator('amlattach-hint').count(), 0);
});

test('the packaged zip holds the extension only, at the crate version', async () => {
  const zip = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const names = execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' }).trim().split('\n');
  for (const needed of ['manifest.json', 'popup.html', 'popup.js', 'content.js', 'service-worker.js', 'pkg/amlattach_bg.wasm', 'app/index.html', 'app/pkg/amlattach_bg.wasm']) {
    assert.ok(names.includes(needed), `${needed} is missing`);
  }
  assert.deepEqual(names.filter((n) => n.endsWith('.d.ts') || n.endsWith('README.md') || n.includes('node_modules')), []);
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.ok(zip.endsWith(`amlattach-extension-${/^version = "([^"]+)"/m.exec(cargo)?.[1]}.zip`), zip);
});

test('a stopped service worker starts again on the next message', async () => {
  const cdp = await extension.context.newCDPSession(await extension.context.newPage());
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extension.extensionId));
  assert.ok(worker, 'the worker is running');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await page.goto(`https://portal.azure.com/#@x/resource${AKS.replace('aks-prod_01', 'aks-after-restart')}/overview`);
  const stored = await waitForMemory((s) => s.lastCluster?.id?.endsWith('/aks-after-restart'));
  assert.equal(stored.lastCluster.id, AKS.replace('aks-prod_01', 'aks-after-restart'));

  // Stopped again: the popup still fills in what was seen and writes the commands.
  const again = (await cdp.send('Target.getTargets')).targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(extension.extensionId));
  if (again) await cdp.send('Target.closeTarget', { targetId: again.targetId });
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  assert.equal(await popup.getByLabel('Cluster resource id').inputValue(), stored.lastCluster.id);
  await popup.getByLabel('Compute name').fill('k8s-after');
  await popup.locator('#generate-code', { hasText: 'az ml compute attach' }).waitFor();
  // And the in-portal hint, which needs the worker, wakes it up.
  await page.goto(`https://ml.azure.com/compute/attach?wsid=${encodeURIComponent(WS)}`);
  await page.getByLabel('Compute name').fill('9no');
  await page.locator('amlattach-hint').getByRole('status').filter({ hasText: /must start with a letter/ }).waitFor();
  await popup.close();
});
