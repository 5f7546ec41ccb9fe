// @ts-check
/**
 * One state (www/shared/state.js): the form's fields by `data-path`, kept for a reload, shared
 * as a link (`?s=`), filled from a pasted or typed spec, and handed over by the extension's
 * popup; never a secret in any of them. The module itself in Node first, then the page and the
 * popup in a real Chromium.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { MAX_ENCODED_CHARS, SECRET_PATHS, decodeState, encodeState, holdsSecret, stateFromSpec, withoutSecrets } from '../../www/shared/state.js';
import { launchBrowser, launchWithExtension, recordProblems, SITE } from './browser.mjs';

const SUB = '00000000-0000-0000-0000-000000000000';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1`;
const UAI_ID = `/subscriptions/${SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml`;
const PEM_KEY = '-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7 -----END PRIVATE KEY-----';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJlLXRva2Vu';

/** The form's paths by mode, as the page's index.html has them (for the module's own tests). */
const V2 = ['name', 'resource_id', 'namespace', 'description', 'identity.type', 'identity.user_assigned_identities'];
const V1 = ['name', 'cluster_purpose', 'load_balancer_type', 'load_balancer_subnet', 'ssl.cname', 'ssl.cert_file', 'ssl.key_file', 'ssl.leaf_domain_label', 'ssl.overwrite_existing_domain'];
const WORKSPACE = ['context.workspace.subscription_id', 'context.workspace.resource_group', 'context.workspace.name', 'context.workspace.location'];
/** @type {import('../../www/shared/state.js').FieldsOf} */
const fieldsOf = (mode) =>
  new Set([
    ...(mode === 'v2' ? V2 : V1),
    ...(mode === 'v1-attach' ? ['resource_id', 'resource_group', 'cluster_name'] : []),
    ...(mode === 'v1-create' ? ['agent_count', 'vm_size', 'location', 'vnet.resource_group', 'vnet.name', 'vnet.subnet'] : []),
    ...WORKSPACE,
  ]);

// The module, in Node.

test('a state survives its encoding, in a string a URL carries as it is', () => {
  /** @type {import('../../www/shared/state.js').FormState} */
  const state = { mode: 'v2', values: { name: 'k8s-é', resource_id: AKS_ID, 'identity.user_assigned_identities': `${UAI_ID}\n${UAI_ID}2`, 'context.workspace.name': 'ws' } };
  const encoded = encodeState(state);
  assert.match(encoded, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodeState(encoded, { fieldsOf }), { ok: true, state, notes: [] });
});

test('no secret is encoded: the secret paths, and a key, token or bearer typed in any field', () => {
  assert.deepEqual([...SECRET_PATHS].sort(), ['ssl.cert', 'ssl.key']);
  assert.equal(holdsSecret(PEM_KEY), true);
  assert.equal(holdsSecret(TOKEN), true);
  assert.equal(holdsSecret('Bearer abc.def'), true);
  assert.equal(holdsSecret('./certs/key.pem'), false);
  assert.equal(holdsSecret(AKS_ID), false);
  const values = { name: 'k8s', 'ssl.key': 'inline', 'ssl.cert': 'inline', 'ssl.key_file': PEM_KEY, description: TOKEN, 'ssl.cert_file': 'cert.pem' };
  assert.deepEqual(withoutSecrets({ mode: 'v1-attach', values }).dropped.sort(), ['description', 'ssl.cert', 'ssl.key', 'ssl.key_file']);
  const decoded = Buffer.from(encodeState({ mode: 'v1-attach', values }), 'base64url').toString('utf8');
  assert.deepEqual(JSON.parse(decoded), { mode: 'v1-attach', values: { name: 'k8s', 'ssl.cert_file': 'cert.pem' } });
});

