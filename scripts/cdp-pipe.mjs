// @ts-check
/**
 * Cold page loads timed with nothing of the driver's in the page while it loads: Chromium driven
 * over a bare DevTools pipe (`--remote-debugging-pipe`), no CDP domain enabled on the page, no
 * script injected, nothing polled until well after load. Playwright, by contrast, enables the
 * Runtime, Page and Network domains, adds a utility world and (for `locator.waitFor`) queries
 * the page and measures boxes while it loads; on this page that costs about 15 ms, which
 * a user's browser never spends. For `make bench` only.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { QUIET_FLAGS, executablePath } from '../tests/e2e/browser.mjs';

/**
 * A headless Chromium and a way to time cold loads in it.
 * @returns {Promise<{ coldLoad: (url: string, expression: string, options?: { in?: 'running browser' | 'fresh context' }) => Promise<unknown>, close: () => Promise<void> }>}
 */
export async function bareChromium() {
  const profile = await mkdtemp(join(tmpdir(), 'amlattach-bare-'));
  const child = spawn(executablePath, ['--headless=new', '--remote-debugging-pipe', ...QUIET_FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const [toBrowser, fromBrowser] = /** @type {[import('node:stream').Writable, import('node:stream').Readable]} */ (
    /** @type {unknown[]} */ (child.stdio).slice(3, 5)
  );
  /** @type {Map<number, { resolve: (result: any) => void, reject: (error: Error) => void }>} */
  const pending = new Map();
  let next = 0;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (/** @type {string} */ chunk) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiter = pending.get(message.id);
      if (waiter === undefined) continue;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`));
      else waiter.resolve(message.result);
    }
  });
  /**
   * @param {string} method
   * @param {object} [params]
   * @param {string} [sessionId]
   * @returns {Promise<any>}
   */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

  let sites = 0;
  return {
    /**
     * One cold load of `url`: nothing of it cached (HTTP cache, compiled code) and a renderer
     * process that has never run it. Opens a blank tab, navigates it to `url` (as a user typing
     * the address would), waits until `document.documentElement.dataset.ready` says the page has
     * settled, then returns the value of `expression` in the page (awaited, if it is a promise),
     * and closes the tab.
     *
     * `in: 'running browser'` (the default) is a user opening the page in the browser they
     * already run: a new tab in the browser's own profile, on a site it has never seen
     * (`http://cN.localhost:port/`; Chromium sends every `*.localhost` to loopback, and each is a
     * site of its own), so the HTTP cache and the code cache have nothing for it and site
     * isolation gives it a renderer process of its own. `in: 'fresh context'` opens the tab in a
     * new browser context instead (an incognito profile: its own network context and cache).
     * @param {string} url served on 127.0.0.1
     * @param {string} expression
     * @param {{ in?: 'running browser' | 'fresh context' }} [options]
     */
    async coldLoad(url, expression, options = {}) {
      const fresh = options.in === 'fresh context';
      const { browserContextId } = fresh ? await send('Target.createBrowserContext') : { browserContextId: undefined };
      const target = new URL(url);
      if (!fresh) target.hostname = `c${++sites}.localhost`;
      const { targetId } = await send('Target.createTarget', { url: 'about:blank', ...(fresh ? { browserContextId } : {}) });
      try {
        const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
        // A user types the address into a tab that has long finished opening. A tab navigated
        // 200 ms after it was opened is still starting up on a 2-core machine, and that costs the
        // load about 60 ms (measured: 200 ms → 130 ms median, 350 ms and later → 70–85 ms).
        await sleep(1000);
        await send('Page.navigate', { url: target.href }, sessionId);
        // The first look is long after a normal load; until then nothing runs in the page.
        await sleep(500);
        for (let waited = 500; ; waited += 100) {
          const { result } = await send('Runtime.evaluate', { expression: 'document.documentElement.dataset.ready === "true"', returnByValue: true }, sessionId);
          if (result.value === true) break;
          if (waited > 20_000) throw new Error(`${target.href} did not get ready in 20 s`);
          await sleep(100);
        }
        const { result } = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
        return result.value;
      } finally {
        if (fresh) await send('Target.disposeBrowserContext', { browserContextId });
        else await send('Target.closeTarget', { targetId });
      }
    },
    async close() {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(profile, { recursive: true, force: true });
    },
  };
}
