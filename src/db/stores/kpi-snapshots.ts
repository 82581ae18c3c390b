/**
 * KpiStore on SQLite or PostgreSQL (src/core/stores/kpi-snapshots.ts): the imports' snapshots
 * (kpi_snapshots) and a period's facts aggregated from the CRM tables. Portable SQL (src/db/sql.ts:
 * COUNT, SUM, CASE; date arithmetic is done here, not in SQL). Timestamps are epoch milliseconds
 * in and out (`sql.ts` places a parameter).
 */
import {
  CUSTOMER_WINDOW_DAYS,
  type KpiSnapshot,
  type KpiSnapshotCounts,
  type KpiSnapshotSummary,
  type KpiStore,
  type PeriodFacts,
} from "../../core/stores/kpi-snapshots.js";
import { DAY_MS } from "../../core/dataset/records.js";
import { asDriver, type SqlDriver, type SqlSource } from "../sql.js";

/**
 * The customers of the workspace at `asOf` (docs/kpis.md, "Customer retention and snapshots"): lifecycle stage
 * "customer", or a won deal closed in (asOf − 365 d, asOf].
 */
function customersAt(sql: SqlDriver, workspaceId: string, asOf: number): string[] {
  // A union of two indexed reads, not a per-company EXISTS: deals have no index by company, and
  // this runs inside the import's write transaction.
  return sql
    .all<{ id: string }>(
      `SELECT c."id" AS "id" FROM "companies" c
        WHERE c."workspaceId" = ? AND LOWER(TRIM(c."lifecycleStage")) = 'customer'
       UNION
       SELECT d."companyId" FROM "deals" d
        WHERE d."workspaceId" = ? AND d."status" = 'won' AND d."closedAt" > ${sql.ts} AND d."closedAt" <= ${sql.ts}
          AND d."companyId" IN (SELECT k."id" FROM "companies" k WHERE k."workspaceId" = ?)
       ORDER BY 1`,
      [workspaceId, workspaceId, asOf - CUSTOMER_WINDOW_DAYS * DAY_MS, asOf, workspaceId],
    )
    .map((r) => r.id);
}

const count = (sql: SqlDriver, text: string, workspaceId: string) =>
  Number(sql.get<{ n: number | null }>(text, [workspaceId])?.n ?? 0);

/**
 * Writes the workspace's snapshot for the import logged last, as of that import's start. Called
 * inside the import's write transaction (src/db/sqlite/import-writer.ts), after its rows and its
 * log entry are in, so a failed import writes none.
 */
export function writeKpiSnapshot(source: SqlSource, workspaceId: string): void {
  const sql = asDriver(source);
  const log = sql.get<{ id: number; startedAt: number }>(
    `SELECT "id", "startedAt" FROM "import_log" WHERE "workspaceId" = ? ORDER BY "id" DESC LIMIT 1`,
    [workspaceId],
  );
  if (!log) return;
  writeSnapshotAt(sql, workspaceId, log.startedAt, log.id);
}

/** The snapshot of the workspace's current records as of `asOf` (tests build histories with it). */
export function writeSnapshotAt(source: SqlSource, workspaceId: string, asOf: number, importId: number): void {
  const sql = asDriver(source);
  const customers = customersAt(sql, workspaceId, asOf);
  const counts: KpiSnapshotCounts = {
    companies: count(sql, `SELECT COUNT(*) AS "n" FROM "companies" WHERE "workspaceId" = ?`, workspaceId),
    contacts: count(sql, `SELECT COUNT(*) AS "n" FROM "contacts" WHERE "workspaceId" = ?`, workspaceId),
    deals: count(sql, `SELECT COUNT(*) AS "n" FROM "deals" WHERE "workspaceId" = ?`, workspaceId),
    openDeals: count(
      sql,
      `SELECT COUNT(*) AS "n" FROM "deals" WHERE "workspaceId" = ? AND "status" = 'open'`,
      workspaceId,
    ),
    activeUsers: count(
      sql,
      `SELECT COUNT(*) AS "n" FROM "crm_users" WHERE "workspaceId" = ? AND "active" = TRUE`,
      workspaceId,
    ),
    customers: customers.length,
  };
  sql.run(
    `INSERT INTO "kpi_snapshots" ("workspaceId", "asOf", "importId", "customers", "counts") VALUES (?, ${sql.ts}, ?, ?, ?)`,
    [workspaceId, asOf, importId, JSON.stringify(customers), JSON.stringify(counts)],
  );
}

interface SnapshotRow {
  id: number;
  asOf: number;
  importId: number;
  counts: string;
  customers?: string;
}

const summary = (row: SnapshotRow): KpiSnapshotSummary => ({
  id: row.id,
  asOf: row.asOf,
  importId: row.importId,
  counts: JSON.parse(row.counts) as KpiSnapshotCounts,
});

