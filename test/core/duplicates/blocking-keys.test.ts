import { describe, expect, it } from "vitest";
import { detectDuplicatePeople } from "../../../src/core/duplicates/index.js";
import type { PersonLike } from "../../../src/core/duplicates/types.js";

function person(id: string, fields: Partial<PersonLike>): PersonLike {
  return { id, firstName: null, lastName: null, email: null, phone: null, country: "GB", ...fields };
}

describe("person blocking keys", () => {
  it("does not compare namesakes who share no identifier a link would need", () => {
    // Same name, different employers, emails, towns: a name alone never links people, so the
    // name keys (compound with employer, house number, birth date, national id) keep them apart.
    const { groups, stats } = detectDuplicatePeople([
      person("a", { firstName: "Ann", lastName: "Lee", email: "ann.lee@alpha.com", companyName: "Alpha Ltd" }),
      person("b", { firstName: "Ann", lastName: "Lee", email: "a.lee@beta.com", companyName: "Beta Ltd" }),
      person("c", { firstName: "Ann", lastName: "Lee", city: "Leeds", companyName: "Gamma Ltd" }),
    ]);
    expect(stats.pairsCompared).toBe(0);
    expect(groups).toEqual([]);
  });

  it("compares and links namesakes at the same employer with a re-typed given name", () => {
    const { groups, stats } = detectDuplicatePeople([
      person("a", { firstName: "Robert", lastName: "Lee", email: "rl@alpha.com", companyName: "Alpha Ltd" }),
      person("b", { firstName: "Bob", lastName: "Lee", phone: "+44 7700 900123", companyName: "ALPHA Limited" }),
      person("c", { firstName: "Bob", lastName: "Lee", companyName: "Beta Ltd" }),
    ]);
    expect(stats.pairsCompared).toBe(1);
    expect(groups).toEqual([["a", "b"]]);
  });

  it("finds a mistyped birth date or national id through the untouched half", () => {
    const { groups } = detectDuplicatePeople([
      person("a", { firstName: "Imogen", lastName: "Akroyd", birthDate: "1936-12-18", nationalId: "4817613" }),
      person("b", { firstName: "Imogen", lastName: "Akroyd", birthDate: "1936-12-19", nationalId: "4816613" }),
    ]);
    expect(groups).toEqual([["a", "b"]]);
  });

  it("finds swapped names at one address but does not compare the household's other members", () => {
    const address = { street: "16 Westbury Circuit", postcode: "3162", city: "Arundel" };
    const { groups, stats } = detectDuplicatePeople([
      person("a", { firstName: "Catherine", lastName: "Gawthrop", ...address }),
      person("b", { firstName: "Gawthrop", lastName: "Catherine", ...address }),
      person("c", { firstName: "Ben", lastName: "Young", ...address }),
    ]);
    expect(groups).toEqual([["a", "b"]]);
    expect(stats.pairsCompared).toBe(1);
  });
});
