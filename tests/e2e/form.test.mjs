// @ts-check
/**
 * The page's validation form and paste box as a user meets them: each mode's fields typed into,
 * each message read next to the field it is about (by its code), modes switched, YAML pasted
 * and read from a file.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, recordProblems, SITE } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let consoleProblems = [];

const AKS_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';
const VM_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
const UAI_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1';

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  // The page keeps its form for a reload of the tab (shared/state.js): each test here starts
  // from an empty form, in the same tab.
  await page.addInitScript(() => sessionStorage.removeItem('amlattach.form-state'));
  consoleProblems = recordProblems(page);
});

// Every test starts from a fresh page: no field touched, the v2 mode chosen.
beforeEach(async () => {
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
  // The secret, versions and live tools load their modules after the first verdict; the
  // request-counting tests below start once they have.
  await page.locator('html[data-tools-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The codes shown under the field with this id.
 * @param {string} id
 */
const codesUnder = (id) =>
  page.locator(`#${id}-verdict li`).evaluateAll((items) => items.map((li) => li.getAttribute('data-code')));

/**
 * Waits until the diagnostic `code` is shown under the field with this id, and checks that the
 * field says it is invalid and points at its messages.
 * @param {string} id
 * @param {string} code
 */
async function expectUnder(id, code) {
  await page.locator(`#${id}-verdict li[data-code="${code}"]`).waitFor();
  const field = page.locator(`#${id}`);
  const tag = await field.evaluate((element) => element.tagName);
  if (tag !== 'FIELDSET') assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.ok((await field.getAttribute('aria-describedby'))?.split(' ').includes(`${id}-verdict`));
  // It is shown where it belongs, not in the general list too.
  assert.equal(await page.locator(`#general-verdict li[data-code="${code}"]`).count(), 0);
}

/** @param {'Attach (v2, AKS or Arc)' | 'Legacy v1 attach' | 'Legacy v1 create'} label */
const chooseMode = (label) => page.getByRole('radio', { name: label }).check();

/** The summary's counts. */
const summaryCounts = async () => {
  const summary = page.locator('#form-summary');
  return {
    errors: Number(await summary.getAttribute('data-errors')),
    warnings: Number(await summary.getAttribute('data-warnings')),
    waiting: Number(await summary.getAttribute('data-waiting')),
    text: await summary.innerText(),
  };
};

test('a fresh form waits: required fields are not reported until left or "Check all"', async () => {
  const counts = await summaryCounts();
  assert.equal(counts.errors, 0);
  assert.ok(counts.waiting >= 2, `name and resource id are required; waiting: ${counts.waiting}`);
  assert.match(counts.text, /required fields? still empty/);
  // Not a success while required fields are empty: a neutral state, not the green one.
  assert.equal(await page.locator('#form-summary').getAttribute('data-state'), 'waiting');
  const colours = await page.evaluate(() => {
    const summary = /** @type {HTMLElement} */ (document.querySelector('#form-summary'));
    const ok = getComputedStyle(document.documentElement).getPropertyValue('--ok').trim();
    const probe = document.createElement('span');
    probe.style.color = ok;
    document.body.append(probe);
    const okColour = getComputedStyle(probe).color;
    probe.remove();
    return { summary: getComputedStyle(summary).color, ok: okColour };
  });
  assert.notEqual(colours.summary, colours.ok);
  assert.equal(await page.locator('#attach-form .verdict li').count(), 0);

  // Leaving the resource id empty reports it there, and only there.
  await page.locator('#v2-resource-id').focus();
  await page.keyboard.press('Tab');
  await page.locator('#v2-resource-id-verdict li').first().waitFor();
  assert.equal(await page.locator('#v2-resource-id').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await codesUnder('compute-name'), []);

  await page.getByRole('button', { name: 'Check all' }).click();
  await page.locator('#compute-name-verdict li').first().waitFor();
  const after = await summaryCounts();
  assert.equal(after.waiting, 0);
  assert.ok(after.errors >= 2);
  assert.match(after.text, /\d+ errors?, \d+ warnings?/);
  // "Check all" takes the keyboard to the first field with an error.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'compute-name');
});

test('v2: a virtual machine id is reported under the resource id', async () => {
  await page.getByLabel('Compute name').fill('myaks');
  await page.locator('#v2-resource-id').fill(VM_ID);
  await expectUnder('v2-resource-id', 'resource-id-wrong-type');
  assert.ok((await summaryCounts()).errors >= 1);

  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.locator('#v2-resource-id-verdict[data-state="empty"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#v2-resource-id').getAttribute('aria-invalid'), null);
});

