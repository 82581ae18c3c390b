/**
 * Draws the Teams app icons as real PNGs (no image library needed): a 192×192 colour icon
 * (white check mark on the accent colour) and a 32×32 outline icon (white on transparent, as
 * Teams requires). Run: `npx tsx scripts/teams-icons.ts` — writes manifests/teams/*.png.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

type Rgba = [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Distance from point p to the segment a–b, all in unit coordinates. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A check mark in unit coordinates (0..1), with a stroke half-width `w`. */
function onCheck(u: number, v: number, w: number): boolean {
  return segmentDistance(u, v, 0.27, 0.52, 0.43, 0.68) <= w || segmentDistance(u, v, 0.43, 0.68, 0.75, 0.33) <= w;
}

const ACCENT: Rgba = [0x2e, 0x6d, 0xb4, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

export function colorIcon(): Buffer {
  return encodePng(192, 192, (x, y) => (onCheck((x + 0.5) / 192, (y + 0.5) / 192, 0.06) ? WHITE : ACCENT));
}

export function outlineIcon(): Buffer {
  // Outline icons are white on transparent: a ring and the check mark.
  return encodePng(32, 32, (x, y) => {
    const u = (x + 0.5) / 32;
    const v = (y + 0.5) / 32;
    const ring = Math.abs(Math.hypot(u - 0.5, v - 0.5) - 0.44) <= 0.045;
    return ring || onCheck(u, v, 0.055) ? WHITE : CLEAR;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve("manifests/teams");
  fs.writeFileSync(path.join(dir, "color.png"), colorIcon());
  fs.writeFileSync(path.join(dir, "outline.png"), outlineIcon());
  console.log(`wrote ${dir}/color.png (192×192) and outline.png (32×32)`);
}
