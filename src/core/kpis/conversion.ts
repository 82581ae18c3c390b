import { defineKpi, ratio } from "./define.js";

export default defineKpi({
  id: "lead-conversion",
  title: "Lead→customer conversion",
  unit: "ratio",
  formula: "deals created in the period and won by its end / deals created in the period",
  inputs: ["dealsCreated", "dealsCreatedWon"],
  compute: ({ facts }) =>
    ratio(
      facts.dealsCreatedWon,
      facts.dealsCreated,
      { dealsCreated: facts.dealsCreated, dealsCreatedWon: facts.dealsCreatedWon },
      "no deal was created in the period",
    ),
});