test('v2: a namespace that is not a DNS label is reported under the namespace', async () => {
  await page.locator('#v2-namespace').fill('Team_A');
  await expectUnder('v2-namespace', 'namespace-invalid');
  await page.locator('#v2-namespace').fill('team-a');
  await page.waitForFunction(() => !document.querySelector('#v2-namespace-verdict li[data-code="namespace-invalid"]'));
});

test('v2: user-assigned without identity ids is reported under the identities', async () => {
  await page.getByLabel('Identity type').selectOption('user_assigned');
  await page.getByRole('button', { name: 'Check all' }).click();
  await expectUnder('v2-identity-ids', 'identity-ids-required');

  await page.getByLabel('User-assigned identity resource ids').fill(UAI_ID);
  await page.waitForFunction(() => !document.querySelector('[data-code="identity-ids-required"]'));
});

test('v2: a bad second identity id lands on the identities field', async () => {
  await page.getByLabel('Identity type').selectOption('user_assigned');
  await page.getByLabel('User-assigned identity resource ids').fill(`${UAI_ID}\n${VM_ID}`);
  const item = page.locator('#v2-identity-ids-verdict li[data-path^="identity.user_assigned_identities[1]"]');
  await item.first().waitFor();
  assert.equal(await item.first().getAttribute('data-severity'), 'error');
  assert.equal(await page.locator('#v2-identity-ids').getAttribute('aria-invalid'), 'true');
});

test('the v1 banner takes its tense from the browser\'s date, on both sides of the end of SDK v1 support', async () => {
  // Playwright's clock sets the page's Date; the checker's default `now` is Date.now().
  /** @type {{ day: string, expected: RegExp }[]} */
  const sides = [
    { day: '2026-06-01T12:00:00Z', expected: /support for SDK v1 \(azureml-core\) ends on 2026-06-30 \(in 29 days\)/ },
    { day: '2026-06-30T12:00:00Z', expected: /support for SDK v1 \(azureml-core\) ends on 2026-06-30 \(today\)/ },
    { day: '2026-07-01T00:00:01Z', expected: /support for SDK v1 \(azureml-core\) ended on 2026-06-30: v1 gets no more fixes or support/ },
  ];
  for (const { day, expected } of sides) {
    const dated = await browser.newPage();
    try {
      await dated.clock.setFixedTime(new Date(day));
      await dated.goto(server.url);
      await dated.locator('html[data-ready="true"]').waitFor();
      await dated.getByLabel('Legacy v1 attach').check();
      const status = dated.locator('#v1-banner-status');
      await status.filter({ hasText: /support/ }).waitFor();
      assert.match(await status.innerText(), expected, day);
    } finally {
      await dated.close();
    }
  }
});

test('v1 attach: the banner, the v1 fields, and a bad resource id under its field', async () => {
  assert.equal(await page.locator('#v1-banner').isVisible(), false);
  await chooseMode('Legacy v1 attach');
  await page.locator('#v1-banner').waitFor();
  // The banner is the checker's sentence, worded from the browser's date (see the clock test).
  assert.match(await page.locator('#v1-banner').innerText(), /reached end of support on 2025-09-30[\s\S]*2026-06-30/);
  assert.equal(await page.locator('#v2-resource-id').isVisible(), false);
  assert.equal(await page.getByLabel('Cluster resource group').isVisible(), true);
  // The v1 end-of-support notice is the banner, not a message in the list.
  assert.equal(await page.locator('#attach-form li[data-code="v1-end-of-support"]').count(), 0);

  await page.locator('#v1-resource-id').fill(VM_ID);
  await expectUnder('v1-resource-id', 'resource-id-wrong-type');
});

test('v1 attach: half a cluster reference, and a load-balancer subnet without an internal load balancer', async () => {
  await chooseMode('Legacy v1 attach');
  await page.getByLabel('Cluster resource group').fill('rg');
  await expectUnder('v1-cluster-name', 'aks-target-incomplete');
  await page.getByLabel('AKS cluster name').fill('aks1');
  await page.waitForFunction(() => !document.querySelector('[data-code="aks-target-incomplete"]'));

  await page.getByLabel('Load balancer subnet').fill('aks-subnet');
  await expectUnder('v1-load-balancer-subnet', 'load-balancer-subnet-without-ilb');
  await page.locator('#v1-load-balancer-type').selectOption('InternalLoadBalancer');
  await page.waitForFunction(() => !document.querySelector('[data-code="load-balancer-subnet-without-ilb"]'));
});

