// @ts-check
/**
 * Where the live section's results land and what they say, as a user meets them against the ARM
 * emulator in headless Chromium: each action's result in a region of its own, right under its
 * button (never at the bottom under Detach); a workspace or cluster chosen in the live lists
 * fills the form, whose verdict follows, and the form's choice is chosen in the lists; an attach
 * with a bad form names its first error and puts the cursor on that field; a finished attach
 * shows its final state only, its polls folded away as history; an unreachable ARM is a sentence
 * under the action that failed.
 * @module
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { makeToken } from '../emulator/server.mjs';
import { axeViolations, fillCustomCloud, recordProblems, ROOT } from './browser.mjs';
import { signIn, startLiveRig } from './live-rig.mjs';

const CLIENT_ID = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const SHOTS = join(ROOT, 'target/screenshots');
/** How far under its button an action's result may start, in CSS pixels. */
const NEAR = 120;

/** @type {import('./live-rig.mjs').LiveRig} */
let rig;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let problems;

before(async () => {
  // An operation that runs for 2.5 s, polled every second: the page sees it InProgress first.
  rig = await startLiveRig({ clientId: CLIENT_ID, lro: { durationMs: 2500, retryAfterSeconds: 1 } });
  page = await rig.browser.newPage({ viewport: { width: 1280, height: 900 } });
  problems = recordProblems(page);
  await signIn(page, rig);
  await mkdir(SHOTS, { recursive: true });
});

after(() => rig?.close());

/**
 * The option of a live list whose label starts with `name (`.
 * @param {'Workspace' | 'Cluster'} label
 * @param {string} name
 */
