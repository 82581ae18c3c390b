/**
 * Two first requests for a new workspace at once (two instances, or two requests of one) on
 * PostgreSQL: Prisma's upsert with nothing to update reads, then inserts, so both can find
 * nothing; both must still succeed and agree (src/db/stores/workspaces.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDatabase } from "../../../src/db/postgres/database.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";

describe.skipIf(noPostgres)("first requests racing on PostgreSQL", () => {
  let db: PostgresDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await freshPostgres("first_request_race"));
  });
  afterAll(async () => {
    await drop?.();
  });

  it("ensure and bindTenant succeed for every racer, and all get the first binding", async () => {
    const { workspaces } = db.stores.chat;
    for (let round = 0; round < 5; round++) {
      const id = `race-${round}`;
      await Promise.all(Array.from({ length: 8 }, () => workspaces.ensure(id, id)));
      const bound = await Promise.all(
        Array.from({ length: 8 }, (_, i) => workspaces.bindTenant("slack", `T${round}`, `${id}-${i}`)),
      );
      expect(new Set(bound).size).toBe(1);
      expect(await workspaces.tenantWorkspace("slack", `T${round}`)).toBe(bound[0]);
    }
    expect(db.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "workspaces" WHERE "id" LIKE 'race-%'`)).toEqual({
      n: 5,
    });
  });
});
