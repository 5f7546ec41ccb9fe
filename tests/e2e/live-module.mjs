// @ts-check
/**
 * The live module (amlattach_live) called in a page as the site calls it: one export with its
 * options, a token callback handing out tokens in turn, progress collected.
 * @module
 */

import { serve } from '../../scripts/serve.mjs';
import { startEmulator } from '../emulator/server.mjs';
import { launchBrowser, SITE } from './browser.mjs';

/**
 * The built site served locally, the emulator with `options`, and a page of the site in Chromium,
 * ready; `close()` ends all three.
 * @param {Parameters<typeof startEmulator>[0]} options the emulator's
 */
export async function openSite(options) {
  const emulator = await startEmulator(options);
  const server = await serve({ root: SITE, port: 0 });
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
  return {
    emulator,
    server,
    browser,
    page,
    /** Closes the browser, the site and the emulator. */
    async close() {
      await browser.close();
      await server.close();
      await emulator.close();
    },
  };
}

/**
 * Runs one live export in the page. `tokens` are handed out in turn (the last one repeats);
 * returns the result or the thrown error's name, code and `arm`, the refresh flags and the claims
 * (or null) getToken was called with.
 * @param {import('playwright-core').Page} page a page of the built site
 * @param {string} cloud the ARM base URL (the emulator's)
 * @param {string} call `discover`, `preflight`, `attach`, `detach` or `installExtension`
 * @param {unknown[]} args
 * @param {string[]} tokens
 * @param {{ tenant?: string }} [more] more options
 */
export function runLive(page, cloud, call, args, tokens, more = {}) {
  return page.evaluate(
    async ({ call, args, cloud, tokens, more }) => {
      const url = './pkg/amlattach_live.js';
      /** @type {typeof import('../../www/pkg/amlattach_live.js')} */
      const mod = await import(url);
      await mod.default();
      /** @type {boolean[]} */
      const refreshes = [];
      /** @type {(string | null)[]} */
      const claims = [];
      /** @type {string[]} */
      const progress = [];
      const options = {
        cloud,
        timeoutSeconds: 2,
        ...more,
        getToken: async (/** @type {boolean} */ refresh, /** @type {{ claims: string } | undefined} */ request) => {
          refreshes.push(refresh);
          claims.push(request?.claims ?? null);
          return tokens[Math.min(refreshes.length - 1, tokens.length - 1)];
        },
        onProgress: (/** @type {{ message: string }} */ p) => progress.push(p.message),
      };
      const fns = { discover: mod.armDiscover, preflight: mod.armPreflight, attach: mod.armAttach, detach: mod.armDetach, installExtension: mod.armInstallExtension };
      try {
        const result = await /** @type {Function} */ (fns[/** @type {keyof typeof fns} */ (call)])(options, ...args);
        return { result, refreshes, claims, progress };
      } catch (e) {
        const error = /** @type {{ name: string, code: string, message: string, arm?: unknown }} */ (e);
        return { error: { name: error.name, code: error.code, message: error.message, arm: error.arm }, refreshes, claims, progress };
      }
    },
    { call, args, cloud, tokens, more },
  );
}

