/**
 * KpiStore on the SQLite database (src/core/stores/kpi-snapshots.ts): the imports' snapshots
 * (kpi_snapshots) and a period's facts aggregated from the CRM tables. Plain SQL that runs on
 * PostgreSQL as well (COUNT, SUM, CASE, EXISTS; date arithmetic is done here, not in SQL).
 * Timestamps are epoch milliseconds (prisma/schema/base.prisma).
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
import type { SqliteDatabase } from "../sqlite/connection.js";

/**
 * The customers of the workspace at `asOf` (docs/kpis.md, "Customer retention and snapshots"): lifecycle stage
 * "customer", or a won deal closed in (asOf − 365 d, asOf].
 */
function customersAt(sqlite: SqliteDatabase, workspaceId: string, asOf: number): string[] {
  // A union of two indexed reads, not a per-company EXISTS: deals have no index by company, and
  // this runs inside the import's write transaction.
  return sqlite
    .prepare(
      `SELECT c."id" FROM companies c
        WHERE c."workspaceId" = ? AND LOWER(TRIM(c."lifecycleStage")) = 'customer'
       UNION
       SELECT d."companyId" FROM deals d
        WHERE d."workspaceId" = ? AND d."status" = 'won' AND d."closedAt" > ? AND d."closedAt" <= ?
          AND d."companyId" IN (SELECT k."id" FROM companies k WHERE k."workspaceId" = ?)
       ORDER BY 1`,
    )
    .pluck()
    .all(workspaceId, workspaceId, asOf - CUSTOMER_WINDOW_DAYS * DAY_MS, asOf, workspaceId) as string[];
}

const count = (sqlite: SqliteDatabase, sql: string, ...params: unknown[]) =>
  Number(
    sqlite
      .prepare(sql)
      .pluck()
      .get(...params) ?? 0,
  );

/**
 * Writes the workspace's snapshot for the import logged last, as of that import's start. Called
 * inside the import's write transaction (src/db/sqlite/import-writer.ts), after its rows and its
 * log entry are in, so a failed import writes none.
 */
export function writeKpiSnapshot(sqlite: SqliteDatabase, workspaceId: string): void {
  const log = sqlite
    .prepare(`SELECT "id", "startedAt" FROM import_log WHERE "workspaceId" = ? ORDER BY "id" DESC LIMIT 1`)
    .get(workspaceId) as { id: number; startedAt: number } | undefined;
  if (!log) return;
  writeSnapshotAt(sqlite, workspaceId, log.startedAt, log.id);
}

