/**
 * Duplicate detection on realistic CRM look-alikes (test/fixtures/lookalikes.ts): what the
 * public benchmarks do not test. Figures and the before/after are in docs/duplicates.md.
 */
import { describe, expect, it } from "vitest";
import {
  describeGroupEvidence,
  detectDuplicateOrganisations,
  detectDuplicatePeople,
  findDuplicatePeople,
  pairKey,
} from "../../../src/core/duplicates/index.js";
import type { PersonLike } from "../../../src/core/duplicates/types.js";
import { pairwiseScores } from "../../../scripts/duplicates-eval/metrics.js";
import { generateLookalikes, linkedPerPattern } from "../../fixtures/lookalikes.js";

describe("generated look-alikes", () => {
  for (const seed of [2026, 1, 2, 3]) {
    it(`seed ${seed}: pair precision ≥ 0.98 and recall ≥ 0.95, every pattern as it should be`, () => {
      const set = generateLookalikes(seed);
      const groups = [
        ...detectDuplicatePeople(set.people).groups,
        ...detectDuplicateOrganisations(set.companies).groups,
      ];
      const scores = pairwiseScores(groups, set.truth);
      expect(scores.truePairs).toBe(49);
      expect(scores.precision).toBeGreaterThanOrEqual(0.98);
      expect(scores.recall).toBeGreaterThanOrEqual(0.95);
      const linked = Object.fromEntries([...linkedPerPattern(set, groups)].map(([k, v]) => [k, v.linked]));
      expect(linked).toEqual({
        "namesakes at another company": 0,
        "nickname at the same company": 20,
        "group name without domain at the same address": 8,
        "colleagues sharing a role inbox": 0,
        "job change, same mobile": 6,
        "re-entered copy": 15,
      });
    });
  }

  it("is the same set for the same seed", () => {
    expect(generateLookalikes(7)).toEqual(generateLookalikes(7));
    expect(generateLookalikes(7).people).not.toEqual(generateLookalikes(8).people);
  });
});

function person(id: string, fields: Partial<PersonLike>): PersonLike {
  return { id, firstName: null, lastName: null, email: null, phone: null, country: "DE", ...fields };
}
const acme = { companyName: "Acme GmbH", street: "Hauptstraße 5", postcode: "10115", city: "Berlin" };

describe("the rules behind the patterns", () => {
  it("links nicknames of several languages at one company, from the maintained list", () => {
    const groups = findDuplicatePeople([
      person("a", { ...acme, firstName: "Johannes", lastName: "Vogel", email: "johannes.vogel@acme.de" }),
      person("b", { ...acme, firstName: "Hannes", lastName: "Vogel", email: "hannes.vogel@acme.de" }),
      person("c", { ...acme, firstName: "Giuseppe", lastName: "Rossi", email: "g.rossi@acme.de" }),
      person("d", { ...acme, firstName: "Beppe", lastName: "Rossi", email: "beppe.rossi@acme.de" }),
    ]);
    expect(groups).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("does not take a nickname two names share for one name (Robert, William and Bill)", () => {
    const groups = findDuplicatePeople([
      person("robert", { ...acme, firstName: "Robert", lastName: "Wagner", email: "rwagner@acme.de" }),
      person("william", { ...acme, firstName: "William", lastName: "Wagner", email: "wwagner@acme.de" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("does not link namesakes at another company, and does link a job change with the same mobile", () => {
    const anna = { firstName: "Anna", lastName: "Schmidt", country: "DE" };
    const groups = findDuplicatePeople([
      person("acme", { ...anna, ...acme, email: "anna.schmidt@acme.de", phone: "+49 30 1234567" }),
      person("globex", {
        ...anna,
        companyName: "Globex AG",
        email: "anna.schmidt@globex.de",
        phone: "+49 89 7654321",
        city: "Berlin",
      }),
      person("moved", {
        ...anna,
        companyName: "Initech GmbH",
        email: "a.schmidt@initech.de",
        phone: "+49 1512 3456789",
      }),
      person("moved-before", { ...anna, ...acme, email: "anna.s@acme.de", phone: "+49 1512 3456789" }),
    ]);
    expect(groups).toEqual([["moved", "moved-before"]]);
  });

  it("says why records matched: each linked pair, its weight and the comparisons behind it", () => {
    const anna = { firstName: "Anna", lastName: "Schmidt", country: "DE", phone: "+49 1512 3456789" };
    const moved = detectDuplicatePeople([
      person("a", { ...anna, companyName: "Initech GmbH", email: "a.schmidt@initech.de" }),
      person("b", { ...anna, ...acme, email: "anna.s@acme.de" }),
    ]);
    expect(moved.groups).toEqual([["a", "b"]]);
    expect(describeGroupEvidence(moved.evidence[0]!)).toBe(
      "a + b (weight 17): phone same number +8, surname same +5, given name same +4, " +
        "email another organisation's domain ±0, employer another organisation, outweighed by the same phone or email ±0",
    );
    const companies = detectDuplicateOrganisations([
      {
        id: "x",
        name: "The Keller Group",
        domain: null,
        phone: null,
        country: "DE",
        street: "Hauptstraße 5",
        city: "Berlin",
        postcode: "10115",
      },
      {
        id: "y",
        name: "Keller GmbH",
        domain: "keller.de",
        phone: null,
        country: "DE",
        street: "Hauptstr. 5",
        city: "Berlin",
        postcode: "10115",
      },
    ]);
    expect(companies.groups).toEqual([["x", "y"]]);
    expect(describeGroupEvidence(companies.evidence[0]!)).toBe(
      "x + y (weight 11): name same (legal form aside) +6, address same or similar +5",
    );
  });

  it("takes a shared role inbox as no evidence", () => {
    const inbox = { ...acme, email: "info@acme.de", phone: "+49 30 1234567" };
    const groups = findDuplicatePeople([
      person("a", { ...inbox, firstName: "Jana", lastName: "Berg" }),
      person("b", { ...inbox, firstName: "Jana", lastName: "Koch" }),
      person("c", { ...inbox, firstName: "Paul", lastName: "Berg" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps pairs decided not to be duplicates apart, also through a third record", () => {
    const records = [
      person("a", { firstName: "Lea", lastName: "Wolf", email: "lea.wolf@example.org" }),
      person("b", { firstName: "Lea", lastName: "Wolf", email: "LEA.WOLF@example.org" }),
      person("c", { firstName: "Lea", lastName: "Wolf", email: "lea.wolf+crm@example.org" }),
    ];
    expect(findDuplicatePeople(records)).toEqual([["a", "b", "c"]]);
    expect(findDuplicatePeople(records, { notDuplicates: new Set([pairKey("c", "a")]) })).toEqual([]);
    expect(findDuplicatePeople(records.slice(0, 2), { notDuplicates: new Set([pairKey("b", "a")]) })).toEqual([]);
  });
});
