// @ts-check
/**
 * Mandatory multi-factor authentication for ARM writes, as a user meets it in the page: signed in
 * for real with MSAL.js (popup) against the local OpenID Connect provider without MFA, then an
 * attach or detach that the ARM emulator refuses (the `mfa-required` fault). The page gets a
 * token for the claims ARM asked for (the refresh token is refused with Entra's AADSTS50076, so
 * MSAL opens a popup where the provider signs in with MFA) and sends the same request once more:
 * with the claims challenge visible, with only the body (the header kept from CORS), for a
 * detach under the self-enforcement policy; a second refusal ends with the exact advice and no
 * third request; a blocked sign-in window gives a button that signs in from the click and runs
 * the attach again; a `RequestDisallowedByAzure` region restriction is not taken for MFA.
 * Chromium driven over DevTools opens every window (even with Playwright's
 * `--disable-popup-blocking` taken off, a `window.open` without a click opens: tried), so the
 * blocked window is what the blocker makes of it: `window.open` answering null.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { makeCompute } from '../emulator/state.mjs';
import { axeViolations, recordProblems, ROOT } from './browser.mjs';
import { signIn, startLiveRig } from './live-rig.mjs';

const CLIENT_ID = '9d4e2f1a-7b3c-4e5d-8f6a-1b2c3d4e5f60';
const JWT = /eyJ[\w-]+\.[\w-]+\./;
const AKS = '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus';

/** @type {import('./live-rig.mjs').LiveRig} */
let rig;
/** @type {import('./live-rig.mjs').LiveRig['emulator']} */
let emulator;

before(async () => {
  rig = await startLiveRig({ clientId: CLIENT_ID, lro: { durationMs: 200, retryAfterSeconds: 1 } });
  emulator = rig.emulator;
});

after(() => rig?.close());

/**
 * A new browser context (no provider session, no MSAL cache) signed in without MFA, with the
 * workspace and cluster found and the pre-flight run, and the compute named `name`.
 * @param {string} name
 */
