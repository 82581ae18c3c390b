import { defineKpi, ratio } from "./define.js";

export default defineKpi({
  id: "sales-cycle",
  title: "Sales cycle length",
  unit: "days",
  formula: "mean days from created to closed, of the deals won in the period",
  inputs: ["wonDeals", "totalDays"],
  compute: ({ facts }) =>
    ratio(
      facts.cycleDaysSum,
      facts.cycleDeals,
      { wonDeals: facts.cycleDeals, totalDays: facts.cycleDaysSum },
      "no deal was won in the period",
    ),
});
