// @ts-check
/**
 * Layouts that fit: every task of the page at 320, 360 and 390 px wide, with long real values
 * typed (long resource ids, a long pasted YAML line, a decoded certificate with long subjects, a
 * long error), scrolls only up and down: nothing visible is wider than the window, except inside
 * a box that scrolls by itself. The certificate table fits its box; the popup fits its window.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, launchWithExtension, recordProblems, ROOT, SITE } from './browser.mjs';

const WIDTHS = [320, 360, 390];
const TASKS = ['', 'attach', 'v1', 'detach', 'secret', 'versions', 'explain'];

const LONG_GROUP = `rg-${'machine-learning-production-westeurope-'.repeat(2)}01`;
const LONG_CLUSTER = `aks-${'training-cluster-'.repeat(3)}01`;
const SUBSCRIPTION = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const LONG_AKS_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${LONG_GROUP}/providers/Microsoft.ContainerService/managedClusters/${LONG_CLUSTER}`;
const LONG_UAI_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${LONG_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-${'compute-pull-'.repeat(4)}x`;
/** Values for the page's fields, by id; each field is filled when it is visible. */
const LONG_VALUES = /** @type {Record<string, string>} */ ({
  'compute-name': `k8s-${'a'.repeat(60)}`,
  'v2-resource-id': LONG_AKS_ID,
  'v2-namespace': `Team_${'a'.repeat(70)}`,
  'v2-description': `team A's training namespace ${'with a long description '.repeat(6)}`,
  'v2-identity-ids': `${LONG_UAI_ID}\nnot-an-id-${'x'.repeat(80)}`,
  'v1-resource-id': LONG_AKS_ID.replace('Microsoft.ContainerService', 'Microsoft.Compute'),
  'v1-resource-group': LONG_GROUP,
  'v1-cluster-name': LONG_CLUSTER,
  'v1-agent-count': 'three nodes please',
  'v1-vm-size': `Standard_${'D'.repeat(60)}`,
  'workspace-subscription-id': `not-a-guid-${'0'.repeat(60)}`,
  'workspace-resource-group': LONG_GROUP,
  'workspace-name': `ws-${'w'.repeat(70)}`,
  'workspace-location': `westeurope${'x'.repeat(50)}`,
  'paste-text': `type: kubernetes\nname: k8s\nresource_id: ${LONG_AKS_ID}/${'x'.repeat(120)}\nnamespace: ${'n'.repeat(90)}\n`,
  'versions-check': `1.${'9'.repeat(60)}`,
  'explain-input': `ERROR: (AuthorizationFailed) The client 'x' with object id '${SUBSCRIPTION}' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/computes/write' over scope '/subscriptions/${SUBSCRIPTION}/resourceGroups/${LONG_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/ws-${'w'.repeat(40)}/computes/${'c'.repeat(40)}' or the scope is invalid.`,
  'live-detach-name': `compute-${'d'.repeat(80)}`,
});

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let secretYaml;
/** @type {string} */
let versionsJson;
/** @type {string} */
let scratch;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'amlattach-layout-'));
  // A certificate with long subjects and many names, as real corporate certificates have.
  const subject = `/C=US/ST=Washington/L=Redmond/O=Contoso Machine Learning Platform Engineering Department/OU=Inference Serving and Online Endpoints Platform Team/OU=Machine Learning Operations Westeurope/CN=inference-endpoint-prod.westeurope.cloudapp.azure.com`;
  const names = Array.from({ length: 8 }, (_, i) => `DNS:svc-${i}-${'scoring.'.repeat(3)}contoso.com`).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem'), '-days', '30', '-subj', subject, '-addext', `subjectAltName=${names}`], { stdio: 'ignore' });
  const base64 = async (/** @type {string} */ name) => Buffer.from(await readFile(join(scratch, name))).toString('base64');
  secretYaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: azuremlfessl\ndata:\n  cert.pem: ${await base64('cert.pem')}\n  key.pem: ${await base64('key.pem')}\n`;
  const examples = join(ROOT, '../shared/fixtures/azure-rest-api-specs/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples/KubernetesVersions_List.json');
  versionsJson = JSON.stringify(JSON.parse(await readFile(examples, 'utf8')).responses['200'].body);
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/**
 * What sticks out of the window: the document's scroll width, and each visible element whose
 * box crosses the window's edges, unless a box between it and the page clips or scrolls it.
 * @param {import('playwright-core').Page} page
 */
function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    /** @param {Element} element */
    const describe = (element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
    /** @param {Element} element */
    const clipped = (element) => {
      for (let parent = element.parentElement; parent !== null && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    /** @type {string[]} */
    const wide = [];
    /** Sticking out inside a box that scrolls or clips: named only when the page is too wide. @type {string[]} */
    const inside = [];
    for (const element of document.body.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || (style.position === 'absolute' && rect.width <= 1) || !element.checkVisibility({ contentVisibilityAuto: true })) continue;
      if (rect.right > width + 0.5 || rect.left < -0.5) {
        const path = [];
        for (let at = /** @type {Element | null} */ (element); at !== null && at !== document.body && path.length < 4; at = at.parentElement) path.unshift(describe(at));
        (clipped(element) ? inside : wide).push(`${path.join(' > ')} (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
      }
    }
    // Text that does not wrap sticks out of its element's box without making the box wider.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent === null || node.textContent?.trim() === '' || !parent.checkVisibility({ contentVisibilityAuto: true })) continue;
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || (rect.right <= width + 0.5 && rect.left >= -0.5)) continue;
      if (getComputedStyle(parent).overflowX !== 'visible' || clipped(parent)) continue;
      const path = [];
      for (let at = /** @type {Element | null} */ (parent); at !== null && at !== document.body && path.length < 4; at = at.parentElement) path.unshift(describe(at));
      wide.push(`text "${node.textContent?.trim().slice(0, 40)}" in ${path.join(' > ')} (${Math.round(rect.left)}–${Math.round(rect.right)} px)`);
    }
    const scrollWidth = document.documentElement.scrollWidth;
    return { scrollWidth, width, wide: [...wide, ...(scrollWidth > width && wide.length === 0 ? inside : [])].slice(0, 8) };
  });
}

