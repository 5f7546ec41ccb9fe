// @ts-check
/**
 * What ARM refuses of the extension form's "Install the extension through ARM…", as a user meets
 * it: signed in for real with MSAL.js against the local OpenID Connect provider, each test in a
 * browser context of its own, on a cluster of its own that "Find" lists (its region taken from
 * there, no pre-flight). A 403 `AuthorizationFailed` for `extensions/write` (the emulator's
 * `error` fault) ends the install with ARM's words, which name the action, and the offer to
 * explain it; mandatory MFA (the `mfa-required` fault) makes the page sign in again with MFA in a
 * popup and send the PUT once more, which installs; refused again, the install stops with the MFA
 * advice and nothing more is sent. The happy paths are in extension-live-page.test.mjs.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { axeViolations } from './browser.mjs';
import { addCluster, armSentSince, chooseCluster, confirmExtension, signedInPage, startLiveRig } from './live-rig.mjs';

const CLIENT_ID = '6c1d8e2f-4a5b-4c3d-9e8f-0a1b2c3d4e5f';
const JWT = /eyJ[\w-]+\.[\w-]+\./;

/** @type {import('./live-rig.mjs').LiveRig} */
let rig;
/** @type {import('./live-rig.mjs').LiveRig['emulator']} */
let emulator;

before(async () => {
  rig = await startLiveRig({ clientId: CLIENT_ID });
  emulator = rig.emulator;
});

after(() => rig?.close());

/**
 * A signed-in page of its own with a new cluster of that name chosen in the live section's list
 * (found by "Find"), the extension for training, and its install ready to be asked for.
 * @param {string} name
 */
async function readyToInstall(name) {
  const opened = await signedInPage(rig);
  const id = addCluster(emulator, { name });
  await chooseCluster(opened.page, id);
  await opened.page.getByLabel('enableTraining').check();
  await opened.page.locator('#live-extension-install:not([disabled])').waitFor();
  return { ...opened, id, outcome: opened.page.locator('#live-extension-outcome') };
}

/**
 * Whether the emulator holds an extension on the cluster.
 * @param {string} id
 */
const hasExtension = (id) => emulator.state.resources.some((r) => r.id.toLowerCase().startsWith(`${id.toLowerCase()}/providers/microsoft.kubernetesconfiguration/`));

/**
 * No token where it must not be (MSAL's own cache, in sessionStorage, aside), and no console
 * problem but the 4xx answers the test asks for.
 * @param {import('playwright-core').Page} page
 * @param {string[]} problems
 * @param {RegExp} statuses the statuses the browser may report as failed loads
 */
async function assertClean(page, problems, statuses) {
  const shown = await page.evaluate(() => ({
    text: document.body.innerText,
    explain: /** @type {HTMLTextAreaElement | null} */ (document.getElementById('explain-input'))?.value ?? '',
    local: JSON.stringify({ ...localStorage }),
    url: location.href,
  }));
  for (const [where, text] of Object.entries(shown)) assert.doesNotMatch(text, JWT, `no token in ${where}`);
  const unexpected = problems.filter((p) => !(/^Failed to load resource: the server responded with a status of (\d+) /.exec(p)?.[1] ?? '').match(statuses));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
}

