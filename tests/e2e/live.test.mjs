// @ts-check
/**
 * The page's live section as a user drives it: a real MSAL.js sign-in (popup, redirect bridge)
 * against the local HTTPS OpenID Connect provider, then discovery, the pre-flight feeding the
 * form's checks, attach and detach against the ARM emulator, which accepts only that provider's
 * tokens. Failure paths: a failed operation with provisioning errors, a policy denial, an
 * expired token renewed silently, a renewal Entra ID refuses (a single-page app's refresh token
 * after 24 hours), a pasted token ARM refuses. Afterwards no token is in
 * localStorage, IndexedDB or cookies (MSAL's cache is in sessionStorage, as designed).
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { axeViolations, fillCustomCloud, recordProblems, ROOT } from './browser.mjs';
import { makeToken } from '../emulator/server.mjs';
import { startLiveRig } from './live-rig.mjs';

/** @typedef {import('./live-rig.mjs').LiveRig} LiveRig */

const CLIENT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const AKS = '/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-eastus';
const SHOTS = join(ROOT, 'target/screenshots');

/** @type {import('./live-rig.mjs').LiveRig} */
let rig;
/** @type {LiveRig['server']} */
let server;
/** @type {LiveRig['idp']} */
let idp;
/** @type {LiveRig['emulator']} */
let emulator;
/** @type {LiveRig['browser']} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let problems;

before(async () => {
  rig = await startLiveRig({ clientId: CLIENT_ID });
  ({ server, idp, emulator, browser } = rig);
  page = await browser.newPage();
  problems = recordProblems(page);
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
  await mkdir(SHOTS, { recursive: true });
});

after(() => rig?.close());

/**
 * The outcome under an action's button.
 * @param {'discover' | 'preflight' | 'namespace' | 'attach' | 'detach'} action
 */
const outcome = (action) => page.locator(`#live-${action}-outcome`);

/**
 * Chooses the option whose label starts with `name ` (ids come back from Resource Graph in
 * its own casing, so the test picks by name as a user would).
 * @param {string} label
 * @param {string} name
 */
