// @ts-check
/**
 * Screenshots of every step of the attach journey, at 1280 and 390 px wide, from the built page
 * (target/site/) in headless Chromium, with a compute filled in as a user would; and the
 * extension's popup at its own size. Not a test: for the closing notes and reviews.
 *
 *   node scripts/screenshots.mjs [--out target/screenshots]
 * @module
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { launchBrowser, launchWithExtension, ROOT, SITE } from '../tests/e2e/browser.mjs';
import { serve } from './serve.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'target/screenshots') } } });
const out = /** @type {string} */ (values.out);

const SUB = '2f1e4a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-jobs`;
/** The steps, in the journey's order: the section each shows. */
const STEPS = [
  ['1-prepare', '#prepare'],
  ['2-compute', '#attach-form'],
  ['3-commands', '#generate'],
  ['4-check-and-attach', '#live'],
  ['5-after-the-attach', '#verify'],
  ['6-something-failed', '#explain-section'],
];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const server = await serve({ root: SITE, port: 0 });
const browser = await launchBrowser();
/** @type {string[]} */
const written = [];
try {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${server.url}#attach`);
    await page.locator('html[data-tools-ready="true"]').waitFor();
    await page.getByLabel('Compute name').fill('k8s-jobs');
    await page.locator('#v2-resource-id').fill(AKS_ID);
    await page.locator('#v2-namespace').fill('jobs');
    await page.getByLabel('Identity type').selectOption('system_assigned');
    await page.locator('#workspace-subscription-id').fill(SUB);
    await page.locator('#workspace-resource-group').fill('rg-ml');
    await page.locator('#workspace-name').fill('ws-jobs');
    await page.locator('#prepare-commands[data-state="ok"]').waitFor();
    await page.locator('#explain-input').fill(
      '(ExtensionNotInstalled) The Azure Machine Learning extension is not installed on the Kubernetes cluster aks-jobs.',
    );
    await page.locator('#explain-result .explained').first().waitFor();
    for (const [name, selector] of STEPS) {
      const file = join(out, `${name}-${width}.png`);
      await page.locator(selector).screenshot({ path: file });
      written.push(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const { context, extensionId, close } = await launchWithExtension();
try {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.locator('html[data-ready="true"]').waitFor();
  await popup.locator('#cluster-id').fill(AKS_ID);
  await popup.locator('#compute-name').fill('k8s-jobs');
  const file = join(out, 'popup-400x600.png');
  await popup.screenshot({ path: file });
  written.push(file);
} finally {
  await close();
}
console.log(`${written.length} screenshots in ${out}:\n${written.map((f) => `  ${f}`).join('\n')}`);
