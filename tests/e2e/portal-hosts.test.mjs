// @ts-check
/**
 * The Azure portal and studio stand-ins (tests/support/portal-hosts.mjs) in a real Chromium:
 * `https://portal.azure.com/…` and `https://ml.azure.com/…` load the local page over HTTPS with
 * no certificate error and keep their real URL, every sovereign host too; a supplied page is
 * served as a real, scripted page; no other host is opened and no other certificate trusted;
 * and the same flags work in the persistent context with the extension loaded.
 *
 * The "no other host" checks hold even with a route to the internet: the flags make every other
 * name fail to resolve (an
 * unmapped name does not resolve); the certificate checks are local either way.
 * @module
 */
import assert from 'node:assert/strict';
import { createServer, get } from 'node:https';
import { after, before, describe, test } from 'node:test';

import { mergeChromiumArgs } from '../support/chromium-args.mjs';
import { PORTAL_HOSTS, htmlPage, startPortalHosts } from '../support/portal-hosts.mjs';
import { makeCertificate, spkiPinArgs } from '../support/tls.mjs';
import { launchBrowser, launchWithExtension, recordProblems } from './browser.mjs';

const SUBSCRIPTION = '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
const PORTAL_URL = `https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod/overview`;
const STUDIO_URL = `https://ml.azure.com/compute/list?wsid=/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod&tid=72f988bf-86f1-41af-91ab-2d7cd011db47`;

/** A stand-in for studio's "attach Kubernetes compute" form, with a script of its own. */
const ATTACH_FORM = htmlPage({
  title: 'Attach Kubernetes compute (stand-in)',
  body: `<form id="attach" aria-label="Attach Kubernetes compute">
<label for="compute-name">Compute name</label> <input id="compute-name" name="computeName" value="aks-prod">
<label for="namespace">Kubernetes namespace</label> <input id="namespace" name="namespace" value="default">
<button type="submit">Attach</button>
</form>
<script>document.documentElement.dataset.scripted = location.host;</script>
`,
});

/** @type {Awaited<ReturnType<typeof startPortalHosts>>} */
let portal;

before(async () => {
  portal = await startPortalHosts({
    pages: {
      '/compute/attach': ATTACH_FORM,
      'https://portal.azure.us/': htmlPage({ title: 'US Government portal (stand-in)' }),
    },
  });
});
after(() => portal?.close());

/**
 * Navigates and returns what the page says of itself.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 */
async function visit(page, url) {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  const security = await response.securityDetails();
  const self = await page.evaluate(() => ({ href: location.href, origin: location.origin, secure: window.isSecureContext, title: document.title }));
  return { status: response.status(), security, ...self };
}

/**
 * The navigation's network error code (net::ERR_…), failing if it loads.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 */
async function navigationError(page, url) {
  const error = await page.goto(url).then(
    () => undefined,
    (/** @type {Error} */ e) => e,
  );
  assert.ok(error, `${url} loaded`);
  const code = /net::ERR_[A-Z_]+/.exec(error.message)?.[0];
  assert.ok(code, `not a network error: ${error.message}`);
  return code;
}

