// @ts-check
/**
 * A static file server for the built page, target/site/ (or any folder), on loopback: the run
 * command, the end-to-end tests and the benchmark all use it.
 *
 *   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root target/site]
 * @module
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import sirv from 'sirv';

/**
 * Serves `root` until `close()` is called, with the headers a host should send for the page:
 * `nosniff`, no referrer, and no framing by another site (`frame-ancestors 'none'`, and
 * `X-Frame-Options` for older browsers). `frameable` leaves the last two out, as GitHub Pages
 * does, for the tests of the page's own guard (www/live/sign-in.js).
 * @param {{ root: string, port?: number, host?: string, frameable?: boolean }} options port 0 picks a free port
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve({ root, port = 8080, host = '127.0.0.1', frameable = false }) {
  // dev: files are read on every request, so a rebuild shows up on reload without a cache.
  const files = sirv(root, { dev: true, etag: true });
  const server = createServer((request, response) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    if (!frameable) {
      response.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
      response.setHeader('X-Frame-Options', 'DENY');
    }
    files(request, response, () => {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      response.end('not found\n');
    });
  });
  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${actualPort}/`,
    close: () => new Promise((resolveClose) => server.close(() => resolveClose())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      root: { type: 'string', default: 'target/site' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port must be a number from 0 to 65535, not ${values.port}`);
    process.exit(2);
  }
  try {
    const { url } = await serve({ root: resolve(values.root), port, host: values.host });
    console.log(`amlattach is served at ${url}  (Ctrl+C stops it)`);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    console.error(code === 'EADDRINUSE' ? `error: port ${port} is in use; choose another with PORT=…` : `error: ${error}`);
    process.exit(1);
  }
}
