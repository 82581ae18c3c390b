/**
 * Splits CSV text, given piece by piece, into records (arrays of cells), with csv-parse's
 * reading of RFC 4180 (`bom: false, relax_column_count: true`, the record delimiter taken from
 * the first line break outside quotes) and its errors, at about three times its speed.
 *
 * Two parsers, one reading. papaparse splits well-formed text fast (String `split`/`indexOf`
 * where csv-parse walks every byte), but it accepts broken quoting that csv-parse refuses
 * (`ab"c`, `"a"x`, `"a" ,`) and says less when it does. So each piece papaparse splits is
 * first checked to be well formed (`wellFormedQuotes`: every quote opens a field, is doubled
 * inside one or closes it right before a delimiter or record delimiter), a check that costs a
 * few `indexOf` per quoted field; on well-formed text the two parsers give the same records.
 * From the first piece that is not well formed, or cannot be split cheaply (one record longer
 * than MAX_PENDING, an unusual delimiter), to the end of the file, csv-parse reads the text
 * from the start of the record where the piece begins: a broken file is reported exactly as
 * csv-parse reports it, and an unusual but valid one (a NUL right after a closing quote) is
 * read as csv-parse reads it. docs/performance.md ("CSV parser") has the measurements.
 */
import Papa from "papaparse";
import { parse, CsvError, type Parser as CsvParseStream } from "csv-parse";

export { CsvError };

type RecordDelimiter = "\n" | "\r\n" | "\r";

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Text held back waiting for the end of a record before the rest of the file goes to
 * csv-parse: papaparse would read the growing text again with every piece.
 */
const MAX_PENDING = 8 << 20;

/** Delimiters papaparse splits on as csv-parse does (one character, not a quote or line break). */
function papaDelimiter(delimiter: string): boolean {
  return delimiter.length === 1 && !Papa.BAD_DELIMITERS.includes(delimiter);
}

/**
 * Whether every quote in `text[0, to)` (starting at a record's start) is where RFC 4180 puts
 * it: opening a field, doubled inside a quoted field, or closing one right before a
 * delimiter, the record delimiter, or (`atEnd`) the end of the text. A quoted field must
 * close within the range.
 */
export function wellFormedQuotes(
  text: string,
  to: number,
  delimiter: number,
  recordDelimiter: RecordDelimiter,
  atEnd: boolean,
): boolean {
  const last = recordDelimiter.charCodeAt(0);
  const crlf = recordDelimiter.length === 2;
  for (let open = text.indexOf('"'); open !== -1 && open < to;) {
    if (open > 0) {
      const before = text.charCodeAt(open - 1);
      const fieldStart =
        before === delimiter || (crlf ? before === LF && text.charCodeAt(open - 2) === CR : before === last);
      if (!fieldStart) return false;
    }
    let close = open + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close === -1 || close >= to) return false;
      if (text.charCodeAt(close + 1) !== QUOTE) break;
      close += 2;
    }
    const after = close + 1;
    if (after === to) return atEnd;
    const next = text.charCodeAt(after);
    if (next !== delimiter && !(next === last && (!crlf || text.charCodeAt(after + 1) === LF))) return false;
    open = text.indexOf('"', after);
  }
  return true;
}

/**
 * The record delimiter csv-parse would take: the first line break outside quotes, "\r\n"
 * before "\r". `null` while the text does not tell yet (no line break so far, or a "\r" at its
 * very end); `false` when a quote before it is not well formed.
 */
export function findRecordDelimiter(text: string, delimiter: number, atEnd: boolean): RecordDelimiter | null | false {
  let lf = text.indexOf("\n");
  let cr = text.indexOf("\r");
  for (let from = 0; ;) {
    // Searched again only when passed inside a quoted field.
    if (lf !== -1 && lf < from) lf = text.indexOf("\n", from);
    if (cr !== -1 && cr < from) cr = text.indexOf("\r", from);
    const lineBreak = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    const quote = text.indexOf('"', from);
    if (lineBreak !== -1 && (quote === -1 || lineBreak < quote)) {
      if (lineBreak === lf) return "\n";
      if (lineBreak + 1 === text.length && !atEnd) return null;
      return text.charCodeAt(lineBreak + 1) === LF ? "\r\n" : "\r";
    }
    if (quote === -1) return null;
    if (quote > 0 && text.charCodeAt(quote - 1) !== delimiter) return false;
    let close = quote + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close === -1) return atEnd ? false : null;
      // A quote at the end: closing, or the first of a doubled one.
      if (close + 1 === text.length) return null;
      if (text.charCodeAt(close + 1) !== QUOTE) break;
      close += 2;
    }
    const next = text.charCodeAt(close + 1);
    if (next !== delimiter && next !== LF && next !== CR) return false;
    from = close + 1;
  }
}

