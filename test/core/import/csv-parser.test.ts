/**
 * The CSV reader on papaparse (with csv-parse for what is not well formed) against the reader
 * it replaced, which ran csv-parse on every file: the same records, the same physical line
 * for each, the same error at the same line, on hostile files and on random text.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseRecords } from "../../../src/core/import/csv-reader.js";
import { CsvRecordSplitter } from "../../../src/core/import/csv-records.js";
import { restoreCell } from "../../../src/core/csv/write.js";
import { tempDir } from "../../helpers/tmp.js";

interface Outcome {
  records: [number, string[]][];
  error: string | null;
}

/** csv-parse over the whole text (or bytes), records then the error, if any. */
function csvParse(input: string | Buffer, options: { bom: boolean; delimiter: string }): Outcome & { raw: string[][] } {
  const parser = parse({ ...options, relax_column_count: true });
  parser.on("error", () => {});
  const raw: string[][] = [];
  const drain = () => {
    for (let r = parser.read() as string[] | null; r !== null; r = parser.read() as string[] | null) raw.push(r);
  };
  parser.write(input);
  drain();
  if (!parser.errored) {
    parser.end();
    drain();
  }
  const error = parser.errored ? parser.errored.message.replace(/ at line \d+/, "") : null;
  return { raw, records: [], error };
}