async function choose(label, name) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.evaluate(
    (element, name) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${name} (`))?.value,
    name,
  );
  assert.ok(value, `no ${label} option for ${name}`);
  await select.selectOption(value);
}

test('signing in with MSAL.js opens a popup that closes itself, and shows who is signed in', async () => {
  await fillCustomCloud(page, { armUrl: emulator.url, issuer: idp.issuer, clientId: CLIENT_ID });
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await (await popup).waitForEvent('close');
  await page.locator('#live-account', { hasText: 'Signed in as' }).waitFor();
  assert.match(await page.locator('#live-account').textContent() ?? '', /test\.user@example\.test/);
  // The settings (no secrets) are kept for the next visit; the token is not.
  const saved = await page.evaluate(() => localStorage.getItem('amlattach.sign-in'));
  assert.match(saved ?? '', /"clientId":"6f1c2d3e/);
});

test('discovery fills the workspace and cluster lists as results arrive', async () => {
  emulator.requests.length = 0;
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor();
  const authorized = emulator.requests.filter((r) => r.method === 'POST');
  assert.ok(authorized.length >= 3, 'three Resource Graph queries, accepted with the provider token');
  assert.ok(authorized.every((r) => r.status === 200), JSON.stringify(authorized.map((r) => r.status)));
  await choose('Workspace', 'mlw-prod');
  await choose('Cluster', 'aks-prod-eastus');
});

test('the troubleshooter runs the pre-flight to judge the causes of a pasted failure', async () => {
  // github.com/Azure/AML-Kubernetes/issues/279
  await page.getByLabel('What the failure said').fill('(BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.');
  const card = page.locator('#explain-result .explained[data-id="aks-role-check-failed"]');
  await card.waitFor();
  assert.equal(await card.locator('.findings li').count(), 0, 'no facts before a pre-flight');
  await page.getByRole('button', { name: 'Check these causes with the pre-flight' }).click();
  await outcome('preflight').locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
  await card.locator('.findings li').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Check these causes with the pre-flight' }).count(), 0);
});

test('the pre-flight fills the form and its facts join the checks next to the fields', async () => {
  await page.getByLabel('Compute name').first().fill('k8s-train');
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await outcome('preflight').locator('text=Pre-flight done').waitFor();
  assert.equal((await page.locator('#v2-resource-id').inputValue()).toLowerCase(), AKS.toLowerCase());
  assert.equal(await page.locator('#workspace-name').inputValue(), 'mlw-prod');
  // k8s-train already exists in mlw-prod: only the live facts can tell.
  await page.locator('[data-code="name-clash"]').first().waitFor();
  assert.match(await page.locator('#live-facts').textContent() ?? '', /Kubernetes 1\.\d+/);
  // The capacity picture names its numbers for screen readers too.
  const capacity = page.getByRole('img', { name: /vCPUs on \d+ nodes/ });
  assert.match((await capacity.getAttribute('aria-label')) ?? '', /^\d+ vCPUs on \d+ nodes: (enough|not enough) for production/);
  assert.ok((await page.locator('.capacity-pool').count()) >= 1);
  await page.screenshot({ path: join(SHOTS, 'live-preflight.png'), fullPage: true });
});

test('attach runs the operation to its end and detach removes the compute', async () => {
  await page.getByLabel('Compute name').first().fill('k8s-live');
  await page.getByLabel('Namespace').first().fill('team-live');
  await page.locator('[data-code="name-clash"]').first().waitFor({ state: 'detached' });
  emulator.requests.length = 0;
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  await outcome('attach').locator('text=Attached: k8s-live is Succeeded').waitFor({ timeout: 20_000 });
  assert.equal(emulator.requests.filter((r) => r.method === 'PUT').length, 1);
  assert.ok((await page.locator('#live-log li').count()) > 1, 'progress was shown');
  // The progress picture: every step done, the last naming the state.
  const steps = page.getByRole('list', { name: 'Attach progress' }).locator('li');
  assert.deepEqual(await steps.evaluateAll((items) => items.map((i) => i.getAttribute('data-state'))), ['done', 'done', 'done', 'done']);
  assert.match((await steps.last().textContent()) ?? '', /^Finished: Succeeded \(done\)$/);
  await page.locator('#live').screenshot({ path: join(SHOTS, 'live-section-attached.png') });
  await page.screenshot({ path: join(SHOTS, 'live-attached.png'), fullPage: true });
  // The signed-in section (lists, facts, capacity picture, progress, outcome) is accessible too.
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));

  await page.getByLabel('Compute to detach').fill('k8s-live');
  await page.getByRole('button', { name: 'Detach', exact: true }).click();
  // Nothing is sent before the user confirms, and the question names the workspace.
  assert.match(await page.locator('#live-detach-question').innerText(), /Detach the compute “k8s-live” from workspace \S+ \(resource group \S+, subscription [0-9a-f-]{36}\)\?/);
  await page.getByRole('button', { name: 'Detach “k8s-live”' }).click();
  await outcome('detach').locator('text=Detached').waitFor({ timeout: 20_000 });
  const state = await (await fetch(`${emulator.url}/__emulator/state`)).json();
  assert.ok(!JSON.stringify(state).includes('/computes/k8s-live"'), 'the compute is gone');
});

test('a failed operation shows every provisioning error verbatim', async () => {
  emulator.settings.lro.outcomes['k8s-fails'] = {
    status: 'Failed',
    error: { code: 'BadArgument', message: 'Kubernetes extension not installed' },
    provisioningErrors: [{ error: { code: 'BadArgument', message: 'Kubernetes extension not installed on aks-prod-eastus' } }],
  };
  await page.getByLabel('Compute name').first().fill('k8s-fails');
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  await outcome('attach').locator('.provisioning-errors', { hasText: 'Kubernetes extension not installed on aks-prod-eastus' }).waitFor({ timeout: 20_000 });
  assert.equal(await outcome('attach').getAttribute('data-state'), 'failed');
  const states = await page.locator('#live-steps li').evaluateAll((items) => items.map((i) => i.getAttribute('data-state')));
  assert.deepEqual(states, ['done', 'done', 'done', 'failed']);
  // Scrollable provisioning errors are reachable and named (axe).
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  // The troubleshooter has them already: one click shows the cause and its fix.
  await outcome('attach').getByRole('button', { name: 'Explain this failure' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'explain-input');
  const card = page.locator('#explain-result .explained[data-id="extension-not-installed"]');
  await card.waitFor();
  assert.match(await card.innerText(), /az k8s-extension/);
  // The pre-flight ran earlier in this session: its facts judge the causes.
  const facts = await card.locator('.findings li').allInnerTexts();
  assert.ok(facts.length > 0, 'the pre-flight facts show under the causes');
  const verdicts = await card.locator('.causes > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-verdict')));
  assert.ok(verdicts.some((v) => v !== null), verdicts.join());
});

test('throttling is waited out and the wait is shown', async () => {
  const rule = emulator.faults.add({ kind: 'throttle', method: 'PUT', retryAfterSeconds: 1, times: 1 });
  await page.getByLabel('Compute name').first().fill('k8s-throttled');
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  await outcome('attach').locator('text=Attached: k8s-throttled is Succeeded').waitFor({ timeout: 20_000 });
  emulator.faults.remove(rule);
  assert.match(await page.locator('#live-log').textContent() ?? '', /429/);
});

test('a policy denial is named as such', async () => {
  const rule = emulator.faults.add({ kind: 'policy-denial', method: 'PUT', times: 1 });
  await page.getByLabel('Compute name').first().fill('k8s-denied');
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  await outcome('attach').locator('text=Azure Policy').waitFor({ timeout: 20_000 });
  emulator.faults.remove(rule);
  assert.match(await outcome('attach').textContent() ?? '', /RequestDisallowedByPolicy/);
  // ARM's error envelope goes to the troubleshooter as it came, additionalInfo and all.
  await outcome('attach').getByRole('button', { name: 'Explain this failure' }).click();
  const card = page.locator('#explain-result .explained[data-id="policy-denied"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-confidence'), 'high');
});

test('an expired token is renewed silently through MSAL and the call goes on', async () => {
  const rule = emulator.faults.add({ kind: 'expired-token', times: 1 });
  const popups = [];
  page.on('popup', (p) => popups.push(p));
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters/ }).waitFor();
  emulator.faults.remove(rule);
  assert.equal(popups.length, 0, 'renewed with the refresh token, no popup');
});

test('a token MSAL cannot renew stops the call with what to do, not as a network failure', async () => {
  // The access token has expired (ARM says so to every request), and its renewal is refused.
  const rule = emulator.faults.add({ kind: 'expired-token', times: 100 });
  // Entra ID ends a single-page app's refresh token after 24 hours, whatever it is used for.
  const refusal = {
    error: 'invalid_grant',
    error_description:
      'AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on 2026-11-21T20:55:00.000Z.\r\nTrace ID: 0e3b4f8a-2c71-4d95-8b6e-5a9f1c2d7e00\r\nCorrelation ID: 7c4d2e1f-9a8b-4c3d-a2e1-6f5b4a3c2d1e\r\nTimestamp: 2026-11-22 20:55:01Z',
    error_codes: [700084],
    timestamp: '2026-11-22 20:55:01Z',
    trace_id: '0e3b4f8a-2c71-4d95-8b6e-5a9f1c2d7e00',
    correlation_id: '7c4d2e1f-9a8b-4c3d-a2e1-6f5b4a3c2d1e',
    error_uri: 'https://login.microsoftonline.com/error?code=700084',
  };
  idp.refuseNextToken(refusal, 100);
  try {
    await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
    await outcome('discover').filter({ hasText: 'Could not get a token for Azure Resource Manager' }).waitFor({ timeout: 20_000 });
    const said = (await outcome('discover').textContent()) ?? '';
    assert.match(said, /^Could not get a token for Azure Resource Manager\. The session ended: a single-page app's refresh token lasts 24 hours\. Sign in again\. \(AADSTS700084: The refresh token was issued to a single page app \(SPA\)/);
    assert.doesNotMatch(said, /NetworkError|getToken/);
    assert.equal(await outcome('discover').getAttribute('data-state'), 'failed');
  } finally {
    idp.refuseNextToken({}, 0);
    emulator.faults.remove(rule);
  }
});

test('after the session no token or key is in localStorage, IndexedDB or cookies', async () => {
  const stored = await page.evaluate(async () => {
    const databases = (await indexedDB.databases()).map((d) => d.name);
    return { local: JSON.stringify({ ...localStorage }), cookies: document.cookie, databases };
  });
  assert.doesNotMatch(stored.local, /eyJ[\w-]+\.[\w-]+\./, 'no JWT in localStorage');
  assert.equal(stored.cookies, '');
  assert.deepEqual(stored.databases, []);
  const context = await page.context().cookies();
  assert.ok(context.every((c) => !new URL(server.url).hostname.includes(c.domain)), 'no cookie for the page');
  // Chromium logs every 4xx answer to fetch. This session has them on purpose: ARM's 404 to the
  // GET before each PUT (the compute name is free), the policy denial's 403, the expired
  // token's 401. Anything else (an exception, a script error) is a problem.
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of 4\d\d /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});

test('sign-out ends the session at the sign-in provider too, and leaves no token in sessionStorage', async () => {
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The provider's end-session page asks first (oidc-provider's own confirmation form).
  const window = await popup;
  const closed = window.waitForEvent('close');
  await window.getByRole('button', { name: 'Yes, sign me out' }).click();
  await closed;
  await page.locator('#live-account', { hasText: 'Signed out, here and at the sign-in provider.' }).waitFor();
  assert.equal(idp.endedSessions(), 1);
  const session = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(session, /eyJ[\w-]+\.[\w-]+\./, 'no JWT left in sessionStorage');
  assert.ok(await page.getByRole('button', { name: 'Sign in', exact: true }).isEnabled());
});

test('signing in in this tab goes to the sign-in page and back, keeping the form, and the session works', async () => {
  const tab = await browser.newPage();
  const tabProblems = recordProblems(tab);
  await tab.goto(`${server.url}#attach`);
  await tab.locator('html[data-ready="true"]').waitFor();
  await tab.locator('#live:not([hidden])').waitFor();
  await tab.getByLabel('Compute name').fill('k8s-redirect');
  await tab.getByLabel('Kubernetes namespace').fill('team-a');
  await tab.getByLabel('Legacy v1 attach').check();
  await fillCustomCloud(tab, { armUrl: emulator.url, issuer: idp.issuer, clientId: CLIENT_ID });
  const popups = [];
  tab.on('popup', (p) => popups.push(p));
  /** The tab's own navigations (the provider answers with redirects, which commit no page). @type {string[]} */
  const visited = [];
  tab.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === tab.mainFrame()) visited.push(new URL(request.url()).origin + new URL(request.url()).pathname);
  });
  await tab.getByRole('button', { name: 'Sign in in this tab' }).click();
  await tab.locator('#live-account', { hasText: 'Signed in as' }).waitFor({ timeout: 20_000 });
  // Away to the provider, through the bridge page, and back to the page.
  const page0 = new URL(server.url).origin;
  assert.ok(visited.some((url) => url.startsWith(new URL(idp.issuer).origin)), visited.join(' '));
  assert.deepEqual(visited.slice(-2), [`${page0}/redirect.html`, `${page0}/`]);
  assert.equal(popups.length, 0);
  assert.equal(new URL(tab.url()).hash, '#attach');
  assert.match((await tab.locator('#live-account').textContent()) ?? '', /test\.user@example\.test/);
  assert.equal(await tab.getByLabel('Compute name').inputValue(), 'k8s-redirect');
  assert.equal(await tab.getByLabel('Kubernetes namespace').inputValue(), 'team-a');
  assert.equal(await tab.getByLabel('Legacy v1 attach').isChecked(), true);
  assert.equal(await tab.evaluate(() => sessionStorage.getItem('amlattach.sign-in-resume')), null, 'the kept form is read once and dropped');
  await tab.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await tab.locator('#live-progress', { hasText: /^Found \d+ clusters/ }).waitFor();
  assert.deepEqual(tabProblems, []);
  await tab.close();
});

