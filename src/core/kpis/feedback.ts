/** Why a feedback KPI has nothing to measure: no feedback at all, or none of its scale in the period. */
import type { PeriodFacts } from "../stores/kpi-snapshots.js";

export function noFeedback(facts: PeriodFacts, scale: "csat5" | "nps10"): string {
  return facts.feedbackEver === 0
    ? "the data holds no customer feedback (customer_feedback.csv; no survey yet)"
    : `no ${scale} feedback was submitted in the period`;
}