test('ARM refusing the PUT (403 AuthorizationFailed for extensions/write): its words, the offer to explain, nothing more sent', async () => {
  const { context, page, problems, id, outcome } = await readyToInstall('aks-denied');
  const extension = `${id}/providers/Microsoft.KubernetesConfiguration/extensions/azureml`;
  const message = `The client '11111111-2222-3333-4444-555555555555' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action 'Microsoft.KubernetesConfiguration/extensions/write' over scope '${extension}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  const rule = emulator.faults.add({ kind: 'error', method: 'PUT', path: '/extensions/azureml$', status: 403, code: 'AuthorizationFailed', message });
  try {
    const from = emulator.requests.length;
    await confirmExtension(page, 'install');
    await outcome.locator('xpath=self::*[@data-state="failed"]').waitFor({ timeout: 20_000 });
    const said = (await outcome.evaluate((element) => [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''))).trim();
    assert.equal(said, `AuthorizationFailed: ${message}`);
    const explain = outcome.getByRole('button', { name: 'Explain this failure' });
    assert.ok(await explain.isVisible());
    // The troubleshooter has ARM's code and message.
    const handed = JSON.parse(await page.locator('#explain-input').inputValue());
    assert.equal(handed.error.code, 'AuthorizationFailed');
    assert.equal(handed.error.message, message);
    await explain.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'explain-input');
    // A refusal is not retried, and nothing follows it.
    await page.waitForTimeout(1500);
    assert.deepEqual(armSentSince(emulator, from), ['GET /extensions/azureml 404', 'PUT /extensions/azureml 403 error']);
    assert.ok(!hasExtension(id));
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
    await assertClean(page, problems, /^40[34]$/);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('an install ARM refuses for want of MFA gets a token with MFA in a popup and is sent once more', async () => {
  const { context, page, problems, id, outcome } = await readyToInstall('aks-mfa-once');
  const rule = emulator.faults.add({ kind: 'mfa-required' });
  const before = rig.idp.mfa();
  try {
    const from = emulator.requests.length;
    const popup = page.waitForEvent('popup');
    await confirmExtension(page, 'install');
    await (await popup).waitForEvent('close');
    await outcome.filter({ hasText: /^Installed: / }).waitFor({ timeout: 30_000 });
    const sent = armSentSince(emulator, from);
    assert.deepEqual(sent.slice(0, 3), ['GET /extensions/azureml 404', 'PUT /extensions/azureml 401 mfa-required', 'PUT /extensions/azureml 201'], sent.join('\n'));
    assert.equal(sent.at(-1), 'GET /extensions/azureml 200');
    // MSAL asked the refresh token first (refused: the sign-in had no MFA), then the popup signed in with it.
    assert.deepEqual(rig.idp.mfa(), { signIns: before.signIns + 1, refusedRefreshes: before.refusedRefreshes + 1 });
    assert.match((await page.locator('#live-extension-log').textContent()) ?? '', /Azure asks for a sign-in with multi-factor authentication/);
    assert.ok(hasExtension(id));
    await assertClean(page, problems, /^40[0134]$/);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('refused again after the MFA sign-in, the install stops with the MFA advice and sends nothing more', async () => {
  const { context, page, problems, id, outcome } = await readyToInstall('aks-mfa-again');
  const rule = emulator.faults.add({ kind: 'mfa-required', refuseMfaTokens: true });
  const before = rig.idp.mfa();
  try {
    const from = emulator.requests.length;
    await confirmExtension(page, 'install');
    await outcome.locator('.mfa-advice').waitFor({ timeout: 20_000 });
    assert.equal(await outcome.getAttribute('data-state'), 'failed');
    assert.equal(await outcome.locator('.mfa-headline').textContent(), 'Azure Resource Manager refused the change: it needs a sign-in with multi-factor authentication (MFA), and this sign-in could not provide it.');
    assert.ok(await outcome.getByRole('button', { name: 'Sign in again with multi-factor authentication' }).isVisible());
    assert.match((await outcome.textContent()) ?? '', /Azure Resource Manager said: RequestDisallowedByAzure: Resource 'azureml' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA\./);
    assert.match((await outcome.getByRole('list', { name: 'What to do' }).textContent()) ?? '', /--claims-challenge "eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19"/);
    assert.equal(rig.idp.mfa().signIns, before.signIns + 1);
    // Once with the first token, once with the MFA token; then nothing, however long we wait.
    await page.waitForTimeout(1500);
    assert.deepEqual(armSentSince(emulator, from), ['GET /extensions/azureml 404', 'PUT /extensions/azureml 401 mfa-required', 'PUT /extensions/azureml 401 mfa-required']);
    assert.ok(!hasExtension(id));
    const handed = JSON.parse(await page.locator('#explain-input').inputValue());
    assert.equal(handed.error.kind, 'mfa-required');
    assert.equal(handed.error.code, 'RequestDisallowedByAzure');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
    await assertClean(page, problems, /^40[0134]$/);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});
