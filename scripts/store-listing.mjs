// @ts-check
/**
 * The Chrome Web Store listing and its images, from the real extension:
 *
 * - `listing.md`: extension/store/listing.md with its {{…}} filled from what says each thing once
 *   (the manifest's name, description and homepage_url; each permission's and each content-script
 *   host's justification from extension/README.md's "Permissions and hosts" table). A manifest
 *   permission or host that table does not justify stops it.
 * - `screenshot-1.png` … `screenshot-4.png`, 1280 × 800, 24-bit PNG without alpha as the store
 *   asks: the popup filled as a user would, and the same form in the side panel it opens (each
 *   shown at its own size on a backdrop), the full assistant's attach form, and its
 *   troubleshooter, each from the unpacked extension in headless Chromium;
 * - `promo-small.png`, the 440 × 280 small promo tile: the icon (extension/icons/icon.svg), the name
 *   and the summary.
 *
 *   node scripts/store-listing.mjs [--out target/store] [--listing-only]
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { EXTENSION_DIR, launchBrowser, launchWithExtension, ROOT } from '../tests/e2e/browser.mjs';
import { attachSidePanel } from '../tests/e2e/side-panel.mjs';
import { ICON_SOURCE } from './icons.mjs';
import { encodeRgbPng } from './png.mjs';

/** The store's screenshot and small promo tile sizes. */
export const SCREENSHOT = /** @type {const} */ ({ width: 1280, height: 800 });
export const PROMO_SMALL = /** @type {const} */ ({ width: 440, height: 280 });
/** The listing's sections, in order (the test checks each is there). */
export const SECTIONS = ['Summary', 'Description', 'Single purpose', 'Permission justifications', 'Host access justification', 'Remote code', 'Privacy practices'];
/** The popup as Chrome opens it: its body is 24rem (384 px) wide, and a popup is at most 600 px high. */
const POPUP = { width: 384, height: 600 };

const SUB = '2f1e4a3b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-jobs`;
const FAILURE = '(ExtensionNotInstalled) The Azure Machine Learning extension is not installed on the Kubernetes cluster aks-jobs.';

/**
 * The rows of extension/README.md's "Permissions and hosts" table: what is asked for (its first
 * cell, as written) and why.
 * @param {string} readme
 * @returns {{ asked: string, why: string }[]}
 */
export function justifications(readme) {
  const section = /^## Permissions and hosts\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  if (!section) throw new Error('extension/README.md has no "## Permissions and hosts" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header
    .map((line) => {
      const [asked, why] = line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
      return { asked, why };
    });
}

/**
 * The listing: the template with every {{…}} filled. Throws when the README leaves a manifest
 * permission or content-script host unjustified, or the template names an unknown field.
 * @param {{ template: string, manifest: Record<string, any>, readme: string, siteUrl?: string }} sources
 *   `siteUrl`: the site's address, for a privacy policy the manifest does not name yet
 */
export function listing({ template, manifest, readme, siteUrl }) {
  const rows = justifications(readme);
  /** @type {string[]} */
  const missing = [];
  const permissions = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])].map((permission) => {
    const row = rows.find((r) => r.asked === `\`${permission}\``);
    if (!row) missing.push(`permission ${permission}`);
    return `### ${permission}\n\n${row?.why ?? ''}`;
  });
  const matches = (manifest.content_scripts ?? []).flatMap((/** @type {{ matches?: string[] }} */ c) => c.matches ?? []);
  const hostRows = rows.filter((r) => matches.some((/** @type {string} */ m) => r.asked.includes(`\`${m}\``)));
  for (const match of matches) if (!hostRows.some((r) => r.asked.includes(`\`${match}\``))) missing.push(`content-script host ${match}`);
  for (const host of [...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])]) {
    const row = rows.find((r) => r.asked.includes(`\`${host}\``));
    if (row) hostRows.push(row);
    else missing.push(`host permission ${host}`);
  }
  if (missing.length > 0) throw new Error(`extension/README.md's "Permissions and hosts" table does not justify: ${missing.join(', ')}`);
  const homepage = manifest.homepage_url ?? (siteUrl ? new URL('privacy.html', siteUrl).href : undefined);
  /** @type {Record<string, string>} */
  const fields = {
    name: manifest.name,
    description: manifest.description,
    permissions: permissions.join('\n\n'),
    hosts: hostRows.map((r) => `- ${r.asked}: ${r.why}`).join('\n'),
    homepage_url: homepage ?? 'the site\'s privacy.html (unknown here: set AMLATTACH_SITE_URL, or build from a clone of the GitHub repository, so scripts/build.sh writes homepage_url)',
  };
  const body = template.replace(/^<!--[\s\S]*?-->\n/, '');
  return body.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in fields)) throw new Error(`extension/store/listing.md: unknown field {{${key}}}`);
    return fields[key];
  });
}

