/** The seats the adoption KPIs divide by: the configured number, else the active CRM users. */
import type { KpiContext } from "./define.js";

export function seatsOf({ config, facts }: Pick<KpiContext, "config" | "facts">): {
  seats: number;
  configured: boolean;
} {
  return config?.seats !== undefined
    ? { seats: config.seats, configured: true }
    : { seats: facts.activeUsersNow, configured: false };
}

export const NO_SEATS = "no seats: the configuration names none (kpis.seats) and the data has no active user";