test('a link that cannot be read is an error that says why, never a throw', () => {
  const error = (/** @type {string} */ text) => {
    const decoded = decodeState(text, { fieldsOf });
    assert.equal(decoded.ok, false, text.slice(0, 40));
    return decoded.ok ? '' : decoded.error;
  };
  assert.match(error('x'.repeat(MAX_ENCODED_CHARS + 1)), /more than the 8192/);
  assert.match(error('not base64!'), /characters/);
  assert.match(error('abcde'), /could not be decoded/);
  assert.match(error(Buffer.from('[1,2]').toString('base64url')), /does not hold settings/);
  assert.match(error(Buffer.from('{"mode":"v3","values":{}}').toString('base64url')), /no mode the form has \("v3"\)/);
  assert.match(error(Buffer.from('{"mode":"v2","values":[]}').toString('base64url')), /no field values/);
  assert.match(error(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')), /could not be decoded/);
});

test('keys the form has no field for, values that are not text and secrets are left out, with a note', () => {
  const text = Buffer.from(JSON.stringify({ mode: 'v2', values: { name: 'k8s', agent_count: '3', tags: 'x', namespace: 7, description: PEM_KEY } })).toString('base64url');
  const decoded = decodeState(text, { fieldsOf });
  assert.ok(decoded.ok);
  assert.deepEqual(decoded.state, { mode: 'v2', values: { name: 'k8s' } });
  assert.deepEqual(decoded.notes, [
    'the form has no field for “agent_count” and “tags”, left out',
    '“namespace” is not text, left out',
    '“description” looked like a secret and was left out',
  ]);
});

test('a spec in canonical shape becomes the form state; keys with no field are named, secrets too', () => {
  const v2 = stateFromSpec(
    {
      $schema: 'https://azuremlschemas.azureedge.net/latest/kubernetesCompute.schema.json',
      name: 'k8s',
      type: 'kubernetes',
      resource_id: AKS_ID,
      namespace: 'team-a',
      identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: UAI_ID }, { resource_id: `${UAI_ID}2` }] },
      tags: { team: 'a' },
      properties: { x: 1 },
    },
    { fieldsOf },
  );
  assert.deepEqual(v2.state, {
    mode: 'v2',
    values: { name: 'k8s', resource_id: AKS_ID, namespace: 'team-a', 'identity.type': 'user_assigned', 'identity.user_assigned_identities': `${UAI_ID}\n${UAI_ID}2` },
  });
  assert.deepEqual(v2.unmapped, ['tags', 'properties']);

  const v1 = stateFromSpec(
    { name: 'aks', type: 'aks', action: 'create', agent_count: 3, vm_size: 'Standard_D4s_v3', ssl: { cname: 'ml.contoso.com', cert: 'PEM', key: '(inline PEM key, not echoed)', overwrite_existing_domain: true } },
    { fieldsOf },
  );
  assert.deepEqual(v1.state, { mode: 'v1-create', values: { name: 'aks', agent_count: '3', vm_size: 'Standard_D4s_v3', 'ssl.cname': 'ml.contoso.com', 'ssl.overwrite_existing_domain': true } });
  assert.deepEqual(v1.unmapped, ['ssl.cert', 'ssl.key']);
  assert.equal(stateFromSpec({ type: 'aks', name: 'a' }, { fieldsOf }).state.mode, 'v1-attach');
});

// The page and the popup, in Chromium.

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A new context and page at `url`, ready and with its tools loaded.
 * @param {string} url
 * @param {{ clipboard?: boolean }} [options]
 */
async function open(url, { clipboard = false } = {}) {
  const context = await browser.newContext();
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(url);
  await ready(page);
  return { context, page, problems };
}

/** @param {import('playwright-core').Page} page */
async function ready(page) {
  await page.locator('html[data-ready="true"]').waitFor();
  await page.locator('html[data-tools-ready="true"]').waitFor();
}

/**
 * What the form shows: the mode, every visible field's value by id, the summary and each
 * verdict's codes.
 * @param {import('playwright-core').Page} page
 */
function formView(page) {
  return page.evaluate(() => {
    const form = /** @type {HTMLFormElement} */ (document.getElementById('attach-form'));
    /** @type {Record<string, string | boolean>} */
    const fields = {};
    for (const control of form.querySelectorAll('input[data-path], select[data-path], textarea[data-path]')) {
      const input = /** @type {HTMLInputElement} */ (control);
      if (input.closest('[hidden]') !== null) continue;
      fields[input.id] = input.type === 'checkbox' ? input.checked : input.value;
    }
    const codes = [...form.querySelectorAll('.verdict li[data-code]')].map((li) => `${li.closest('.verdict')?.id}:${li.getAttribute('data-code')}`).sort();
    return {
      mode: /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="mode"]:checked'))?.value,
      fields,
      summary: document.getElementById('form-summary')?.textContent,
      codes,
    };
  });
}

