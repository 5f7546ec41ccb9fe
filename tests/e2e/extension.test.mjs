// @ts-check
/**
 * The unpacked extension in a real Chromium: its popup checks names, its service worker answers
 * the messages content scripts will send, and its Azure ML extension step checks the extension
 * for the cluster last seen, writes its install command and hands its values to the full
 * assistant's extension form.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { LINK_PARAMETER, decodeState } from '../../www/shared/state.js';
import { EXTENSION_DIR, ROOT, axeViolations, launchWithExtension, recordProblems } from './browser.mjs';

const require = createRequire(import.meta.url);
/** The same core, built for Node: what the popup's answers are compared with. */
/** @type {typeof import('../../target/wasm-bindgen/node/amlattach.js')} */
const amlattach = require(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));

const SUB = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-ml`;
const ARC_ID = `/subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;

/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let browser;
/** @type {import('playwright-core').Page} */
let popup;
/** @type {string[]} */
let consoleProblems = [];

before(async () => {
  browser = await launchWithExtension();
  popup = await browser.context.newPage();
  consoleProblems = recordProblems(popup);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
});

test('the popup shows an error for a bad name and accepts a good one', async () => {
  const field = popup.getByLabel('Compute name');
  const verdict = popup.locator('#compute-name-verdict');
  await field.fill('1abc');
  await verdict.locator('[data-code="name-first-char"]').waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'error');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');

  await field.fill('myaks');
  await verdict.locator('text=valid compute name').waitFor();
  assert.equal(await verdict.getAttribute('data-state'), 'ok');
});

test('the service worker validates names sent to it as messages', async () => {
  /** @param {unknown} message */
  const send = (message) => popup.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const bad = await send({ type: 'validate-name', name: 'a_b' });
  assert.equal(bad.ok, true);
  assert.equal(bad.report.ok, false);
  assert.deepEqual(bad.report.diagnostics.map((/** @type {{code: string}} */ d) => d.code), ['name-invalid-char']);
  const good = await send({ type: 'validate-name', name: 'myaks' });
  assert.deepEqual(good.report, { ok: true, diagnostics: [] });
});

test('the popup generates the commands for a spec, tab per target', async () => {
  const section = popup.locator('#generate');
  await section.locator('[data-ready="true"]').or(popup.locator('#generate[data-ready="true"]')).first().waitFor();
  await popup.locator('#generate-spec').fill(
    'name: k8s\ntype: kubernetes\nresource_id: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks\nidentity: {type: system_assigned}\n',
  );
  await popup.locator('#generate-code', { hasText: 'az ml compute attach' }).waitFor();
  const text = await popup.locator('#generate-code').innerText();
  assert.match(text, /--identity-type SystemAssigned/);
  assert.equal(await popup.locator('#generate-copy').isDisabled(), false);
});

/**
 * A new popup, after the extension has seen `clusterId` on the portal (what the service worker
 * keeps), so the popup fills it in.
 * @param {string} clusterId
 */
async function popupFor(clusterId) {
  await popup.evaluate((id) => chrome.storage.local.set({ lastCluster: { id, seenAt: new Date().toISOString() } }), clusterId);
  const page = await browser.context.newPage();
  const problems = recordProblems(page);
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await page.locator('html[data-ready="true"]').waitFor();
  assert.equal(await page.getByLabel('Cluster resource id').inputValue(), clusterId);
  return { page, problems };
}

/**
 * The install command the step shows.
 * @param {import('playwright-core').Page} page
 */
const installText = (page) => page.locator('#extension-commands pre code').evaluate((code) => code.textContent ?? '');

/**
 * The core's row of the extension's settings table for `key`.
 * @param {string} key
 */
function settingOf(key) {
  const setting = amlattach.extensionSettings().find((s) => s.key === key);
  assert.ok(setting, key);
  return setting;
}