describe('in a headless browser with the portal flags', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  let problems;

  before(async () => {
    browser = await launchBrowser(portal.chromiumArgs);
    page = await browser.newPage();
    problems = recordProblems(page);
  });
  after(() => browser?.close());

  test('the flags map each host to the server’s port, no other name, and pin its key only', () => {
    const rules = [...PORTAL_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${portal.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE localhost'].join(',');
    assert.deepEqual(portal.chromiumArgs, [`--host-resolver-rules=${rules}`, `--ignore-certificate-errors-spki-list=${portal.spkiHash}`]);
  });

  for (const [name, url, served] of [
    ['the portal’s cluster overview', PORTAL_URL, 'https://portal.azure.com/'],
    ['studio’s compute list', STUDIO_URL, STUDIO_URL],
  ]) {
    test(`${name} loads from the local server over HTTPS at its real URL`, async () => {
      const before = portal.requests.length;
      const seen = await visit(page, url);
      assert.equal(seen.status, 200);
      assert.equal(seen.href, url);
      assert.equal(seen.origin, new URL(url).origin);
      assert.equal(seen.secure, true);
      assert.equal(seen.title, `${new URL(url).host} (local stand-in)`);
      // TLS with the stand-in's certificate, accepted without any error page or override
      assert.equal(seen.security?.issuer, 'amlattach test CA');
      assert.equal(seen.security?.subjectName, PORTAL_HOSTS[0]); // the CN; every host is in its subjectAltName
      assert.match(seen.security?.protocol ?? '', /^TLS 1\.[23]$/);
      // the fragment stays in the browser; the path and query reach the server as they are
      assert.ok(portal.requests.slice(before).includes(served), `server saw ${portal.requests.slice(before).join(', ')}`);
    });
  }

  test('every sovereign portal and studio host is served', async () => {
    for (const host of ['portal.azure.us', 'ml.azure.us', 'portal.azure.cn', 'studio.ml.azure.cn']) {
      const seen = await visit(page, `https://${host}/`);
      assert.equal(seen.status, 200, host);
      assert.equal(seen.href, `https://${host}/`);
      assert.equal(seen.security?.issuer, 'amlattach test CA');
      assert.ok(portal.requests.includes(`https://${host}/`), host);
    }
  });

  test('a supplied page is served, most specific prefix first, as a real scripted page', async () => {
    const url = 'https://ml.azure.com/compute/attach?wsid=/subscriptions/x/resourcegroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod';
    const seen = await visit(page, url);
    assert.equal(seen.title, 'Attach Kubernetes compute (stand-in)');
    assert.equal(seen.href, url);
    assert.equal(await page.locator('html').getAttribute('data-scripted'), 'ml.azure.com');
    assert.equal(await page.getByLabel('Compute name').inputValue(), 'aks-prod');
    assert.equal(await page.evaluate(() => document.compatMode), 'CSS1Compat'); // a real document, no quirks mode
    // the same path on another host gets the page too; a one-host key wins on its host only
    assert.equal((await visit(page, 'https://studio.ml.azure.cn/compute/attach')).title, 'Attach Kubernetes compute (stand-in)');
    assert.equal((await visit(page, 'https://portal.azure.us/#home')).title, 'US Government portal (stand-in)');
    assert.equal((await visit(page, 'https://portal.azure.cn/#home')).title, 'portal.azure.cn (local stand-in)');
  });

  test('no other host is opened: not a neighbour, a subdomain or a look-alike', async () => {
    const others = [
      'https://management.azure.com/',
      'https://login.microsoftonline.com/',
      'https://evil.portal.azure.com/',
      'https://portal.azure.com.example/',
      'https://ml.azure.de/',
      'https://example.com/',
    ];
    for (const url of others) {
      assert.match(await navigationError(page, url), /^net::ERR_/, url);
    }
    const hosts = new Set(portal.requests.map((u) => new URL(u).host));
    for (const url of others) assert.ok(!hosts.has(new URL(url).host), `the server saw ${url}`);
  });

  test('the page produced no console errors', () => {
    assert.deepEqual(problems, []);
  });
});

describe('only the stand-in’s certificate is trusted', () => {
  /** @type {import('node:https').Server} */
  let other;
  /** @type {ReturnType<typeof makeCertificate>} */
  let otherTls;
  /** @type {string} */
  let otherUrl;

  before(async () => {
    otherTls = makeCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    other = createServer({ key: otherTls.keyPem, cert: otherTls.certPem }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(htmlPage({ title: 'other server' }));
    });
    await new Promise((resolve) => other.listen(0, '127.0.0.1', () => resolve(undefined)));
    otherUrl = `https://localhost:${/** @type {import('node:net').AddressInfo} */ (other.address()).port}/`;
  });
  after(
    () =>
      new Promise((resolve) => {
        other?.close(() => resolve(undefined));
        other?.closeAllConnections();
      }),
  );

  /**
   * Runs the check in a browser with these flags. Each navigation gets a new page: after a
   * certificate error page, the next navigation in the same tab is reported as interrupted.
   * @param {string[]} args
   * @param {(newPage: () => Promise<import('playwright-core').Page>) => Promise<void>} check
   */
  async function withBrowser(args, check) {
    const browser = await launchBrowser(args);
    try {
      await check(() => browser.newPage());
    } finally {
      await browser.close();
    }
  }

  test('the certificate is valid for every host under its CA, checked by Node’s TLS without the pin', async () => {
    for (const host of PORTAL_HOSTS) {
      const status = await new Promise((resolve, reject) => {
        get({ host: '127.0.0.1', port: portal.port, servername: host, headers: { host }, ca: portal.caCertPem, path: '/' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
      assert.equal(status, 200, host);
    }
    await assert.rejects(
      new Promise((resolve, reject) => {
        get({ host: '127.0.0.1', port: portal.port, servername: 'management.azure.com', headers: { host: 'management.azure.com' }, ca: portal.caCertPem }, resolve).on('error', reject);
      }),
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
    );
  });

  test('without the key pin the stand-in’s certificate is refused', async () => {
    const rulesOnly = portal.chromiumArgs.filter((a) => a.startsWith('--host-resolver-rules='));
    await withBrowser(rulesOnly, async (newPage) => {
      assert.equal(await navigationError(await newPage(), PORTAL_URL), 'net::ERR_CERT_AUTHORITY_INVALID');
    });
  });

  test('with the portal flags, another local server’s certificate is refused', async () => {
    await withBrowser(portal.chromiumArgs, async (newPage) => {
      assert.equal(await navigationError(await newPage(), otherUrl), 'net::ERR_CERT_AUTHORITY_INVALID');
    });
  });

  test('two servers’ pins work merged into one flag; side by side the first is lost', async () => {
    const otherPin = spkiPinArgs([otherTls.spkiHash]);
    await withBrowser(mergeChromiumArgs(portal.chromiumArgs, otherPin), async (newPage) => {
      assert.equal((await visit(await newPage(), PORTAL_URL)).status, 200);
      assert.equal((await visit(await newPage(), otherUrl)).title, 'other server');
    });
    await withBrowser([...portal.chromiumArgs, ...otherPin], async (newPage) => {
      assert.equal(await navigationError(await newPage(), PORTAL_URL), 'net::ERR_CERT_AUTHORITY_INVALID');
      assert.equal((await visit(await newPage(), otherUrl)).title, 'other server');
    });
  });
});

test('with the extension loaded, a portal page loads in the persistent context', async () => {
  const extension = await launchWithExtension(portal.chromiumArgs);
  try {
    assert.match(extension.extensionId, /^[a-p]{32}$/);
    const page = await extension.context.newPage();
    const url = 'https://portal.azure.com/?feature.customportal=false#home';
    const before = portal.requests.length;
    const seen = await visit(page, url);
    assert.equal(seen.status, 200);
    assert.equal(seen.href, url);
    assert.equal(seen.title, 'portal.azure.com (local stand-in)');
    assert.equal(seen.security?.issuer, 'amlattach test CA');
    assert.ok(portal.requests.slice(before).includes('https://portal.azure.com/?feature.customportal=false'));
  } finally {
    await extension.close();
  }
});
