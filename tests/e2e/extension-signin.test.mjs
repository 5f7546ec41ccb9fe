// @ts-check
/**
 * Sign-in in the extension's full-assistant tab: the page, packaged in the extension, signs in
 * with the authorization-code flow and PKCE over `chrome.identity.launchWebAuthFlow` against the
 * local HTTPS OpenID Connect provider (redirect URI `https://<extension id>.chromiumapp.org/`),
 * then finds clusters and workspaces on the ARM emulator, which accepts only that provider's
 * tokens; no token lands in any storage of the extension. A detach ARM refuses for want of MFA
 * is sent once more with a token from a new sign-in that asked for the claims.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startEmulator } from '../emulator/server.mjs';
import { startOidcProvider } from '../oidc/provider.mjs';
import { extensionIdOf, fillCustomCloud, launchWithExtension } from './browser.mjs';

const CLIENT_ID = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

/** @type {Awaited<ReturnType<typeof startOidcProvider>>} */
let idp;
/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emulator;
/** @type {Awaited<ReturnType<typeof launchWithExtension>>} */
let extension;

before(async () => {
  const id = extensionIdOf();
  idp = await startOidcProvider({ clientId: CLIENT_ID, redirectUris: [`https://${id}.chromiumapp.org/`], pageOrigins: [`chrome-extension://${id}`] });
  emulator = await startEmulator({ port: 0, auth: { jwksUrl: idp.jwksUrl, jwksCa: idp.caCertPem } });
  extension = await launchWithExtension(idp.chromiumArgs);
  assert.equal(extension.extensionId, id);
});

after(async () => {
  await extension?.close();
  await emulator?.close();
  await idp?.close();
});

test('the assistant tab signs in through chrome.identity and lists what ARM shows', async () => {
  const page = await extension.context.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/app/index.html#attach`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  assert.equal(await page.locator('#live-redirect-uri').textContent(), `https://${extension.extensionId}.chromiumapp.org/`);
  // The browser's own sign-in window is the only way here: no sign-in by redirecting the tab.
  assert.equal(await page.getByRole('button', { name: 'Sign in in this tab' }).isVisible(), false);
  await fillCustomCloud(page, { armUrl: emulator.url, issuer: idp.issuer, clientId: CLIENT_ID });
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('#live-account', { hasText: /Signed in as|failed|refused|error/i }).waitFor({ timeout: 20_000 });
  assert.match((await page.locator('#live-account').textContent()) ?? '', /^Signed in as test\.user@example\.test/);

  emulator.requests.length = 0;
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters and \d+ workspaces/ }).waitFor({ timeout: 20_000 });
  assert.ok(emulator.requests.some((r) => r.method === 'POST' && r.status === 200), 'ARM accepted the token');
  assert.match((await page.locator('#live-progress').textContent()) ?? '', /^Found [1-9]\d* clusters/);

  // The tokens stay in the tab's memory: nothing in the extension's storage or the page's.
  const stored = await page.evaluate(async () => ({
    local: JSON.stringify(await chrome.storage.local.get(null)),
    session: JSON.stringify(await chrome.storage.session.get(null)),
    page: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  }));
  for (const [where, text] of Object.entries(stored)) assert.doesNotMatch(text, /eyJ[\w-]+\.[\w-]+\./, `a token in ${where} storage`);
  await page.close();
});

test('in the assistant tab, a detach ARM refuses for want of MFA signs in again with the claims and is sent once more', async () => {
  const page = await extension.context.newPage();
  await page.goto(`chrome-extension://${extension.extensionId}/app/index.html#detach`);
  await page.locator('html[data-tools-ready="true"]').waitFor();
  await fillCustomCloud(page, { armUrl: emulator.url, issuer: idp.issuer, clientId: CLIENT_ID });
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('#live-account', { hasText: /Signed in as|failed|refused|error/i }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Find my clusters and workspaces' }).click();
  await page.locator('#live-progress', { hasText: /^Found \d+ clusters/ }).waitFor({ timeout: 20_000 });
  // The workspace to detach from, chosen in the list (it fills the form's workspace too).
  const workspaces = page.getByLabel('Workspace', { exact: true });
  const mlwProd = await workspaces.evaluate((element) => [.../** @type {HTMLSelectElement} */ (element).options].find((o) => o.text.startsWith('mlw-prod ('))?.value);
  assert.ok(mlwProd, 'no workspace mlw-prod');
  await workspaces.selectOption(mlwProd);
  assert.equal(await page.locator('#workspace-name').inputValue(), 'mlw-prod');
  const rule = emulator.faults.add({ kind: 'mfa-required' });
  const before = idp.mfa();
  try {
    emulator.requests.length = 0;
    // A compute that is not there: ARM answers 204 once it lets the DELETE through.
    await page.getByLabel('Compute to detach').fill('k8s-absent');
    await page.getByRole('button', { name: 'Detach', exact: true }).click();
    await page.locator('#live-detach-yes').click();
    await page.locator('#live-detach-outcome', { hasText: /Detached|MFA|failed/ }).waitFor({ timeout: 20_000 });
    assert.match((await page.locator('#live-detach-outcome').textContent()) ?? '', /^Detached\./);
    const deletes = emulator.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.status}${r.fault ? ` ${r.fault}` : ''}`);
    assert.deepEqual(deletes, ['401 mfa-required', '204']);
    // The refresh token was asked for the claims and refused, then the auth window signed in with MFA.
    assert.deepEqual(idp.mfa(), { signIns: before.signIns + 1, refusedRefreshes: before.refusedRefreshes + 1 });
  } finally {
    emulator.faults.remove(rule);
    await page.close();
  }
});
