/**
 * Streams CSV rows to a file with RFC 4180 quoting. Rows are joined into ~1 MiB chunks and
 * written with awaited writes, so a million-row file never sits in memory as one string and
 * the event loop gets a turn between chunks.
 */
import fs from "node:fs/promises";

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field: blank for null/undefined, quoted when it holds a quote, comma, line break or edge space. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CHUNK_CHARS = 1 << 20;

export class CsvFileWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  rows = 0;

  private constructor(private readonly handle: fs.FileHandle) {}

  static async open(file: string, header: readonly string[]): Promise<CsvFileWriter> {
    const writer = new CsvFileWriter(await fs.open(file, "w"));
    writer.pushLine(header.map(csvField).join(","));
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
    let line = "";
    for (let i = 0; i < cells.length; i++) line += (i ? "," : "") + csvField(cells[i]);
    this.pushLine(line);
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
