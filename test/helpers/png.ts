/** A small PNG decoder for tests (8-bit grey/RGB/RGBA/indexed, non-interlaced: what resvg, pdftoppm and src/render/png.ts write). */
import { inflateSync } from "node:zlib";

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  pixels: Uint8Array;
}

export function decodePng(png: Buffer): DecodedPng {
  if (png.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a") throw new Error("not a PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  let palette: Buffer | null = null;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("only 8-bit non-interlaced PNGs");
      colourType = data[9]!;
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : colourType === 0 || colourType === 3 ? 1 : 0;
  if (!channels) throw new Error(`unsupported PNG colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const line = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? line[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (value + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (colourType === 3) {
        const i = line[x]! * 3;
        if (!palette || i + 2 >= palette.length) throw new Error("palette index out of range");
        out.set([palette[i]!, palette[i + 1]!, palette[i + 2]!, 255], o);
      } else if (channels === 1) out.set([line[x]!, line[x]!, line[x]!, 255], o);
      else
        out.set(
          [
            line[x * channels]!,
            line[x * channels + 1]!,
            line[x * channels + 2]!,
            channels === 4 ? line[x * channels + 3]! : 255,
          ],
          o,
        );
    }
    prev.set(line);
  }
  return { width, height, pixels: out };
}

/** Pixels that are not (near) white: ink on the page. */
export function inkPixels(image: DecodedPng): number {
  let n = 0;
  for (let i = 0; i < image.pixels.length; i += 4) {
    const [r, g, b, a] = [image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!, image.pixels[i + 3]!];
    if (a > 0 && (r < 230 || g < 230 || b < 230)) n++;
  }
  return n;
}
