import { describe, expect, it } from "vitest";
import { parsePhone } from "../../../src/core/dataset/phone.js";
import { isValidEmail, normalizeEmail } from "../../../src/core/dataset/email.js";

describe("parsePhone", () => {
  it("reads national numbers for the record's country and international ones as given", () => {
    expect(parsePhone("020 7183 8750", "GB")).toEqual({ e164: "+442071838750", valid: true });
    expect(parsePhone("+49 30 901820", null)).toEqual({ e164: "+4930901820", valid: true });
    expect(parsePhone("(212) 555-0123", "us").e164).toBe("+12125550123");
  });

  it("rejects text that is not a number and numbers that are too short for their country", () => {
    expect(parsePhone("n/a", "GB")).toEqual({ e164: null, valid: false });
    expect(parsePhone("12345", "DE").valid).toBe(false);
  });
});

describe("email", () => {
  it("accepts ordinary addresses and rejects malformed ones", () => {
    for (const ok of ["ann@example.com", "a.b+tag@sub.example.co.uk", "o'neil@x.io"])
      expect(isValidEmail(ok)).toBe(true);
    for (const bad of ["ann@", "@x.com", "ann@x", "ann x@y.com", "ann@@y.com", "ann@y..com", "a.@y.com"])
      expect(isValidEmail(bad)).toBe(false);
  });

  it("normalises case and plus-tags", () => {
    expect(normalizeEmail(" Ann+CRM@Example.COM ")).toBe("ann@example.com");
  });
});
