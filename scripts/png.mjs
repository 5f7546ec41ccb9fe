// @ts-check
/**
 * The little of PNG the extension's scripts need, without a dependency: the header of a file
 * (`pngHeader`: is it a PNG, its pixel size, whether it has an alpha channel), and writing RGB
 * pixels as a PNG without alpha (`encodeRgbPng`), which the Chrome Web Store wants for
 * screenshots and promo tiles.
 * @module
 */
import { crc32, deflateSync } from 'node:zlib';

/** The eight bytes every PNG starts with. */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types with an alpha channel: greyscale + alpha (4), RGBA (6). */
const ALPHA_COLOUR_TYPES = [4, 6];

/**
 * The header (IHDR) of a PNG, or null when `bytes` is not a PNG: the signature, then the IHDR
 * chunk first, as the format requires.
 * @param {Uint8Array} bytes
 * @returns {{ width: number, height: number, bitDepth: number, colourType: number, alpha: boolean } | null}
 */
export function pngHeader(bytes) {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 33 || !data.subarray(0, 8).equals(SIGNATURE)) return null;
  if (data.readUInt32BE(8) !== 13 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
  const colourType = data[25];
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    bitDepth: data[24],
    colourType,
    alpha: ALPHA_COLOUR_TYPES.includes(colourType),
  };
}

/**
 * A PNG of 8-bit RGB pixels (colour type 2, no alpha) from RGBA pixels, each pixel's alpha
 * dropped (the caller composes onto an opaque background first).
 * @param {number} width
 * @param {number} height
 * @param {Uint8Array | Uint8ClampedArray | number[]} rgba width × height × 4 bytes, row by row
 * @returns {Buffer}
 */
export function encodeRgbPng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new Error(`encodeRgbPng: ${rgba.length} bytes for ${width} × ${height} RGBA pixels`);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    const row = y * (1 + width * 3); // each row starts with its filter type, 0: none
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 4;
      rows[row + 1 + x * 3] = rgba[from];
      rows[row + 2 + x * 3] = rgba[from + 1];
      rows[row + 3 + x * 3] = rgba[from + 2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * One chunk: length, type, data, and the CRC of type and data.
 * @param {string} type
 * @param {Buffer} data
 */
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
