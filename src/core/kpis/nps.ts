import { defineKpi } from "./define.js";
import { noFeedback } from "./feedback.js";

export default defineKpi({
  id: "nps",
  title: "NPS",
  unit: "nps",
  formula: "100 × (promoters 9–10 − detractors 0–6) / responses, of the nps10 feedback submitted in the period",
  inputs: ["responses", "promoters", "detractors"],
  compute({ facts }) {
    if (facts.npsCount === 0) return { status: "not-measured", reason: noFeedback(facts, "nps10") };
    return {
      status: "measured",
      value: (100 * (facts.promoters - facts.detractors)) / facts.npsCount,
      inputs: { responses: facts.npsCount, promoters: facts.promoters, detractors: facts.detractors },
    };
  },
});