/** CR and LF characters in `text[0, to)`. */
function lineBreaks(text: string, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  for (let i = text.indexOf("\r"); i !== -1 && i < to; i = text.indexOf("\r", i + 1)) count++;
  return count;
}

/**
 * A copy of a cell that does not keep the piece of text it was cut from alive: V8 cuts
 * substrings of 13 characters or more as views into their parent, and an id kept for the
 * whole import (duplicate ids, staged ids) would keep every 1 MB piece of the file in memory.
 */
function detach(cell: string): string {
  return cell.length < 13 ? cell : (" " + cell).slice(1);
}

export class CsvRecordSplitter {
  /**
   * Whether a cell of the records last returned may hold a line break (a quoted one, or a CR
   * alone in a file of LF lines): when not, each record is one physical line.
   */
  breaksInCells = true;
  /** Text after the last complete record papaparse gave. */
  private pending = "";
  private recordDelimiter: RecordDelimiter | null = null;
  private papa: Papa.Parser | null = null;
  /** csv-parse, once it reads the rest of the file. */
  private exact: CsvParseStream | null = null;
  private readonly delimiterCode: number;

  constructor(private readonly delimiter: string) {
    this.delimiterCode = delimiter.charCodeAt(0);
    if (!papaDelimiter(delimiter)) this.startExact();
  }

  /** The error csv-parse met, once the text so far has been taken; records before it were returned. */
  failure(): CsvError | Error | null {
    return this.exact?.errored ?? null;
  }

  /** The records complete in the text given so far (the file's first piece without its BOM). */
  push(text: string): string[][] {
    if (this.exact) return this.feedExact(text);
    return this.split(this.pending + text, false);
  }

  /** The records left at the end of the file. */
  end(): string[][] {
    if (this.exact) {
      this.exact.end();
      return this.drainExact();
    }
    const text = this.pending;
    this.pending = "";
    return text === "" ? [] : this.split(text, true);
  }

  private split(text: string, atEnd: boolean): string[][] {
    if (this.recordDelimiter === null) {
      const found = findRecordDelimiter(text, this.delimiterCode, atEnd);
      // Before the first line break: wait for it, or let csv-parse read what never gets one.
      if (found === null && !atEnd && text.length <= MAX_PENDING) {
        this.pending = text;
        return [];
      }
      if (!found) return this.handOver(text, atEnd);
      this.recordDelimiter = found;
      this.papa = new Papa.Parser({ delimiter: this.delimiter, newline: found, quoteChar: '"' });
    }
    // papaparse reads a record delimiter at the very end as the start of one more, empty record.
    const ignoreLast = !atEnd || text.endsWith(this.recordDelimiter);
    const result = this.papa!.parse(text, 0, ignoreLast) as Papa.ParseResult<string[]>;
    const end = ignoreLast ? result.meta.cursor : text.length;
    if (
      result.errors.length > 0 ||
      (atEnd ? end !== text.length : text.length - end > MAX_PENDING) ||
      !wellFormedQuotes(text, end, this.delimiterCode, this.recordDelimiter, atEnd)
    )
      return this.handOver(text, atEnd);
    this.pending = atEnd ? "" : text.slice(end);
    const records = result.data;
    // Every record ends with one record delimiter, except perhaps the file's last.
    const delimiters = atEnd && !ignoreLast ? records.length - 1 : records.length;
    this.breaksInCells = lineBreaks(text, end) !== delimiters * this.recordDelimiter.length;
    for (const record of records) for (let i = 0; i < record.length; i++) record[i] = detach(record[i]!);
    return records;
  }

  /** csv-parse reads the rest of the file, from `text`, which starts where a record starts. */
  private handOver(text: string, atEnd: boolean): string[][] {
    this.pending = "";
    this.startExact();
    const records = this.feedExact(text);
    if (!atEnd) return records;
    this.exact!.end();
    return [...records, ...this.drainExact()];
  }

  private startExact(): void {
    const recordDelimiter = this.recordDelimiter;
    this.exact = parse({
      bom: false,
      delimiter: this.delimiter,
      relax_column_count: true,
      ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
    });
    // csv-parse reports a syntax error by destroying the stream: `errored` is set at once, the
    // "error" event only follows on the next tick (listened to so it is not unhandled).
    this.exact.on("error", () => {});
  }

  private feedExact(text: string): string[][] {
    this.breaksInCells = true;
    if (!this.exact!.errored) this.exact!.write(text);
    return this.drainExact();
  }

  private drainExact(): string[][] {
    const records: string[][] = [];
    for (
      let record = this.exact!.read() as string[] | null;
      record !== null;
      record = this.exact!.read() as string[] | null
    )
      records.push(record);
    return records;
  }

  /** Frees csv-parse's stream when the file was not read to its end. */
  close(): void {
    if (this.exact && !this.exact.destroyed) this.exact.destroy();
  }
}