test('v1 attach: a CNAME alone is an incomplete TLS setting, shown in the TLS group', async () => {
  await chooseMode('Legacy v1 attach');
  await page.locator('#attach-form').getByLabel('CNAME').fill('ml.contoso.com');
  await expectUnder('v1-ssl', 'ssl-incomplete');
});

test('v1 create: node count and VM size too small for production', async () => {
  await chooseMode('Legacy v1 create');
  await page.getByLabel('Cluster purpose').selectOption('FastProd');
  await page.getByLabel('Node count').fill('2');
  await expectUnder('v1-agent-count', 'capacity-nodes');
  // Two default-sized nodes also have too few vCPUs; that is the VM size's field.
  await expectUnder('v1-vm-size', 'capacity-vcpus');
  await page.getByLabel('Cluster purpose').selectOption('DevTest');
  await page.waitForFunction(() => !document.querySelector('[data-code^="capacity-"]'));

  await page.getByLabel('Node count').fill('three');
  await page.locator('#v1-agent-count-verdict li[data-severity="error"]').waitFor();
});

test('v1 create: service CIDR and DNS service IP under their fields, the VNet as a whole on its group', async () => {
  await chooseMode('Legacy v1 create');
  await page.getByLabel('Service CIDR').fill('10.0.0.0/12');
  await expectUnder('v1-vnet-service-cidr', 'service-cidr-too-large');

  await page.getByLabel('Service CIDR').fill('10.0.0.0/16');
  await page.getByLabel('DNS service IP').fill('10.1.0.10');
  await expectUnder('v1-vnet-dns-service-ip', 'dns-ip-outside-service-cidr');
  assert.deepEqual(await codesUnder('v1-vnet-service-cidr'), []);
  // Two of the six VNet fields: the group says all six or none.
  await expectUnder('v1-vnet', 'vnet-incomplete');

  await page.getByLabel('DNS service IP').fill('10.0.0.10');
  await page.waitForFunction(() => !document.querySelector('[data-code="dns-ip-outside-service-cidr"]'));
});

test('switching modes shows only that mode\'s fields and messages, and keeps the name', async () => {
  await page.getByLabel('Compute name').fill('1abc');
  await page.locator('#v2-namespace').fill('Team_A');
  await expectUnder('v2-namespace', 'namespace-invalid');

  await chooseMode('Legacy v1 create');
  assert.equal(await page.locator('#v2-namespace').isVisible(), false);
  assert.equal(await page.locator('#attach-form li[data-code="namespace-invalid"]').count(), 0);
  assert.equal(await page.locator('#v2-namespace-verdict').getAttribute('data-state'), 'empty');
  assert.equal(await page.getByLabel('Node count').isVisible(), true);
  assert.ok((await codesUnder('compute-name')).includes('name-first-char'));

  await chooseMode('Attach (v2, AKS or Arc)');
  await expectUnder('v2-namespace', 'namespace-invalid');
  assert.equal(await page.locator('#v1-banner').isVisible(), false);
});

test('the modes are a keyboard radio group', async () => {
  await page.getByRole('radio', { name: 'Attach (v2, AKS or Arc)' }).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByRole('radio', { name: 'Legacy v1 attach' }).isChecked(), true);
  await page.locator('#v1-banner').waitFor();
});

test('every field is described by its hint and its messages', async () => {
  // Every field: the diagnostics' list items carry their path too, and are not fields.
  const missing = await page.locator('[data-path]:not(li)').evaluateAll((elements) =>
    elements
      .filter((element) => {
        const ids = (element.getAttribute('aria-describedby') ?? '').split(' ');
        return !ids.includes(`${element.id}-verdict`) || !document.getElementById(`${element.id}-verdict`);
      })
      .map((element) => element.id),
  );
  assert.deepEqual(missing, []);
});

test('workspace facts unlock checks on the fields they are about', async () => {
  await page.getByLabel('Subscription id').fill('11111111-1111-1111-1111-111111111111');
  await page.getByLabel('Workspace region').fill('westeurope');
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.locator('#v2-resource-id-verdict li[data-code="cross-subscription"]').waitFor();
  assert.equal(await page.locator('#v2-resource-id').getAttribute('aria-invalid'), 'false');

  await chooseMode('Legacy v1 create');
  await page.locator('#v1-location').fill('eastus');
  await page.locator('#v1-location-verdict li[data-code="location-differs"]').waitFor();
  // The same facts reach the paste box.
  await page.getByLabel('Compute YAML or JSON').fill('type: aks\naction: create\nname: aks1\nlocation: eastus\n');
  await page.locator('#paste-verdict li[data-code="location-differs"][data-line="4"]').waitFor();
  await page.getByLabel('Workspace region').fill('eastus');
  await page.waitForFunction(() => !document.querySelector('#paste-verdict li[data-code="location-differs"]'));
});

