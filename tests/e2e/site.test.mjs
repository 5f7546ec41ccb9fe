// @ts-check
/**
 * The built page (scripts/build-site.mjs) against its source: what a cold load fetches before the
 * first verdict, that nothing is fetched one after another, that the source in www/ still works
 * unbuilt, that a tool which cannot load (its script or its wasm) says so in its own section and
 * a checker that cannot start on the page, that each wasm module loads once, and what HTML
 * minifying keeps.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { minifyHtml } from '../../scripts/build-site.mjs';
import { serve } from '../../scripts/serve.mjs';
import { launchBrowser, recordProblems, ROOT, SITE } from './browser.mjs';

/** @type {Awaited<ReturnType<typeof serve>>} */
let built;
/** @type {Awaited<ReturnType<typeof serve>>} */
let source;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  built = await serve({ root: SITE, port: 0 });
  source = await serve({ root: join(ROOT, 'www'), port: 0 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await built?.close();
  await source?.close();
});

/**
 * Loads `url` in a fresh context (nothing cached) and returns the paths fetched before the first
 * verdict, and the page.
 * @param {string} url
 */
async function coldLoad(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor();
  const fetched = await page.evaluate(() => {
    const at = performance.getEntriesByName('amlattach:first-verdict-written')[0].startTime;
    return performance
      .getEntriesByType('resource')
      .filter((r) => r.startTime < at)
      .map((r) => new URL(r.name).pathname);
  });
  return { context, page, problems, fetched };
}

test('before its first verdict the built page fetches one stylesheet, app.js, live-state.js and the checker; the tools once it is drawn', async () => {
  const { context, page, problems, fetched } = await coldLoad(built.url);
  try {
    await page.locator('html[data-tools-ready="true"]').waitFor();
    const { drawn, tools } = await page.evaluate(() => ({
      drawn: performance.getEntriesByName('amlattach:first-verdict')[0].startTime,
      tools: performance
        .getEntriesByType('resource')
        .filter((r) => /\/(shared\/generate|secret|versions|explain|live|paste)\.js$/.test(r.name))
        .map((r) => r.startTime),
    }));
    assert.equal(tools.length, 6);
    for (const at of tools) assert.ok(at >= drawn, `a tool was asked for at ${at} ms, before the first verdict was drawn at ${drawn} ms`);
    // The icon may or may not have been asked for by then; it is not the page's.
    assert.deepEqual(
      fetched.filter((path) => path !== '/icon.svg').sort(),
      ['/app.js', '/live-state.js', '/pkg/amlattach_bg.wasm', '/shared/page.css'],
    );
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('index.html preloads every file the bundle imports, so none waits for app.js to arrive', () => {
  const html = readFileSync(join(SITE, 'index.html'), 'utf8');
  const app = readFileSync(join(SITE, 'app.js'), 'utf8');
  // Static imports only (a dynamic import is `import(`): `import … from"./x.js"` or `import"./x.js"`.
  const imported = [...app.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)].map((m) => m[1]);
  assert.ok(imported.includes('live-state.js'), `app.js imports: ${imported.join(', ')}`);
  for (const file of imported) assert.match(html, new RegExp(`<link rel="modulepreload" href="${file}">`), `${file} is not preloaded`);
  // The bundle is the first verdict only: the tools and the paste box load after it, each from its own file.
  for (const tool of ['./shared/generate.js', './secret.js', './versions.js', './explain.js', './live.js', './paste.js']) {
    assert.ok(app.includes(`import("${tool}")`), `app.js does not load ${tool} after the first verdict`);
  }
  assert.ok(!/<!--/.test(html), 'the built page keeps a comment');
});

test("the built page starts compiling the checker inline, allowed by its hash; the extension's tab by a file", () => {
  const html = readFileSync(join(SITE, 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]);
  assert.equal(inline.length, 1, 'one inline script');
  assert.match(inline[0], /WebAssembly\.compileStreaming\(fetch\("pkg\/amlattach_bg\.wasm"\)\)/);
  const csp = /** @type {RegExpMatchArray} */ (html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/))[1];
  const scriptSrc = /** @type {string} */ (csp.split(';').find((d) => d.trim().startsWith('script-src')));
  const hash = createHash('sha256').update(inline[0]).digest('base64');
  assert.equal(scriptSrc.trim(), `script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`);
  // The head: the compile starts before the stylesheet and app.js are even asked for.
  assert.ok(html.indexOf('<script>') < html.indexOf('<link rel="stylesheet"'));

  const tab = readFileSync(join(ROOT, 'extension/app/index.html'), 'utf8');
  assert.ok(!/<script>/.test(tab), "the extension's tab has an inline script");
  assert.match(tab, /<script async src="start-checker\.js"><\/script>/);
  assert.ok(!/sha256-/.test(tab));
});

test('the built pages carry in meta tags what the server sends as headers, for a static host that sends none of ours', async () => {
  // GitHub Pages (.github/workflows/pages.yml) sets no header a site asks for: the CSP and the
  // referrer policy must be the pages' own. What no meta tag can say (nosniff, frame-ancestors) is
  // in README.md; the local server sends frame-ancestors alone, the page's own guard is
  // tests/e2e/frame.test.mjs's.
  for (const page of ['', 'redirect.html', 'privacy.html']) {
    const response = await fetch(new URL(page, built.url));
    const html = await response.text();
    assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'", 'the CSP is the page\'s own, not the server\'s');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*base-uri 'none'; form-action 'none'">/, `/${page}`);
    assert.equal(/<meta name="referrer" content="([^"]*)">/.exec(html)?.[1], response.headers.get('referrer-policy') ?? undefined, `/${page}`);
  }
});