/** The snapshot of the workspace's current records as of `asOf` (tests build histories with it). */
export function writeSnapshotAt(sqlite: SqliteDatabase, workspaceId: string, asOf: number, importId: number): void {
  const customers = customersAt(sqlite, workspaceId, asOf);
  const counts: KpiSnapshotCounts = {
    companies: count(sqlite, `SELECT COUNT(*) FROM companies WHERE "workspaceId" = ?`, workspaceId),
    contacts: count(sqlite, `SELECT COUNT(*) FROM contacts WHERE "workspaceId" = ?`, workspaceId),
    deals: count(sqlite, `SELECT COUNT(*) FROM deals WHERE "workspaceId" = ?`, workspaceId),
    openDeals: count(sqlite, `SELECT COUNT(*) FROM deals WHERE "workspaceId" = ? AND "status" = 'open'`, workspaceId),
    activeUsers: count(
      sqlite,
      `SELECT COUNT(*) FROM crm_users WHERE "workspaceId" = ? AND "active" = TRUE`,
      workspaceId,
    ),
    customers: customers.length,
  };
  sqlite
    .prepare(
      `INSERT INTO kpi_snapshots ("workspaceId", "asOf", "importId", "customers", "counts") VALUES (?, ?, ?, ?, ?)`,
    )
    .run(workspaceId, asOf, importId, JSON.stringify(customers), JSON.stringify(counts));
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

export function kpiStore(db: { sqlite: SqliteDatabase }): KpiStore {
  const { sqlite } = db;
  return {
    async snapshots(workspaceId) {
      const rows = sqlite
        .prepare(
          `SELECT "id", "asOf", "importId", "counts" FROM kpi_snapshots WHERE "workspaceId" = ? ORDER BY "asOf", "id"`,
        )
        .all(workspaceId) as SnapshotRow[];
      return rows.map(summary);
    },
    async snapshot(workspaceId, id): Promise<KpiSnapshot | null> {
      const row = sqlite
        .prepare(
          `SELECT "id", "asOf", "importId", "counts", "customers" FROM kpi_snapshots WHERE "workspaceId" = ? AND "id" = ?`,
        )
        .get(workspaceId, id) as SnapshotRow | undefined;
      return row ? { ...summary(row), customers: JSON.parse(row.customers!) as string[] } : null;
    },
    async periodFacts(workspaceId, start, end): Promise<PeriodFacts> {
      const deals = sqlite
        .prepare(
          `SELECT
             SUM(CASE WHEN "createdAt" >= ? AND "createdAt" < ? THEN 1 ELSE 0 END) AS "dealsCreated",
             SUM(CASE WHEN "createdAt" >= ? AND "createdAt" < ? AND "status" = 'won' AND "closedAt" < ? THEN 1 ELSE 0 END) AS "dealsCreatedWon",
             SUM(CASE WHEN "closedAt" >= ? AND "closedAt" < ? AND "status" = 'won' THEN 1 ELSE 0 END) AS "dealsWon",
             SUM(CASE WHEN "closedAt" >= ? AND "closedAt" < ? AND "status" = 'lost' THEN 1 ELSE 0 END) AS "dealsLost"
           FROM deals WHERE "workspaceId" = ?`,
        )
        .get(start, end, start, end, end, start, end, start, end, workspaceId) as Record<string, number | null>;
      const won = sqlite
        .prepare(
          `SELECT "amount", "currency", "createdAt", "closedAt" FROM deals
            WHERE "workspaceId" = ? AND "status" = 'won' AND "closedAt" >= ? AND "closedAt" < ?`,
        )
        .all(workspaceId, start, end) as {
        amount: number | null;
        currency: string | null;
        createdAt: number;
        closedAt: number;
      }[];
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
      const feedback = sqlite
        .prepare(
          `SELECT
             SUM(CASE WHEN "scale" = 'csat5' AND "submittedAt" >= ? AND "submittedAt" < ? THEN 1 ELSE 0 END) AS "csatCount",
             SUM(CASE WHEN "scale" = 'csat5' AND "submittedAt" >= ? AND "submittedAt" < ? THEN "score" ELSE 0 END) AS "csatSum",
             SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ? AND "submittedAt" < ? THEN 1 ELSE 0 END) AS "npsCount",
             SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ? AND "submittedAt" < ? AND "score" >= 9 THEN 1 ELSE 0 END) AS "promoters",
             SUM(CASE WHEN "scale" = 'nps10' AND "submittedAt" >= ? AND "submittedAt" < ? AND "score" <= 6 THEN 1 ELSE 0 END) AS "detractors",
             COUNT(*) AS "feedbackEver"
           FROM customer_feedback WHERE "workspaceId" = ?`,
        )
        .get(start, end, start, end, start, end, start, end, start, end, workspaceId) as Record<string, number | null>;
      // One pass over the period's activities, grouped by author (users are few).
      const byUser = sqlite
        .prepare(
          `SELECT "userId" AS "userId", COUNT(*) AS "n" FROM activities
            WHERE "workspaceId" = ? AND "occurredAt" >= ? AND "occurredAt" < ?
              AND ("status" IS NULL OR "status" <> 'scheduled')
            GROUP BY "userId"`,
        )
        .all(workspaceId, start, end) as { userId: string; n: number }[];
      const users = sqlite
        .prepare(`SELECT "id", "name", "email", "active", "extra" FROM crm_users WHERE "workspaceId" = ? ORDER BY "id"`)
        .all(workspaceId) as {
        id: string;
        name: string;
        email: string;
        active: number | boolean;
        extra: string | null;
      }[];
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
