/**
 * Records kept between the row stream and the comparisons, packed into a few long strings.
 *
 * A duplicate run must keep every record until all have been seen, but builds comparison
 * features only for the few that share a block with another. An object with a dozen separately
 * allocated strings per record was most of the audit's memory at a million contacts (and of its
 * garbage-collection time). Here the fields of RECORDS_PER_CHUNK consecutive records are joined
 * by a separator into one flat string, and each record's offset in its chunk is kept in a typed
 * array: a million records are a few thousand strings for the garbage collector to copy and
 * mark, and a record is split out again only when it is compared.
 */

const SEPARATOR = "\u001f";
/** Stands for `undefined` (as opposed to null, stored as ""): phoneE164 tells the two apart. */
const UNDEFINED = "\u0001";
const RECORDS_PER_CHUNK = 256;

type FieldValue = string | null | undefined;

/** Records with the given fields, in a fixed order; the first is the id. */
export class PackedRecords<T extends { id: string }> {
  private readonly chunks: string[] = [];
  /** Field values of the records not yet joined into a chunk. */
  private pending: string[] = [];
  /** Length of the pending values once joined (each followed by a separator). */
  private pendingChars = 0;
  /** Offset of each record's first field in its chunk. */
  private starts = new Int32Array(1024);
  /** Records with a field that would not split back correctly (never seen in CRM data). */
  private readonly asGiven = new Map<number, T>();
  private count = 0;
  private readonly values: string[];

  constructor(private readonly fields: readonly (keyof T & string)[]) {
    this.values = new Array<string>(fields.length);
  }

  get length(): number {
    return this.count;
  }

  push(record: T): void {
    const i = this.count++;
    if (i >= this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[i] = this.pendingChars;
    const values = this.values;
    let packable = true;
    for (let f = 0; f < this.fields.length; f++) {
      const v = record[this.fields[f]!] as FieldValue;
      if (v === undefined) values[f] = UNDEFINED;
      else if (v === null) values[f] = "";
      else {
        if (v.includes(SEPARATOR) || v === UNDEFINED) packable = false;
        values[f] = v;
      }
    }
    if (!packable) {
      this.asGiven.set(i, record);
      values.fill("");
    }
    for (const v of values) {
      this.pending.push(v);
      this.pendingChars += v.length + 1;
    }
    if (this.count % RECORDS_PER_CHUNK === 0) this.sealChunk();
  }

  idOf(index: number): string {
    const record = this.asGiven.get(index);
    if (record !== undefined) return record.id;
    const { text, start } = this.locate(index);
    if (text === null) return this.pending[(index % RECORDS_PER_CHUNK) * this.fields.length]!;
    return text.slice(start, text.indexOf(SEPARATOR, start));
  }

  /** The record as pushed, except that null and "" both come back as null. */
  get(index: number): T {
    const given = this.asGiven.get(index);
    if (given !== undefined) return given;
    const out: Record<string, FieldValue> = {};
    const { text, start } = this.locate(index);
    let pos = start;
    for (let f = 0; f < this.fields.length; f++) {
      let v: string;
      if (text === null) v = this.pending[(index % RECORDS_PER_CHUNK) * this.fields.length + f]!;
      else {
        const end = text.indexOf(SEPARATOR, pos);
        v = text.slice(pos, end);
        pos = end + 1;
      }
      out[this.fields[f]!] = v === UNDEFINED ? undefined : v === "" && f > 0 ? null : v;
    }
    return out as unknown as T;
  }

  /** The chunk holding record `index` (null while its values are still pending) and its offset. */
  private locate(index: number): { text: string | null; start: number } {
    const chunk = Math.floor(index / RECORDS_PER_CHUNK);
    return { text: chunk < this.chunks.length ? this.chunks[chunk]! : null, start: this.starts[index]! };
  }

  private sealChunk(): void {
    // A trailing separator, so every field (the last one too) ends with one. join builds one
    // flat string; repeated concatenation would keep the rows' strings alive (V8 ropes).
    this.pending.push("");
    this.chunks.push(this.pending.join(SEPARATOR));
    this.pending = [];
    this.pendingChars = 0;
  }
}
