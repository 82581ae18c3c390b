import check from "../../../../src/core/checks/company/value-not-allowed.js";
import type { AuditRows } from "../../../../src/core/checks/types.js";
import { T, testCheck } from "../check-tester.js";
import { company } from "../run-check.js";

const industries = { values: ["Software", "Retail", "Financial Services"] };
const one = (id: string, fields: Partial<AuditRows["companies"]>) => ({ companies: [company({ id, ...fields })] });

testCheck(check, {
  asOf: T,
  thresholds: industries,
  valid: [
    { name: "a listed industry", tables: one("listed", { industry: "Software" }) },
    { name: "another case and spaces", tables: one("case", { industry: " financial services " }) },
    { name: "blank industry", tables: one("blank", { industry: null }) },
    // The workspace defines no list: nothing to judge, whatever the values.
    { name: "no list defined", tables: one("no-list", { industry: "Sofware" }), thresholds: {} },
    {
      name: "list for another field",
      tables: one("stage-listed", { industry: "Sofware", lifecycleStage: "customer" }),
      thresholds: { field: "lifecycle_stage", values: ["lead", "customer"] },
    },
  ],
  invalid: [
    { name: "an industry typo", tables: one("typo", { industry: "Sofware" }), ids: ["typo"] },
    {
      name: "only the unlisted ones",
      tables: {
        companies: [
          company({ id: "a", industry: "Retail" }),
          company({ id: "b", industry: "Retail & Consumer" }),
          company({ id: "c", industry: null }),
        ],
      },
      ids: ["b"],
    },
    {
      name: "lifecycle stage list",
      tables: one("stage", { lifecycleStage: "prospekt" }),
      thresholds: { field: "lifecycle_stage", values: ["lead", "customer"] },
      ids: ["stage"],
    },
    {
      name: "country list",
      tables: one("country", { country: "UK" }),
      thresholds: { field: "country", values: ["GB", "DE"] },
      ids: ["country"],
    },
  ],
});