test('the privacy policy is served with the site, linked from the page, and names exactly the hosts the page may reach', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(built.url);
    await page.locator('footer').getByRole('link', { name: 'privacy policy' }).click();
    await page.waitForURL(/\/privacy\.html$/);
    assert.equal(await page.locator('h1').innerText(), 'amlattach');
    // Its stylesheet loaded under its own CSP: the cards have the page's look.
    assert.notEqual(await page.locator('.card').first().evaluate((card) => getComputedStyle(card).borderStyle), 'none');
    // The https hosts the page's CSP lets it connect to are the hosts the policy names, no more.
    const index = readFileSync(join(SITE, 'index.html'), 'utf8');
    const connect = /connect-src ([^;"]*)/.exec(index)?.[1].split(' ') ?? [];
    const allowed = connect.filter((source) => source.startsWith('https://') && !/localhost|127\.0\.0\.1/.test(source)).map((source) => new URL(source).host);
    const named = await page.locator('table code').allInnerTexts();
    assert.deepEqual([...named].sort(), [...allowed].sort());
    for (const words of ['no analytics', 'no tracking', 'chrome.storage.local', 'chrome.storage.session', 'sessionStorage', 'localStorage']) {
      assert.ok((await page.locator('main').innerText()).includes(words), words);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the source in www/ works unbuilt: a verdict as the user types, then every tool', async () => {
  const { context, page, problems, fetched } = await coldLoad(source.url);
  try {
    // Preloaded, then fetched by start-checker.js: one request.
    assert.equal(fetched.filter((path) => path === '/pkg/amlattach_bg.wasm').length, 1, fetched.join(' '));
    await page.getByLabel('Compute name').fill('1abc');
    await page.locator('#compute-name-verdict [data-code="name-first-char"]').waitFor();
    await page.locator('html[data-tools-ready="true"]').waitFor();
    for (const id of ['generate', 'secret-section', 'versions-section', 'live', 'explain-section']) {
      assert.equal(await page.locator(`#${id}`).isVisible(), true, `#${id} is not shown`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/**
 * Loads the built page in a fresh context where what `pattern` matches answers 404, and runs
 * `check` on it.
 * @param {string} pattern
 * @param {(page: import('playwright-core').Page) => Promise<void>} check
 */
async function withMissing(pattern, check) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.route(pattern, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(built.url);
    await check(page);
  } finally {
    await context.close();
  }
}

test('a tool that cannot load shows why in its own section; the others and the form still work', () =>
  withMissing('**/secret.js', async (page) => {
    await page.locator('html[data-tools-ready="true"]').waitFor();
    const failure = page.locator('#secret-section .load-error');
    assert.match((await failure.textContent()) ?? '', /This tool could not start in this browser/);
    assert.equal(await page.locator('#secret-section').isVisible(), true);
    assert.equal(await page.locator('#versions-section').isVisible(), true);
    await page.getByLabel('Compute name').fill('1abc');
    await page.locator('#compute-name-verdict [data-code="name-first-char"]').waitFor();
  }));

test('a tool whose wasm module cannot load shows why in its own section, as a tool whose script cannot', () =>
  withMissing('**/pkg/amlattach_versions_bg.wasm', async (page) => {
    await page.locator('html[data-tools-ready="true"]').waitFor();
    const failure = page.locator('#versions-section .load-error');
    assert.match((await failure.textContent()) ?? '', /^This tool could not start in this browser: /);
    assert.equal(await page.locator('#versions-input').isDisabled(), true);
    assert.equal(await page.locator('#secret-input').isDisabled(), false);
  }));

test('each wasm module loads once, whichever copy of the loader asks for it', async () => {
  const { context, page } = await coldLoad(built.url);
  try {
    await page.locator('html[data-tools-ready="true"]').waitFor();
    const { same, checks, fetched } = await page.evaluate(async () => {
      // The tools' copy of the loader (the bundle in app.js holds another) and the checker's
      // adapter as a file, as the tests import it: both must reuse the loads the page made.
      const loader = './shared/wasm.js';
      /** @type {typeof import('../../www/shared/wasm.js')} */
      const { load } = await import(loader);
      const adapter = './shared/amlattach.js';
      /** @type {typeof import('../../www/shared/amlattach.js')} */
      const { validate } = await import(adapter);
      await Promise.all([load('generate'), load('secret'), load('versions')]);
      return {
        same: load('attach') === load('attach') && load('secret') === load('secret'),
        checks: validate({ name: '1abc', type: 'kubernetes' }).diagnostics.some((d) => d.code === 'name-first-char'),
        fetched: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((path) => path.startsWith('/pkg/')),
      };
    });
    assert.equal(same, true);
    assert.equal(checks, true);
    // The checker's glue is in app.js; every module's wasm (and the others' glue) is fetched once.
    assert.ok(!fetched.includes('/pkg/amlattach.js'), fetched.join(' '));
    for (const path of new Set(fetched)) assert.equal(fetched.filter((p) => p === path).length, 1, `${path}: ${fetched.join(' ')}`);
  } finally {
    await context.close();
  }
});

test('a checker that cannot start says so on the page, and the form stays shut', () =>
  withMissing('**/pkg/amlattach_bg.wasm', async (page) => {
    const message = page.locator('#load-error');
    await message.waitFor();
    assert.match((await message.textContent()) ?? '', /^The checker could not start in this browser: /);
    assert.equal(await page.locator('#attach-form').getAttribute('inert'), '');
    assert.equal(await page.locator('html').getAttribute('data-ready'), null);
  }));

test('minifying HTML drops comments and indentation but keeps what a text box, <pre> or <script> holds', () => {
  const html = [
    '<main>',
    '  <!-- a comment -->',
    '  <p>Some',
    '     words</p>',
    '  <textarea id="t">',
    '  kept:',
    '    as typed',
    '</textarea>',
    '  <pre>  a\n    b</pre>',
    '  <script>{\n  const a = 1;\n}</script>',
    '</main>',
  ].join('\n');
  assert.equal(
    minifyHtml(html),
    [
      '<main>',
      '<p>Some',
      'words</p>',
      '<textarea id="t">\n  kept:\n    as typed\n</textarea>',
      '<pre>  a\n    b</pre>',
      '<script>{\n  const a = 1;\n}</script>',
      '</main>',
    ].join('\n'),
  );
});
