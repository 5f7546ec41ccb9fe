// @ts-check
/**
 * The Azure ML extension form in "Prepare the cluster" (www/extension-form.js): fields built from
 * the core's table of the extension's settings, on the compute form's cluster; every change
 * checked with `validateExtension` and each diagnostic said at its field; the extension's
 * commands when it is valid, what stops them when it is not; its values in the page's one state
 * (a reload, a link), and never a PEM file's text. In a real Chromium; the form's data module is
 * tested in Node by extension-spec.test.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { axeViolations, launchBrowser, recordProblems, ROOT, SITE } from './browser.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../target/wasm-bindgen/node/amlattach.js')} */
const amlattach = require(join(ROOT, 'target/wasm-bindgen/node/amlattach.js'));

const SUB = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ContainerService/managedClusters/aks-ml`;
const ARC_ID = `/subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;
const LONG_AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-${'machine-learning-production-'.repeat(3)}01/providers/Microsoft.ContainerService/managedClusters/aks-${'inference-'.repeat(5)}01`;

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let scratch;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'amlattach-extension-'));
  // A certificate for another name than the CNAME the form will give, and its key.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem'), '-days', '30', '-subj', '/CN=other.contoso.com', '-addext', 'subjectAltName=DNS:other.contoso.com'],
    { stdio: 'ignore' },
  );
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/**
 * A new page on the attach task, from an empty state, with its tools loaded.
 * @param {{ width?: number, clipboard?: boolean }} [options]
 */
async function open({ width = 1000, clipboard = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(`${server.url}#attach`);
  // The form's state persists in the tab: each test starts from an empty one.
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await ready(page);
  return { context, page, problems };
}

/** @param {import('playwright-core').Page} page */
async function ready(page) {
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await page.locator('#extension-form[data-ready="true"]').waitFor();
}

/** @param {import('playwright-core').Page} page */
const commandsText = (page) => page.locator('#extension-commands pre code').evaluate((code) => code.textContent ?? '');

/**
 * Inference on an AKS cluster, with its router and TLS from a secret: a valid spec.
 * @param {import('playwright-core').Page} page
 */
async function fillValidInference(page) {
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.getByLabel('enableInference').check();
  await page.getByLabel('inferenceRouterServiceType').selectOption('loadBalancer');
  await page.getByLabel('sslSecret').fill('azureml-tls');
  await page.getByLabel('sslCname').fill('ml.contoso.com');
  await page.getByLabel('nodeSelector').fill('agentpool=mlpool');
  await page.getByLabel('installPromOp').uncheck();
  await page.locator('#extension-commands[data-state="ok"]').waitFor();
}