test('the extension step: training by default, its install command for the cluster last seen', async () => {
  const { page, problems } = await popupFor(AKS_ID);
  try {
    const step = page.getByRole('region', { name: 'Azure ML extension on this cluster' });
    assert.equal(await step.getByLabel('Training jobs').isChecked(), true);
    assert.equal(await step.getByLabel('Inference endpoints').isChecked(), false);
    assert.equal(await step.getByLabel('Router service type').isVisible(), false);
    assert.equal(await page.locator('#ext-enableTraining').getAttribute('data-path'), 'config.enableTraining');
    await page.locator('#extension-commands[data-state="ok"]').waitFor();
    const text = await installText(page);
    assert.match(text, /az k8s-extension create \\\n/);
    assert.match(text, /--config enableTraining=True\n/);
    assert.match(text, /--cluster-name aks-ml \\\n/);
    assert.match(text, /--cluster-type managedClusters \\\n/);
    // The core's own install for the same spec, as the Node build writes it.
    assert.equal(text, amlattach.generateExtension({ cluster: AKS_ID, config: { enableTraining: true } }, 'az-create', { shell: 'bash' }).text);
    // One target: no tabs, a Copy button, the shell switch.
    assert.equal(await page.locator('#extension-commands [role="tab"]').count(), 0);
    assert.equal(await page.locator('#extension-commands').getByRole('button', { name: 'Copy' }).isEnabled(), true);
    assert.equal(await page.locator('#extension-step .verdict:not([data-state="empty"])').count(), 0);
    await page.locator('#extension-commands').getByLabel('PowerShell').check();
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes("--config 'enableTraining=True'"));

    // No cluster: the step says it is needed, in place of the command.
    await page.getByLabel('Cluster resource id').fill('');
    await page.locator('#extension-commands[data-state="blocked"]').waitFor();
    assert.match(await page.locator('#extension-commands').innerText(), /fill in its resource id above/);
    assert.equal(await page.locator('#extension-commands pre').isVisible(), false);
    // Neither training nor inference: the core's error, in the step's own list.
    await page.getByLabel('Cluster resource id').fill(AKS_ID);
    await step.getByLabel('Training jobs').uncheck();
    await page.locator('#extension-step-verdict li[data-code="extension-no-workload"]').waitFor();
    assert.match(await page.locator('#extension-commands').innerText(), /No command while these settings have an error/);
    await step.getByLabel('Training jobs').check();
    await page.locator('#extension-commands[data-state="ok"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the extension step: inference asks for its router and TLS at their fields, then writes them', async () => {
  const { page, problems } = await popupFor(AKS_ID);
  try {
    await page.getByLabel('Inference endpoints').check();
    const router = page.getByLabel('Router service type');
    const http = page.getByLabel('Allow HTTP (no TLS)');
    // The router's choices are the core's table's, "Not set" first as it has no default.
    const routerSetting = settingOf('inferenceRouterServiceType');
    assert.deepEqual(await router.locator('option').evaluateAll((options) => options.map((o) => /** @type {HTMLOptionElement} */ (o).value)), ['', ...routerSetting.values]);
    assert.equal(await router.getAttribute('data-path'), 'config.inferenceRouterServiceType');
    assert.equal(await http.getAttribute('data-path'), 'config.allowInsecureConnections');
    // What the core answers, each at the field that gives it.
    await page.locator('#ext-inferenceRouterServiceType-verdict li[data-code="extension-router-required"]').waitFor();
    await page.locator('#ext-allowInsecureConnections-verdict li[data-code="extension-tls-required"]').waitFor();
    assert.equal(await router.getAttribute('aria-invalid'), 'true');
    assert.equal(await http.getAttribute('aria-invalid'), 'true');
    assert.match((await http.getAttribute('aria-describedby')) ?? '', /ext-tls-hint/);
    assert.match(await page.locator('#ext-tls-hint').innerText(), /full assistant/);
    const commands = page.locator('#extension-commands');
    assert.equal(await commands.getAttribute('data-state'), 'blocked');
    assert.match(await commands.innerText(), /No command while these settings have 2 errors/);
    assert.doesNotMatch(await commands.innerText(), /az k8s-extension/);
    // The internal load balancer is an AKS setting: offered here, marked so.
    assert.equal(await page.getByLabel('Internal load balancer').isVisible(), true);
    assert.match(await page.locator('label[for="ext-internalLoadBalancerProvider"]').innerText(), /\(AKS only\)/);
    // With its errors said, the step is as accessible as the rest, and the popup still fits a
    // Chromium action popup (at most 800×600), the step scrolling with the fields.
    assert.deepEqual(await axeViolations(page), []);
    await page.setViewportSize({ width: 400, height: 600 });
    const sizes = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, window: window.innerWidth }));
    assert.ok(sizes.height <= 600, `the popup is ${sizes.height} px tall`);
    assert.ok(sizes.width <= sizes.window, `the popup is ${sizes.width} px wide in ${sizes.window} px`);

    const choice = 'nodePort';
    assert.ok(routerSetting.values.includes(choice));
    await router.selectOption(choice);
    await http.check();
    await commands.locator('pre code', { hasText: 'enableInference=True' }).waitFor();
    const text = await installText(page);
    assert.match(text, /--config enableTraining=True \\\n\s+enableInference=True \\\n\s+inferenceRouterServiceType=nodePort \\\n\s+allowInsecureConnections=True\n/);
    assert.equal(await page.locator('#ext-tls-hint').isVisible(), false);
    // Plain HTTP is the user's choice; the core's note about it stays at the box.
    await page.locator('#ext-allowInsecureConnections-verdict li[data-code="extension-insecure"]').waitFor();
    assert.equal(await page.locator('#ext-inferenceRouterServiceType-verdict').getAttribute('data-state'), 'empty');
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the extension step on an Arc cluster: no AKS-only setting, the Arc install', async () => {
  const { page, problems } = await popupFor(ARC_ID);
  try {
    await page.getByLabel('Inference endpoints').check();
    await page.getByLabel('Allow HTTP (no TLS)').check();
    await page.getByLabel('Router service type').selectOption('loadBalancer');
    /** The `data-path`s of the step's fields shown now. */
    const shownPaths = () =>
      page.locator('#extension-step :is(input, select)[data-path]').evaluateAll((controls) => controls.filter((c) => c instanceof HTMLElement && c.checkVisibility()).map((c) => c.getAttribute('data-path')));
    const aksOnly = amlattach.extensionSettings().filter((s) => s.only === 'aks').map((s) => `config.${s.key}`);
    assert.ok(aksOnly.includes('config.internalLoadBalancerProvider'));
    const onArc = await shownPaths();
    assert.deepEqual(onArc.filter((path) => aksOnly.includes(path ?? '')), []);
    assert.deepEqual(onArc, ['config.enableTraining', 'config.enableInference', 'config.inferenceRouterServiceType', 'config.allowInsecureConnections']);
    // The core's note for a cloud load balancer on Arc, at the router's field.
    await page.locator('#ext-inferenceRouterServiceType-verdict li[data-code="extension-value-invalid"]').waitFor();
    await page.locator('#extension-commands[data-state="ok"]').waitFor();
    let text = await installText(page);
    assert.match(text, /--cluster-type connectedClusters \\\n/);
    assert.match(text, /--cluster-name arc-edge \\\n/);

    // The same step on an AKS cluster offers it again; set there, it is left out on Arc.
    await page.getByLabel('Cluster resource id').fill(AKS_ID);
    await page.getByLabel('Internal load balancer').selectOption('azure');
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('internalLoadBalancerProvider=azure'));
    await page.getByLabel('Cluster resource id').fill(ARC_ID);
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('connectedClusters'));
    text = await installText(page);
    assert.doesNotMatch(text, /internalLoadBalancerProvider/);
    assert.equal(await page.getByLabel('Internal load balancer').isVisible(), false);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test("the extension step's values open in the full assistant's extension form", async () => {
  const { page, problems } = await popupFor(AKS_ID);
  try {
    await page.getByLabel('Compute name').fill('k8s-popup');
    await page.getByLabel('Inference endpoints').check();
    await page.getByLabel('Router service type').selectOption('nodePort');
    await page.getByLabel('Allow HTTP (no TLS)').check();
    await page.locator('#extension-commands pre code', { hasText: 'inferenceRouterServiceType=nodePort' }).waitFor();
    const popupText = await installText(page);
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Open the full assistant' }).click()]);
    try {
      // The link carries the values under the page's extension paths, as its form keeps them.
      const link = new URL(tab.url()).searchParams.get(LINK_PARAMETER) ?? '';
      const decoded = decodeState(link, { fieldsOf: () => new Set(['name', 'resource_id']) });
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.state.values, {
        name: 'k8s-popup',
        resource_id: AKS_ID,
        'extension.config.enableTraining': 'true',
        'extension.config.enableInference': 'true',
        'extension.config.inferenceRouterServiceType': 'nodePort',
        'extension.config.allowInsecureConnections': 'true',
      });
      // The page's extension form shows them, and writes the same install.
      await tab.locator('html[data-ready="true"]').waitFor();
      await tab.locator('#extension-form[data-ready="true"]').waitFor();
      assert.equal(await tab.locator('#ext-enableTraining').isChecked(), true);
      assert.equal(await tab.locator('#ext-enableInference').isChecked(), true);
      assert.equal(await tab.locator('#ext-inferenceRouterServiceType').inputValue(), 'nodePort');
      assert.equal(await tab.locator('#ext-allowInsecureConnections').isChecked(), true);
      assert.equal(await tab.locator('#ext-internalLoadBalancerProvider').inputValue(), '');
      await tab.locator('#extension-commands[data-state="ok"]').waitFor();
      assert.equal(await tab.locator('#extension-commands pre code').evaluate((code) => code.textContent), popupText);
    } finally {
      await tab.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the manifest asks for the fewest permissions and names the crate version', async () => {
  const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const cargo = await readFile(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.version, /^version = "([^"]+)"/m.exec(cargo)?.[1]);
  // identity (sign-in in the assistant's tab), sidePanel (the popup kept beside the page) and
  // storage (the last cluster and workspace seen, what each tab shows); no tabs, cookies,
  // webRequest, scripting.
  assert.deepEqual(manifest.permissions, ['identity', 'sidePanel', 'storage']);
  assert.deepEqual(manifest.side_panel, { default_path: 'popup.html?view=panel' });
  assert.equal(manifest.host_permissions, undefined);
  assert.equal(manifest.optional_host_permissions, undefined);
  // Content scripts on the portals and studios only: https, no wildcards in hosts, no <all_urls>.
  const PORTALS = ['portal.azure.com', 'ml.azure.com', 'portal.azure.us', 'ml.azure.us', 'portal.azure.cn', 'studio.ml.azure.cn'];
  const matches = manifest.content_scripts.flatMap((/** @type {{ matches: string[] }} */ c) => c.matches);
  assert.deepEqual(
    matches.map((/** @type {string} */ m) => new URL(m.replace(/\*$/, '')).host).sort(),
    [...PORTALS].sort(),
  );
  assert.ok(matches.every((/** @type {string} */ m) => /^https:\/\/[a-z.]+\/\*$/.test(m)), matches.join(' '));
  assert.ok(!JSON.stringify(manifest).includes('<all_urls>'));
  assert.ok(manifest.content_scripts.every((/** @type {{ all_frames?: boolean }} */ c) => c.all_frames !== true));
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
});

test('the popup loads without console errors', () => {
  assert.deepEqual(consoleProblems, []);
});
