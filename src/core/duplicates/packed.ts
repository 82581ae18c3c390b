/**
 * Records kept between the row stream and the comparisons, one string per record.
 *
 * A duplicate run must keep every record until all have been seen, but builds comparison
 * features only for the few that share a block with another. An object with a dozen separately
 * allocated strings per record was most of the audit's memory at a million contacts (and of its
 * garbage-collection time); one flat string per record with the fields joined by a separator is
 * a fraction of that, and is split again only for the records that are compared.
 */

const SEPARATOR = "\u001f";
/** Stands for `undefined` (as opposed to null, stored as ""): phoneE164 tells the two apart. */
const UNDEFINED = "\u0001";

type FieldValue = string | null | undefined;

/** Record fields in a fixed order; the first is the id. */
export class PackedRecords<T extends { id: string }> {
  private readonly rows: (string | T)[] = [];
  private readonly scratch: string[];

  constructor(private readonly fields: readonly (keyof T & string)[]) {
    this.scratch = new Array<string>(fields.length);
  }

  get length(): number {
    return this.rows.length;
  }

  push(record: T): void {
    const values = this.scratch;
    for (let f = 0; f < this.fields.length; f++) {
      const v = record[this.fields[f]!] as FieldValue;
      if (v === undefined) values[f] = UNDEFINED;
      else if (v === null) values[f] = "";
      else if (v.includes(SEPARATOR) || v === UNDEFINED) {
        // A field that would not split back correctly (never seen in CRM data): keep the object.
        this.rows.push(record);
        return;
      } else values[f] = v;
    }
    // join builds one flat string; concatenation would keep the row's strings alive (V8 ropes).
    this.rows.push(values.join(SEPARATOR));
  }

  idOf(index: number): string {
    const row = this.rows[index]!;
    if (typeof row !== "string") return row.id;
    const end = row.indexOf(SEPARATOR);
    return end < 0 ? row : row.slice(0, end);
  }

  /** The record as pushed, except that null and "" both come back as null. */
  get(index: number): T {
    const row = this.rows[index]!;
    if (typeof row !== "string") return row;
    const parts = row.split(SEPARATOR);
    const record: Record<string, FieldValue> = {};
    for (let f = 0; f < this.fields.length; f++) {
      const v = parts[f]!;
      record[this.fields[f]!] = v === UNDEFINED ? undefined : v === "" && f > 0 ? null : v;
    }
    return record as unknown as T;
  }
}
