/**
 * The one CSV writer of the project: RFC 4180 quoting, CRLF line ends, and spreadsheet formula
 * neutralisation (docs/import.md, "Cells that start like a formula"). The audit's CSV output and
 * the sample bundle both write through here; the importer undoes the neutralisation with
 * `restoreCell`, so bundles written here import back unchanged.
 *
 * `CsvFileWriter` streams rows to a file in ~1 MiB chunks with awaited writes, so a
 * million-row file never sits in memory as one string and the event loop gets a turn between
 * chunks.
 */
import fs from "node:fs/promises";

export type Cell = string | number | boolean | null | undefined;

/** A plain decimal number (`1234.5`, `-3`, `1e6`): the importer's number syntax. */
export const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A text that a spreadsheet would run as a formula: it starts with = + - @ tab or CR (OWASP's
 * list), possibly behind apostrophes we added. Apostrophes are included so that a value that
 * already starts with `'=` gets one more and survives the importer's removal of one.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Prefixes one `'` to a cell a spreadsheet would take for a formula. Plain numbers such as
 * `-12.5` or `+44` stay as they are: they are data, not formulas, and spreadsheets read them
 * as numbers.
 */
export function neutraliseCell(text: string): string {
  if (!FORMULA_START.test(text)) return text;
  if (text.charCodeAt(0) !== 39 && PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/** The importer's inverse of `neutraliseCell`: drops one `'` that precedes a formula start. */
export function restoreCell(text: string): string {
  return text.charCodeAt(0) === 39 && FORMULA_START.test(text) ? text.slice(1) : text;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One field: blank for null/undefined; neutralised when it starts like a formula; quoted when
 * it holds a quote, comma, line break or edge space.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutraliseCell(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record without its line end. */
export function csvLine(cells: readonly Cell[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i ? "," : "") + csvField(cells[i]);
  return line;
}

/** A whole small CSV document (header row first), CRLF after every record. */
export function formatCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => csvLine(row) + "\r\n").join("");
}

const CHUNK_CHARS = 1 << 20;

export class CsvFileWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  rows = 0;

  private constructor(private readonly handle: fs.FileHandle) {}

  static async open(file: string, header: readonly string[]): Promise<CsvFileWriter> {
    const writer = new CsvFileWriter(await fs.open(file, "w"));
    writer.pushLine(csvLine(header));
    return writer;
  }

  /** Appends one row (cells in header order); flushes when the buffer is full. */
  async write(cells: readonly Cell[]): Promise<void> {
    if (this.add(cells)) await this.flush();
  }

  /** The buffer holds a chunk's worth of rows: time to `flush()`. */
  get full(): boolean {
    return this.bufferedChars >= CHUNK_CHARS;
  }

  /** Appends one row without waiting; true when the buffer is full and `flush()` is due. */
  add(cells: readonly Cell[]): boolean {
    this.pushLine(csvLine(cells));
    this.rows++;
    return this.bufferedChars >= CHUNK_CHARS;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }

  private pushLine(line: string): void {
    this.buffer.push(line, "\r\n");
    this.bufferedChars += line.length + 2;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bufferedChars = 0;
    await this.handle.write(chunk, null, "utf8");
  }
}
