// @ts-check
/**
 * The web page as a user meets it: served over HTTP, typed into, verdict read off the screen.
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { ROOT, launchBrowser, recordProblems } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string[]} */
let consoleProblems = [];

before(async () => {
  server = await serve({ root: join(ROOT, 'www'), port: 0 });
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
