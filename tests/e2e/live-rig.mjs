// @ts-check
/**
 * What every test of the page's live section starts: the built page served locally, the test
 * identity provider over HTTPS, the ARM emulator accepting only that provider's tokens, and a
 * Chromium that trusts the provider's certificate; and the sign-in a user makes. Then what the
 * tests of the extension's live install share: a signed-in page of its own, a cluster chosen or
 * pre-flighted as a user does it, the install or update confirmed, the requests ARM got, and a
 * cluster of a test's own in the emulator.
 * @module
 */
import { serve } from '../../scripts/serve.mjs';
import { startEmulator } from '../emulator/server.mjs';
import { makeExtension, makeManagedCluster } from '../emulator/state.mjs';
import { startOidcProvider } from '../oidc/provider.mjs';
import { fillCustomCloud, launchBrowser, recordProblems, SITE } from './browser.mjs';

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

/**
 * A new browser context (no provider session, no MSAL cache, an empty tab state) signed in as a
 * user does, its extension form ready.
 * @param {LiveRig} rig
 */
export async function signedInPage(rig) {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  const problems = recordProblems(page);
  await signIn(page, rig);
  await page.locator('#extension-form[data-ready="true"]').waitFor();
  return { context, page, problems };
}

/**
 * Chooses a cluster in the live section's list (which fills the form's cluster field), running
 * "Find my clusters and workspaces" first when the list does not have it yet.
 * @param {import('playwright-core').Page} page
 * @param {string} clusterId
 */
export async function chooseCluster(page, clusterId) {
  const name = /** @type {string} */ (clusterId.split('/').at(-1));
  const select = page.getByLabel('Cluster', { exact: true });
  const option = () => select.evaluate((element, name) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith(`${name} (`))?.value, name);
  if ((await option()) === undefined) {
    await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
    await page.locator('#live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor();
  }
  const value = await option();
  if (value === undefined) throw new Error(`no cluster option for ${name}`);
  await select.selectOption(value);
}

/**
 * Runs the pre-flight for a cluster, with the first workspace found.
 * @param {import('playwright-core').Page} page
 * @param {string} clusterId
 */
export async function runPreflight(page, clusterId) {
  await chooseCluster(page, clusterId);
  const workspace = page.getByLabel('Workspace', { exact: true });
  const first = await workspace.evaluate((element) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.value !== '')?.value);
  if (first === undefined) throw new Error('no workspace found');
  await workspace.selectOption(first);
  await page.getByRole('button', { name: 'Run the pre-flight checks' }).click();
  await page.locator('#live-preflight-outcome').locator('text=Pre-flight done').waitFor({ timeout: 20_000 });
}

/**
 * The extension form's "Install the extension through ARM…" or "Update it through ARM…",
 * asked and confirmed in the page.
 * @param {import('playwright-core').Page} page
 * @param {'install' | 'update'} mode
 */
export async function confirmExtension(page, mode) {
  await page.getByRole('button', { name: mode === 'install' ? 'Install the extension through ARM…' : 'Update it through ARM…' }).click();
  await page.locator('#live-extension-confirm').waitFor();
  await page.getByRole('button', { name: new RegExp(`^${mode === 'install' ? 'Install' : 'Update'} “`) }).click();
}

/**
 * The ARM requests an emulator logged since `from` (not CORS preflights), one line each: the
 * method, the path from `/extensions/` on (an operation's status as ` operation`, AKS's and
 * Azure ML's operation URLs by their kind, anything else whole), the status, and a fault's kind.
 * @param {LiveRig['emulator']} emulator
 * @param {number} from
 */
export function armSentSince(emulator, from) {
  return emulator.requests
    .slice(from)
    .filter((r) => r.method !== 'OPTIONS')
    .map((r) => {
      const where = /\/extensions\/[^/]+(\/operations)?/i.exec(r.path)?.[0] ?? /\/locations\/[^/]+\/(operations|operationresults)\//i.exec(r.path)?.[1] ?? r.path;
      return `${r.method} ${where.replace(/\/operations$/i, ' operation')} ${r.status}${r.fault ? ` ${r.fault}` : ''}`;
    });
}

/**
 * An AKS cluster of its own for one test, put straight into the emulator's state (with, when
 * given, an Azure ML extension of those settings): found by the next "Find".
 * @param {LiveRig['emulator']} emulator
 * @param {{ name: string, location?: string, nodes?: number, extension?: Record<string, string> }} options
 */
export function addCluster(emulator, { name, location = 'eastus', nodes = 3, extension }) {
  const cluster = makeManagedCluster({
    subscriptionId: emulator.state.subscriptions[0].subscriptionId,
    resourceGroup: 'rg-aks-prod',
    name,
    location,
    kubernetesVersion: '1.31.2',
    pools: [{ name: 'nodepool1', count: nodes, vmSize: 'Standard_D4s_v3', mode: 'System' }],
  });
  emulator.state.resources.push(cluster);
  if (extension !== undefined) emulator.state.resources.push(makeExtension({ clusterId: cluster.id, configurationSettings: extension }));
  return cluster.id;
}
