/** The import writes one KPI snapshot in its own transaction: a failed import writes none. */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { clearWorkspaceData } from "../../../src/db/stores/workspace-data.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("kpi-snapshots");
});
afterEach(async () => {
  await db.close();
});

function bundle(files: Record<string, string>): string {
  const dir = tempDir("kpi-snapshot-bundle");
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const COMPANIES =
  "id,name,lifecycle_stage,created_at,updated_at\n" +
  "co1,One,customer,2026-01-01,2026-01-01\n" +
  "co2,Two,lead,2026-01-01,2026-01-01\n" +
  "co3,Three,,2026-01-01,2026-01-01\n";

describe("KPI snapshots at import", () => {
  it("records the customers and counts of each successful import, as of its start", async () => {
    const before = Date.now();
    // co3 bought within the last 365 days: a customer by its won deal; co2's win is too old.
    const deals =
      "id,name,company_id,stage,status,closed_at,created_at,updated_at\n" +
      `d1,Renewal,co3,won,won,${new Date(Date.now() - 30 * 86_400_000).toISOString()},2025-01-01,2026-01-01\n` +
      "d2,Old,co2,won,won,2020-01-01,2019-01-01,2020-01-01\n" +
      "d3,Open,co2,proposal,open,,2026-01-01,2026-01-01\n";
    const report = await importBundle(db.stores, "acme", bundle({ "companies.csv": COMPANIES, "deals.csv": deals }));
    expect(report.issues).toEqual([]);
    const store = db.stores.chat.kpis;
    const [summary] = await store.snapshots("acme");
    expect(summary).toMatchObject({
      counts: { companies: 3, contacts: 0, deals: 3, openDeals: 1, activeUsers: 0, customers: 2 },
    });
    expect(summary!.asOf).toBeGreaterThanOrEqual(before);
    expect(summary!.asOf).toBeLessThanOrEqual(Date.now());
    const logged = db.sqlite.prepare(`SELECT id, "startedAt" FROM import_log WHERE "workspaceId" = 'acme'`).get() as {
      id: number;
      startedAt: number;
    };
    expect(summary).toMatchObject({ importId: logged.id, asOf: logged.startedAt });
    expect((await store.snapshot("acme", summary!.id))!.customers).toEqual(["co1", "co3"]);
    // Scoped by workspace: another workspace cannot read it by id.
    expect(await store.snapshot("other", summary!.id)).toBeNull();
    expect(await store.snapshots("other")).toEqual([]);
  });

  it("writes no snapshot for a failed import or a dry run", async () => {
    const bad = bundle({ "companies.csv": COMPANIES + "co4,,customer,not-a-date,2026-01-01\n" });
    const failed = await importBundle(db.stores, "acme", bad);
    expect(failed.ok).toBe(false);
    await importBundle(db.stores, "acme", bundle({ "companies.csv": COMPANIES }), { dryRun: true });
    expect(await db.stores.chat.kpis.snapshots("acme")).toEqual([]);
    await importBundle(db.stores, "acme", bundle({ "companies.csv": COMPANIES }));
    await importBundle(db.stores, "acme", bundle({ "companies.csv": COMPANIES }));
    expect((await db.stores.chat.kpis.snapshots("acme")).map((s) => s.counts.customers)).toEqual([1, 1]);
  });

  it("goes with the records when a workspace is reset", async () => {
    await importBundle(db.stores, "acme", bundle({ "companies.csv": COMPANIES }));
    await importBundle(db.stores, "beta", bundle({ "companies.csv": COMPANIES }));
    db.sqlite.transaction(() => clearWorkspaceData(db.sqlite, "acme"))();
    expect(await db.stores.chat.kpis.snapshots("acme")).toEqual([]);
    expect(await db.stores.chat.kpis.snapshots("beta")).toHaveLength(1);
  });
});
