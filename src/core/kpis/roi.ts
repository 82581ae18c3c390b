/**
 * CRM ROI = (gain − cost) / cost over the period (docs/kpis.md, "ROI", with a worked example):
 *   cost = months × (seats × licencePerSeatMonth + adminPerMonth) + months × implementation / amortisationMonths
 *   gain = revenueShare × revenue won in the period + months × users × hoursSavedPerUserMonth × hourlyCost
 * users = kpis.seats, else the active CRM users. Without cost or gain inputs it is "not configured".
 */
import { defineKpi } from "./define.js";
import { seatsOf } from "./seats.js";

export default defineKpi({
  id: "roi",
  title: "CRM ROI",
  unit: "ratio",
  formula:
    "(gain − cost) / cost; cost = licences + admin + amortised implementation, gain = attributed revenue + hours saved × hourly cost",
  inputs: ["cost", "gain", "licences", "admin", "implementation", "attributedRevenue", "hoursSavedValue", "months"],
  compute(context) {
    const { config, facts, period } = context;
    const costs = config?.costs;
    const gains = config?.gains;
    const hasCost =
      costs !== undefined &&
      (costs.licencePerSeatMonth !== undefined ||
        costs.adminPerMonth !== undefined ||
        costs.implementation !== undefined);
    const hasGain =
      gains !== undefined && (gains.revenueShare !== undefined || gains.hoursSavedPerUserMonth !== undefined);
    if (!hasCost || !hasGain) {
      const missing = [!hasCost ? "costs" : "", !hasGain ? "gains" : ""].filter(Boolean).join(" and ");
      return {
        status: "not-configured",
        reason: `the configuration file has no kpis.${missing} (docs/kpis.md, "ROI")`,
      };
    }
    const months = period.months;
    const { seats } = seatsOf(context);
    const licences = months * (config?.seats ?? 0) * (costs.licencePerSeatMonth ?? 0);
    const admin = months * (costs.adminPerMonth ?? 0);
    const implementation = (months * (costs.implementation ?? 0)) / costs.amortisationMonths;
    const cost = licences + admin + implementation;
    if (cost === 0) return { status: "not-configured", reason: "the configured costs add up to 0" };
    const attributedRevenue = (gains.revenueShare ?? 0) * facts.wonAmountSum;
    const hoursSavedValue = months * seats * (gains.hoursSavedPerUserMonth ?? 0) * (gains.hourlyCost ?? 0);
    const gain = attributedRevenue + hoursSavedValue;
    return {
      status: "measured",
      value: (gain - cost) / cost,
      inputs: { cost, gain, licences, admin, implementation, attributedRevenue, hoursSavedValue, months },
      ...(gains.revenueShare !== undefined && facts.wonCurrencies > 1
        ? { note: `won revenue sums ${facts.wonCurrencies} currencies without conversion` }
        : {}),
    };
  },
});