async function optionFor(label, name) {
  const value = await page
    .getByLabel(label, { exact: true })
    .evaluate((element, name) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${name} (`))?.value, name);
  assert.ok(value, `no ${label} option for ${name}`);
  return value;
}

/**
 * Asserts that the action's outcome is inside its region, that the region starts right under
 * the action's button, and (for all but the detach) above the Detach button.
 * @param {string} action
 * @param {string} buttonName
 */
async function assertUnderItsButton(action, buttonName) {
  const button = await page.getByRole('button', { name: buttonName, exact: true }).boundingBox();
  const region = await page.locator(`#live-${action}-result`).boundingBox();
  const detach = await page.getByRole('button', { name: 'Detach', exact: true }).boundingBox();
  assert.ok(button && region && detach, `${action}: every box is on screen`);
  const gap = region.y - (button.y + button.height);
  assert.ok(gap >= 0 && gap <= NEAR, `${action}: its result starts ${gap} px under its button (at most ${NEAR})`);
  // What it says (its progress line's summary, its outcome) is inside its region.
  let said = 0;
  for (const part of [`#live-${action}-result .live-progress`, `#live-${action}-outcome`]) {
    const box = await page.locator(part).boundingBox();
    if (box === null || box.height === 0) continue;
    said += 1;
    assert.ok(box.y >= region.y && box.y + box.height <= region.y + region.height + 0.5, `${action}: ${part} is inside its region`);
  }
  assert.ok(said > 0, `${action}: its region says something`);
  if (action !== 'detach') assert.ok(region.y + region.height <= detach.y, `${action}: its result is above the Detach button`);
}

test('discovery says what it found under its own button', async () => {
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-discover-result #live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor({ timeout: 20_000 });
  await assertUnderItsButton('discover', 'Find my clusters and workspaces');
});

test('choosing a workspace and a cluster fills the form, whose verdict follows; the form’s choice is chosen in the lists', async () => {
  // Wrong values typed first: the form marks them as errors.
  await page.locator('#v2-resource-id').fill('not-a-cluster-id');
  await page.locator('#workspace-subscription-id').fill('not-a-guid');
  await page.locator('#compute-name').click();
  for (const id of ['v2-resource-id', 'workspace-subscription-id']) {
    await page.locator(`#${id}-verdict[data-state="error"]`).waitFor();
  }
  const workspace = await optionFor('Workspace', 'mlw-prod');
  await page.getByLabel('Workspace', { exact: true }).selectOption(workspace);
  const cluster = await optionFor('Cluster', 'aks-prod-eastus');
  await page.getByLabel('Cluster', { exact: true }).selectOption(cluster);
  const parts = workspace.split('/');
  assert.equal(await page.locator('#workspace-subscription-id').inputValue(), parts[2]);
  assert.equal(await page.locator('#workspace-resource-group').inputValue(), parts[4]);
  assert.equal(await page.locator('#workspace-name').inputValue(), 'mlw-prod');
  assert.equal(await page.locator('#v2-resource-id').inputValue(), cluster);
  // The form checked again: the errors of the values typed before are gone.
  for (const id of ['v2-resource-id', 'workspace-subscription-id']) {
    assert.notEqual(await page.locator(`#${id}-verdict`).getAttribute('data-state'), 'error', id);
    assert.notEqual(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', id);
  }
  // The other way: a workspace typed into the form is chosen in the list.
  const other = await optionFor('Workspace', 'mlw-dev');
  const otherParts = other.split('/');
  await page.locator('#workspace-subscription-id').fill(otherParts[2]);
  await page.locator('#workspace-resource-group').fill(otherParts[4]);
  await page.locator('#workspace-name').fill('mlw-dev');
  assert.equal(await page.getByLabel('Workspace', { exact: true }).inputValue(), other);
  await page.locator('#workspace-name').fill('mlw-nowhere');
  assert.equal(await page.getByLabel('Workspace', { exact: true }).inputValue(), '', 'a workspace that was not found is not shown as chosen');
  await page.getByLabel('Workspace', { exact: true }).selectOption(workspace);
  assert.equal(await page.locator('#workspace-name').inputValue(), 'mlw-prod');
});

test('the pre-flight’s facts and verdict show under its button, and its verdict follows the form', async () => {
  await page.locator('#compute-name').fill('k8s-train');
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  const outcome = page.locator('#live-preflight-outcome');
  await outcome.locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
  await assertUnderItsButton('preflight', 'Run the pre-flight checks');
  assert.ok(await page.locator('#live-preflight-result #live-facts li').count() > 0, 'the facts are in the pre-flight’s region');
  // k8s-train exists in mlw-prod: the verdict names it, with a way to the field.
  assert.match((await outcome.innerText()) ?? '', /Compute name: .*k8s-train/);
  await outcome.getByRole('button', { name: 'Go to “Compute name”' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'compute-name');
  await page.locator('#compute-name').fill('k8s-layout');
  await outcome.filter({ hasNotText: 'k8s-train' }).waitFor();
  assert.equal(await outcome.getByRole('button').count(), 0, 'no error left to go to');
});

test('an attach with a bad form names the first error and puts the cursor on its field', async () => {
  const from = rig.emulator.requests.length;
  await page.locator('#compute-name').fill('x');
  await page.locator('#live-detach-name').focus();
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  const outcome = page.locator('#live-attach-outcome');
  await outcome.filter({ hasText: 'The settings above have' }).waitFor();
  assert.match((await outcome.textContent()) ?? '', /^The settings above have (an error|\d+ errors; the first): Compute name: .+\. Fix (it|them) first \(the cursor is on that field\)\.$/);
  assert.equal(await outcome.getAttribute('data-state'), 'failed');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'compute-name');
  await assertUnderItsButton('attach', 'Attach with the settings above');
  assert.deepEqual(rig.emulator.requests.slice(from).filter((r) => r.method === 'PUT'), [], 'nothing was sent');
});

test('a finished attach shows its final state only: the polls in progress are folded history', async () => {
  await page.locator('#compute-name').fill('k8s-layout');
  await page.locator('#v2-namespace').fill('team-layout');
  await page.getByRole('button', { name: 'Attach with the settings above' }).click();
  // While it runs, the operation's state shows under the button.
  await page.locator('#live-attach-result', { hasText: 'InProgress' }).waitFor({ timeout: 20_000 });
  const outcome = page.locator('#live-attach-outcome');
  await outcome.filter({ hasText: 'Attached: k8s-layout is Succeeded.' }).waitFor({ timeout: 20_000 });
  await assertUnderItsButton('attach', 'Attach with the settings above');
  // The polls are kept, folded: the history holds InProgress, the screen does not.
  assert.match((await page.locator('#live-log').textContent()) ?? '', /InProgress/);
  assert.equal(await page.locator('#live-log').isVisible(), false);
  const shown = await page.locator('#live').innerText();
  assert.doesNotMatch(shown, /InProgress/);
  assert.match(shown, /Finished: Succeeded/);
  assert.equal(await page.locator('#live-attach-progress').textContent(), '');
  await page.locator('#live').screenshot({ path: join(SHOTS, 'live-layout-attached.png') });
});

test('the namespace and the detach say how they went under their own buttons', async () => {
  await page.getByRole('button', { name: 'Create the namespace through ARM…' }).click();
  await page.getByRole('button', { name: 'Create “team-layout”' }).click();
  await page.locator('#live-namespace-outcome', { hasText: 'Created: the namespace team-layout is Succeeded.' }).waitFor({ timeout: 20_000 });
  await assertUnderItsButton('namespace', 'Create the namespace through ARM…');
  assert.doesNotMatch(await page.locator('#live').innerText(), /InProgress/);

  await page.getByLabel('Compute to detach').fill('k8s-layout');
  await page.getByRole('button', { name: 'Detach', exact: true }).click();
  await page.getByRole('button', { name: 'Detach “k8s-layout”' }).click();
  await page.locator('#live-detach-outcome', { hasText: 'Detached.' }).waitFor({ timeout: 20_000 });
  await assertUnderItsButton('detach', 'Detach');
  // Each result stayed where it was: the attach's is still under the attach.
  assert.match((await page.locator('#live-attach-outcome').textContent()) ?? '', /^Attached: k8s-layout is Succeeded\./);
  assert.doesNotMatch(await page.locator('#live').innerText(), /InProgress|Deleting/);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#live').screenshot({ path: join(SHOTS, 'live-layout-390.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no console problem but ARM’s 4xx answers (the 404 before each PUT)', () => {
  const unexpected = problems.filter((p) => !/^Failed to load resource: the server responded with a status of 404 /.test(p));
  assert.deepEqual(unexpected, [], unexpected.join('\n'));
});

test('an unreachable ARM is a sentence that says what to do, under the action that failed', async () => {
  // A port that was just free: nothing answers there.
  const closed = await new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const fresh = await rig.browser.newPage();
  await fresh.goto(rig.server.url);
  await fresh.locator('html[data-ready="true"]').waitFor();
  await fillCustomCloud(fresh, { armUrl: `http://127.0.0.1:${closed}` });
  await fresh.getByText('No app registration? Use an access token').click();
  await fresh.getByLabel(/Access token/).fill(makeToken({}));
  await fresh.getByRole('button', { name: 'Use this token' }).click();
  await fresh.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  const outcome = fresh.locator('#live-discover-outcome');
  await outcome.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  const said = (await outcome.textContent()) ?? '';
  assert.match(said, /^No answer from Azure Resource Manager .*check the connection, and that the ARM endpoint of the sign-in settings is right/);
  assert.match(said, /\.$/);
  assert.doesNotMatch(said, /^NetworkError|\[object Object\]|^Error:|[{}]/);
  assert.equal(await outcome.getAttribute('data-state'), 'failed');
  assert.doesNotMatch((await fresh.locator('#live-progress').textContent()) ?? '', /Looking for/, 'no “Looking for…” left behind');
  // The next action that cannot go on says why under its own button, not under discovery's.
  await fresh.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await fresh.locator('#live-preflight-outcome', { hasText: 'No workspace to use yet: find your clusters and workspaces first' }).waitFor();
  assert.match((await outcome.textContent()) ?? '', /^No answer from Azure Resource Manager/, 'discovery’s failure stays under discovery');
  await fresh.close();
});