/**
 * Fills every visible field of `LONG_VALUES`, the secret and the versions, and asks for every check.
 * @param {import('playwright-core').Page} page
 */
async function fillLong(page) {
  for (const [id, value] of Object.entries(LONG_VALUES)) {
    const field = page.locator(`#${id}`);
    if ((await field.count()) > 0 && (await field.isVisible()) && (await field.isEnabled())) await field.fill(value);
  }
  const identityType = page.locator('#v2-identity-type');
  if (await identityType.isVisible()) await identityType.selectOption('user_assigned');
  const secret = page.locator('#secret-input');
  if (await secret.isVisible()) {
    await secret.fill(secretYaml);
    await page.locator('#secret-certificates tr').first().waitFor();
  }
  const versions = page.locator('#versions-input');
  if (await versions.isVisible()) {
    await versions.fill(versionsJson);
    await page.locator('#versions-rows tr').first().waitFor();
    await page.locator('#versions-check').fill(LONG_VALUES['versions-check']);
  }
  const checkAll = page.locator('#check-all');
  if (await checkAll.isVisible()) await checkAll.click();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

for (const width of WIDTHS) {
  test(`no sideways scroll at ${width} px on any task, with long values typed`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    const problems = recordProblems(page);
    /** @type {string[]} */
    const failures = [];
    try {
      for (const task of TASKS) {
        await page.goto(`${server.url}${task === '' ? '' : `#${task}`}`);
        // Each task starts from an empty form, not the one the tab kept from the task before.
        await page.evaluate(() => sessionStorage.clear());
        await page.reload();
        await page.locator('html[data-ready="true"]').waitFor();
        await page.locator('html[data-tools-ready="true"]').waitFor();
        await fillLong(page);
        if (task === 'v1') {
          // v1 create shows the most fields: the cluster to create, its network, its TLS.
          await page.getByRole('radio', { name: 'Legacy v1 create' }).check();
          await fillLong(page);
        }
        const found = await overflow(page);
        for (const element of found.wide) failures.push(`#${task || '(none)'}: ${element} sticks out`);
        if (found.scrollWidth > found.width) failures.push(`#${task || '(none)'}: the page is ${found.scrollWidth} px wide in a ${found.width} px window`);
      }
      // A valid spec with long ids: the Commands section's tabs and its code, each in its box.
      await page.goto(`${server.url}#attach`);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.locator('html[data-tools-ready="true"]').waitFor();
      await page.locator('#compute-name').fill('k8s-team-a');
      await page.locator('#v2-resource-id').fill(LONG_AKS_ID);
      await page.locator('#v2-identity-type').selectOption('user_assigned');
      await page.locator('#v2-identity-ids').fill(LONG_UAI_ID);
      await page.locator('#generate[data-state="ok"]').waitFor();
      assert.ok((await page.locator('#generate-tabs [role="tab"]').count()) > 3);
      const commands = await overflow(page);
      for (const element of commands.wide) failures.push(`#attach with commands: ${element} sticks out`);
      if (commands.scrollWidth > commands.width) failures.push(`#attach with commands: the page is ${commands.scrollWidth} px wide`);
      assert.deepEqual(failures, [], `at ${width} px`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
}

test('the certificate table fits its box at 390 px', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  try {
    await page.goto(`${server.url}#secret`);
    await page.locator('#secret-input:enabled').waitFor();
    await page.locator('#secret-input').fill(secretYaml);
    await page.locator('#secret-certificates tr').first().waitFor();
    const sizes = await page.evaluate(() => {
      const box = /** @type {HTMLElement} */ (document.querySelector('#secret-result'));
      const table = /** @type {HTMLElement} */ (box.querySelector('table'));
      return { box: box.clientWidth, table: table.scrollWidth, scroller: /** @type {HTMLElement} */ (table.parentElement).scrollWidth };
    });
    assert.ok(sizes.table <= sizes.box && sizes.scroller <= sizes.box, `the table is ${sizes.table} px wide in a ${sizes.box} px box`);
    // Each value still says what it is: its column's heading goes with it.
    const subject = page.locator('#secret-certificates tr').first().locator('td').nth(1);
    assert.equal(await subject.getAttribute('data-label'), 'Subject');
    assert.match(await subject.innerText(), /inference-endpoint/);
  } finally {
    await page.close();
  }
});

test('the popup fits its window, with the namespace verdict at its field', async () => {
  const extension = await launchWithExtension();
  try {
    const popup = await extension.context.newPage();
    const problems = recordProblems(popup);
    // A Chromium action popup is at most 800×600; it opens at its content's width.
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    await popup.locator('html[data-ready="true"]').waitFor();
    await popup.locator('#generate[data-ready="true"]').waitFor();
    await popup.getByLabel('Compute name').fill('k8s-team-a');
    await popup.getByLabel('Cluster resource id').fill(LONG_AKS_ID);
    await popup.getByLabel('Kubernetes namespace').fill('Team_A');
    await popup.getByLabel('Compute identity').selectOption('user_assigned');
    await popup.getByLabel('User-assigned identity resource id').fill(LONG_UAI_ID);
    await popup.getByLabel('Subscription id').fill(SUBSCRIPTION);
    await popup.getByLabel('Resource group').fill(LONG_GROUP);
    await popup.getByLabel('Workspace name').fill('ws-team-a');
    const verdict = popup.locator('#namespace-verdict');
    await verdict.locator('[data-code="namespace-invalid"]').waitFor();
    assert.equal(await verdict.getAttribute('data-state'), 'error');
    assert.equal(await popup.getByLabel('Kubernetes namespace').getAttribute('aria-invalid'), 'true');
    // Next to its field: the verdict follows the input, inside the same field.
    assert.equal(await popup.locator('#namespace + #namespace-verdict, #namespace ~ #namespace-verdict').count(), 1);
    const sizes = await popup.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth, window: window.innerWidth }));
    assert.ok(sizes.height <= 600, `the popup is ${sizes.height} px tall`);
    assert.ok(sizes.width <= sizes.window, `the popup is ${sizes.width} px wide in ${sizes.window} px`);
    const found = await overflow(popup);
    assert.deepEqual(found.wide, []);
    // Valid, with the commands written: still within the window, the commands scrolling in their box.
    await popup.getByLabel('Kubernetes namespace').fill('team-a');
    await popup.locator('#generate[data-state="ok"]').waitFor();
    await popup.locator('#namespace-verdict:not([data-state="error"])').waitFor({ state: 'attached' });
    const valid = await popup.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(valid <= 600, `the popup with its commands is ${valid} px tall`);
    assert.deepEqual((await overflow(popup)).wide, []);
    assert.deepEqual(problems, []);
  } finally {
    await extension.close();
  }
});
