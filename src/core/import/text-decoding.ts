/**
 * Turns the bytes of an input file into text, refusing what is not text in the expected
 * encoding instead of letting U+FFFD replace it (docs/import.md, "Encodings"):
 *
 * - a byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE;
 * - otherwise the import's encoding (UTF-8 unless `--encoding` says latin1, windows-1252 or
 *   utf-16le), decoded with TextDecoder;
 * - UTF-8 is validated (node's `isUtf8`) before it is decoded, so a bad byte is an error with
 *   its offset, never U+FFFD;
 * - a NUL byte at the start means UTF-16 without a byte-order mark, or no text at all.
 */
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import type { ImportEncoding, ImportIssue } from "./types.js";

/** The file is not text in the encoding it is read with; nothing of it can be trusted. */
export class FileTextError extends Error {
  constructor(readonly issue: ImportIssue) {
    super(issue.message);
  }
}

const HINT = "if the file is in another encoding, import it with --encoding latin1|windows-1252|utf-16le";

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length;) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= buf.length || (buf[i + k]! & 0xc0) !== 0x80) return i;
    const second = buf[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return i;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of `buf` without a multi-byte sequence cut off at its end (it goes with the next chunk). */
function completeUtf8Length(buf: Uint8Array): number {
  const n = buf.length;
  for (let j = n - 1; j >= 0 && j >= n - 4; j--) {
    const b = buf[j]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return n;
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return n - j < size ? j : n;
  }
  return n;
}

/** The 1-based physical line of the byte at `offset` (LF, CRLF and CR each end a line). */
function lineAt(path: string, offset: number): number {
  const bytes = Buffer.alloc(offset);
  const fd = fs.openSync(path, "r");
  try {
    fs.readSync(fd, bytes, 0, offset, 0);
  } finally {
    fs.closeSync(fd);
  }
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10 || (bytes[i] === 13 && bytes[i + 1] !== 10)) line++;
  }
  return line;
}

/**
 * What a file whose start is full of NUL or other control bytes is, or null when it looks like
 * text. A stray NUL in text is not enough (the importer removes those from values).
 */
function nulProblem(start: Uint8Array): string | null {
  const sample = start.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  let controls = 0;
  let first = -1;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0 && i % 2) oddZeros++;
    else if (b === 0) evenZeros++;
    // Control bytes other than tab, LF, FF, CR and ESC.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) {
      controls++;
      if (first < 0) first = i;
    }
  }
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05)
    return "looks like UTF-16LE text without a byte-order mark: import it with --encoding utf-16le, or save it as UTF-8";
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05)
    return "looks like UTF-16BE text without a byte-order mark: save it as UTF-8 (or as UTF-16 with a byte-order mark)";
  if (controls >= 2 && controls * 32 > sample.length)
    return `is not a text file (control byte 0x${sample[first]!.toString(16).toUpperCase().padStart(2, "0")} at byte offset ${first}): expected CSV or JSON text`;
  return null;
}

const WINDOWS_1252 = new TextDecoder("windows-1252");

/**
 * The word around an invalid byte as Latin-1 (Windows-1252) would read it, when that gives a
 * word of letters ("José"): the likeliest cause, so the message can show it and the flag.
 */
export function latin1Word(bytes: Uint8Array, at: number): string | null {
  const isWordByte = (b: number) => b >= 0x80 || /[A-Za-z0-9'-]/.test(String.fromCharCode(b));
  let start = at;
  while (start > 0 && at - start < 30 && isWordByte(bytes[start - 1]!)) start--;
  let end = at + 1;
  while (end < bytes.length && end - at < 30 && isWordByte(bytes[end]!)) end++;
  const word = WINDOWS_1252.decode(bytes.subarray(start, end));
  return /^[\p{L}\p{N}'-]+$/u.test(word) && /\p{L}/u.test(word.slice(at - start, at - start + 1)) ? word : null;
}

export interface ChunkDecoder {
  /**
   * The text of the chunk (without a character cut off at its end, which comes with the next
   * one). The chunk's bytes may be reused once it returns.
   */
  push(chunk: Buffer): string;
  /** What is left at the end of the file. */
  end(): string;
}

/**
 * A decoder for one file, chosen from its first chunk (byte-order mark) and `encoding`.
 * `push` and `end` throw FileTextError.
 */
export function chunkDecoder(
  path: string,
  file: string,
  first: Uint8Array,
  encoding: ImportEncoding = "utf-8",
): ChunkDecoder {
  const fail = (line: number, message: string): never => {
    throw new FileTextError({ file, line, column: "", message });
  };
  const bom =
    first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf
      ? "utf-8"
      : first[0] === 0xff && first[1] === 0xfe
        ? "utf-16le"
        : first[0] === 0xfe && first[1] === 0xff
          ? "utf-16be"
          : null;
  const effective = bom ?? encoding;
  if (!bom && effective !== "utf-16le") {
    const problem = nulProblem(first);
    if (problem) fail(1, `the file ${problem}`);
  }
  if (effective !== "utf-8") {
    const decoder = new TextDecoder(effective, { fatal: true });
    const decode = (chunk?: Buffer): string => {
      try {
        return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      } catch {
        return fail(1, `the file is not valid ${decoder.encoding.toUpperCase()} text`);
      }
    };
    return { push: (chunk) => decode(chunk), end: () => decode() };
  }
  let offset = 0;
  let carry: Buffer | null = null;
  const invalid = (at: number, byte: number | undefined, word: string | null = null): never =>
    fail(
      lineAt(path, at),
      byte === undefined
        ? `not valid UTF-8: the file ends inside a character (byte offset ${at}); ${HINT}`
        : `not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} at byte offset ${at}` +
            `${word ? ` (reads "${word}" in Latin-1)` : ""}; ${HINT}`,
    );
  return {
    push(chunk) {
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const complete = completeUtf8Length(bytes);
      carry = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : null;
      const body = bytes.subarray(0, complete);
      if (!isUtf8(body)) {
        const at = Math.max(0, firstInvalidUtf8(body));
        invalid(offset + at, body[at], latin1Word(body, at));
      }
      offset += complete;
      return body.toString("utf8");
    },
    end() {
      if (carry) invalid(offset, undefined);
      return "";
    },
  };
}

/** A whole file as text (JSON bundles), with the same checks. */
export function readTextFile(path: string, file: string, encoding?: ImportEncoding): string {
  const bytes = fs.readFileSync(path);
  const decoder = chunkDecoder(path, file, bytes, encoding);
  const text = decoder.push(bytes) + decoder.end();
  return text.replace(/^\uFEFF/, "");
}