export function kpiStore(db: { sql: SqlDriver }): KpiStore {
  const { sql } = db;
  return {
    async snapshots(workspaceId) {
      const rows = sql.all<SnapshotRow>(
        `SELECT "id", "asOf", "importId", "counts" FROM "kpi_snapshots" WHERE "workspaceId" = ? ORDER BY "asOf", "id"`,
        [workspaceId],
      );
      return rows.map(summary);
    },
    async snapshot(workspaceId, id): Promise<KpiSnapshot | null> {
      const row = sql.get<SnapshotRow>(
        `SELECT "id", "asOf", "importId", "counts", "customers" FROM "kpi_snapshots" WHERE "workspaceId" = ? AND "id" = ?`,
        [workspaceId, id],
      );
      return row ? { ...summary(row), customers: JSON.parse(row.customers!) as string[] } : null;
    },
    async periodFacts(workspaceId, start, end): Promise<PeriodFacts> {
      const t = sql.ts;
      const deals = sql.get<Record<string, number | null>>(
        `SELECT
           SUM(CASE WHEN "createdAt" >= ${t} AND "createdAt" < ${t} THEN 1 ELSE 0 END) AS "dealsCreated",
           SUM(CASE WHEN "createdAt" >= ${t} AND "createdAt" < ${t} AND "status" = 'won' AND "closedAt" < ${t} THEN 1 ELSE 0 END) AS "dealsCreatedWon",
           SUM(CASE WHEN "closedAt" >= ${t} AND "closedAt" < ${t} AND "status" = 'won' THEN 1 ELSE 0 END) AS "dealsWon",
           SUM(CASE WHEN "closedAt" >= ${t} AND "closedAt" < ${t} AND "status" = 'lost' THEN 1 ELSE 0 END) AS "dealsLost"
         FROM "deals" WHERE "workspaceId" = ?`,
        [start, end, start, end, end, start, end, start, end, workspaceId],
      )!;
      const won = sql.all<{ amount: number | null; currency: string | null; createdAt: number; closedAt: number }>(
        `SELECT "amount", "currency", "createdAt", "closedAt" FROM "deals"
          WHERE "workspaceId" = ? AND "status" = 'won' AND "closedAt" >= ${t} AND "closedAt" < ${t}`,
        [workspaceId, start, end],
      );
      let wonWithAmount = 0;
      let wonAmountSum = 0;
      const currencies = new Set<string>();
      let cycleDeals = 0;
      let cycleDaysSum = 0;
      for (const deal of won) {
        if (deal.amount !== null) {
          wonWithAmount++;
          wonAmountSum += deal.amount;
          currencies.add((deal.currency ?? "").trim().toUpperCase());
        }
        if (deal.closedAt >= deal.createdAt) {
          cycleDeals++;
          cycleDaysSum += (deal.closedAt - deal.createdAt) / DAY_MS;
        }
      }
      const feedback = sql.get<Record<string, number | null>>(
        `SELECT
           SUM(CASE WHEN "scale" = 'csat5' AND "submittedAt" >= ${t} AND "submittedAt" < ${t} THEN 1 ELSE 0 END) AS "csatCount",
           SUM(CASE WHEN "scale" = 'csat5' AND "submittedAt" >= ${t} AND "submittedAt" < ${t} THEN "score" ELSE 0 END) AS "csatSum",
           SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ${t} AND "submittedAt" < ${t} THEN 1 ELSE 0 END) AS "npsCount",
           SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ${t} AND "submittedAt" < ${t} AND "score" >= 9 THEN 1 ELSE 0 END) AS "promoters",
           SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ${t} AND "submittedAt" < ${t} AND "score" <= 6 THEN 1 ELSE 0 END) AS "detractors",
           COUNT(*) AS "feedbackEver"
         FROM "customer_feedback" WHERE "workspaceId" = ?`,
        [start, end, start, end, start, end, start, end, start, end, workspaceId],
      )!;
      // One pass over the period's activities, grouped by author (users are few).
      const byUser = sql.all<{ userId: string; n: number }>(
        `SELECT "userId" AS "userId", COUNT(*) AS "n" FROM "activities"
          WHERE "workspaceId" = ? AND "occurredAt" >= ${t} AND "occurredAt" < ${t}
            AND ("status" IS NULL OR "status" <> 'scheduled')
          GROUP BY "userId"`,
        [workspaceId, start, end],
      );
      const users = sql.all<{
        id: string;
        name: string;
        email: string;
        active: number | boolean;
        extra: string | null;
      }>(`SELECT "id", "name", "email", "active", "extra" FROM "crm_users" WHERE "workspaceId" = ? ORDER BY "id"`, [
        workspaceId,
      ]);
      const n = (v: number | null | undefined) => Number(v ?? 0);
      return {
        dealsCreated: n(deals.dealsCreated),
        dealsCreatedWon: n(deals.dealsCreatedWon),
        dealsWon: n(deals.dealsWon),
        dealsLost: n(deals.dealsLost),
        wonWithAmount,
        wonAmountSum,
        wonCurrencies: currencies.size,
        cycleDeals,
        cycleDaysSum,
        csatCount: n(feedback.csatCount),
        csatSum: n(feedback.csatSum),
        npsCount: n(feedback.npsCount),
        promoters: n(feedback.promoters),
        detractors: n(feedback.detractors),
        feedbackEver: n(feedback.feedbackEver),
        users: users.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          active: Boolean(u.active),
          extra: u.extra,
        })),
        activitiesByUser: Object.fromEntries(byUser.map((r) => [r.userId, Number(r.n)])),
      };
    },
  };
}
