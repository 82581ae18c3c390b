import { describe, expect, it } from "vitest";
import { importLimits } from "../../../src/core/import/limits.js";
import { parseIsoTimestamp, parseTimestamp } from "../../../src/core/import/timestamp.js";

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

describe("parseTimestamp: calendar days and wall-clock times of the workspace's time zone", () => {
  it("reads a date as the first or the last millisecond of that day", () => {
    expect(parseTimestamp("2026-05-01", "start", "UTC")).toBe(Date.UTC(2026, 4, 1));
    expect(parseTimestamp("2026-05-01", "end", "UTC")).toBe(Date.UTC(2026, 4, 2) - 1);
    // Berlin is UTC+2 in summer: 1 May runs from 30 April 22:00 UTC to 1 May 22:00 UTC.
    expect(parseTimestamp("2026-05-01", "start", "Europe/Berlin")).toBe(Date.UTC(2026, 3, 30, 22));
    expect(parseTimestamp("2026-05-01", "end", "Europe/Berlin")).toBe(Date.UTC(2026, 4, 1, 22) - 1);
    expect(parseTimestamp("2026-01-15", "end", "America/New_York")).toBe(Date.UTC(2026, 0, 16, 5) - 1);
  });

  it("gives a day of 23 or 25 hours across a change of daylight saving time", () => {
    // 29 March 2026: Berlin's clocks go from 02:00 to 03:00; 25 October back from 03:00 to 02:00.
    const spring =
      parseTimestamp("2026-03-29", "end", "Europe/Berlin")! - parseTimestamp("2026-03-29", "start", "Europe/Berlin")!;
    const autumn =
      parseTimestamp("2026-10-25", "end", "Europe/Berlin")! - parseTimestamp("2026-10-25", "start", "Europe/Berlin")!;
    expect([spring + 1, autumn + 1]).toEqual([23 * 3_600_000, 25 * 3_600_000]);
  });

  it("reads a date-time without an offset in the zone, and one with an offset as written", () => {
    expect(parseTimestamp("2026-05-01 14:30", "end", "Europe/Berlin")).toBe(Date.UTC(2026, 4, 1, 12, 30));
    expect(parseTimestamp("2026-05-01T14:30Z", "end", "Europe/Berlin")).toBe(Date.UTC(2026, 4, 1, 14, 30));
    expect(parseTimestamp("2026-05-01T14:30+01:00", "start", "America/New_York")).toBe(Date.UTC(2026, 4, 1, 13, 30));
  });

  it("refuses a time zone that is no IANA name, and reads its UTC aliases as UTC", () => {
    expect(() => importLimits({ timeZone: "Mars/Olympus" })).toThrow(/"Mars\/Olympus" is not an IANA time zone name/);
    expect(importLimits({ timeZone: "Etc/UTC" }).timeZone).toBe("UTC");
    expect(importLimits({}).timeZone).toBe("UTC");
  });
});

describe("the fast path for 2026-05-01T12:00:00.000Z", () => {
  it("gives what the general path gives for the same instant written with +00:00", () => {
    const values: string[] = [];
    for (let ms = 0; ms < 1000; ms++) values.push(`2026-05-01T12:34:56.${String(ms).padStart(3, "0")}`);
    for (const day of [
      "2024-02-29",
      "2026-02-29",
      "2026-02-30",
      "2026-13-01",
      "2026-00-10",
      "0099-12-31",
      "1900-02-29",
    ])
      values.push(`${day}T00:00:00.000`);
    for (const time of ["23:59:59.999", "24:00:00.000", "12:60:00.000", "12:00:60.000"])
      values.push(`2026-05-01T${time}`);
    for (const text of values) {
      const fast = parseTimestamp(`${text}Z`, "start", "Europe/Berlin");
      expect({ text, fast }).toEqual({ text, fast: parseTimestamp(`${text}+00:00`, "start", "Europe/Berlin") });
    }
    expect(parseTimestamp("2026-05-01T12:34:56.029Z", "end", "UTC")).toBe(Date.parse("2026-05-01T12:34:56.029Z"));
    expect(parseTimestamp("2026-05-01T12:34:5x.029Z", "start", "UTC")).toBeNull();
    expect(parseTimestamp("2026-05-01t12:34:56.029Z", "start", "UTC")).toBe(Date.parse("2026-05-01T12:34:56.029Z"));
  });
});