test('pasted YAML with a syntax error shows the line, and the line takes the caret there', async () => {
  const box = page.getByLabel('Compute YAML or JSON');
  await box.fill('type: kubernetes\nname: myaks\nresource_id: [oops\nnamespace: a\n');
  const item = page.locator('#paste-verdict li[data-code="parse-error"]');
  await item.waitFor();
  const line = Number(await item.getAttribute('data-line'));
  assert.ok(line >= 3, `the error is on line 3 or after; got ${line}`);
  assert.match(await item.innerText(), new RegExp(`Line ${line}`));
  assert.equal(await page.locator('#paste-verdict').getAttribute('data-state'), 'error');
  assert.equal(await box.getAttribute('aria-invalid'), 'true');

  await item.getByRole('button', { name: `Line ${line}` }).click();
  const caret = await box.evaluate((element) => {
    const textarea = /** @type {HTMLTextAreaElement} */ (element);
    return { focused: document.activeElement === textarea, line: textarea.value.slice(0, textarea.selectionStart).split('\n').length };
  });
  assert.deepEqual(caret, { focused: true, line });
});

test('pasted good YAML is valid, and its diagnostics carry lines and paths', async () => {
  const box = page.getByLabel('Compute YAML or JSON');
  await box.fill(`type: kubernetes\nname: myaks\nresource_id: ${AKS_ID}\nnamespace: team-a\nidentity:\n  type: system_assigned\n`);
  await page.locator('#paste-verdict:not([data-state="empty"])').waitFor();
  assert.notEqual(await page.locator('#paste-verdict').getAttribute('data-state'), 'error');
  assert.match(await page.locator('#paste-verdict').innerText(), /Valid compute spec/);
  assert.equal(await page.getByLabel('Compute YAML or JSON').getAttribute('aria-invalid'), 'false');
  assert.equal(await page.locator('#paste-verdict li[data-severity="error"]').count(), 0);

  await box.fill(`type: kubernetes\nname: myaks\nresource_id: ${AKS_ID}\nnamespace: Team_A\n`);
  const item = page.locator('#paste-verdict li[data-code="namespace-invalid"]');
  await item.waitFor();
  assert.equal(await item.getAttribute('data-line'), '4');
  assert.equal(await item.getAttribute('data-path'), 'namespace');

  await box.fill('');
  assert.equal(await page.locator('#paste-verdict').getAttribute('data-state'), 'empty');
});

test('a chosen file is read into the box and checked, without leaving the page', async () => {
  /** @type {string[]} */
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.getByLabel('Read a file').setInputFiles({
    name: 'compute.yml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(`type: kubernetes\nname: 1abc\nresource_id: ${AKS_ID}\n`),
  });
  await page.locator('#paste-verdict li[data-code="name-first-char"]').waitFor();
  assert.match(await page.getByLabel('Compute YAML or JSON').inputValue(), /name: 1abc/);
  assert.match(await page.locator('#paste-file-status').innerText(), /compute\.yml/);
  assert.deepEqual(requests, []);
});