/**
 * Writes the listing and the images into `out`; returns the files written.
 * @param {string} out
 * @param {{ listingOnly?: boolean }} [options]
 */
export async function writeStoreListing(out, { listingOnly = false } = {}) {
  await mkdir(out, { recursive: true });
  const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  const text = listing({
    template: await readFile(join(EXTENSION_DIR, 'store/listing.md'), 'utf8'),
    manifest,
    readme: await readFile(join(EXTENSION_DIR, 'README.md'), 'utf8'),
    siteUrl: process.env.AMLATTACH_SITE_URL || undefined,
  });
  const written = [join(out, 'listing.md')];
  await writeFile(written[0], text);
  if (listingOnly) return written;

  const shots = await extensionScreenshots();
  const browser = await launchBrowser();
  try {
    const captions = [
      'The popup: the cluster from the portal, every field checked as you type, the commands to run',
      'Beside the portal: the same form in the side panel, following the tab in view',
      'The full assistant: the whole attach checked before anything is submitted',
      'Something failed? The troubleshooter explains it and writes the fix',
    ];
    for (const [i, { png, size }] of shots.entries()) {
      const framed = size === undefined ? png : await onBackdrop(browser, png, size, captions[i]);
      const file = join(out, `screenshot-${i + 1}.png`);
      await writeFile(file, await withoutAlpha(browser, framed));
      written.push(file);
    }
    const tile = join(out, 'promo-small.png');
    await writeFile(tile, await withoutAlpha(browser, await promoTile(browser, manifest)));
    written.push(tile);
  } finally {
    await browser.close();
  }
  return written;
}

/**
 * The four screenshots of the unpacked extension: the popup and the side panel at their own
 * sizes (`size`: to be shown on a backdrop), then the full assistant's attach form and its
 * troubleshooter at 1280 × 800.
 * @returns {Promise<{ png: Buffer, size?: { width: number, height: number } }[]>}
 */
async function extensionScreenshots() {
  const { context, extensionId, close } = await launchWithExtension();
  try {
    const popup = await context.newPage();
    await popup.setViewportSize(POPUP);
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await popup.locator('html[data-ready="true"]').waitFor();
    // The cluster and the workspace as the worker keeps them after a visit to the portal and the
    // studio (messages.js's Remembered), then the popup opened again and the rest typed in.
    const seenAt = new Date(Date.now() - 3 * 60_000).toISOString();
    await popup.evaluate(
      (remembered) => chrome.storage.local.set(remembered),
      /** @type {import('../extension/messages.js').Remembered} */ ({
        lastCluster: { id: AKS_ID, seenAt },
        lastWorkspace: { subscription_id: SUB, resource_group: 'rg-ml', name: 'ws-jobs', seenAt },
      }),
    );
    await popup.reload();
    await popup.locator('html[data-ready="true"]').waitFor();
    assert(await popup.locator('#cluster-id').inputValue() === AKS_ID, 'the popup did not fill in the cluster it was given');
    await popup.locator('#compute-name').fill('k8s-jobs');
    await popup.locator('#namespace').fill('jobs');
    await popup.locator('#identity-type').selectOption('system_assigned');
    await popup.locator('#compute-name-verdict[data-state="ok"]').waitFor();
    await popup.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    // From the top, as it opens: filling the fields scrolled the form.
    await popup.locator('.popup-steps').evaluate((steps) => steps.scrollTo(0, 0));
    const first = await popup.screenshot();
    // "Side panel": the popup hands its form to the side panel and closes.
    const closed = popup.waitForEvent('close');
    await popup.locator('#open-panel').click();
    await closed;
    const panel = await attachSidePanel(context, await context.newPage(), 'popup.html?view=panel');
    await panel.waitFor(`document.getElementById('compute-name').value`, (name) => name === 'k8s-jobs', 'the handed-over form');
    await panel.waitFor(`document.getElementById('generate-code')?.textContent ?? ''`, (code) => code.includes('az ml compute attach'), 'the commands');
    await panel.evaluate(`document.activeElement?.blur()`);
    const panelSize = await panel.evaluate(`({ width: innerWidth, height: innerHeight })`);
    const second = await panel.screenshot();

    const tab = await context.newPage();
    await tab.setViewportSize(SCREENSHOT);
    await tab.goto(`chrome-extension://${extensionId}/app/index.html#attach`);
    await tab.locator('html[data-tools-ready="true"]').waitFor();
    await tab.getByLabel('Compute name').fill('k8s-jobs');
    await tab.locator('#v2-resource-id').fill(AKS_ID);
    await tab.locator('#v2-namespace').fill('jobs');
    await tab.getByLabel('Identity type').selectOption('system_assigned');
    await tab.locator('#workspace-subscription-id').fill(SUB);
    await tab.locator('#workspace-resource-group').fill('rg-ml');
    await tab.locator('#workspace-name').fill('ws-jobs');
    await tab.locator('#prepare-commands[data-state="ok"]').waitFor();
    await tab.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    await tab.locator('#attach-form').evaluate((form) => form.scrollIntoView({ block: 'start' }));
    const third = await tab.screenshot();

    await tab.goto(`chrome-extension://${extensionId}/app/index.html#explain`);
    await tab.locator('html[data-tools-ready="true"]').waitFor();
    await tab.locator('#explain-input').fill(FAILURE);
    await tab.locator('#explain-result .explained').first().waitFor();
    await tab.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    await tab.locator('#explain-section').evaluate((section) => section.scrollIntoView({ block: 'start' }));
    const fourth = await tab.screenshot();
    return [{ png: first, size: POPUP }, { png: second, size: panelSize }, { png: third }, { png: fourth }];
  } finally {
    await close();
  }
}

