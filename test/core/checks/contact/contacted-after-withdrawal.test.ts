import check from "../../../../src/core/checks/contact/contacted-after-withdrawal.js";
import { T, testCheck } from "../check-tester.js";
import { activity, at, contact } from "../run-check.js";

const withdrew = at("2026-03-01T00:00:00Z");

/** One contact with the given consent and linked activities at the given instants. */
function touched(id: string, consent: "granted" | "withdrawn", consentAt: number | null, occurred: number[]) {
  return {
    contacts: [contact({ id, consent, consentAt })],
    activities: occurred.map((occurredAt, i) => activity({ id: `${id}-a${i}`, contactId: id, occurredAt })),
  };
}

testCheck(check, {
  asOf: T,
  valid: [
    { name: "activity 1 ms before withdrawal", tables: touched("before", "withdrawn", withdrew, [withdrew - 1]) },
    {
      name: "activity at the instant of withdrawal",
      tables: touched("same-instant", "withdrawn", withdrew, [withdrew]),
    },
    { name: "consent granted", tables: touched("granted", "granted", withdrew, [withdrew + 1]) },
    { name: "only activity 1 ms after T", tables: touched("only-future", "withdrawn", withdrew, [T + 1]) },
    { name: "no withdrawal date, no activity", tables: touched("no-date-no-activity", "withdrawn", null, []) },
  ],
  invalid: [
    {
      name: "two activities after withdrawal: reported once",
      tables: touched("after", "withdrawn", withdrew, [withdrew + 1, withdrew + 2]),
      ids: ["after"],
    },
    { name: "activity exactly at T", tables: touched("at-T", "withdrawn", withdrew, [T]), ids: ["at-T"] },
    {
      name: "no withdrawal date: any activity counts",
      tables: touched("no-date", "withdrawn", null, [at("2019-01-01T00:00:00Z")]),
      ids: ["no-date"],
    },
  ],
});
