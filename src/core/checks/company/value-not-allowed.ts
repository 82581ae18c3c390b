import { z } from "zod";
import { defineCheck } from "../types.js";
import type { AuditRows } from "../types.js";

/** The company columns a workspace may restrict to a list (CSV column name → record field). */
const LISTED_FIELDS = {
  industry: "industry",
  lifecycle_stage: "lifecycleStage",
  country: "country",
} as const satisfies Record<string, keyof AuditRows["companies"]>;

/** Case and surrounding spaces do not make a value another value ("software " is "Software"). */
const comparable = (value: string) => value.trim().toLowerCase();

export default defineCheck({
  meta: {
    id: "company.value-not-allowed",
    title: "Companies with a value outside the allowed list",
    category: "data-quality",
    severity: "low",
    entity: "companies",
    shape: "records",
    effort: "bulk",
    // Depends on the records and settings only, never on T: reused while the data is unchanged.
    outcomeCached: true,
    why: "A value outside the workspace's list (an industry typo) drops the record from every report and segment built on that field.",
    fix: "Correct each value to one on the list, or add it to the list if it is legitimate.",
  },
  thresholds: z.strictObject({
    /** Which company column the list is for. */
    field: z.enum(Object.keys(LISTED_FIELDS) as [keyof typeof LISTED_FIELDS]).default("industry"),
    /** The allowed values; empty (the default): the workspace defines no list and nothing is judged. */
    values: z.array(z.string().trim().min(1, "expected a value, not a blank")).default([]),
  }),
  unmeasuredWith: ({ values }) =>
    values.length === 0 ? "the workspace defines no allowed values (setting `values`)" : null,
  create(context) {
    const { field, values } = context.thresholds;
    if (values.length === 0) return {};
    const allowed = new Set(values.map(comparable));
    const key = LISTED_FIELDS[field];
    return {
      companies(company) {
        const value = company[key];
        // A blank is missing data, not a wrong value.
        if (value == null || value.trim() === "") return;
        if (!allowed.has(comparable(value))) context.report(company.id);
      },
    };
  },
});
