import { describe, expect, it } from "vitest";
import {
  detectDuplicateOrganisations,
  detectDuplicatePeople,
  PeopleDuplicateCollector,
} from "../../../src/core/duplicates/index.js";
import { PackedRecords } from "../../../src/core/duplicates/packed.js";
import type { OrganisationLike, PersonLike } from "../../../src/core/duplicates/types.js";

interface Row {
  id: string;
  name: string | null;
  e164?: string | null;
}

describe("packed records", () => {
  it("gives back each record, null and '' alike, undefined kept apart, across chunks", () => {
    const packed = new PackedRecords<Row>(["id", "name", "e164"]);
    const rows: Row[] = [];
    for (let i = 0; i < 600; i++) {
      const e164 = i % 3 === 0 ? undefined : i % 3 === 1 ? null : `+44${i}`;
      rows.push({ id: `r${i}`, name: i % 4 === 0 ? "" : i % 4 === 1 ? null : `Name ${i}`, e164 });
      packed.push(rows[i]!);
      // Records of the chunk still being filled are readable too.
      expect(packed.get(i).name).toBe(rows[i]!.name || null);
    }
    expect(packed.length).toBe(600);
    for (let i = 0; i < 600; i++) {
      const got = packed.get(i);
      expect(packed.idOf(i)).toBe(`r${i}`);
      expect(got.id).toBe(`r${i}`);
      expect(got.name).toBe(rows[i]!.name || null);
      expect(got.e164).toBe(rows[i]!.e164);
    }
  });

  it("gives back accented text and characters beyond Latin-1 exactly, sealed or pending", () => {
    const packed = new PackedRecords<Row>(["id", "name", "e164"]);
    // Chunk 0 (records 0–255): Latin-1 only ("Zoë", "Müller"); chunk 1: one name beyond
    // Latin-1 ("Łukasz"); chunk 2: pending.
    const names = (i: number) => (i === 300 ? "Łukasz Żółć" : i % 2 === 0 ? `Zoë Müller ${i}` : `Ann ${i}`);
    for (let i = 0; i < 600; i++) packed.push({ id: `r${i}é`, name: names(i), e164: null });
    for (const i of [0, 1, 255, 256, 300, 511, 512, 599]) {
      expect(packed.idOf(i)).toBe(`r${i}é`);
      expect(packed.get(i)).toEqual({ id: `r${i}é`, name: names(i), e164: null });
    }
  });

  it("keeps a record whose field holds the separator as given", () => {
    const packed = new PackedRecords<Row>(["id", "name", "e164"]);
    const odd = { id: "b", name: "x\u001fy", e164: null };
    packed.push({ id: "a", name: "A", e164: null });
    packed.push(odd);
    packed.push({ id: "c", name: "C", e164: null });
    expect(packed.get(1)).toBe(odd);
    expect(packed.idOf(1)).toBe("b");
    expect(packed.get(2)).toEqual({ id: "c", name: "C", e164: null });
  });
});

function person(id: string, fields: Partial<PersonLike>): PersonLike {
  return { id, firstName: null, lastName: null, email: null, phone: null, country: "GB", ...fields };
}

function org(id: string, fields: Partial<OrganisationLike>): OrganisationLike {
  return { id, name: "", domain: null, phone: null, country: "US", ...fields };
}

describe("collectors", () => {
  it("finds the same groups when more records arrive than expected (columns grow)", () => {
    const people: PersonLike[] = [];
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(i / 2);
      people.push(
        person(`p${String(i).padStart(3, "0")}`, {
          firstName: i % 2 === 0 ? "Robert" : "Bob",
          lastName: `Lee${n}`,
          email: `robert.lee${n}@example.com`,
          companyName: `Company ${n % 7}`,
        }),
      );
    }
    const collector = new PeopleDuplicateCollector(10);
    for (const p of people) collector.add(p);
    const streamed = collector.detect();
    const batch = detectDuplicatePeople(people);
    expect(streamed).toEqual(batch);
    expect(streamed.groups).toHaveLength(150);
  });
});

describe("organisation address key", () => {
  it("does not block the same house number and street in different towns", () => {
    const { stats } = detectDuplicateOrganisations([
      org("a", { name: "Northwind Bakery", street: "12 High Street", city: "Leeds" }),
      org("b", { name: "Contoso Garage", street: "12 High St", city: "York" }),
    ]);
    expect(stats.pairsCompared).toBe(0);
  });

  it("blocks the same address in one town, and without a town (as before)", () => {
    const inTown = detectDuplicateOrganisations([
      org("a", { name: "Northwind Bakery", street: "12 High Street", city: "Leeds" }),
      org("b", { name: "Contoso Garage", street: "12 High St", city: "LEEDS" }),
    ]);
    expect(inTown.stats.pairsCompared).toBe(1);
    const noTown = detectDuplicateOrganisations([
      org("a", { name: "Northwind Bakery", street: "12 High Street" }),
      org("b", { name: "Contoso Garage", street: "12 High St" }),
    ]);
    expect(noTown.stats.pairsCompared).toBe(1);
  });
});
