import { defineKpi, ratio } from "./define.js";

export default defineKpi({
  id: "win-rate",
  title: "Win rate",
  unit: "ratio",
  formula: "deals won / (won + lost), of the deals closed in the period",
  inputs: ["won", "lost"],
  compute: ({ facts }) =>
    ratio(
      facts.dealsWon,
      facts.dealsWon + facts.dealsLost,
      { won: facts.dealsWon, lost: facts.dealsLost },
      "no deal was won or lost in the period",
    ),
});
