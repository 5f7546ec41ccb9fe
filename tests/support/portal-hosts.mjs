// @ts-check
/**
 * The Azure portal and Azure Machine Learning studio hosts, served from loopback: one HTTPS
 * server on 127.0.0.1 (random port) with a throw-away certificate for all of them, and the
 * Chromium flags that send those names — and only those — to it and accept that certificate
 * — and only it. A page in Chromium then really is `https://portal.azure.com/…` (its
 * `location`, its origin, the extension's content-script match patterns) with no internet.
 *
 *   const portal = await startPortalHosts({ pages: { 'https://ml.azure.com/compute/attach': html } });
 *   const browser = await launchWithExtension(portal.chromiumArgs);
 *   await page.goto('https://ml.azure.com/compute/attach?wsid=…');   // portal.requests has the URL
 *   await portal.close();
 *
 * Hosts (the studio and portal of each cloud; Microsoft's Azure ML firewall table and Entra's
 * national-cloud endpoints): ml.azure.com, portal.azure.com (public), ml.azure.us,
 * portal.azure.us (US Government), studio.ml.azure.cn, portal.azure.cn (21Vianet).
 *
 * `--host-resolver-rules` maps a name to 127.0.0.1:<port> whatever port the URL has, so
 * `https://portal.azure.com/` (443) reaches the server while the page keeps its real URL; the
 * request's Host header is the URL's. Combine with other servers' flags with
 * mergeChromiumArgs (./chromium-args.mjs): Chromium keeps only the last of a repeated switch.
 * @module
 */
import { createServer } from 'node:https';

import { makeCertificate, spkiPinArgs } from './tls.mjs';

/**
 * The studio and portal hosts of the public, US Government and China clouds, from Microsoft's
 * tables and not from the core's address reader (src/portal.rs) or the extension's match
 * patterns, on purpose: a host those miss must fail the tests that visit it.
 */
export const PORTAL_HOSTS = Object.freeze([
  'portal.azure.com',
  'ml.azure.com',
  'portal.azure.us',
  'ml.azure.us',
  'portal.azure.cn',
  'studio.ml.azure.cn',
]);

/**
 * @typedef {{
 *   port: number,
 *   hosts: readonly string[],
 *   chromiumArgs: string[],
 *   spkiHash: string,
 *   caCertPem: string,
 *   pages: Record<string, string>,
 *   requests: string[],
 *   close: () => Promise<void>,
 * }} PortalHosts
 *   `requests`: every request's URL as the browser asked for it (`https://<Host header><path
 *   and query>`; a fragment never reaches a server), in order, the browser's own
 *   `/favicon.ico` requests included. `pages`: the live table of
 *   pages; a test may add to it between navigations.
 */

/**
 * Starts the server.
 * @param {{ pages?: Record<string, string>, hosts?: readonly string[] }} [options]
 *   `pages`: HTML by prefix: a key starting with `/` is matched against the path and query on
 *   every host, a key starting with `https://` against the whole URL (so one host only); the
 *   longest path wins, and on a tie the one-host key. Everything else gets an empty page
 *   titled `<host> (local stand-in)`.
 *   `hosts`: the names served, PORTAL_HOSTS by default.
 * @returns {Promise<PortalHosts>}
 */
export async function startPortalHosts({ pages = {}, hosts = PORTAL_HOSTS } = {}) {
  for (const key of Object.keys(pages)) {
    if (!key.startsWith('/') && !key.startsWith('https://')) throw new TypeError(`startPortalHosts: a page key is a path or an https URL prefix: ${key}`);
  }
  const names = hosts.map((h) => h.toLowerCase());
  const tls = makeCertificate({ dnsNames: names });
  const table = { ...pages };
  /** @type {string[]} */
  const requests = [];

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const url = `https://${hostHeader}${req.url ?? '/'}`;
    requests.push(url);
    req.resume(); // a form POST's body is not wanted
    const host = hostHeader.replace(/:\d+$/, '');
    if (!names.includes(host)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not one of the served hosts: ${hostHeader}\n`);
      return;
    }
    const html = pageFor(table, url, req.url ?? '/') ?? htmlPage({ title: `${host} (local stand-in)` });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;

  return {
    port,
    hosts: Object.freeze([...names]),
    chromiumArgs: [
      // Every other name fails to resolve (loopback excepted), so a test never reaches the
      // internet even on a machine that could.
      `--host-resolver-rules=${[...names.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(',')}`,
      ...spkiPinArgs([tls.spkiHash]),
    ],
    spkiHash: tls.spkiHash,
    caCertPem: tls.caCertPem,
    pages: table,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * The HTML of the most specific key that matches: the longest path part, and on a tie a key
 * for this host over a key for every host.
 * @param {Record<string, string>} table
 * @param {string} url
 * @param {string} path
 * @returns {string | undefined}
 */
function pageFor(table, url, path) {
  let best = -1;
  /** @type {string | undefined} */
  let html;
  for (const [key, value] of Object.entries(table)) {
    if (!(key.startsWith('/') ? path : url).startsWith(key)) continue;
    const slash = key.startsWith('/') ? 0 : key.indexOf('/', 'https://'.length);
    const score = (slash === -1 ? 0 : key.length - slash) * 2 + (key.startsWith('/') ? 0 : 1);
    if (score > best) [best, html] = [score, value];
  }
  return html;
}

/**
 * A minimal, valid HTML document.
 * @param {{ title: string, body?: string, head?: string }} parts `body` and `head` are HTML
 * @returns {string}
 */
export function htmlPage({ title, body = '', head = '' }) {
  const text = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${text}</title>\n${head}</head>\n<body>\n${body}</body>\n</html>\n`;
}
