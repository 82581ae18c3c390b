/**
 * Reads the canonical bundle as JSON: either one file `{"contacts": [{...}], "deals": [...]}`
 * or one `<entity>.json` file holding an array of objects. JSON.parse gives the values; a small
 * scanner gives the line where each array element starts, so problems in JSON are reported
 * as `file:line` like in CSV.
 */
import { fileProblem } from "./csv-reader.js";
import { FileTextError, readTextFile } from "./text-decoding.js";
import type { ImportEncoding, ImportIssue } from "./types.js";

export interface JsonRecord {
  line: number;
  value: unknown;
}

export interface JsonReadResult {
  /** Top-level array → key ""; object of arrays → one entry per key. */
  arrays: Map<string, JsonRecord[]> | null;
  issues: ImportIssue[];
}

/**
 * Deepest nesting a bundle may have: records are flat objects, and deeper values would only be
 * stored as `extra` text, which JSON.stringify (recursive) cannot write past a few thousand levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Start lines of the elements of the top-level array, or of the arrays that are values of the
 * top-level object, keyed like `JsonReadResult.arrays`; and the line where the nesting first
 * goes deeper than MAX_JSON_DEPTH, if it does. Assumes `text` is valid JSON.
 */
function elementStartLines(text: string): { lines: Map<string, number[]>; tooDeepAt: number | null } {
  const lines = new Map<string, number[]>();
  const stack: { kind: "array" | "object"; key: string }[] = [];
  let line = 1;
  let lastString = "";
  let pendingKey = "";
  let expectValue = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") continue;
    const parent = stack[stack.length - 1];
    // An element of an array we track starts here.
    if (parent?.kind === "array" && expectValue && c !== "]" && stack.length <= 2) {
      if (stack.length === 1 || stack[0]!.kind === "object") lines.get(parent.key)?.push(line);
    }
    expectValue = false;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      lastString = stack.length === 1 && stack[0]!.kind === "object" ? JSON.parse(text.slice(i, j + 1)) : "";
      i = j;
    } else if (c === ":") {
      pendingKey = lastString;
      expectValue = true;
    } else if (c === ",") {
      expectValue = parent?.kind === "array";
    } else if (c === "[" || c === "{") {
      const key = stack.length === 0 ? "" : stack.length === 1 && stack[0]!.kind === "object" ? pendingKey : "\0";
      stack.push({ kind: c === "[" ? "array" : "object", key });
      if (stack.length > MAX_JSON_DEPTH) return { lines, tooDeepAt: line };
      if (c === "[" && !lines.has(key)) lines.set(key, []);
      expectValue = c === "[";
    } else if (c === "]" || c === "}") {
      stack.pop();
    }
  }
  return { lines, tooDeepAt: null };
}

export function readJsonFile(path: string, file: string, encoding?: ImportEncoding): JsonReadResult {
  const issues: ImportIssue[] = [];
  let text: string;
  let data: unknown;
  try {
    text = readTextFile(path, file, encoding);
  } catch (error) {
    if (error instanceof FileTextError) return { arrays: null, issues: [error.issue] };
    return { arrays: null, issues: [{ file, line: 1, column: "", message: `the file ${fileProblem(error)}` }] };
  }
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    issues.push({ file, line: 1, column: "", message: `not valid JSON: ${message}` });
    return { arrays: null, issues };
  }
  const { lines: starts, tooDeepAt } = elementStartLines(text);
  if (tooDeepAt !== null) {
    const message = `values are nested more than ${MAX_JSON_DEPTH} levels deep (records are flat objects)`;
    return { arrays: null, issues: [{ file, line: tooDeepAt, column: "", message }] };
  }
  const arrays = new Map<string, JsonRecord[]>();
  const collect = (key: string, value: unknown[]) => {
    const at = starts.get(key) ?? [];
    arrays.set(
      key,
      value.map((v, i) => ({ line: at[i] ?? 1, value: v })),
    );
  };
  if (Array.isArray(data)) collect("", data);
  else if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      if (Array.isArray(value)) collect(key, value);
      else issues.push({ file, line: 1, column: key, message: "expected an array of records" });
    }
  } else {
    issues.push({ file, line: 1, column: "", message: "expected an object of arrays or an array of records" });
  }
  return { arrays: issues.length ? null : arrays, issues };
}
