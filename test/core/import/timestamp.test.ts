import { describe, expect, it } from "vitest";
import { parseIsoTimestamp } from "../../../src/core/import/timestamp.js";

describe("parseIsoTimestamp", () => {
  it("reads a date alone as 00:00 UTC", () => {
    expect(parseIsoTimestamp("2026-05-01")).toBe(Date.UTC(2026, 4, 1));
  });

  it("reads a date-time without offset as UTC", () => {
    expect(parseIsoTimestamp("2026-05-01T12:30")).toBe(Date.UTC(2026, 4, 1, 12, 30));
    expect(parseIsoTimestamp("2026-05-01T12:30:15.250")).toBe(Date.UTC(2026, 4, 1, 12, 30, 15, 250));
    expect(parseIsoTimestamp("2026-05-01 12:30:15")).toBe(Date.UTC(2026, 4, 1, 12, 30, 15));
  });

  it("honours Z and numeric offsets", () => {
    const noon = Date.UTC(2026, 4, 1, 12, 0);
    expect(parseIsoTimestamp("2026-05-01T12:00:00Z")).toBe(noon);
    expect(parseIsoTimestamp("2026-05-01T14:00:00+02:00")).toBe(noon);
    expect(parseIsoTimestamp("2026-05-01T07:00:00-0500")).toBe(noon);
    expect(parseIsoTimestamp("2026-05-01T17:30+05:30")).toBe(noon);
    expect(parseIsoTimestamp("2026-05-01T13:00:00.000+01")).toBe(noon);
  });

  it("knows leap years", () => {
    expect(parseIsoTimestamp("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp("2026-02-29")).toBeNull();
    expect(parseIsoTimestamp("2000-02-29")).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoTimestamp("1900-02-29")).toBeNull();
  });

  it.each([
    "2026-13-01",
    "2026-02-30",
    "2026-04-31",
    "2026-05-01T24:00",
    "2026-05-01T12:60",
    "05/01/2026",
    "2026/05/01",
    "1 May 2026",
    "2026-5-1",
    "20260501",
    "2026-05-01T12:00:00+25:00",
    "2026-05-01T",
    "",
  ])("rejects %j", (text) => {
    expect(parseIsoTimestamp(text)).toBeNull();
  });
});
