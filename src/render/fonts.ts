/**
 * The font files charts and reports are drawn with, registered explicitly so that output is the
 * same on every machine: DejaVu Sans for Latin, Cyrillic and Greek, Noto Sans CJK for Chinese,
 * Japanese and Korean names. Both are Debian packages (fonts-dejavu-core, fonts-noto-cjk);
 * CRM_AUDIT_FONTS adds font files of your own (paths separated by ":"), searched first.
 * Without a CJK font, CJK names are drawn as empty boxes and nothing fails (docs/charts.md).
 */
import { existsSync } from "node:fs";

export interface FontFile {
  path: string;
  /** The family name charts ask for. */
  family: string;
  /** For a font collection (.ttc), the PostScript name of the face to use (pdfkit needs it). */
  postscriptName?: string;
}

export interface FontSet {
  latin: FontFile | null;
  latinBold: FontFile | null;
  cjk: FontFile | null;
  cjkBold: FontFile | null;
  /** Every file, for resvg (which falls back from one to the next per glyph). */
  files: string[];
}

const DIRS = {
  dejavu: ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"],
  noto: ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/OTF"],
};

function first(dirs: readonly string[], file: string): string | null {
  for (const dir of dirs) if (existsSync(`${dir}/${file}`)) return `${dir}/${file}`;
  return null;
}

export const LATIN_FAMILY = "DejaVu Sans";
export const CJK_FAMILY = "Noto Sans CJK SC";

let cached: FontSet | null = null;

export function findFonts(env: NodeJS.ProcessEnv = process.env): FontSet {
  if (cached && env === process.env) return cached;
  const own = (env.CRM_AUDIT_FONTS ?? "")
    .split(":")
    .map((p) => p.trim())
    .filter((p) => p && existsSync(p));
  const latin = first(DIRS.dejavu, "DejaVuSans.ttf");
  const latinBold = first(DIRS.dejavu, "DejaVuSans-Bold.ttf");
  const cjk = first(DIRS.noto, "NotoSansCJK-Regular.ttc");
  const cjkBold = first(DIRS.noto, "NotoSansCJK-Bold.ttc");
  const set: FontSet = {
    latin: latin ? { path: latin, family: LATIN_FAMILY } : null,
    latinBold: latinBold ? { path: latinBold, family: LATIN_FAMILY } : null,
    cjk: cjk ? { path: cjk, family: CJK_FAMILY, postscriptName: "NotoSansCJKsc-Regular" } : null,
    cjkBold: cjkBold ? { path: cjkBold, family: CJK_FAMILY, postscriptName: "NotoSansCJKsc-Bold" } : null,
    files: [...own, ...[latin, latinBold, cjk, cjkBold].filter((p): p is string => p !== null)],
  };
  if (env === process.env) cached = set;
  return set;
}

/** Han, kana, Hangul and CJK punctuation: the characters DejaVu lacks and the CJK font has. */
export const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[\u{20000}-\u{2fa1f}]/u;

/** Text split into runs that one font can draw: CJK runs and the rest. */
export function scriptRuns(text: string): { cjk: boolean; text: string }[] {
  const runs: { cjk: boolean; text: string }[] = [];
  for (const ch of text) {
    const cjk = CJK.test(ch);
    const last = runs[runs.length - 1];
    // Spaces and digits stay in the current run so that a name is not cut into many.
    if (last && (last.cjk === cjk || /[\s\d.,:;()\-–]/.test(ch))) last.text += ch;
    else runs.push({ cjk, text: ch });
  }
  return runs;
}
