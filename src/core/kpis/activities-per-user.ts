import { defineKpi, ratio } from "./define.js";
import { NO_SEATS, seatsOf } from "./seats.js";

export default defineKpi({
  id: "activities-per-user",
  title: "Activities logged per user",
  unit: "per-user",
  formula: "completed activities logged in the period / seats (kpis.seats, else active CRM users)",
  inputs: ["activities", "seats"],
  compute(context) {
    const { seats, configured } = seatsOf(context);
    const value = ratio(context.usage.activities, seats, { activities: context.usage.activities, seats }, NO_SEATS);
    if (value.status === "measured" && !configured) value.note = "seats = active CRM users (kpis.seats not set)";
    return value;
  },
});
