/**
 * The service keeps each workspace's headline run (with its comparison) in memory: asking again
 * reads no run, a newer run replaces it, and clearing the data is noticed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import type { Database } from "../../../src/db/database.js";
import { clearWorkspaceData } from "../../../src/db/stores/workspace-data.js";
import { freshDatabase } from "../../helpers/db.js";
import { insertRows, T } from "./helpers.js";

const PROVIDER = new URL("./fixtures/checks-provider.ts", import.meta.url);

let db: Database;
afterEach(async () => db?.close());

describe("the latest run, kept per workspace", () => {
  it("is read once, replaced by a newer run, and dropped with the workspace's runs", async () => {
    db = freshDatabase("latest-cache");
    insertRows(db.sqlite, "w", "contacts", [
      { id: "c1", email: null },
      { id: "c2", email: "a@b.c" },
    ]);
    const runs = db.stores.auditStorage.local.runs;
    const load = runs.load.bind(runs);
    let loads = 0;
    runs.load = (workspaceId, runId) => {
      loads++;
      return load(workspaceId, runId);
    };
    const service = createAuditService(db.stores, { checksModule: PROVIDER });
    try {
      const first = await service.run({ workspaceId: "w", asOf: T, trigger: "test" });
      const second = await service.run({ workspaceId: "w", asOf: T + 1, trigger: "test" });
      loads = 0;
      const latest = await service.latest("w");
      expect(latest).toMatchObject({ id: second.id, changes: { previousRunId: first.id } });
      const loadsOfOne = loads;
      expect(loadsOfOne).toBe(2); // the run and the one it is compared with
      expect(await service.latest("w")).toBe(latest);
      expect(loads).toBe(loadsOfOne);

      insertRows(db.sqlite, "w", "contacts", [{ id: "c3", email: null }]);
      const third = await service.run({ workspaceId: "w", asOf: T + 2, trigger: "test" });
      const newer = await service.latest("w");
      expect(newer?.id).toBe(third.id);
      expect(newer?.findings.find((f) => f.checkId === "contact.no-email")?.count).toBe(2);

      db.sqlite.transaction(() => clearWorkspaceData(db.sqlite, "w"))();
      expect(await service.latest("w")).toBeNull();
    } finally {
      await service.close();
    }
  });
});