async function signedInWithoutMfa(name) {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  const problems = recordProblems(page);
  await signIn(page, rig);
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters/ }).waitFor();
  for (const [label, option] of [
    ['Workspace', 'mlw-prod'],
    ['Cluster', 'aks-prod-eastus'],
  ]) {
    const select = page.getByLabel(label, { exact: true });
    const value = await select.evaluate((element, option) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${option} (`))?.value, option);
    assert.ok(value, `no ${label} option ${option}`);
    await select.selectOption(value);
  }
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await outcome(page, 'preflight').locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
  await page.getByLabel('Compute name').first().fill(name);
  await page.getByLabel('Namespace').first().fill('team-mfa');
  await page.getByLabel('Compute to detach').fill(name);
  return { context, page, problems };
}

/**
 * The outcome under an action's button (the attach's unless said).
 * @param {import('playwright-core').Page} page
 * @param {'preflight' | 'attach' | 'detach'} [action]
 */
const outcome = (page, action = 'attach') => page.locator(`#live-${action}-outcome`);

/**
 * The writes the emulator logged since `from`: method, status and fault.
 * @param {number} from
 */
function writesSince(from) {
  return emulator.requests
    .slice(from)
    .filter((r) => r.method === 'PUT' || r.method === 'DELETE')
    .map((r) => `${r.method} ${r.status}${r.fault ? ` ${r.fault}` : ''}`);
}

/**
 * Nothing secret where it must not be, and no console problem but the 4xx answers the tests ask
 * for (the 404 before each PUT, the refusals, the provider's refused refresh).
 * @param {import('playwright-core').Page} page
 * @param {string[]} problems
 */
async function assertClean(page, problems) {
  const shown = await page.evaluate(() => ({
    text: document.getElementById('live')?.innerText ?? '',
    explain: /** @type {HTMLTextAreaElement | null} */ (document.getElementById('explain-input'))?.value ?? '',
    local: JSON.stringify({ ...localStorage }),
    url: location.href,
  }));
  for (const [where, text] of Object.entries(shown)) assert.doesNotMatch(text, JWT, `no token in ${where}`);
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of (40[0134]) /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
}

test('an attach ARM refuses with a claims challenge gets a token with MFA in a popup and is sent once more', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-mfa-header');
  const rule = emulator.faults.add({ kind: 'mfa-required' });
  const from = emulator.requests.length;
  const before = rig.idp.mfa();
  try {
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Attach with the settings above' }).click();
    await (await popup).waitForEvent('close');
    await outcome(page).locator('text=Attached: k8s-mfa-header is Succeeded').waitFor({ timeout: 20_000 });
    assert.deepEqual(writesSince(from), ['PUT 401 mfa-required', 'PUT 201']);
    // MSAL asked the refresh token first (refused: the sign-in had no MFA), then the popup signed in with it.
    assert.deepEqual(rig.idp.mfa(), { signIns: before.signIns + 1, refusedRefreshes: before.refusedRefreshes + 1 });
    assert.match((await page.locator('#live-log').textContent()) ?? '', /Azure asks for a sign-in with multi-factor authentication/);
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('with the header hidden from CORS, the MFA body alone leads to the same sign-in and attach', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-mfa-body');
  const rule = emulator.faults.add({ kind: 'mfa-required', exposeChallenge: false });
  const from = emulator.requests.length;
  const before = rig.idp.mfa();
  try {
    await page.getByRole('button', { name: 'Attach with the settings above' }).click();
    await outcome(page).locator('text=Attached: k8s-mfa-body is Succeeded').waitFor({ timeout: 20_000 });
    assert.deepEqual(writesSince(from), ['PUT 401 mfa-required', 'PUT 201']);
    // The standard p1 request reached the provider: the refresh asking for it was refused, the sign-in made with MFA.
    assert.deepEqual(rig.idp.mfa(), { signIns: before.signIns + 1, refusedRefreshes: before.refusedRefreshes + 1 });
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('a detach the MFA policy refuses (body only) is sent once more with an MFA token and detaches', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-mfa-detach');
  // The compute to detach, put straight into the emulator's state.
  const workspace = emulator.state.resources.find((r) => r.type === 'Microsoft.MachineLearningServices/workspaces' && r.name === 'mlw-prod');
  assert.ok(workspace);
  const compute = makeCompute({ workspace, name: 'k8s-mfa-detach', computeType: 'Kubernetes', resourceId: AKS, properties: { namespace: 'team-mfa' } });
  emulator.state.resources.push(compute);
  const rule = emulator.faults.add({ kind: 'mfa-required', variant: 'policy', exposeChallenge: false });
  const from = emulator.requests.length;
  try {
    await page.getByRole('button', { name: 'Detach', exact: true }).click();
    await page.locator('#live-detach-yes').click();
    await outcome(page, 'detach').locator('text=Detached').waitFor({ timeout: 20_000 });
    assert.deepEqual(writesSince(from), ['DELETE 401 mfa-required', 'DELETE 202']);
    assert.ok(!emulator.state.resources.some((r) => r.id === compute.id), 'the compute is gone');
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('refused again after the MFA sign-in, the attach stops with the exact advice and sends nothing more', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-mfa-again');
  const rule = emulator.faults.add({ kind: 'mfa-required', refuseMfaTokens: true });
  const from = emulator.requests.length;
  try {
    await page.getByRole('button', { name: 'Attach with the settings above' }).click();
    await outcome(page).locator('.mfa-advice').waitFor({ timeout: 20_000 });
    assert.equal(await outcome(page).getAttribute('data-state'), 'failed');
    assert.equal(await outcome(page).locator('.mfa-headline').textContent(), 'Azure Resource Manager refused the change: it needs a sign-in with multi-factor authentication (MFA), and this sign-in could not provide it.');
    assert.ok(await outcome(page).getByRole('button', { name: 'Sign in again with multi-factor authentication' }).isVisible());
    const claims = 'eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlcyI6WyJwMSJdfX19';
    assert.deepEqual(await outcome(page).getByRole('list', { name: 'What to do' }).locator('> li').allInnerTexts(), [
      'Sign in again with multi-factor authentication (the button above), then try again.',
      `With Azure CLI 2.76.0 or later:\naz logout\naz login --scope "https://management.core.windows.net//.default" --claims-challenge "${claims}"`,
      `With Azure PowerShell 14.3.0 (Az.Accounts 5.2.0) or later:\nConnect-AzAccount -ClaimsChallenge "${claims}"`,
      'For automation, run it as a service principal or a managed identity: workload identities are exempt. A user account that runs scripts must sign in with MFA too.',
    ]);
    assert.match(
      (await outcome(page).textContent()) ?? '',
      // The enforcement sentence comes from the checker's dated facts, worded as of today.
      /Multifactor authentication for Azure Resource Manager create, update and delete operations by users has been enforced since 2025-10-01\. Azure Resource Manager said: RequestDisallowedByAzure: Resource 'k8s-mfa-again' was disallowed by Azure: You are receiving this error because you tried to create, update or delete Azure resources without authenticating through MFA\./,
    );
    // Once with the first token, once with the MFA token; then nothing, however long we wait.
    await page.waitForTimeout(1500);
    assert.deepEqual(writesSince(from), ['PUT 401 mfa-required', 'PUT 401 mfa-required']);
    const states = await page.locator('#live-steps li').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')));
    assert.deepEqual(states, ['failed', 'pending', 'pending', 'pending']);
    // The troubleshooter has ARM's code and message.
    const handed = await page.locator('#explain-input').inputValue();
    assert.equal(JSON.parse(handed).error.code, 'RequestDisallowedByAzure');
    assert.match(JSON.parse(handed).error.message, /without authenticating through MFA/);
    assert.equal(JSON.parse(handed).error.kind, 'mfa-required');
    // The advice is accessible (WCAG 2.2 A/AA), and kept for review.
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
    await mkdir(join(ROOT, 'target/screenshots'), { recursive: true });
    await page.locator('#live').screenshot({ path: join(ROOT, 'target/screenshots/live-mfa-advice.png') });
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('a blocked sign-in window gives a button that signs in with MFA from the click and attaches', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-mfa-blocked');
  const rule = emulator.faults.add({ kind: 'mfa-required' });
  const from = emulator.requests.length;
  const before = rig.idp.mfa();
  try {
    // The pop-up blocker's answer to a window opened too long after the click: null.
    await page.evaluate(() => {
      const open = window.open;
      window.open = () => null;
      /** @type {any} */ (window).unblockPopups = () => (window.open = open);
    });
    await page.getByRole('button', { name: 'Attach with the settings above' }).click();
    const button = outcome(page).getByRole('button', { name: 'Sign in again with multi-factor authentication' });
    await button.waitFor({ timeout: 20_000 });
    assert.equal(
      await outcome(page).locator('.mfa-headline').textContent(),
      'Azure needs you to sign in with multi-factor authentication (MFA) to make this change, and the sign-in window could not open: pop-up windows are blocked, or too much time passed since your click.',
    );
    assert.deepEqual(writesSince(from), ['PUT 401 mfa-required']);
    await page.evaluate(() => /** @type {any} */ (window).unblockPopups());
    const popup = page.waitForEvent('popup');
    await button.click();
    await (await popup).waitForEvent('close');
    await outcome(page).locator('text=Attached: k8s-mfa-blocked is Succeeded').waitFor({ timeout: 20_000 });
    assert.deepEqual(writesSince(from), ['PUT 401 mfa-required', 'PUT 201']);
    assert.equal(rig.idp.mfa().signIns, before.signIns + 1);
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});

test('RequestDisallowedByAzure for a region is not taken for MFA: no new sign-in, no second PUT', async () => {
  const { context, page, problems } = await signedInWithoutMfa('k8s-region');
  const message =
    "Resource 'k8s-region' was disallowed by Azure: This policy maintains a set of best available regions where your subscription can deploy resources. The objective of this policy is to ensure that your subscription has full access to Azure services with optimal performance. Should you need additional or different regions, contact support.";
  const rule = emulator.faults.add({ kind: 'error', method: 'PUT', status: 403, code: 'RequestDisallowedByAzure', message });
  const from = emulator.requests.length;
  const before = rig.idp.mfa();
  /** @type {import('playwright-core').Page[]} */
  const popups = [];
  page.on('popup', (p) => popups.push(p));
  try {
    await page.getByRole('button', { name: 'Attach with the settings above' }).click();
    await outcome(page).locator('text=RequestDisallowedByAzure').waitFor({ timeout: 20_000 });
    assert.equal(await outcome(page).locator('.mfa-advice').count(), 0);
    assert.equal(await outcome(page).getByRole('button', { name: 'Sign in again with multi-factor authentication' }).count(), 0);
    assert.match((await outcome(page).textContent()) ?? '', /^RequestDisallowedByAzure: Resource 'k8s-region' was disallowed by Azure: This policy maintains a set of best available regions/);
    assert.deepEqual(writesSince(from), ['PUT 403 error']);
    assert.deepEqual(rig.idp.mfa(), before);
    assert.equal(popups.length, 0);
    assert.equal(JSON.parse(await page.locator('#explain-input').inputValue()).error.kind, 'service');
    await assertClean(page, problems);
  } finally {
    emulator.faults.remove(rule);
    await context.close();
  }
});
