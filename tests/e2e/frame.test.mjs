// @ts-check
/**
 * The page inside another site's frame. Served as `make run` serves it, the browser refuses the
 * frame (`frame-ancestors 'none'`, `X-Frame-Options: DENY`). Served as GitHub Pages serves it,
 * with neither header, the frame shows the page: its offline checks work, and its sign-in is off
 * (no button, no pasted token, no ARM call), so a framing site cannot lead the user's clicks to a
 * write in their name. The same page in its own tab signs in as usual.
 * @module
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { SITE, launchBrowser, recordProblems } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof serve>>} */
let guarded;
/** @type {Awaited<ReturnType<typeof serve>>} */
let likePages;
/** @type {import('node:http').Server} */
let framer;
/** @type {string} */
let framerUrl;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  guarded = await serve({ root: SITE, port: 0 });
  likePages = await serve({ root: SITE, port: 0, frameable: true });
  // Another site (another origin: localhost, not 127.0.0.1) whose page frames the one named in
  // its query.
  framer = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://localhost').searchParams.get('src') ?? '';
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><title>another site</title><iframe src="${target.replace(/"/g, '&quot;')}" width="1200" height="900"></iframe>`);
  });
  await new Promise((resolve) => framer.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = framer.address();
  framerUrl = `http://localhost:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await guarded?.close();
  await likePages?.close();
  await new Promise((resolve) => (framer ? framer.close(() => resolve(undefined)) : resolve(undefined)));
});

test('served as make run serves it, the page says no to frames', async () => {
  const response = await fetch(guarded.url);
  assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'");
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  const page = await browser.newPage();
  await page.goto(`${framerUrl}?src=${encodeURIComponent(guarded.url)}`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame);
  await page.waitForTimeout(1500);
  // Refused: the frame never holds the page.
  assert.equal(await frame.evaluate(() => document.querySelector('#compute-name') !== null).catch(() => false), false);
  await page.close();
});

test('framed where no header forbids it, the page checks as usual but will not sign in', async () => {
  const response = await fetch(likePages.url);
  assert.equal(response.headers.get('x-frame-options'), null);
  const page = await browser.newPage();
  await page.goto(`${framerUrl}?src=${encodeURIComponent(likePages.url)}`);
  const frame = page.frameLocator('iframe');
  await frame.locator('html[data-ready="true"]').waitFor();
  const problems = recordProblems(page);
  await frame.getByLabel('Compute name').fill('1abc');
  await frame.locator('#compute-name-verdict [data-code="name-first-char"]').waitFor();
  // The live part loads after the first verdict; its sign-in is off.
  await frame.locator('#live-account', { hasText: "inside another site's frame" }).waitFor();
  for (const control of ['#live-sign-in', '#live-sign-in-here', '#live-use-token', '#live-token']) {
    assert.equal(await frame.locator(control).isDisabled(), true, `${control} is enabled in a frame`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('in its own tab, from the same host, sign-in is offered', async () => {
  const page = await browser.newPage();
  await page.goto(likePages.url);
  await page.locator('html[data-ready="true"]').waitFor();
  await page.getByLabel('Compute name').fill('k8s');
  // The button is disabled in the markup until the live module has wired it.
  await page.locator('#live-sign-in:not([disabled])').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#live-use-token').isDisabled(), false);
  assert.doesNotMatch((await page.locator('#live-account').textContent()) ?? '', /frame/);
  await page.close();
});
