// @ts-check
/**
 * The extension's icons stay what their SVG draws: each committed PNG matches a fresh render of
 * extension/icons/icon.svg, the store icon keeps its transparent padding, and the toolbar icon is
 * the page's own www/icon.svg (one drawing for the page and the extension).
 * @module
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ICON_SIZES, STORE_ICON_PADDING, STORE_ICON_SIZE, iconPath, pngDifference, renderSvg, staleIcons } from '../../scripts/icons.mjs';
import { pngHeader } from '../../scripts/png.mjs';
import { EXTENSION_DIR, ROOT, launchBrowser } from './browser.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('every committed icon PNG is a fresh render of icon.svg at its own size', async () => {
  for (const size of ICON_SIZES) {
    const header = pngHeader(await readFile(join(EXTENSION_DIR, iconPath(size))));
    assert.deepEqual([header?.width, header?.height], [size, size], iconPath(size));
  }
  assert.deepEqual(await staleIcons(browser), []);
});

test('the store icon is a 96 × 96 tile inside 16 px of transparent padding', async () => {
  const png = await readFile(join(EXTENSION_DIR, iconPath(STORE_ICON_SIZE)));
  const box = await browser.newPage().then(async (page) => {
    try {
      return await page.evaluate(async (base64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
        context.drawImage(bitmap, 0, 0);
        const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
        let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
        for (let y = 0; y < bitmap.height; y += 1) {
          for (let x = 0; x < bitmap.width; x += 1) {
            if (data[(y * bitmap.width + x) * 4 + 3] === 0) continue;
            [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
          }
        }
        return { left, top, right, bottom };
      }, png.toString('base64'));
    } finally {
      await page.close();
    }
  });
  const inner = STORE_ICON_SIZE - STORE_ICON_PADDING - 1;
  assert.deepEqual(box, { left: STORE_ICON_PADDING, top: STORE_ICON_PADDING, right: inner, bottom: inner });
});

test('the toolbar icon draws what the page\'s www/icon.svg draws', async () => {
  const page = (await readFile(join(ROOT, 'www/icon.svg'), 'utf8')).replace('<svg ', '<svg width="32" height="32" ');
  const rendered = await renderSvg(browser, page, 32, 32);
  const committed = await readFile(join(EXTENSION_DIR, iconPath(32)));
  const { pixels, largest } = await pngDifference(browser, committed, rendered);
  assert.equal(pixels, 0, `icon-32.png differs from www/icon.svg in ${pixels} pixels, by up to ${largest}`);
});
