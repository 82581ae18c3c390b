import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { runRecordStore } from "../../../src/db/stores/run-records.js";
import { freshDatabase } from "../../helpers/db.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const counts = { users: 0, companies: 0, contacts: 1, deals: 0, tasks: 0, activities: 0, customer_feedback: 0 };

function save(db: Database, workspaceId: string, asOf: number, overall: number, selection: string[] | null) {
  return db.stores.auditStorage.local.runs.save(
    {
      workspaceId,
      asOf,
      startedAt: asOf,
      durationMs: 5,
      trigger: "cli",
      requestedBy: null,
      selection,
      scores: { overall, categories: { "data-quality": overall } },
      metrics: metricsWithCounts(counts),
      findings: [],
    },
    { select: null, checks: [{ id: "contact.stale", severity: "low", thresholds: { days: 365 } }] },
  );
}

describe("run record store", () => {
  it("reads runs' scores newest first, one workspace only, and the configuration a run kept", async () => {
    const db = freshDatabase("run-records");
    open.push(db);
    const first = save(db, "w1", Date.UTC(2026, 0, 1), 70, null);
    save(db, "w2", Date.UTC(2026, 0, 2), 10, null);
    const partial = save(db, "w1", Date.UTC(2026, 1, 1), 50, ["security"]);
    const store = runRecordStore(db);
    expect(await store.scores("w1", 10)).toEqual([
      {
        id: partial,
        asOf: Date.UTC(2026, 1, 1),
        selection: ["security"],
        scores: { overall: 50, categories: { "data-quality": 50 } },
      },
      {
        id: first,
        asOf: Date.UTC(2026, 0, 1),
        selection: null,
        scores: { overall: 70, categories: { "data-quality": 70 } },
      },
    ]);
    expect(await store.scores("w1", 1)).toHaveLength(1);
    expect(await store.config("w1", first)).toEqual({
      select: null,
      checks: [{ id: "contact.stale", severity: "low", thresholds: { days: 365 } }],
    });
    // Another workspace's run is no run of this one.
    expect(await store.config("w2", first)).toBeNull();
  });
});
