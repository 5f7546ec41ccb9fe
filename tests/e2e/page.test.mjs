// @ts-check
/**
 * The web page as a user meets it: served over HTTP, typed into, verdict read off the screen.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

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

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  page = await browser.newPage();
  consoleProblems = recordProblems(page);
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const field = () => page.getByLabel('Compute name');
const verdict = () => page.locator('#compute-name-verdict');

test('a name starting with a digit shows an error on the name field', async () => {
  await field().fill('1abc');
  await assert.doesNotReject(verdict().locator('[data-code="name-first-char"]').waitFor());
  assert.equal(await verdict().getAttribute('data-state'), 'error');
  assert.equal(await field().getAttribute('aria-invalid'), 'true');
  const text = await verdict().innerText();
  assert.match(text, /1 problem to fix/);
  assert.match(text, /must start with a letter, not '1'/i);
});

test('a good name shows that it is valid', async () => {
  await field().fill('myaks');
  await verdict().locator('text=valid compute name').waitFor();
  assert.equal(await verdict().getAttribute('data-state'), 'ok');
  assert.equal(await field().getAttribute('aria-invalid'), 'false');
  assert.equal(await verdict().locator('li').count(), 0);
});

test('every problem is listed at once, as the user types each key', async () => {
  await field().fill('');
  await field().pressSequentially('1_');
  const codes = await verdict().locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-code')));
  assert.deepEqual(codes, ['name-first-char', 'name-last-char', 'name-invalid-char', 'name-too-short']);
});

test('a long but valid name is accepted with a warning', async () => {
  await field().fill('aks-westeurope-prod');
  await verdict().locator('[data-code="name-long"]').waitFor();
  assert.equal(await verdict().getAttribute('data-state'), 'warning');
  assert.equal(await field().getAttribute('aria-invalid'), 'false');
});

test('clearing the field clears the verdict', async () => {
  await field().fill('');
  assert.equal(await verdict().getAttribute('data-state'), 'empty');
  assert.equal(await field().getAttribute('aria-invalid'), null);
});

test('the page loads without console errors or CSP violations', () => {
  assert.deepEqual(consoleProblems, []);
});

test('the task chooser shows the chosen task only, sets the form mode, and "Everything" shows all', async () => {
  const sections = ['#attach-form', '#paste', '#secret-section', '#versions-section', '#live'];
  const visible = () => Promise.all(sections.map((s) => page.locator(s).isVisible()));
  const tasks = page.getByRole('navigation', { name: 'What do you want to do?' });

  await tasks.getByRole('link', { name: 'Decode the TLS secret' }).click();
  await page.locator('body[data-task="secret"]').waitFor({ state: 'attached' });
  assert.deepEqual(await visible(), [false, false, true, false, false]);
  assert.equal(await tasks.getByRole('link', { name: 'Decode the TLS secret' }).getAttribute('aria-current'), 'page');

  await tasks.getByRole('link', { name: 'Legacy v1 attach or create' }).click();
  await page.locator('body[data-task="v1"]').waitFor({ state: 'attached' });
  assert.deepEqual(await visible(), [true, true, false, false, true]);
  assert.ok(await page.getByLabel('Legacy v1 attach').isChecked(), 'the form switched to v1');
  await page.locator('#v1-banner').waitFor();

  await tasks.getByRole('link', { name: 'Attach a cluster (v2)' }).click();
  await page.locator('body[data-task="attach"]').waitFor({ state: 'attached' });
  assert.ok(await page.getByLabel('Attach (v2, AKS or Arc)').isChecked(), 'and back to v2');

  await tasks.getByRole('link', { name: 'Everything' }).click();
  await page.locator('body:not([data-task])').waitFor({ state: 'attached' });
  assert.deepEqual(await visible(), [true, true, true, true, true]);
});

test('a link to a task opens the page on that task', async () => {
  const other = await browser.newPage();
  await other.goto(`${new URL(page.url()).origin}/#versions`);
  // The tool's section shows once its script is ready, after the first verdict.
  await other.locator('html[data-tools-ready="true"]').waitFor();
  assert.equal(await other.locator('#versions-section').isVisible(), true);
  assert.equal(await other.locator('#attach-form').isVisible(), false);
  await other.close();
});
