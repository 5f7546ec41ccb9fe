// @ts-check
/**
 * An accessibility audit with axe-core (WCAG 2.x A and AA rules) of every view of the page, in
 * light and dark colour schemes, and of the extension's popup: zero violations. Each view is
 * also saved as a screenshot in target/screenshots/ for a reviewer to look at.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { serve } from '../../scripts/serve.mjs';
import { axeViolations as audit, launchBrowser, launchWithExtension, ROOT, SITE } from './browser.mjs';

const SHOTS = join(ROOT, 'target/screenshots');
const FIXTURES = join(ROOT, 'target/fixtures/wasm');
/** The official AKS example of `az aks get-versions`' REST call, beside the clone. */
const VERSIONS_EXAMPLE = join(
  ROOT,
  '../shared/fixtures/azure-rest-api-specs/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2025-10-01/examples/KubernetesVersions_List.json',
);

/** @type {Awaited<ReturnType<typeof serve>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await serve({ root: SITE, port: 0 });
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * @param {'light' | 'dark'} scheme
 */
async function openPage(scheme) {
  const context = await browser.newContext({ colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('html[data-ready="true"]').waitFor();
  await page.locator('html[data-tools-ready="true"]').waitFor();
  return page;
}

for (const scheme of /** @type {const} */ (['light', 'dark'])) {
  test(`every view of the page has no axe violations (${scheme})`, async () => {
    const page = await openPage(scheme);
    /** @type {Record<string, string[]>} */
    const found = {};
    const check = async (/** @type {string} */ view) => {
      found[view] = await audit(page);
      await page.screenshot({ path: join(SHOTS, `page-${view}-${scheme}.png`), fullPage: true });
    };
    await check('start');

    // Every mode of the form, with errors shown next to the fields.
    for (const mode of ['Legacy v1 attach', 'Legacy v1 create', 'Attach (v2, AKS or Arc)']) {
      await page.getByLabel(mode).check();
      await page.getByRole('button', { name: 'Check all' }).click();
      await check(`form-${mode.replace(/\W+/g, '-').toLowerCase()}`);
    }

    // A valid v2 spec: the generated commands show.
    await page.getByLabel('Compute name').fill('k8s-prod');
    await page.locator('#v2-resource-id').fill('/subscriptions/1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks');
    await page.locator('#generate:not([hidden])').waitFor();
    await check('commands');

    // The paste box with a broken spec.
    await page.getByLabel('Compute YAML or JSON').fill('type: kubernetes\nname: 1abc\n');
    await page.locator('#paste-verdict li').first().waitFor();
    await check('paste');

    // A decoded secret whose key does not match.
    await page.getByLabel('Secret', { exact: true }).fill(await readFile(join(FIXTURES, 'mismatched/secret.yaml'), 'utf8'));
    await page.locator('#secret-verdict [data-code="key-mismatch"]').waitFor();
    await check('secret');

    // A version list with a chosen version.
    await page
      .getByLabel('Versions', { exact: true })
      .fill(JSON.stringify(JSON.parse(await readFile(VERSIONS_EXAMPLE, 'utf8')).responses['200'].body, null, 2));
    await page.locator('#versions-rows tr').first().waitFor();
    await page.getByLabel('Check a version').fill('1.29');
    await check('versions');

    // The troubleshooter with two failures found (github.com/Azure/AML-Kubernetes/issues/279 and
    // /261), their causes, facts and fix commands, and the list of failures it knows.
    await page
      .getByLabel('What the failure said')
      .fill(
        'ERROR: (BadRequest) AKS role check failed for user assigned identity. Please check the role assignment.\n' +
          'azure.core.exceptions.HttpResponseError: (BadRequest) Failed to get static credential: Getting static credential is not allowed because this cluster is set to disable local accounts.',
      );
    await page.locator('#explain-result .explained').nth(1).waitFor();
    await page.getByText(/^Failures it knows/).click();
    await check('explain');

    // The live section's settings for a custom cloud, and the pasted-token form.
    await page.getByLabel('Cloud').selectOption('custom');
    await page.getByText('No app registration? Use an access token').click();
    await check('live');

    await page.context().close();
    const failing = Object.entries(found).filter(([, v]) => v.length > 0);
    assert.deepEqual(failing, [], failing.map(([view, v]) => `${view}:\n  ${v.join('\n  ')}`).join('\n'));
  });
}

test('the extension popup has no axe violations', async () => {
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.locator('html[data-ready="true"]').waitFor();
    const violations = await audit(popup);
    await popup.screenshot({ path: join(SHOTS, 'popup.png'), fullPage: true });
    assert.deepEqual(violations, [], violations.join('\n'));
    // A bad namespace, said at its field.
    await popup.getByLabel('Kubernetes namespace').fill('Team_A');
    await popup.locator('#namespace-verdict li').first().waitFor();
    const withError = await audit(popup);
    await popup.screenshot({ path: join(SHOTS, 'popup-namespace.png'), fullPage: true });
    assert.deepEqual(withError, [], withError.join('\n'));
  } finally {
    await close();
  }
});
