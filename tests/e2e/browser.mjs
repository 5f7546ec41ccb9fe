// @ts-check
/**
 * Launching the system Chromium for the end-to-end tests, with or without the unpacked extension.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, 'extension');
/** The page as it is served and packaged: built from www/ by scripts/build-site.mjs. */
export const SITE = join(ROOT, 'target/site');

/** Keeps Chromium off the closed network and quiet (shared/TOOLCHAIN.md §3). */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--no-default-browser-check',
];

/** The system Chromium (CHROMIUM=… for another). */
export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless browser for plain pages.
 * @param {string[]} [extraArgs] more flags, such as the sign-in provider's certificate pin
 */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath, headless: true, args: [...QUIET_FLAGS, ...extraArgs] });
}

/**
 * A headless browser with the unpacked extension loaded, and the extension's id.
 * @param {string[]} [extraArgs] more flags, appended: such as tests/support/portal-hosts.mjs's
 *   `chromiumArgs`, which send the Azure portal and studio hosts to a local server
 * @param {string} [dir] the unpacked extension's folder: extension/ unless given (the packaged
 *   zip, unzipped, in tests/e2e/extension-package.test.mjs)
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, extensionId: string, close: () => Promise<void> }>}
 */
export async function launchWithExtension(extraArgs = [], dir = EXTENSION_DIR) {
  const profile = await mkdtemp(join(tmpdir(), 'amlattach-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless=new',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...QUIET_FLAGS,
      ...extraArgs,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chooses the custom cloud in the page's live section and fills its sign-in settings: the ARM
 * endpoint, the OpenID Connect issuer and the app's client id (each only when given).
 * @param {import('playwright-core').Page} page
 * @param {{ armUrl: string, issuer?: string, clientId?: string }} settings
 */
export async function fillCustomCloud(page, { armUrl, issuer, clientId }) {
  await page.getByLabel('Cloud').selectOption('custom');
  await page.getByLabel('ARM endpoint').fill(armUrl);
  if (issuer !== undefined) await page.getByLabel('Sign-in authority (OpenID Connect issuer)').fill(issuer);
  if (clientId !== undefined) await page.getByLabel('Application (client) id').fill(clientId);
}

/**
 * Collects the page's console errors and warnings and uncaught exceptions; a test asserts the
 * list is empty at the end.
 * @param {import('playwright-core').Page} page
 * @returns {string[]}
 */
export function recordProblems(page) {
  /** @type {string[]} */
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/**
 * The axe-core violations (WCAG 2.x A and AA rules) of the page as it is, one line each with
 * the elements. axe is evaluated through the DevTools protocol, which the page's CSP does not
 * govern, so the page runs under its real policy.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page) {
  await page.evaluate(await axeSource());
  return page.evaluate(AXE_RUN);
}

/** axe-core's own script, read once: evaluated in a page, it defines `axe`. */
export async function axeSource() {
  axeScript ??= await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  return axeScript;
}

/**
 * The expression that runs axe (once `axeSource()` has been evaluated) on the WCAG 2.x A and AA
 * rules and gives each violation as one line with its elements: for pages Playwright does not
 * list, such as the extension's side panel (tests/e2e/side-panel.mjs).
 */
export const AXE_RUN = `(async () => {
  const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  return result.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
})()`;
/** @type {string | undefined} */
let axeScript;

/**
 * The id Chromium gives the unpacked extension at `dir`, known before launch (the sign-in tests
 * register its redirect URI with their identity provider first): the first 128 bits of the
 * SHA-256 of the absolute path, each hex digit written as a letter a–p.
 * @param {string} [dir]
 */
export function extensionIdOf(dir = EXTENSION_DIR) {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