/**
 * A screenshot of the popup or the side panel, at its own `size`, on a 1280 × 800 backdrop beside
 * the icon and a caption.
 * @param {import('playwright-core').Browser} browser
 * @param {Buffer} shot
 * @param {{ width: number, height: number }} size
 * @param {string} caption
 */
async function onBackdrop(browser, shot, size, caption) {
  const icon = await readFile(ICON_SOURCE, 'utf8');
  return render(
    browser,
    SCREENSHOT,
    `<style>
      body { margin: 0; height: 800px; display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 48px; padding: 0 96px; box-sizing: border-box;
             background: linear-gradient(135deg, #e8f0fb, #f6f7f9); font: 16px/1.4 system-ui, sans-serif; color: #1b1f24; }
      .words svg { width: 96px; height: 96px; }
      h1 { margin: 8px 0 16px; font-size: 48px; color: #0b5cad; }
      p { margin: 0; font-size: 26px; max-width: 560px; }
      img { display: block; width: ${size.width}px; height: ${size.height}px; border-radius: 8px; box-shadow: 0 12px 40px rgb(0 0 0 / 0.25); }
    </style>
    <div class="words">${icon}<h1>amlattach</h1><p>${escapeHtml(caption)}</p></div>
    <img alt="" src="data:image/png;base64,${shot.toString('base64')}">`,
  );
}

/**
 * The small promo tile: the icon, the name and the summary.
 * @param {import('playwright-core').Browser} browser
 * @param {Record<string, any>} manifest
 */
async function promoTile(browser, manifest) {
  const icon = await readFile(ICON_SOURCE, 'utf8');
  return render(
    browser,
    PROMO_SMALL,
    `<style>
      body { margin: 0; height: 280px; display: flex; flex-direction: column; justify-content: center; padding: 0 32px; box-sizing: border-box;
             background: linear-gradient(135deg, #e8f0fb, #f6f7f9); color: #1b1f24; font: 16px/1.35 system-ui, sans-serif; }
      .head { display: flex; align-items: center; gap: 16px; }
      svg { width: 88px; height: 88px; margin: -11px; }
      h1 { margin: 0; font-size: 40px; color: #0b5cad; }
      p { margin: 20px 0 0; font-size: 19px; }
    </style>
    <div class="head">${icon}<h1>${escapeHtml(manifest.name)}</h1></div>
    <p>${escapeHtml(manifest.description)}</p>`,
  );
}

/**
 * HTML drawn at exactly `size`, device scale 1.
 * @param {import('playwright-core').Browser} browser
 * @param {{ width: number, height: number }} size
 * @param {string} html
 */
async function render(browser, size, html) {
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
  try {
    await page.setContent(`<!doctype html><html lang="en"><meta charset="utf-8">${html}</html>`);
    return await page.screenshot();
  } finally {
    await page.close();
  }
}

/**
 * A PNG as the store wants it: 24-bit RGB, no alpha (each pixel composed onto white first).
 * @param {import('playwright-core').Browser} browser
 * @param {Buffer} png
 */
async function withoutAlpha(browser, png) {
  const page = await browser.newPage();
  try {
    const { width, height, base64 } = await page.evaluate(async (source) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${source}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
      context.fillStyle = '#fff';
      context.fillRect(0, 0, bitmap.width, bitmap.height);
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      let text = '';
      for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { width: bitmap.width, height: bitmap.height, base64: btoa(text) };
    }, png.toString('base64'));
    return encodeRgbPng(width, height, Buffer.from(base64, 'base64'));
  } finally {
    await page.close();
  }
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'target/store') }, 'listing-only': { type: 'boolean', default: false } } });
  const written = await writeStoreListing(/** @type {string} */ (values.out), { listingOnly: values['listing-only'] });
  console.log(`${written.length} files:\n${written.map((f) => `  ${f}`).join('\n')}`);
}
