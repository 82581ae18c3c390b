/**
 * A compact PNG for size-limited surfaces (a Teams card carries its image inline, within the
 * message size limit): the chart's pixels mapped to a small palette of its own colours, tints
 * and greys, written as an 8-bit indexed PNG, a third or less of resvg's full-colour output.
 */
import { deflateSync } from "node:zlib";
import { PALETTE } from "./chart.js";

type Rgb = [number, number, number];

function hex(colour: string): Rgb {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The palette colours, each with three tints towards white, and 16 greys. */
function chartPalette(): Rgb[] {
  const colours: Rgb[] = [];
  for (const c of PALETTE.map(hex)) {
    for (const t of [0, 0.3, 0.55, 0.8]) colours.push(c.map((v) => Math.round(v + (255 - v) * t)) as Rgb);
  }
  for (let i = 0; i < 16; i++) {
    const v = Math.round((255 * i) / 15);
    colours.push([v, v, v]);
  }
  return colours;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (over white) → an indexed PNG whose colours are the nearest of the chart palette. */
export function encodeIndexedPng(rgba: Uint8Array, width: number, height: number): Buffer {
  const palette = chartPalette();
  const nearest = new Map<number, number>();
  const indexOf = (r: number, g: number, b: number): number => {
    const key = (r << 16) | (g << 8) | b;
    let found = nearest.get(key);
    if (found === undefined) {
      let best = Infinity;
      found = 0;
      palette.forEach(([pr, pg, pb], i) => {
        // Weighted distance: the eye is most sensitive to green.
        const d = 2 * (r - pr) ** 2 + 4 * (g - pg) ** 2 + 3 * (b - pb) ** 2;
        if (d < best) [best, found] = [d, i];
      });
      nearest.set(key, found);
    }
    return found;
  };
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const a = rgba[o + 3]! / 255;
      // Composited over white: transparent pixels are the page.
      const [r, g, b] = [0, 1, 2].map((k) => Math.round(rgba[o + k]! * a + 255 * (1 - a))) as Rgb;
      raw[y * (width + 1) + 1 + x] = indexOf(r, g, b);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // indexed colour
  return Buffer.concat([
    Buffer.from("89504e470d0a1a0a", "hex"),
    chunk("IHDR", header),
    chunk("PLTE", Buffer.from(palette.flat())),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
