import { defineKpi, ratio } from "./define.js";
import { noFeedback } from "./feedback.js";

export default defineKpi({
  id: "csat",
  title: "CSAT",
  unit: "csat",
  formula: "mean score of the csat5 feedback (1–5) submitted in the period",
  inputs: ["responses", "scoreSum"],
  compute: ({ facts }) =>
    ratio(
      facts.csatSum,
      facts.csatCount,
      { responses: facts.csatCount, scoreSum: facts.csatSum },
      noFeedback(facts, "csat5"),
    ),
});
