import { defineKpi, ratio } from "./define.js";

export default defineKpi({
  id: "average-deal-size",
  title: "Average deal size",
  unit: "amount",
  formula: "sum of amounts / number, of the deals won in the period that have an amount",
  inputs: ["wonDeals", "wonAmount"],
  compute({ facts }) {
    const value = ratio(
      facts.wonAmountSum,
      facts.wonWithAmount,
      { wonDeals: facts.wonWithAmount, wonAmount: facts.wonAmountSum },
      "no deal with an amount was won in the period",
    );
    // Amounts are not converted: a mean over several currencies is said to be one.
    if (value.status === "measured" && facts.wonCurrencies > 1)
      value.note = `${facts.wonCurrencies} currencies summed without conversion`;
    return value;
  },
});