/** Line breaks in a cell: CRLF, CR or LF each count once. */
function breaks(cell: string): number {
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** The reader before this change: csv-parse on the file's bytes, lines counted from the cells. */
function referenceReader(file: string, delimiter: string): Outcome {
  const { raw, error } = csvParse(fs.readFileSync(file), { bom: true, delimiter });
  const records: [number, string[]][] = [];
  let next = 1;
  for (const cells of raw) {
    const line = next;
    next += 1 + cells.reduce((sum, cell) => sum + breaks(cell), 0);
    const restored = cells.map((cell) => (cell.charCodeAt(0) === 39 ? restoreCell(cell) : cell));
    if (!restored.every((cell) => cell.trim() === "")) records.push([line, restored]);
  }
  return {
    records,
    error: error === null ? null : `${next}: CSV syntax error in the record starting here: ${error}`,
  };
}

function newReader(file: string, delimiter: string): Outcome {
  const records: [number, string[]][] = [];
  try {
    for (const record of parseRecords(file, path.basename(file), delimiter, undefined))
      records.push([record.line, record.cells]);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { records, error: `${error.issue.line}: ${error.issue.message}` };
  }
  return { records, error: null };
}

const long = "x".repeat(3_000_000);
const longer = "y".repeat(9_000_000);

/** name, file text, delimiter */
const HOSTILE: [string, string, string?][] = [
  ["doubled quotes", 'id,name\n1,"a ""q"" b"\n2,""""\n3,"a"""\n'],
  ["empty quoted fields", 'id,name\n"",""\n1,""\n'],
  ["quoted header", '"id","name"\n"1","a"\n'],
  ["line breaks in quotes (LF)", 'id,name\n1,"x\ny\n\nz"\n2,z\n'],
  ["CRLF with a quoted CRLF", 'id,name\r\n1,"x\r\ny"\r\n2,z\r\n'],
  ["CR line endings", 'id,name\r1,"x\ry"\r2,z\r'],
  ["a lone CR in an unquoted field (LF file)", "id,name\n1,a\rb\n2,c\n"],
  ["a lone LF in an unquoted field (CRLF file)", "id,name\r\n1,a\nb\r\n2,c\r\n"],
  ["CRLF in a CR file", "id,name\r1,a\r\n2,b\r"],
  ["a quote inside an unquoted field", 'id,name\n1,a\n2,ab"c\n3,d\n'],
  ["a character after a closing quote", 'id,name\n1,a\n2,"ab"c\n'],
  ["a space after a closing quote", 'id,name\n1,"ab" \n'],
  ["a space before an opening quote", 'id,name\n1, "a"\n'],
  ["CR LF after a closing quote in an LF file", 'id,name\n1,"a"\r\n2,b\n'],
  ["an unterminated quote", 'id,name\n1,"ab\n2,c\n3,d\n'],
  ["an unterminated quote at the end", 'id,name\n1,a\n2,"ab'],
  ["a quote alone at the end", 'id,name\n1,a\n"'],
  ["empty lines everywhere", "\n\nid,name\n\n1,a\n\n\n2,b\n\n"],
  ["rows of empty cells", "id,name\n,\n , \n1,a\n,,,\n"],
  ["ragged rows", "id,name\n1,a,b\n2\n3,c\n"],
  ["no line break at the end", "id,name\n1,a"],
  ["a header alone", "id,name"],
  ["a quoted header with a line break", '"i\nd",name\n1,a\n'],
  // (After enough text that the file is not taken for binary.)
  ["NUL bytes", `id,name\n0,${"x".repeat(200)}\n1,a\0b\n2,"c"\0\n3,\0\n4,"d\0"\n5,"e"\0x\n`],
  ["a byte-order mark", "\uFEFFid,name\n1,a\n"],
  ["two byte-order marks", "\uFEFF\uFEFFid,name\n1,a\n"],
  ["formula cells written by our writer", "id,name\n1,'=1+2\n2,\"'+49 30\"\n"],
  ["a field of 3 million characters", `id,name\n1,"${long}"\n2,"${long}\n${long}"\n3,b\n`],
  ["a quoted field of 9 million characters", `id,name\n1,"${longer}"\n2,b\n3,"c\n`],
  ["an unquoted field of 9 million characters", `id,name\n1,${longer}\n2,"b"\n3,c"\n`],
  ["a semicolon delimiter", 'id;name\n1;"a;b"\n2;c,d\n', ";"],
  ["a tab delimiter", 'id\tname\n1\t"a\tb"\n2\t"c"x\n', "\t"],
  ["a quote as the delimiter", 'id"name\n1"a\n', '"'],
];

describe("the CSV reader against the csv-parse reader it replaced", () => {
  const dir = tempDir("csv-parser");
  it.each(HOSTILE)("%s", (name, text, delimiter = ",") => {
    const file = path.join(dir, `${name.replace(/\W+/g, "-")}.csv`);
    fs.writeFileSync(file, text);
    expect(newReader(file, delimiter)).toEqual(referenceReader(file, delimiter));
  });

  it("counts lines and finds errors past the first megabyte, records crossing the reads", () => {
    const rows = ["id,name,note"];
    for (let i = 0; i < 40_000; i++)
      rows.push(i % 7 === 0 ? `${i},"Name ${i}","two\nlines, ""quoted"""` : `${i},Name ${i},plain`);
    const good = rows.join("\r\n") + "\r\n";
    expect(good.length).toBeGreaterThan(1 << 20);
    const file = path.join(dir, "big.csv");
    fs.writeFileSync(file, good);
    const outcome = newReader(file, ",");
    expect(outcome).toEqual(referenceReader(file, ","));
    expect(outcome.records).toHaveLength(40_001);
    expect(outcome.records.at(-1)![0]).toBe(40_001 + Math.ceil(40_000 / 7));

    fs.writeFileSync(file, `${good}40000,"broken"x,y\r\n40001,a,b\r\n`);
    const broken = newReader(file, ",");
    expect(broken).toEqual(referenceReader(file, ","));
    expect(broken.error).toMatch(
      /^45717: CSV syntax error in the record starting here: Invalid Closing Quote: got "x"/,
    );
  });
});

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the record splitter against csv-parse on random text", () => {
  // Mostly well-formed pieces, so the fast path runs and is then broken at random places.
  const PARTS = ["a", "bc", ",", ",", '"', '""', '"x,y"', "\n", "\r\n", "\r", " ", "\0", "é"];

  it("gives the same records and the same error, whatever the pieces it is fed", () => {
    const next = random(16);
    for (let c = 0; c < 3000; c++) {
      let text = "";
      const parts = Math.floor(next() * 40);
      for (let p = 0; p < parts; p++) text += PARTS[Math.floor(next() * PARTS.length)]!;
      const expected = csvParse(text, { bom: false, delimiter: "," });
      const splitter = new CsvRecordSplitter(",");
      const records: string[][] = [];
      let error: string | null = null;
      for (let at = 0; at < text.length && error === null;) {
        const size = 1 + Math.floor(next() * 12);
        records.push(...splitter.push(text.slice(at, at + size)));
        at += size;
        error = splitter.failure()?.message.replace(/ at line \d+/, "") ?? null;
      }
      if (error === null) {
        records.push(...splitter.end());
        error = splitter.failure()?.message.replace(/ at line \d+/, "") ?? null;
      }
      splitter.close();
      expect({ text, records, error }).toEqual({ text, records: expected.raw, error: expected.error });
    }
  });
});
