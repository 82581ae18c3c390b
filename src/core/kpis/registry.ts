/**
 * Every KPI, in the order outputs list them. Adding one is a file beside this one, a line
 * here and its row in docs/kpis.md (test/core/kpis/docs.test.ts); ids are public (JSON, CSV).
 */
import activitiesPerUser from "./activities-per-user.js";
import adoption from "./adoption.js";
import conversion from "./conversion.js";
import csat from "./csat.js";
import dealSize from "./deal-size.js";
import type { KpiDefinition } from "./define.js";
import nps from "./nps.js";
import retention from "./retention.js";
import roi from "./roi.js";
import salesCycle from "./sales-cycle.js";
import winRate from "./win-rate.js";

export const KPIS: readonly KpiDefinition[] = [
  retention,
  conversion,
  winRate,
  salesCycle,
  dealSize,
  csat,
  nps,
  adoption,
  activitiesPerUser,
  roi,
];
