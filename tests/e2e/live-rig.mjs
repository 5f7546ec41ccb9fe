// @ts-check
/**
 * What every test of the page's live section starts: the built page served locally, the test
 * identity provider over HTTPS, the ARM emulator accepting only that provider's tokens, and a
 * Chromium that trusts the provider's certificate; and the sign-in a user makes.
 * @module
 */
import { serve } from '../../scripts/serve.mjs';
import { startEmulator } from '../emulator/server.mjs';
import { startOidcProvider } from '../oidc/provider.mjs';
import { fillCustomCloud, launchBrowser, SITE } from './browser.mjs';

/**
 * Starts the page, the provider and the emulator, and a browser.
 * @param {{ clientId: string, lro?: { durationMs: number, retryAfterSeconds: number } }} options
 */
export async function startLiveRig({ clientId, lro = { durationMs: 300, retryAfterSeconds: 1 } }) {
  const server = await serve({ root: SITE, port: 0 });
  const origin = new URL(server.url).origin;
  const idp = await startOidcProvider({ clientId, redirectUris: [`${origin}/redirect.html`], pageOrigins: [origin] });
  const emulator = await startEmulator({ port: 0, auth: { jwksUrl: idp.jwksUrl, jwksCa: idp.caCertPem }, lro });
  const browser = await launchBrowser(idp.chromiumArgs);
  return {
    server,
    idp,
    emulator,
    browser,
    clientId,
    /** Closes all four, the browser first. */
    async close() {
      await browser.close();
      await emulator.close();
      await idp.close();
      await server.close();
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof startLiveRig>>} LiveRig */

/**
 * Opens the page in `page`, fills the custom cloud's sign-in settings and signs in through the
 * provider's popup, as a user does.
 * @param {import('playwright-core').Page} page
 * @param {LiveRig} rig
 */
export async function signIn(page, rig) {
  await page.goto(rig.server.url);
  await page.locator('html[data-ready="true"]').waitFor();
  await fillCustomCloud(page, { armUrl: rig.emulator.url, issuer: rig.idp.issuer, clientId: rig.clientId });
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await (await popup).waitForEvent('close');
  await page.locator('#live-account', { hasText: 'Signed in as' }).waitFor();
}