test('inference without a router type or TLS: the errors at those fields, and no commands', async () => {
  const { context, page, problems } = await open();
  try {
    // Before anything is chosen: no verdict at the fields, and what stops the commands.
    assert.equal(await page.locator('#extension-summary').getAttribute('data-state'), 'waiting');
    await page.locator('#extension-commands[data-state="blocked"]').waitFor();
    assert.equal(await page.locator('#extension-fields .verdict:not([data-state="empty"])').count(), 0);

    await page.locator('#v2-resource-id').fill(AKS_ID);
    await page.getByLabel('enableInference').check();
    await page.locator('#ext-inferenceRouterServiceType-verdict li[data-code="extension-router-required"]').waitFor();
    await page.locator('#extension-group-tls-verdict li[data-code="extension-tls-required"]').waitFor();
    assert.equal(await page.locator('#ext-inferenceRouterServiceType').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#extension-summary').textContent(), '2 errors, 0 warnings');
    assert.equal(await page.locator('#extension-summary').getAttribute('data-state'), 'error');
    // The cluster comes from the compute form, said at the top of the extension form.
    assert.match((await page.locator('#extension-cluster').textContent()) ?? '', /AKS cluster.*aks-ml$/);

    const commands = page.locator('#extension-commands');
    assert.equal(await commands.getAttribute('data-state'), 'blocked');
    assert.equal(await commands.locator('pre').isVisible(), false);
    assert.equal(await commands.getByRole('tab').count(), 0);
    assert.match(await commands.innerText(), /No commands while the extension’s settings have 2 errors/);
    assert.deepEqual(
      await commands.locator('li[data-code]').evaluateAll((items) => items.map((li) => li.getAttribute('data-code'))),
      ['extension-router-required', 'extension-tls-required'],
    );
    assert.doesNotMatch(await commands.innerText(), /az k8s-extension create/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('"Then the rest" installs the extension as the form sets it, and waits while the form has errors', async () => {
  const { context, page, problems } = await open();
  try {
    // The compute needs a name for its runbook; the cluster comes from its form.
    await page.locator('#compute-name').fill('k8s-infer');
    await page.locator('#v2-resource-id').fill(AKS_ID);
    const rest = page.locator('#prepare-commands');
    await page.locator('#prepare-commands[data-state="ok"]').waitFor();
    const restText = () => rest.locator('pre code').evaluate((code) => code.textContent ?? '');
    // Nothing set beyond the defaults: training.
    assert.match(await restText(), /--config enableTraining=True\n/);

    // Inference without a router or TLS: the runbook waits for the form, and says why.
    await page.getByLabel('enableInference').check();
    await page.locator('#prepare-commands[data-state="extension"]').waitFor();
    assert.match(await rest.innerText(), /The Azure ML extension’s settings above have errors/);

    // Fixed: the runbook's install is the form's own az-create line, setting for setting.
    await fillValidInference(page);
    await page.locator('#prepare-commands[data-state="ok"]').waitFor();
    const text = await restText();
    for (const setting of ['enableInference=True', 'inferenceRouterServiceType=loadBalancer', 'sslSecret=azureml-tls', 'sslCname=ml.contoso.com', 'nodeSelector.agentpool=mlpool', 'installPromOp=False']) {
      assert.ok(text.includes(setting), `${setting} in\n${text}`);
    }
    assert.match(text.replace(/\n# /g, ' '), /as the extension spec says: inference \(router loadBalancer, HTTPS from a secret\)/);
    const install = (await commandsText(page)).match(/az k8s-extension create[^]*?(?=\n\n|\n#)/)?.[0] ?? '';
    assert.ok(install !== '' && text.includes(install.split('\n').map((l) => `  ${l}`).join('\n')), `the form's install:\n${install}\nthe runbook:\n${text}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('fixed, the form writes az k8s-extension create with its settings, in bash or PowerShell, and the other targets', async () => {
  const { context, page, problems } = await open({ clipboard: true });
  try {
    await fillValidInference(page);
    assert.match((await page.locator('#extension-summary').textContent()) ?? '', /^Ready to install/);
    const commands = page.locator('#extension-commands');
    assert.equal(await commands.getByRole('tab', { selected: true }).textContent(), 'Azure CLI: install');
    const bash = await commandsText(page);
    assert.match(bash, /^#!\/usr\/bin\/env bash/);
    assert.match(bash, /az k8s-extension create \\\n {2}--cluster-type managedClusters \\\n {2}--cluster-name aks-ml \\\n {2}--resource-group rg-ml/);
    assert.match(bash, /--extension-type Microsoft\.AzureML\.Kubernetes/);
    for (const setting of ['enableInference=True', 'inferenceRouterServiceType=loadBalancer', 'sslSecret=azureml-tls', 'sslCname=ml.contoso.com', 'nodeSelector.agentpool=mlpool', 'installPromOp=False']) {
      assert.ok(bash.includes(setting), `${setting} in:\n${bash}`);
    }
    assert.doesNotMatch(bash, /enableTraining/);

    await commands.getByRole('radio', { name: 'PowerShell' }).check();
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('$ErrorActionPreference'));
    const pwsh = await commandsText(page);
    assert.match(pwsh, /az k8s-extension create `\n/);
    assert.match(pwsh, /'sslCname=ml\.contoso\.com'/);
    await commands.getByRole('button', { name: 'Copy' }).click();
    await commands.locator('[role="status"]', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pwsh);

    // Every target the core offers is a tab; the arrow keys move between them.
    const tabs = await commands.getByRole('tab').evaluateAll((all) => all.map((t) => t.getAttribute('data-target')));
    assert.deepEqual(tabs, amlattach.extensionTargets().map((t) => t.id));
    await commands.getByRole('tab', { name: 'Bicep' }).click();
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.getAttribute('data-language') === 'bicep');
    assert.match(await commandsText(page), /Microsoft\.KubernetesConfiguration\/extensions/);
    await page.keyboard.press('ArrowRight');
    assert.equal(await commands.getByRole('tab', { selected: true }).textContent(), 'Terraform');

    // A pinned version turns automatic upgrades off, as ARM needs.
    await commands.getByRole('tab', { name: 'Azure CLI: install' }).click();
    await commands.getByRole('radio', { name: 'bash' }).check();
    await page.getByLabel('Pinned version').fill('1.1.88');
    assert.equal(await page.getByLabel('Upgrade minor versions automatically').isDisabled(), true);
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('--version 1.1.88'));
    assert.match(await commandsText(page), /--auto-upgrade-minor-version false/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('every field is a setting of the core\'s table, key for key; an Arc cluster hides the AKS-only ones', async () => {
  const { context, page, problems } = await open();
  try {
    const settings = amlattach.extensionSettings();
    const pathOf = (/** @type {typeof settings[number]} */ s) => `${s.place === 'protected' ? 'config_protected' : 'config'}.${s.key.replace(/\.$/, '')}`;
    const paths = await page.locator('#extension-form [data-path]').evaluateAll((all) => all.map((c) => c.getAttribute('data-path') ?? ''));
    // A key is only ever the table's, exactly as the extension reads it: there is no field to type one.
    assert.deepEqual(paths.filter((p) => p.startsWith('config')).sort(), settings.map(pathOf).sort());
    assert.deepEqual(paths.filter((p) => !p.startsWith('config')).sort(), ['auto_upgrade', 'release_train', 'version']);
    // Each choice offers the table's values, and each box starts as its documented default.
    for (const setting of settings.filter((s) => s.kind === 'choice')) {
      const offered = await page.locator(`[data-path="${pathOf(setting)}"] option`).evaluateAll((all) => all.map((o) => /** @type {HTMLOptionElement} */ (o).value));
      assert.deepEqual(offered, ['', ...setting.values], setting.key);
    }
    for (const setting of settings.filter((s) => s.kind === 'bool')) {
      assert.equal(await page.locator(`[data-path="${pathOf(setting)}"]`).isChecked(), setting.default === 'True', setting.key);
    }

    await page.locator('#v2-resource-id').fill(AKS_ID);
    await page.getByLabel('enableInference').check();
    await page.getByLabel('inferenceRouterServiceType').selectOption('loadBalancer');
    await page.getByLabel('allowInsecureConnections').check();
    await page.getByLabel('internalLoadBalancerProvider').selectOption('azure');
    await page.locator('#extension-commands[data-state="ok"]').waitFor();
    assert.match(await commandsText(page), /internalLoadBalancerProvider=azure/);
    /** Whether the field of a path is shown for the cluster's kind (folded or not). */
    const shown = (/** @type {string} */ path) => page.locator(`[data-path="${path}"]`).evaluate((c) => !(/** @type {HTMLElement} */ (c.closest('.field')).hidden));
    const arcOnly = settings.filter((s) => s.only === 'arc').map(pathOf);
    const aksOnly = settings.filter((s) => s.only === 'aks').map(pathOf);
    assert.ok(arcOnly.length > 0 && aksOnly.includes('config.internalLoadBalancerProvider'));
    for (const path of arcOnly) assert.equal(await shown(path), false, path);
    for (const path of aksOnly) assert.equal(await shown(path), true, path);

    await page.locator('#v2-resource-id').fill(ARC_ID);
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('connectedClusters'));
    assert.equal(await page.locator('#ext-internalLoadBalancerProvider').isVisible(), false);
    for (const path of arcOnly) assert.equal(await shown(path), true, path);
    for (const path of aksOnly) assert.equal(await shown(path), false, path);
    assert.match((await page.locator('#extension-cluster').textContent()) ?? '', /Azure Arc cluster/);
    // Hidden, it is not in the spec: the Arc install has no internal load balancer.
    assert.doesNotMatch(await commandsText(page), /internalLoadBalancerProvider/);
    assert.equal(await page.locator('#extension-form li[data-code="extension-cluster-kind"]').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a certificate without the CNAME: the error at the TLS fields, and its text in neither the state nor the link', async () => {
  const { context, page, problems } = await open({ clipboard: true });
  try {
    const certificate = await readFile(join(scratch, 'cert.pem'), 'utf8');
    const key = await readFile(join(scratch, 'key.pem'), 'utf8');
    await page.locator('#v2-resource-id').fill(AKS_ID);
    await page.getByLabel('enableInference').check();
    await page.getByLabel('inferenceRouterServiceType').selectOption('nodePort');
    await page.getByLabel('sslCname').fill('ml.contoso.com');
    await page.getByLabel('sslCertPemFile').setInputFiles(join(scratch, 'cert.pem'));
    await page.getByLabel('sslKeyPemFile').setInputFiles(join(scratch, 'key.pem'));
    const mismatch = page.locator('#ext-sslCertPemFile-verdict li[data-code="cert-cname-mismatch"]');
    await mismatch.waitFor();
    assert.match((await mismatch.textContent()) ?? '', /ml\.contoso\.com.*other\.contoso\.com/);
    assert.equal(await page.locator('#ext-sslCertPemFile').getAttribute('aria-invalid'), 'true');
    await page.locator('#extension-commands[data-state="blocked"] li[data-code="cert-cname-mismatch"]').waitFor();
    // The spec names the files; the files stay on this machine.
    assert.match((await page.locator('#ext-sslCertPemFile-file').textContent()) ?? '', /In the spec as cert\.pem/);

    await page.getByRole('button', { name: 'Copy a link to these settings' }).click();
    await page.locator('#state-status', { hasText: 'Link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const carried = Buffer.from(/** @type {string} */ (new URL(link).searchParams.get('s')), 'base64url').toString('utf8');
    const kept = await page.evaluate(() => sessionStorage.getItem('amlattach.form-state') ?? '');
    const keptState = Buffer.from(JSON.parse(kept).state, 'base64url').toString('utf8');
    for (const [where, text] of [['link', carried], ['sessionStorage', keptState]]) {
      const values = JSON.parse(text).values;
      assert.equal(values['extension.config_protected.sslCertPemFile'], 'cert.pem', where);
      assert.equal(values['extension.config_protected.sslKeyPemFile'], 'key.pem', where);
      assert.equal(values['extension.config.sslCname'], 'ml.contoso.com', where);
    }
    const everything = await page.evaluate(() => ({ html: document.documentElement.outerHTML, storage: JSON.stringify({ ...sessionStorage }), local: JSON.stringify({ ...localStorage }) }));
    const pemParts = [...certificate.split('\n').slice(1, 4), ...key.split('\n').slice(1, 4), 'BEGIN CERTIFICATE', 'PRIVATE KEY'];
    for (const part of pemParts) {
      for (const [where, text] of Object.entries({ link, carried, keptState, ...everything })) assert.ok(!text.includes(part), `${where} holds the PEM text (${part})`);
    }

    // The link opens the same settings elsewhere, the files named and to be chosen there.
    const elsewhere = await browser.newContext();
    try {
      const opened = await elsewhere.newPage();
      await opened.goto(link);
      await ready(opened);
      assert.equal(await opened.getByLabel('sslCname').inputValue(), 'ml.contoso.com');
      assert.equal(await opened.getByLabel('inferenceRouterServiceType').inputValue(), 'nodePort');
      assert.match((await opened.locator('#ext-sslKeyPemFile-file').textContent()) ?? '', /In the spec as key\.pem: choose the file again/);
    } finally {
      await elsewhere.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reload keeps the extension\'s settings: the same fields, verdicts and commands; a PEM file is named, not read again', async () => {
  const { context, page, problems } = await open();
  try {
    await fillValidInference(page);
    await page.getByLabel('Release train', { exact: true }).selectOption('preview');
    await page.waitForFunction(() => document.querySelector('#extension-commands pre code')?.textContent?.includes('--release-train preview'));
    const view = () =>
      page.evaluate(() => ({
        fields: Object.fromEntries(
          [...document.querySelectorAll('#extension-form [data-path]')].map((c) => {
            const control = /** @type {HTMLInputElement} */ (c);
            return [control.dataset.path, control.type === 'checkbox' ? control.checked : control.type === 'file' ? '' : control.value];
          }),
        ),
        codes: [...document.querySelectorAll('#extension-form li[data-code]')].map((li) => li.getAttribute('data-code')),
        summary: document.getElementById('extension-summary')?.textContent,
        commands: document.querySelector('#extension-commands pre code')?.textContent,
      }));
    const before = await view();
    assert.equal(before.fields['config.installPromOp'], false);
    assert.equal(before.fields['config.nodeSelector'], 'agentpool=mlpool');
    assert.match(before.commands ?? '', /--release-train preview/);
    await page.reload();
    await ready(page);
    await page.locator('#extension-commands[data-state="ok"]').waitFor();
    assert.deepEqual(await view(), before);

    // A chosen file's name comes back with the state; its text does not, so it asks for the file.
    await page.getByLabel('sslSecret').fill('');
    await page.getByLabel('sslCertPemFile').setInputFiles(join(scratch, 'cert.pem'));
    await page.getByLabel('sslKeyPemFile').setInputFiles(join(scratch, 'key.pem'));
    await page.locator('#ext-sslCertPemFile-verdict li[data-code="cert-cname-mismatch"]').waitFor();
    await page.reload();
    await ready(page);
    assert.match((await page.locator('#ext-sslCertPemFile-file').textContent()) ?? '', /In the spec as cert\.pem: choose the file again to check it/);
    assert.equal(await page.locator('#ext-sslCertPemFile-verdict li[data-code="cert-cname-mismatch"]').count(), 0);
    assert.equal(await page.getByLabel('sslCname').inputValue(), 'ml.contoso.com');
    // Removed, the spec no longer names it.
    await page.getByRole('button', { name: 'Remove cert.pem' }).click();
    await page.locator('#extension-form li[data-code="extension-pem-pair"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Remove cert.pem' }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the extension form has no axe violations, and no sideways scroll at 390 px with long values', async () => {
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    const { context, page, problems } = await open({ width: 390 });
    try {
      await page.emulateMedia({ colorScheme: scheme });
      /** @type {Record<string, string[]>} */
      const found = {};
      /** @type {string[]} */
      const wide = [];
      const look = async (/** @type {string} */ view) => {
        found[view] = await axeViolations(page);
        wide.push(...(await overflow(page)).map((w) => `${view}: ${w}`));
      };
      await look('empty');
      await page.locator('#v2-resource-id').fill(LONG_AKS_ID);
      await page.getByLabel('enableInference').check();
      await page.getByLabel('sslSecret').fill(`azureml-${'tls-secret-'.repeat(6)}x`);
      await page.getByLabel('sslCname').fill(`${'inference-endpoint-'.repeat(4)}.contoso.com`);
      await page.getByLabel('nodeSelector').fill(`agentpool=${'mlpool'.repeat(12)}\nbad label=x`);
      await page.getByLabel('nginxIngress.controller').fill(`k8s.io/${'ingress-nginx-'.repeat(8)}x`);
      await page.getByLabel('volcanoScheduler.schedulerConfigMap').fill(`${'volcano-config-'.repeat(8)}x`);
      await page.locator('.extension-advanced > summary').click();
      await page.getByLabel('serviceBusConnectionString').check();
      await page.locator('#extension-commands[data-state="blocked"]').waitFor();
      await look('errors');
      await page.getByLabel('nodeSelector').fill(`agentpool=${'mlpool'.repeat(6)}`);
      await page.getByLabel('nginxIngress.controller').fill('');
      await page.getByLabel('volcanoScheduler.schedulerConfigMap').fill('');
      await page.getByLabel('serviceBusConnectionString').uncheck();
      await page.getByLabel('sslSecret').fill('azureml-tls');
      await page.getByLabel('sslCname').fill('ml.contoso.com');
      await page.getByLabel('inferenceRouterServiceType').selectOption('clusterIP');
      await page.locator('#extension-commands[data-state="ok"]').waitFor();
      await look('commands');
      const failing = Object.entries(found).filter(([, v]) => v.length > 0);
      assert.deepEqual(failing, [], failing.map(([view, v]) => `${scheme} ${view}:\n  ${v.join('\n  ')}`).join('\n'));
      assert.deepEqual(wide, [], scheme);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

/**
 * What sticks out of a 390 px window: the document's scroll width, and each visible element of
 * "Prepare the cluster" whose box crosses the window's edges outside a box that scrolls.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    /** @type {string[]} */
    const wide = [];
    if (document.documentElement.scrollWidth > width) wide.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    const scrolled = (/** @type {Element} */ element) => {
      for (let parent = element.parentElement; parent !== null && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const element of /** @type {HTMLElement} */ (document.getElementById('prepare')).querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || !element.checkVisibility()) continue;
      if ((rect.right > width + 0.5 || rect.left < -0.5) && !scrolled(element)) {
        wide.push(`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
      }
    }
    return wide;
  });
}
