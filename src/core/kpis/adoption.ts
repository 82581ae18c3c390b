import { defineKpi, ratio } from "./define.js";
import { NO_SEATS, seatsOf } from "./seats.js";

export default defineKpi({
  id: "crm-adoption",
  title: "CRM adoption",
  unit: "ratio",
  formula: "active users who logged an activity in the period / seats (kpis.seats, else active CRM users)",
  inputs: ["activeUsers", "seats"],
  compute(context) {
    const { seats, configured } = seatsOf(context);
    const value = ratio(context.usage.adopters, seats, { activeUsers: context.usage.adopters, seats }, NO_SEATS);
    if (value.status === "measured" && !configured) value.note = "seats = active CRM users (kpis.seats not set)";
    return value;
  },
});