test('a narrow window needs no sideways scrolling', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    for (const mode of /** @type {const} */ (['Attach (v2, AKS or Arc)', 'Legacy v1 attach', 'Legacy v1 create'])) {
      await chooseMode(mode);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${mode}: ${overflow}px wider than the window`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test('the form and the paste box run without console errors or CSP violations', () => {
  assert.deepEqual(consoleProblems, []);
});

test('once the form is valid, the Commands section writes the commands for it, with its workspace', async () => {
  await chooseMode('Attach (v2, AKS or Arc)');
  await page.getByLabel('Compute name').fill('k8s-from-form');
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.locator('#workspace-resource-group').fill('rg-from-form');
  await page.locator('#workspace-name').fill('ws-from-form');
  const code = page.locator('#generate-code', { hasText: 'k8s-from-form' });
  await code.waitFor();
  const text = await code.innerText();
  assert.match(text, /--workspace-name ws-from-form/);
  assert.match(text, /--resource-group rg-from-form/);
  assert.match(await page.locator('#generate-spec').inputValue(), /"name": "k8s-from-form"/);
});

test('when the form turns invalid, the Commands section says what stops them instead of keeping the last ones', async () => {
  // Before anything is typed: the example's commands, marked as such.
  await page.locator('#generate[data-state="example"]').waitFor();
  await chooseMode('Attach (v2, AKS or Arc)');
  await page.getByLabel('Compute name').fill('k8s-from-form');
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.locator('#generate-code', { hasText: 'k8s-from-form' }).waitFor();
  assert.equal(await page.locator('#generate').getAttribute('data-state'), 'ok');
  await page.getByLabel('Compute name').fill('1-bad-name');
  await page.locator('#generate[data-state="stale"]').waitFor();
  assert.match(await page.locator('#generate-status').innerText(), /^No commands while the form has an error/);
  assert.equal(await page.locator('#generate-code').innerText(), '');
  assert.equal(await page.locator('#generate').getByRole('button', { name: 'Copy' }).isDisabled(), true);
  // Fixed, the commands come back for the new name.
  await page.getByLabel('Compute name').fill('k8s-fixed');
  await page.locator('#generate-code', { hasText: 'k8s-fixed' }).waitFor();
  assert.equal(await page.locator('#generate').getAttribute('data-state'), 'ok');
});

/**
 * Every message the form shows now, as a person reads it.
 * @returns {Promise<string>}
 */
const formMessages = () => page.locator('#attach-form .verdict').evaluateAll((verdicts) => verdicts.map((v) => /** @type {HTMLElement} */ (v).innerText).join('\n'));

test("the form's messages speak of its labels, not of paths, keys or types", async () => {
  await page.getByLabel('Compute name').fill('k8s-words');
  await page.locator('#v2-resource-id').fill(AKS_ID);
  await page.getByLabel('Identity type').selectOption('user_assigned');
  await page.getByLabel('User-assigned identity resource ids').fill(`${UAI_ID}\nnot-an-id`);
  await page.getByLabel('Subscription id').fill('not-a-guid');
  await page.getByLabel('Workspace name').fill('w');
  // What a pre-flight read: a version that is none, which only the general list can show.
  await page.evaluate(async () => {
    const state = /** @type {typeof import('../../www/live-state.js')} */ (await import(`${location.origin}/live-state.js`));
    state.setLiveFacts({ cluster: { kubernetes_version: 'one.two' } });
  });
  await page.getByRole('button', { name: 'Check all' }).click();
  const general = page.locator('#general-verdict li[data-path="context.cluster.kubernetes_version"]');
  await general.waitFor();
  assert.match(await general.innerText(), /^Cluster › Kubernetes version: Error: /);
  await page.locator('#v2-identity-ids-verdict li[data-code="identity-id-invalid"]').waitFor();
  await page.locator('#workspace-subscription-id-verdict li[data-code="subscription-id-invalid"]').waitFor();
  let shown = await formMessages();

  // v1 create: text in the node count, half a TLS setting.
  await chooseMode('Legacy v1 create');
  await page.getByLabel('Node count').fill('three');
  await page.locator('#attach-form').getByLabel('CNAME').fill('ml.contoso.com');
  await page.getByRole('button', { name: 'Check all' }).click();
  await page.locator('#v1-agent-count-verdict li[data-code="wrong-type"]').waitFor();
  assert.match(await page.locator('#v1-agent-count-verdict li').innerText(), /whole number, such as 3/);
  const tls = page.locator('#v1-ssl-verdict li[data-code="ssl-incomplete"]');
  await tls.waitFor();
  // The keys the message names are the fields' labels here.
  assert.match(await tls.innerText(), /“Certificate file”/);
  shown += `\n${await formMessages()}`;

  // v1 attach: no cluster at all.
  await chooseMode('Legacy v1 attach');
  await page.getByRole('button', { name: 'Check all' }).click();
  await page.locator('#v1-resource-id-verdict li[data-code="resource-id-required"]').waitFor();
  shown += `\n${await formMessages()}`;

  assert.doesNotMatch(shown, /context\./);
  assert.doesNotMatch(shown, /\[\d+\]/);
  assert.doesNotMatch(shown, /`/);
  assert.doesNotMatch(shown, /not a (string|number)\b/);
  assert.doesNotMatch(shown, /\b(resource_id|cluster_name|cert_file|key_file|user_assigned_identities)\b/);
  // Quoted values are code, built as nodes.
  assert.ok((await page.locator('#attach-form .verdict li code').count()) > 0);
});

test('a command in a message is a code block with a Copy button that copies it', async () => {
  const context = page.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await chooseMode('Legacy v1 attach');
  await page.getByRole('button', { name: 'Check all' }).click();
  const item = page.locator('#v1-resource-id-verdict li[data-code="resource-id-required"]');
  await item.waitFor();
  const command = item.locator('.command .command-text');
  assert.match(await command.innerText(), /^az aks show /);
  await item.locator('.command').getByRole('button', { name: /^Copy/ }).click();
  await item.locator('.command button', { hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await command.textContent());
});
