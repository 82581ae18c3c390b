import { describe, expect, it } from "vitest";
import type { ScheduleSpecError } from "../../../src/core/schedules/cron.js";
import {
  checkTimeZone,
  describeSchedule,
  fireInstant,
  nextFires,
  parseCron,
} from "../../../src/core/schedules/cron.js";
import { parseScheduleSpec } from "../../../src/core/schedules/spec.js";

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());

describe("cron expressions and zones", () => {
  it("names the bad field of an invalid expression and the wrong field count", () => {
    expect(() => parseCron("61 8 * * 1")).toThrow(/minute "61"/);
    expect(() => parseCron("0 8 * *")).toThrow(/4 fields; a schedule has five/);
    expect(() => parseCron("0 0 8 * * 1")).toThrow(/6 fields/);
  });

  it("accepts IANA zones and rejects anything else as a time zone error", () => {
    expect(checkTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    const error = (() => {
      try {
        checkTimeZone("Mars/Olympus");
      } catch (e) {
        return e as ScheduleSpecError;
      }
    })();
    expect(error?.part).toBe("time zone");
  });

  it("summarises the common shapes and shows the expression otherwise", () => {
    expect(describeSchedule("0 8 * * 1", "Europe/Berlin")).toBe("every Monday at 08:00 Europe/Berlin");
    expect(describeSchedule("30 7 * * 1-5", "UTC")).toBe("every weekday (Monday to Friday) at 07:30 UTC");
    expect(describeSchedule("0 9 1 * *", "UTC")).toBe("on the 1st of every month at 09:00 UTC");
    expect(describeSchedule("*/15 * * * *", "UTC")).toBe("every 15 minutes (UTC)");
    expect(describeSchedule("0 8,12 * * *", "UTC")).toBe('"0 8,12 * * *" (UTC)');
  });

  it("computes the next fires in the zone", () => {
    const after = Date.parse("2026-12-02T12:00:00Z"); // a Wednesday
    expect(iso(nextFires(parseCron("0 8 * * 1"), "Europe/Berlin", after, 3))).toEqual([
      "2026-12-07T07:00:00.000Z",
      "2026-12-14T07:00:00.000Z",
      "2026-12-21T07:00:00.000Z",
    ]);
    expect(iso(nextFires(parseCron("0 9 * * *"), "America/New_York", after, 1))).toEqual(["2026-12-02T14:00:00.000Z"]);
  });

  it("skips a 02:30 that the spring-forward day does not have, in Berlin and New York", () => {
    expect(iso(nextFires(parseCron("30 2 * * *"), "Europe/Berlin", Date.parse("2026-03-28T12:00:00Z"), 2))).toEqual([
      "2026-03-30T00:30:00.000Z",
      "2026-03-31T00:30:00.000Z",
    ]);
    expect(iso(nextFires(parseCron("30 2 * * *"), "America/New_York", Date.parse("2026-03-07T12:00:00Z"), 2))).toEqual([
      "2026-03-09T06:30:00.000Z",
      "2026-03-10T06:30:00.000Z",
    ]);
  });

  it("fires a 02:30 once on the fall-back day, and both occurrences claim the same instant", () => {
    const fires = nextFires(parseCron("30 2 * * *"), "Europe/Berlin", Date.parse("2026-10-24T12:00:00Z"), 2);
    expect(iso(fires)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
    // 02:30 CEST (00:30Z) and 02:30 CET (01:30Z) are one local time: one claim key.
    expect(fireInstant(Date.parse("2026-10-25T01:30:15Z"), "Europe/Berlin")).toBe(Date.parse("2026-10-25T00:30:00Z"));
    const ny = nextFires(parseCron("30 1 * * *"), "America/New_York", Date.parse("2026-10-31T12:00:00Z"), 2);
    expect(iso(ny)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);
  });
});

describe("schedule add arguments", () => {
  it("reads kind, expression, zone, channel and the kind's options", () => {
    expect(
      parseScheduleSpec([
        "audit",
        "0 8 * * 1",
        "--tz",
        "Europe/Berlin",
        "--channel",
        "here",
        "--categories",
        "process,usage",
        "--always",
      ]),
    ).toEqual({
      kind: "audit",
      cron: "0 8 * * 1",
      timeZone: "Europe/Berlin",
      channel: "here",
      options: { categories: ["process", "usage"], always: true },
    });
  });

  it("names the bad part", () => {
    const part = (tokens: string[]) => {
      try {
        parseScheduleSpec(tokens);
      } catch (e) {
        return [(e as ScheduleSpecError).part, (e as Error).message];
      }
      return null;
    };
    expect(part(["weekly", "0 8 * * 1", "--tz", "UTC"])?.[0]).toBe("kind");
    expect(part(["audit", "0 25 * * 1", "--tz", "UTC"])).toEqual([
      "cron expression",
      expect.stringContaining('hour "25"'),
    ]);
    expect(part(["audit", "0 8 * * 1", "--tz", "Berlin/Europe"])?.[0]).toBe("time zone");
    expect(part(["audit", "0 8 * * 1"])?.[0]).toBe("time zone");
    expect(part(["audit", "0 8 * * 1", "--tz", "UTC", "--categories", "sales"])?.[0]).toBe("option");
    expect(part(["audit", "0 8 * * 1", "--tz", "UTC", "--loud"])).toEqual([
      "option",
      expect.stringContaining("--loud is not an option of audit"),
    ]);
  });
});
