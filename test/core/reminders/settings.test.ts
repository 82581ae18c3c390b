/**
 * When a reminder may arrive: quiet hours (crossing midnight), working days, and the days the
 * clocks change in Europe/Berlin and America/New_York (a 02:30 end of quiet hours on the
 * spring-forward day, which the clocks skip, and on the fall-back day), plus the parsers.
 */
import { describe, expect, it } from "vitest";
import {
  describeDays,
  describeQuiet,
  nextAllowed,
  parseDays,
  parseQuiet,
  SettingsError,
} from "../../../src/core/reminders/settings.js";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];

describe("quiet hours crossing midnight (19:00-08:00, Europe/Berlin, summer: UTC+2)", () => {
  const s = { quiet: parseQuiet("19:00-08:00"), days: EVERY_DAY };
  it.each([
    ["Tuesday 20:00 waits until Wednesday 08:00", "2026-06-16T18:00:00Z", "2026-06-17T06:00:00.000Z"],
    ["07:59 waits a minute", "2026-06-17T05:59:00Z", "2026-06-17T06:00:00.000Z"],
    ["00:30 waits until 08:00 the same day", "2026-06-16T22:30:00Z", "2026-06-17T06:00:00.000Z"],
    ["19:00 exactly is quiet", "2026-06-17T17:00:00Z", "2026-06-18T06:00:00.000Z"],
    ["08:00 exactly is not", "2026-06-17T06:00:00Z", "2026-06-17T06:00:00.000Z"],
    ["noon is not", "2026-06-17T10:00:00Z", "2026-06-17T10:00:00.000Z"],
  ])("%s", (_what, from, expected) => {
    expect(iso(nextAllowed(at(from), s, "Europe/Berlin"))).toBe(expected);
  });

  it("quiet hours within a day (12:00-13:00) end the same day", () => {
    const lunch = { quiet: parseQuiet("12:00-13:00"), days: EVERY_DAY };
    expect(iso(nextAllowed(at("2026-06-17T10:30:00Z"), lunch, "Europe/Berlin"))).toBe("2026-06-17T11:00:00.000Z");
  });
});

describe("working days", () => {
  it("Friday 20:00 with quiet hours 19:00-08:00 and mon-fri waits until Monday 08:00", () => {
    const s = { quiet: parseQuiet("19:00-08:00"), days: WEEKDAYS };
    expect(iso(nextAllowed(at("2026-06-12T18:00:00Z"), s, "Europe/Berlin"))).toBe("2026-06-15T06:00:00.000Z");
  });
  it("Saturday noon without quiet hours waits until Monday 00:00 local", () => {
    const s = { quiet: null, days: WEEKDAYS };
    expect(iso(nextAllowed(at("2026-06-13T10:00:00Z"), s, "America/New_York"))).toBe("2026-06-15T04:00:00.000Z");
  });
  it("a working day is judged on the person's calendar, not UTC's", () => {
    // Monday 01:00 in Berlin is still Sunday in UTC.
    const s = { quiet: null, days: WEEKDAYS };
    expect(iso(nextAllowed(at("2026-06-14T23:00:00Z"), s, "Europe/Berlin"))).toBe("2026-06-14T23:00:00.000Z");
  });
});

describe("days the clocks change, quiet hours ending at 02:30", () => {
  const night = { quiet: parseQuiet("22:00-02:30"), days: EVERY_DAY };
  it.each([
    // 2026-03-29 02:00 CET → 03:00 CEST: 02:30 does not exist, the first minute after the gap is 03:00 CEST.
    ["Europe/Berlin spring forward", "Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00.000Z"],
    // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice; the first (CEST) ends the quiet hours.
    ["Europe/Berlin fall back", "Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00.000Z"],
    // 2026-03-08 02:00 EST → 03:00 EDT: 02:30 does not exist; 03:00 EDT.
    ["America/New_York spring forward", "America/New_York", "2026-03-08T05:00:00Z", "2026-03-08T07:00:00.000Z"],
    // 2026-11-01 02:00 EDT → 01:00 EST: 02:30 happens once, in EST.
    ["America/New_York fall back", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T07:30:00.000Z"],
  ])("%s", (_what, zone, from, expected) => {
    expect(iso(nextAllowed(at(from), night, zone))).toBe(expected);
  });

  it("inside quiet hours on the repeated hour (Berlin, second 02:10), waits for the second 02:30", () => {
    const s = { quiet: parseQuiet("01:00-02:30"), days: EVERY_DAY };
    // 01:10Z is 02:10 CET, after the clocks went back; the first 02:30 (00:30Z) has passed.
    expect(iso(nextAllowed(at("2026-10-25T01:10:00Z"), s, "Europe/Berlin"))).toBe("2026-10-25T01:30:00.000Z");
  });
});

describe("parsing settings", () => {
  it("reads quiet hours and days and says them back", () => {
    expect(parseQuiet("19:00-08:00")).toEqual({ start: 19 * 60, end: 8 * 60 });
    expect(parseQuiet("off")).toBeNull();
    expect(describeQuiet(parseQuiet("7:05-9:30"))).toBe("07:05-09:30");
    expect(parseDays("mon-fri")).toEqual(WEEKDAYS);
    expect(parseDays("fri-mon")).toEqual([0, 1, 5, 6]);
    expect(parseDays("Monday,wed")).toEqual([1, 3]);
    expect(describeDays(WEEKDAYS)).toBe("mon-fri");
    expect(describeDays(EVERY_DAY)).toBe("every day");
    expect(describeDays([1, 3])).toBe("mon,wed");
  });
  it.each([
    [() => parseQuiet("19:00"), "is not a range of times"],
    [() => parseQuiet("25:00-08:00"), '"25:00" is not a time of day'],
    [() => parseQuiet("08:00-08:00"), "starts and ends at the same time"],
    [() => parseDays("funday"), '"funday" is not a weekday'],
    [() => parseDays("mon-tue-wed"), "is not a day or a range of days"],
  ])("refuses bad input with a reason (%#)", (parse, message) => {
    expect(parse).toThrow(SettingsError);
    expect(parse).toThrow(message);
  });
});
