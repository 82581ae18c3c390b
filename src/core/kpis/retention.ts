import { defineKpi } from "./define.js";

export default defineKpi({
  id: "customer-retention",
  title: "Customer retention",
  unit: "ratio",
  formula: "customers kept at period end / customers at period start (across import snapshots)",
  inputs: ["customersAtStart", "kept"],
  compute({ retention }) {
    if (retention.status !== "measured") return retention;
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    return {
      status: "measured",
      value: retention.kept / retention.customersAtStart,
      inputs: { customersAtStart: retention.customersAtStart, kept: retention.kept },
      basis: `import snapshots of ${day(retention.startAsOf)} and ${day(retention.endAsOf)}`,
    };
  },
});