test('a pasted token that ARM refuses gives a clear message', async () => {
  const fresh = await browser.newPage();
  await fresh.goto(server.url);
  await fresh.locator('html[data-ready="true"]').waitFor();
  await fillCustomCloud(fresh, { armUrl: emulator.url });
  await fresh.getByText('No app registration? Use an access token').click();
  // An ARM token in shape (audience, expiry), but signed by no one ARM trusts.
  await fresh.getByLabel(/Access token/).fill(makeToken({}));
  await fresh.getByRole('button', { name: 'Use this token' }).click();
  assert.equal(await fresh.getByLabel(/Access token/).inputValue(), '', 'the token left the text box');
  await fresh.locator('#live-account', { hasText: 'Using the pasted token: An access token for Azure Resource Manager' }).waitFor();
  await fresh.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await fresh.locator('#live-discover-outcome', { hasText: 'Azure Resource Manager refused the pasted token' }).waitFor({ timeout: 20_000 });
  assert.match(await fresh.locator('#live-progress').textContent() ?? '', /InvalidAuthenticationToken/);
  await fresh.close();
});

test('a pasted token is checked for shape, audience and expiry before it is used, and never sent', async () => {
  const fresh = await browser.newPage();
  await fresh.goto(server.url);
  await fresh.locator('html[data-ready="true"]').waitFor();
  await fillCustomCloud(fresh, { armUrl: emulator.url });
  await fresh.getByText('No app registration? Use an access token').click();
  const before = emulator.requests.length;
  const account = fresh.locator('#live-account');
  /** @param {string} pasted @param {string | RegExp} says */
  const paste = async (pasted, says) => {
    await fresh.getByLabel(/Access token/).fill(pasted);
    await fresh.getByRole('button', { name: 'Use this token' }).click();
    await account.filter({ hasText: says }).waitFor();
    assert.equal(await fresh.getByLabel(/Access token/).inputValue(), '', 'the paste left the text box');
  };
  // A custom cloud without its ARM endpoint: said in the settings' words, before anything else.
  await fresh.getByLabel('ARM endpoint').fill('');
  await paste(makeToken({}), 'Enter the ARM endpoint of the custom cloud in the sign-in settings');
  await fresh.getByLabel('ARM endpoint').fill(emulator.url);
  await paste('hello', 'This is not an access token');
  await paste(makeToken({ expiresInSeconds: -7200 }), /This token expired at .* UTC \(2 hours ago\)/);
  await paste(makeToken({ aud: 'https://graph.microsoft.com' }), 'This token is for Microsoft Graph, not for Azure Resource Manager');
  assert.equal(await fresh.getByRole('button', { name: 'Find my clusters and workspaces' }).isVisible(), false, 'no refused token is used');
  // `Bearer …` and the JSON of `az account get-access-token` give the token inside.
  await paste(`Bearer ${makeToken({ upn: 'ann@contoso.com' })}`, 'The `Bearer ` prefix was left out');
  assert.match(await account.textContent() ?? '', /for ann@contoso\.com/);
  const json = JSON.stringify({ accessToken: makeToken({}), expiresOn: '2026-12-03 13:00:00.000000', tokenType: 'Bearer' }, null, 2);
  await paste(json, 'The token of the pasted JSON (its accessToken) is used');
  assert.equal(emulator.requests.length, before, 'checking a token sends nothing');
  await fresh.close();
});
