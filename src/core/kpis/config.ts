/**
 * The KPI inputs of the configuration file (`kpis:` in crm-audit.config.yml, parsed with the
 * rest of the file by src/core/checks/config.ts): seats and the CRM's costs and gains for the
 * ROI (docs/kpis.md, "ROI"). Every amount is per month except the one-off implementation
 * cost, which is spread over `amortisationMonths`.
 */
import { z } from "zod";

const amount = z.number({ error: "expected a number" }).finite().min(0, "must not be negative");

export const kpiConfigSchema = z
  .strictObject({
    /** Licensed seats: the licence cost and the adoption KPI's denominator. */
    seats: z.number({ error: "expected a whole number" }).int("expected a whole number").min(1).optional(),
    /** A label for amounts, e.g. EUR; amounts are not converted. */
    currency: z.string().trim().min(1).max(12).optional(),
    costs: z
      .strictObject({
        licencePerSeatMonth: amount.optional(),
        adminPerMonth: amount.optional(),
        implementation: amount.optional(),
        amortisationMonths: z.number().int("expected a whole number").min(1).default(36),
      })
      .optional(),
    gains: z
      .strictObject({
        /** Share (0..1) of the revenue won in the period that is attributed to the CRM. */
        revenueShare: z.number().min(0).max(1, "a share between 0 and 1").optional(),
        hoursSavedPerUserMonth: amount.optional(),
        hourlyCost: amount.optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.costs?.licencePerSeatMonth !== undefined && value.seats === undefined)
      ctx.addIssue({ code: "custom", path: ["seats"], message: "costs.licencePerSeatMonth needs seats" });
    const g = value.gains;
    if (g && (g.hoursSavedPerUserMonth === undefined) !== (g.hourlyCost === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["gains", g.hourlyCost === undefined ? "hourlyCost" : "hoursSavedPerUserMonth"],
        message: "hoursSavedPerUserMonth and hourlyCost go together",
      });
  });

export type KpiConfig = z.output<typeof kpiConfigSchema>;

/** What the KPIs take from the configuration file: its `kpis:` section and its `systemUsers:`. */
export interface KpiSettings {
  config: KpiConfig | null;
  systemUsers: readonly string[];
}

export const NO_KPI_SETTINGS: KpiSettings = { config: null, systemUsers: [] };