/**
 * Fills the v2 form as a user would, each field left (so its verdict shows).
 * @param {import('playwright-core').Page} page
 */
async function fillV2(page) {
  await page.getByLabel('Compute name').fill('k8s-team-a');
  await page.getByLabel('Cluster resource id', { exact: true }).fill(AKS_ID);
  // An error the form shows: the verdict carried over must include it.
  await page.getByLabel('Kubernetes namespace').fill('Team_A');
  await page.getByLabel('Identity type').selectOption('user_assigned');
  await page.getByLabel('User-assigned identity resource ids').fill(UAI_ID);
  await page.getByLabel('Subscription id').fill(SUB);
  await page.getByLabel('Resource group', { exact: true }).fill('rg-ml');
  await page.getByLabel('Workspace name').fill('mlw');
  await page.getByLabel('Workspace region').click();
  await page.locator('#v2-namespace-verdict li[data-code="namespace-invalid"]').waitFor();
}

/**
 * Fills the v1 create form.
 * @param {import('playwright-core').Page} page
 */
async function fillV1Create(page) {
  await page.getByRole('radio', { name: 'Legacy v1 create' }).check();
  await page.getByLabel('Compute name').fill('aks-v1');
  await page.getByLabel('Node count').fill('2');
  await page.getByLabel('Node VM size').fill('Standard_D4s_v3');
  await page.getByLabel('Cluster purpose').selectOption('FastProd');
  await page.locator('#attach-form').getByLabel('CNAME').fill('ml.contoso.com');
  await page.getByLabel('Certificate file').fill('certs/cert.pem');
  await page.getByLabel('Key file').fill('certs/key.pem');
  await page.getByLabel('Overwrite the existing domain').check();
  await page.getByLabel('Compute name').click();
  await page.locator('#form-summary[data-errors]:not([data-errors="0"])').waitFor();
}

