import check from "../../../../src/core/checks/dataset/count-drop.js";
import { T, testCheck } from "../check-tester.js";
import { contact, deal, user } from "../run-check.js";
import { VISIT_ORDER } from "../../../../src/core/checks/types.js";
import type { EntityName } from "../../../../src/core/dataset/entities.js";

const n = <R>(count: number, make: (id: string) => R) => Array.from({ length: count }, (_, i) => make(`r${i}`));
const previous = (counts: Partial<Record<EntityName, number>>) =>
  ({ ...Object.fromEntries(VISIT_ORDER.map((e) => [e, 0])), ...counts }) as Record<EntityName, number>;
const contacts = (count: number) => ({ contacts: n(count, (id) => contact({ id })) });
const mixed = {
  users: n(8, (id) => user({ id })), // 10 → 8: exactly 20%, not reported
  contacts: n(79, (id) => contact({ id })), // 100 → 79: 21%
  deals: n(50, (id) => deal({ id })), // 40 → 50: growth
};
const mixedBefore = previous({ users: 10, contacts: 100, deals: 40, tasks: 5 }); // tasks 5 → 0: all gone

testCheck(check, {
  asOf: T,
  previousCounts: previous({ contacts: 100 }),
  valid: [
    { name: "100 → 80 contacts: exactly 20%", tables: contacts(80) },
    { name: "growth", tables: contacts(120) },
    { name: "first run: nothing to compare with", tables: mixed, previousCounts: null },
    { name: "none before, none now", tables: {}, previousCounts: previous({}) },
    { name: "configured share 0.5: 100 → 50, exactly half", tables: contacts(50), thresholds: { share: 0.5 } },
  ],
  invalid: [
    { name: "100 → 79 contacts: 21%", tables: contacts(79), ids: ["contacts"] },
    {
      name: "several tables: only those that fell by more than 20%",
      tables: mixed,
      previousCounts: mixedBefore,
      ids: ["contacts", "tasks"],
    },
    {
      name: "configured share 0.5: only the table that emptied",
      tables: mixed,
      previousCounts: mixedBefore,
      thresholds: { share: 0.5 },
      ids: ["tasks"],
    },
    { name: "configured share 0.5: 100 → 49", tables: contacts(49), thresholds: { share: 0.5 }, ids: ["contacts"] },
  ],
});
