import check from "../../../../src/core/checks/activity/future-dated.js";
import { T, testCheck } from "../check-tester.js";
import { activity, at } from "../run-check.js";

const one = (id: string, occurredAt: number) => ({ activities: [activity({ id, occurredAt })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "exactly at T", tables: one("at-T", T) },
    // 2026-05-01T13:30:00+02:00 is 11:30Z: before T.
    { name: "offset: before T", tables: one("offset-before", at("2026-05-01T13:30:00+02:00")) },
  ],
  invalid: [
    { name: "1 ms after T", tables: one("after", T + 1), ids: ["after"] },
    // 2026-05-01T08:30:00-04:00 is 12:30Z: after T.
    { name: "offset: after T", tables: one("offset-after", at("2026-05-01T08:30:00-04:00")), ids: ["offset-after"] },
  ],
});
