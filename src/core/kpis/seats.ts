/** The seats the adoption KPIs divide by: the configured number, else the active CRM users (system users left out). */
import type { KpiContext } from "./define.js";

export function seatsOf({ config, usage }: Pick<KpiContext, "config" | "usage">): {
  seats: number;
  configured: boolean;
} {
  return config?.seats !== undefined
    ? { seats: config.seats, configured: true }
    : { seats: usage.activeUsers, configured: false };
}

export const NO_SEATS = "no seats: the configuration names none (kpis.seats) and the data has no active user";
