/**
 * Public record-linkage datasets with ground truth (test/fixtures/public/, see each
 * SOURCES.md), mapped onto the duplicate detector's inputs.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { OrganisationLike, PersonLike } from "../../src/core/duplicates/types.js";
import { generateLookalikes } from "../../test/fixtures/lookalikes.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/public/", import.meta.url));

export type LabelledDataset =
  | { name: string; kind: "people"; records: PersonLike[]; truth: Map<string, string> }
  | { name: string; kind: "organisations"; records: OrganisationLike[]; truth: Map<string, string> };

function readCsv(relativePath: string): Record<string, string>[] {
  return parse(readFileSync(FIXTURES + relativePath, "utf8"), { columns: true, trim: true, skip_empty_lines: true });
}

const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : v);

/**
 * FEBRL: rec_id "rec-<entity>-org" / "rec-<entity>-dup-<k>"; same entity = same person.
 * street_number + address_1 become the street; address_2 (a building or locality name) is left
 * out, as a CRM address line 1 would be. Australian records, so phone country AU (no phones).
 */
function febrl(name: string, files: string[]): LabelledDataset {
  const records: PersonLike[] = [];
  const truth = new Map<string, string>();
  for (const file of files) {
    for (const row of readCsv(`febrl/${file}`)) {
      const id = row.rec_id!;
      truth.set(id, id.split("-")[1]!);
      records.push({
        id,
        firstName: blankToNull(row.given_name),
        lastName: blankToNull(row.surname),
        email: null,
        phone: null,
        country: "AU",
        street: blankToNull([row.street_number, row.address_1].filter(Boolean).join(" ")),
        city: blankToNull(row.suburb),
        postcode: blankToNull(row.postcode),
        state: blankToNull(row.state),
        birthDate: blankToNull(row.date_of_birth),
        nationalId: blankToNull(row.soc_sec_id),
      });
    }
  }
  return { name, kind: "people", records, truth };
}

/** Splink fake_1000: first_name, surname, dob, city, email; `cluster` is the person. */
function splink(): LabelledDataset {
  const records: PersonLike[] = [];
  const truth = new Map<string, string>();
  for (const row of readCsv("splink/fake_1000_from_splink_demos.csv")) {
    const id = row.unique_id!;
    truth.set(id, row.cluster!);
    records.push({
      id,
      firstName: blankToNull(row.first_name),
      lastName: blankToNull(row.surname),
      email: blankToNull(row.email),
      phone: null,
      country: "GB",
      city: blankToNull(row.city),
      birthDate: blankToNull(row.dob),
    });
  }
  return { name: "splink-fake-1000", kind: "people", records, truth };
}

/**
 * dedupe's Chicago early-childhood sites: Site name, Address, Zip, Phone, Website; `True Id` is
 * the site. Phones are 7-digit local numbers (no area code), read as US.
 */
function chicago(): LabelledDataset {
  const records: OrganisationLike[] = [];
  const truth = new Map<string, string>();
  for (const row of readCsv("dedupe_chicago_early_childhood/csv_example_input_with_true_ids.csv")) {
    const id = row.Id!;
    truth.set(id, row["True Id"]!);
    records.push({
      id,
      name: row["Site name"] ?? "",
      domain: blankToNull(row.Website),
      phone: blankToNull(row.Phone),
      country: "US",
      street: blankToNull(row.Address),
      postcode: blankToNull(row.Zip),
    });
  }
  return { name: "chicago-early-childhood", kind: "organisations", records, truth };
}

/** Seed of the look-alike set that docs/duplicates.md reports. */
export const LOOKALIKES_SEED = 2026;

/**
 * Generated CRM look-alikes (test/fixtures/lookalikes.ts): namesakes, nicknames, group names,
 * shared role inboxes, job changes and copies, people or companies only.
 */
function lookalikes(kind: "people" | "organisations"): LabelledDataset {
  const set = generateLookalikes(LOOKALIKES_SEED);
  const ids = new Set((kind === "people" ? set.people : set.companies).map((r) => r.id));
  const truth = new Map([...set.truth].filter(([id]) => ids.has(id)));
  return kind === "people"
    ? { name: "lookalikes-people", kind, records: set.people, truth }
    : { name: "lookalikes-companies", kind, records: set.companies, truth };
}

export const DATASETS: Record<string, () => LabelledDataset> = {
  febrl1: () => febrl("febrl1", ["dataset1.csv"]),
  febrl2: () => febrl("febrl2", ["dataset2.csv"]),
  febrl3: () => febrl("febrl3", ["dataset3.csv"]),
  febrl4: () => febrl("febrl4", ["dataset4a.csv", "dataset4b.csv"]),
  splink: splink,
  chicago: chicago,
  "lookalikes-people": () => lookalikes("people"),
  "lookalikes-companies": () => lookalikes("organisations"),
};
