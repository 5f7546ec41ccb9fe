// @ts-check
/**
 * A way into the extension's side panel from a test. Chromium opens the panel as a page target of
 * its own, which Playwright does not list among the context's pages: this finds it among the
 * browser's targets (over the DevTools session of a page Playwright does have) and talks to it
 * through the Target domain's messages — evaluate in it, capture it, and collect what its page
 * throws or logs as an error.
 * @module
 */

/**
 * A DevTools session to the side panel.
 * @typedef {object} SidePanel
 * @property {string} url the panel page's address
 * @property {<T>(expression: string) => Promise<T>} evaluate the value of an expression (awaited when it is a promise), by value
 * @property {<T>(expression: string, ok: (value: T) => boolean, what: string) => Promise<T>} waitFor the expression's value once `ok` holds (10 s)
 * @property {() => Promise<Buffer>} screenshot a PNG of the panel as drawn
 * @property {string[]} problems what the panel threw or logged as an error, as it happens
 */

/**
 * Waits for the side panel whose address contains `urlPart` to open and attaches to it.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} via a page of the same browser, whose session reaches the targets
 * @param {string} urlPart
 * @returns {Promise<SidePanel>}
 */
export async function attachSidePanel(context, via, urlPart) {
  const session = await context.newCDPSession(via);
  /** @type {{ targetId: string, url: string } | undefined} */
  let target;
  for (let i = 0; i < 100 && target === undefined; i++) {
    const { targetInfos } = await session.send('Target.getTargets');
    target = targetInfos.find((info) => info.type === 'page' && info.url.includes(urlPart));
    if (target === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  if (target === undefined) throw new Error(`no side panel at an address with ${urlPart} opened`);
  const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });

  let last = 0;
  /** @type {Map<number, (message: any) => void>} */
  const waiting = new Map();
  /** @type {string[]} */
  const problems = [];
  session.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    if (message.id !== undefined) {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    } else if (message.method === 'Runtime.exceptionThrown') {
      problems.push(`exception: ${message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text}`);
    } else if (message.method === 'Runtime.consoleAPICalled' && ['error', 'warning', 'assert'].includes(message.params.type)) {
      problems.push(`console.${message.params.type}: ${message.params.args.map((/** @type {any} */ a) => a.value ?? a.description).join(' ')}`);
    }
  });
  /**
   * @param {string} method
   * @param {object} params
   * @returns {Promise<any>}
   */
  const call = (method, params) =>
    new Promise((resolve, reject) => {
      const id = ++last;
      waiting.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  await call('Runtime.enable', {});

  /** @type {SidePanel['evaluate']} */
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await call('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`in the side panel: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  return {
    url: target.url,
    evaluate,
    async waitFor(expression, ok, what) {
      /** @type {any} */
      let value;
      for (let i = 0; i < 100; i++) {
        value = await evaluate(expression).catch(() => undefined);
        if (value !== undefined && ok(value)) return value;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the side panel never showed ${what}: last ${JSON.stringify(value)}`);
    },
    async screenshot() {
      const { data } = await call('Page.captureScreenshot', { format: 'png' });
      return Buffer.from(data, 'base64');
    },
    problems,
  };
}
