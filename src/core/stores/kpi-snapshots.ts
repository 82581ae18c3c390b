/**
 * What the KPIs read (docs/kpis.md): the snapshots each import writes (which companies were
 * customers at that moment, a few counts), and the facts of a period aggregated from the CRM
 * tables. Implemented in src/db/stores/kpi-snapshots.ts; the snapshot is written inside the
 * import's commit (src/db/sqlite/import-writer.ts), so a failed import leaves none.
 *
 * A company is a **customer** at an instant T when its lifecycle_stage is "customer" (trimmed,
 * any case) or it has a won deal closed in the 365 days up to T, (T − 365 d, T].
 */

export const CUSTOMER_WINDOW_DAYS = 365;

export interface KpiSnapshotCounts {
  companies: number;
  contacts: number;
  deals: number;
  openDeals: number;
  /** CRM users with active = true. */
  activeUsers: number;
  customers: number;
}

export interface KpiSnapshotSummary {
  id: number;
  /** The instant the snapshot describes (its import's start), epoch ms. */
  asOf: number;
  importId: number;
  counts: KpiSnapshotCounts;
}

export interface KpiSnapshot extends KpiSnapshotSummary {
  /** Ids of the companies that were customers at asOf, sorted. */
  customers: string[];
}

/**
 * Facts of one period [start, end) (epoch ms, start included, end not), from the CRM tables as
 * they are now: each deal, activity and feedback counts by its own timestamps.
 */
export interface PeriodFacts {
  /** Deals created in the period, and those of them won with closed_at before the period's end. */
  dealsCreated: number;
  dealsCreatedWon: number;
  /** Deals closed in the period, by status. */
  dealsWon: number;
  dealsLost: number;
  /** Won deals closed in the period that have an amount: their number, sum and distinct currencies. */
  wonWithAmount: number;
  wonAmountSum: number;
  wonCurrencies: number;
  /** Won deals closed in the period with closed_at ≥ created_at: their number and summed days. */
  cycleDeals: number;
  cycleDaysSum: number;
  /** csat5 feedback submitted in the period: count and sum of scores. */
  csatCount: number;
  csatSum: number;
  /** nps10 feedback submitted in the period: count, promoters (9–10), detractors (0–6). */
  npsCount: number;
  promoters: number;
  detractors: number;
  /** Customer feedback of any time: whether the data holds any at all. */
  feedbackEver: number;
  /** The workspace's CRM users as stored now (the KPIs tell system users apart: src/core/checks/system-users.ts). */
  users: KpiUser[];
  /** Completed (logged: status not "scheduled") activities in the period, by author id. */
  activitiesByUser: Record<string, number>;
}

export interface KpiUser {
  id: string;
  name: string;
  email: string;
  active: boolean;
  /** The import's extra columns as JSON object text (they can flag system users). */
  extra: string | null;
}

export interface KpiStore {
  /** The workspace's snapshots, oldest first, without their customer lists. */
  snapshots(workspaceId: string): Promise<KpiSnapshotSummary[]>;
  /** One snapshot of the workspace with its customers, or null (also for another workspace's id). */
  snapshot(workspaceId: string, id: number): Promise<KpiSnapshot | null>;
  periodFacts(workspaceId: string, start: number, end: number): Promise<PeriodFacts>;
}
