// @ts-check
/**
 * The extension's icons, rendered from their one source, `extension/icons/icon.svg`, in headless
 * Chromium at each size the manifest names (`extension/icons/icon-SIZE.png`): 128 for the Chrome
 * Web Store and the install dialog (the whole drawing: a 96 × 96 tile inside 16 px of transparent
 * padding, as the store asks), 48 for the extensions page, 16 and 32 for the toolbar (the tile
 * alone, cropped from the same drawing, so nothing is lost to padding at 16 px). Each is a
 * screenshot of exactly SIZE × SIZE pixels at device scale 1 with a transparent background.
 *
 * The PNGs are committed, so a build needs no browser; tests/e2e/icons.test.mjs renders them again
 * and fails when one no longer matches the SVG (`--check` here does the same).
 *
 *   node scripts/icons.mjs            write extension/icons/icon-*.png
 *   node scripts/icons.mjs --check    exit 1 if a committed PNG differs from a fresh render
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { launchBrowser, ROOT } from '../tests/e2e/browser.mjs';

/** Every size the manifest names, in pixels. */
export const ICON_SIZES = /** @type {const} */ ([16, 32, 48, 128]);
/** The size the Chrome Web Store shows, drawn with its transparent padding. */
export const STORE_ICON_SIZE = 128;
/** The padding the store asks for around the 96 × 96 artwork of the 128 icon. */
export const STORE_ICON_PADDING = 16;
/** The drawing every PNG is rendered from. */
export const ICON_SOURCE = join(ROOT, 'extension/icons/icon.svg');
/** The most a colour or alpha channel of a committed PNG may differ from a fresh render (of 255). */
export const PIXEL_TOLERANCE = 8;

/**
 * A PNG's path inside the extension, as the manifest names it.
 * @param {number} size
 */
export function iconPath(size) {
  return `icons/icon-${size}.png`;
}

/**
 * The SVG sized for one PNG: the whole 128-unit drawing for the store size, the tile alone
 * (the padding cropped off by the viewBox) for the smaller ones.
 * @param {string} svg the source, whose root has viewBox="0 0 128 128"
 * @param {number} size
 */
export function svgForSize(svg, size) {
  const root = /<svg\b[^>]*>/.exec(svg);
  if (!root || !root[0].includes('viewBox="0 0 128 128"')) throw new Error('icon.svg: the root <svg> must have viewBox="0 0 128 128"');
  const inner = STORE_ICON_SIZE - 2 * STORE_ICON_PADDING;
  const viewBox = size >= STORE_ICON_SIZE ? '0 0 128 128' : `${STORE_ICON_PADDING} ${STORE_ICON_PADDING} ${inner} ${inner}`;
  return svg.replace(root[0], root[0].replace('viewBox="0 0 128 128"', `viewBox="${viewBox}" width="${size}" height="${size}"`));
}

/**
 * An SVG drawn at exactly `width` × `height` pixels, device scale 1, on a transparent background.
 * @param {import('playwright-core').Browser} browser
 * @param {string} svg markup with its own width and height
 * @param {number} width
 * @param {number} height
 * @returns {Promise<Buffer>} an RGBA PNG
 */
export async function renderSvg(browser, svg, width, height) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  try {
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
    return await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width, height } });
  } finally {
    await page.close();
  }
}

/**
 * Every icon PNG rendered from the source.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<Map<number, Buffer>>}
 */
export async function renderIcons(browser) {
  const svg = await readFile(ICON_SOURCE, 'utf8');
  /** @type {Map<number, Buffer>} */
  const pngs = new Map();
  for (const size of ICON_SIZES) pngs.set(size, await renderSvg(browser, svgForSize(svg, size), size, size));
  return pngs;
}

/**
 * How two PNGs differ, decoded by the browser: their sizes, the largest difference of any channel
 * (alpha included) and how many pixels differ by more than PIXEL_TOLERANCE.
 * @param {import('playwright-core').Browser} browser
 * @param {Buffer} a
 * @param {Buffer} b
 * @returns {Promise<{ sizes: [string, string], largest: number, pixels: number }>}
 */
export async function pngDifference(browser, a, b) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ a, b, tolerance }) => {
        /** @param {string} base64 */
        const pixels = async (base64) => {
          const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob(), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
          context.drawImage(bitmap, 0, 0);
          return { size: `${bitmap.width}×${bitmap.height}`, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
        };
        const [one, two] = [await pixels(a), await pixels(b)];
        /** @type {[string, string]} */
        const sizes = [one.size, two.size];
        if (one.size !== two.size) return { sizes, largest: 255, pixels: Infinity };
        let largest = 0;
        let count = 0;
        for (let i = 0; i < one.data.length; i += 4) {
          let worst = 0;
          for (let c = 0; c < 4; c += 1) worst = Math.max(worst, Math.abs(one.data[i + c] - two.data[i + c]));
          largest = Math.max(largest, worst);
          if (worst > tolerance) count += 1;
        }
        return { sizes, largest, pixels: count };
      },
      { a: a.toString('base64'), b: b.toString('base64'), tolerance: PIXEL_TOLERANCE },
    );
  } finally {
    await page.close();
  }
}

/**
 * The committed PNGs that no longer match a fresh render, one sentence each.
 * @param {import('playwright-core').Browser} browser
 * @returns {Promise<string[]>}
 */
export async function staleIcons(browser) {
  /** @type {string[]} */
  const stale = [];
  for (const [size, fresh] of await renderIcons(browser)) {
    const file = join(ROOT, 'extension', iconPath(size));
    const committed = await readFile(file).catch(() => null);
    if (committed === null) {
      stale.push(`extension/${iconPath(size)}: missing`);
      continue;
    }
    const { sizes, largest, pixels } = await pngDifference(browser, committed, fresh);
    if (pixels > 0) stale.push(`extension/${iconPath(size)}: ${pixels} pixels differ from icon.svg by up to ${largest} (committed ${sizes[0]}, rendered ${sizes[1]})`);
  }
  return stale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const browser = await launchBrowser();
  try {
    if (values.check) {
      const stale = await staleIcons(browser);
      for (const line of stale) console.error(`error: ${line}`);
      if (stale.length > 0) {
        console.error('run node scripts/icons.mjs to render them again from extension/icons/icon.svg');
        process.exitCode = 1;
      } else console.log(`extension/icons: ${ICON_SIZES.length} PNGs match icon.svg`);
    } else {
      for (const [size, png] of await renderIcons(browser)) {
        await writeFile(join(ROOT, 'extension', iconPath(size)), png);
        console.log(`extension/${iconPath(size)}: ${size} × ${size}, ${png.length} bytes`);
      }
    }
  } finally {
    await browser.close();
  }
}