test('a reload brings back the v2 form: the same fields and the same verdict', async () => {
  const { context, page, problems } = await open(`${server.url}#attach`);
  try {
    await fillV2(page);
    const before = await formView(page);
    assert.equal(before.fields['v2-namespace'], 'Team_A');
    assert.ok(before.codes.includes('v2-namespace-verdict:namespace-invalid'), before.codes.join(' '));
    await page.reload();
    await ready(page);
    const afterReload = await formView(page);
    assert.deepEqual(afterReload, before);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a reload brings back the v1 create form: its mode, its fields, a ticked box and the same verdict', async () => {
  const { context, page, problems } = await open(`${server.url}#v1`);
  try {
    await fillV1Create(page);
    const before = await formView(page);
    assert.equal(before.mode, 'v1-create');
    assert.equal(before.fields['v1-ssl-overwrite-existing-domain'], true);
    assert.equal(before.fields['v1-agent-count'], '2');
    await page.reload();
    await ready(page);
    assert.deepEqual(await formView(page), before);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a copied link opens, in a fresh browser context, the same mode, fields and verdict', async () => {
  const first = await open(`${server.url}#v1`, { clipboard: true });
  try {
    await fillV1Create(first.page);
    const before = await formView(first.page);
    await first.page.getByRole('button', { name: 'Copy a link to these settings' }).click();
    await first.page.locator('#state-status', { hasText: 'Link copied' }).waitFor();
    const link = await first.page.evaluate(() => navigator.clipboard.readText());
    assert.match(link, /\?s=[A-Za-z0-9_-]+#v1$/);
    assert.deepEqual(first.problems, []);

    const second = await open(link);
    try {
      assert.deepEqual(await formView(second.page), before);
      assert.equal(await second.page.locator('body').getAttribute('data-task'), 'v1');
      assert.deepEqual(second.problems, []);
    } finally {
      await second.context.close();
    }
  } finally {
    await first.context.close();
  }
});

test('a link holds no key typed in a field and nothing of the live section; without the clipboard it is shown to copy', async () => {
  const { context, page, problems } = await open(`${server.url}#v1`);
  try {
    // The clipboard refuses: the link is put in a box to copy by hand.
    await page.evaluate(() => {
      Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) });
    });
    await page.getByRole('radio', { name: 'Legacy v1 attach' }).check();
    await page.getByLabel('Compute name').fill('aks-v1');
    await page.getByLabel('AKS cluster resource id').fill(AKS_ID);
    await page.locator('#attach-form').getByLabel('CNAME').fill('ml.contoso.com');
    await page.getByLabel('Key file').fill(PEM_KEY);
    await page.getByLabel('Tenant (directory) id or domain').fill('contoso-tenant.onmicrosoft.com');
    await page.getByLabel('Application (client) id').fill('11111111-2222-3333-4444-555555555555');
    await page.getByText('No app registration? Use an access token').click();
    await page.getByLabel(/^Access token/).fill(TOKEN);
    await page.getByRole('button', { name: 'Copy a link to these settings' }).click();
    const box = page.getByLabel('Link to these settings');
    await box.waitFor();
    assert.equal(await box.getAttribute('readonly'), '');
    assert.match((await page.locator('#state-status').textContent()) ?? '', /did not let the page copy the link.*without “Key file”, which looks like a secret/);
    const link = await box.inputValue();
    const carried = Buffer.from(/** @type {string} */ (new URL(link).searchParams.get('s')), 'base64url').toString('utf8');
    assert.match(carried, /aks-v1/);
    for (const secret of ['PRIVATE KEY', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'contoso-tenant', '11111111-2222', TOKEN.slice(0, 30)]) {
      assert.ok(!carried.includes(secret) && !link.includes(secret), `the link carries ${secret}`);
    }
    // Nor is the key kept for a reload.
    const kept = await page.evaluate(() => sessionStorage.getItem('amlattach.form-state') ?? '');
    const keptState = Buffer.from(JSON.parse(kept).state, 'base64url').toString('utf8');
    assert.match(keptState, /aks-v1/);
    assert.ok(!keptState.includes('PRIVATE KEY'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a link that cannot be read: the page says so and works as usual', async () => {
  for (const bad of ['%%%not-a-state', 'eyJtb2RlIjoidjkifQ', 'A'.repeat(9000)]) {
    const { context, page, problems } = await open(`${server.url}?s=${bad}#attach`);
    try {
      await page.locator('#state-status', { hasText: "The link's settings could not be read" }).waitFor();
      await page.getByLabel('Compute name').fill('1abc');
      await page.locator('#compute-name-verdict [data-code="name-first-char"]').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('pasted YAML fills the form; the keys it has no field for are named, and the form checks it', async () => {
  const { context, page, problems } = await open(`${server.url}#attach`);
  try {
    await page.getByLabel('Workspace name').fill('mlw');
    const fill = page.locator('#paste-fill');
    await page.getByLabel('Compute YAML or JSON').fill('name: 1bad\ntype: kubernetes\n');
    await page.locator('#paste-verdict[data-state="error"]').waitFor();
    assert.equal(await fill.isVisible(), false);
    await page
      .getByLabel('Compute YAML or JSON')
      .fill(`name: k8s-pasted\ntype: kubernetes\nresource_id: ${AKS_ID}\nnamespace: team-b\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n    - resource_id: ${UAI_ID}\ntags:\n  team: b\n`);
    await fill.click();
    await page.locator('#paste-fill-status', { hasText: 'The form has no field for “tags”' }).waitFor();
    const view = await formView(page);
    assert.equal(view.mode, 'v2');
    assert.equal(view.fields['compute-name'], 'k8s-pasted');
    assert.equal(view.fields['v2-resource-id'], AKS_ID);
    assert.equal(view.fields['v2-namespace'], 'team-b');
    assert.equal(view.fields['v2-identity-type'], 'user_assigned');
    assert.equal(view.fields['v2-identity-ids'], UAI_ID);
    // The workspace typed before is kept, and the form's verdict is for the new values.
    assert.equal(view.fields['workspace-name'], 'mlw');
    await page.locator('#compute-name-verdict[data-state="ok"]').waitFor();
    await page.locator('#generate-spec[data-source="form"]').waitFor();
    assert.match(await page.locator('#generate-spec').inputValue(), /"name": "k8s-pasted"/);

    // A v1 spec as JSON whose one error is a field's: the form takes it, in its mode.
    await page.getByLabel('Compute YAML or JSON').fill(JSON.stringify({ name: 'aks-json', type: 'aks', action: 'create', agent_count: 'many' }));
    await page.locator('#paste-verdict[data-state="error"]').waitFor();
    await fill.click();
    await page.locator('#paste-fill-status', { hasText: 'Legacy v1 create' }).waitFor();
    assert.equal((await formView(page)).fields['v1-agent-count'], 'many');
    await page.locator('#v1-agent-count-verdict li[data-code]').first().waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a spec typed in the Commands box fills the form; the button is there only for typed specs', async () => {
  const { context, page, problems } = await open(`${server.url}#attach`);
  try {
    const fill = page.locator('#generate-fill');
    // The built-in example is not offered.
    await page.locator('#generate[data-state="example"]').waitFor();
    assert.equal(await fill.isVisible(), false);
    await page.locator('#generate-spec').fill(`name: k8s-typed\ntype: kubernetes\nresource_id: ${AKS_ID}\nidentity: {type: system_assigned}\nproperties: {a: 1}\n`);
    await fill.click();
    await page.locator('#generate-fill-status', { hasText: 'The form has no field for “properties”' }).waitFor();
    const view = await formView(page);
    assert.equal(view.fields['compute-name'], 'k8s-typed');
    assert.equal(view.fields['v2-identity-type'], 'system_assigned');
    // The box follows the form again, and the button goes.
    await page.locator('#generate-spec[data-source="form"]').waitFor();
    assert.equal(await fill.isVisible(), false);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the popup's whole state opens in the full assistant", async () => {
  const extension = await launchWithExtension();
  try {
    const popup = await extension.context.newPage();
    const problems = recordProblems(popup);
    await popup.goto(`chrome-extension://${extension.extensionId}/popup.html`);
    await popup.locator('html[data-ready="true"]').waitFor();
    await popup.getByLabel('Compute name').fill('k8s-popup');
    await popup.getByLabel('Cluster resource id').fill(AKS_ID);
    await popup.getByLabel('Kubernetes namespace').fill('team-p');
    await popup.getByLabel('Compute identity').selectOption('user_assigned');
    await popup.getByLabel('User-assigned identity resource id').fill(UAI_ID);
    await popup.getByLabel('Subscription id').fill(SUB);
    await popup.getByLabel('Resource group').fill('rg-ml');
    await popup.getByLabel('Workspace name').fill('mlw-popup');
    // The popup has no form to fill: its Commands box offers none, typed in or not.
    await popup.locator('#generate-code', { hasText: 'az ml compute attach' }).waitFor();
    await popup.locator('#generate-spec').fill(`name: typed\ntype: kubernetes\nresource_id: ${AKS_ID}\n`);
    await popup.locator('#generate-code', { hasText: '--name typed' }).waitFor();
    assert.equal(await popup.locator('#generate-fill').count(), 0);
    await popup.getByLabel('Workspace name').fill('mlw-popup');
    const [tab] = await Promise.all([extension.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open the full assistant' }).click()]);
    await tab.locator('html[data-ready="true"]').waitFor();
    const expected = {
      'compute-name': 'k8s-popup',
      'v2-resource-id': AKS_ID,
      'v2-namespace': 'team-p',
      'v2-identity-type': 'user_assigned',
      'v2-identity-ids': UAI_ID,
      'workspace-subscription-id': SUB,
      'workspace-resource-group': 'rg-ml',
      'workspace-name': 'mlw-popup',
    };
    for (const [id, value] of Object.entries(expected)) assert.equal(await tab.locator(`#${id}`).inputValue(), value, id);
    assert.equal(await tab.locator('body').getAttribute('data-task'), 'attach');
    await tab.locator('#compute-name-verdict[data-state="ok"]').waitFor();

    const [help] = await Promise.all([extension.context.waitForEvent('page'), popup.getByRole('button', { name: 'Something failed?' }).click()]);
    await help.locator('html[data-ready="true"]').waitFor();
    assert.equal(await help.locator('body').getAttribute('data-task'), 'explain');
    assert.equal(await help.locator('#v2-namespace').inputValue(), 'team-p');
    assert.deepEqual(problems, []);
  } finally {
    await extension.close();
  }
});
