import { describe, expect, it } from "vitest";
import {
  foldText,
  normaliseDomain,
  normaliseEmailForMatching,
  normaliseOrganisationName,
  normalisePhone,
  normalisePostcode,
  normaliseStreet,
} from "../../../src/core/duplicates/normalise.js";
import { storedValidE164 } from "../../../src/core/dataset/phone.js";
import { jaroWinkler, soundex, withinOneEdit } from "../../../src/core/duplicates/similarity.js";

describe("normalisation", () => {
  it("folds case, accents, punctuation and whitespace", () => {
    expect(foldText("  Zoë  Ångström-Müller ")).toBe("zoe angstrom muller");
    expect(foldText("O'Brien")).toBe("obrien");
    expect(foldText("Straße")).toBe("strasse");
  });

  it("removes legal suffixes, a leading 'the' and '&'", () => {
    const variants = [
      "Acme Inc.",
      "ACME, Inc",
      "Acme LLC",
      "Acme Ltd",
      "Acme Limited",
      "Acme GmbH",
      "The Acme Corp.",
      "Acme Pty Ltd",
      "acme plc",
      "Acme S.A.",
      "Acme SARL",
      "Acme B.V.",
    ];
    for (const v of variants) expect(normaliseOrganisationName(v), v).toBe("acme");
    expect(normaliseOrganisationName("Smith & Sons Co")).toBe("smith and sons");
    expect(normaliseOrganisationName("Société Générale SA")).toBe("societe generale");
    // Never empties a name that is only a suffix-like word.
    expect(normaliseOrganisationName("Company")).toBe("company");
  });

  it("reads email case and +tags as the same address", () => {
    expect(normaliseEmailForMatching(" Ann.Lee+CRM@Example.COM ")).toBe("ann.lee@example.com");
    expect(normaliseEmailForMatching("ann.lee@example.com")).toBe("ann.lee@example.com");
    expect(normaliseEmailForMatching("not an email")).toBe("");
  });

  it("brings phone formats to the same E.164", () => {
    const forms = ["+44 20 7183 8750", "+44 (0)20 7183 8750", "020 7183 8750", "0207-183-8750", "+442071838750"];
    for (const f of forms) expect(normalisePhone(f, "GB").e164, f).toBe("+442071838750");
    expect(normalisePhone("(312) 386-5286", "US").e164).toBe("+13123865286");
    // A local number without area code keeps its last 7 digits for matching.
    expect(normalisePhone("386-5286", "US")).toEqual({ e164: "", local: "3865286" });
    expect(normalisePhone("12", "US")).toEqual({ e164: "", local: "" });
  });

  it("uses the E.164 form read at import instead of parsing again", () => {
    // Without a country this national number cannot be read: only the given form can match.
    expect(normalisePhone("020 7183 8750", null).e164).toBe("");
    expect(normalisePhone("020 7183 8750", null, "+442071838750")).toEqual({ e164: "+442071838750", local: "1838750" });
    // Stored as not valid: no E.164 to match on, even where parsing would find one.
    expect(normalisePhone("020 7183 8750", "GB", null)).toEqual({ e164: "", local: "1838750" });
    expect(storedValidE164({ phoneE164: "+442071838750", phoneValid: true })).toBe("+442071838750");
    expect(storedValidE164({ phoneE164: "+493012", phoneValid: false })).toBeNull();
    expect(storedValidE164({ phoneE164: null, phoneValid: null })).toBeUndefined();
  });

  it("normalises postcodes, streets and domains", () => {
    expect(normalisePostcode("sw1a 1aa")).toBe("SW1A1AA");
    expect(normalisePostcode("60610-1234")).toBe("60610");
    expect(normaliseStreet("1119 North Cleveland Avenue")).toEqual({
      houseNumber: "1119",
      name: "n cleveland ave",
      core: "cleveland",
    });
    expect(normaliseStreet("1119 N. Cleveland")).toMatchObject({ houseNumber: "1119", core: "cleveland" });
    expect(normaliseDomain("https://www.Acme.com/about")).toBe("acme.com");
    expect(normaliseDomain("No")).toBe("");
  });
});

describe("similarity", () => {
  it("computes Jaro-Winkler like the reference values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.813, 3);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
    expect(jaroWinkler("same", "same")).toBe(1);
  });

  it("computes Soundex and one-edit distance", () => {
    expect(soundex("robert")).toBe("r163");
    expect(soundex("rupert")).toBe("r163");
    expect(soundex("ashcraft")).toBe("a261");
    expect(withinOneEdit("19081209", "19081290")).toBe(true);
    expect(withinOneEdit("19081209", "19081219")).toBe(true);
    expect(withinOneEdit("19081209", "19811209")).toBe(false);
  });
});
