import { afterAll, describe, expect, it } from "vitest";
import { numberPlaceholders } from "../../../src/db/sql.js";
import { openSyncPg, PgError } from "../../../src/db/postgres/sync-client.js";
import { createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";

describe("numberPlaceholders", () => {
  it("numbers ? outside string literals and quoted identifiers", () => {
    expect(numberPlaceholders(`SELECT '?' AS "a?", ? FROM t WHERE x = ? AND y LIKE '%?%'`)).toBe(
      `SELECT '?' AS "a?", $1 FROM t WHERE x = $2 AND y LIKE '%?%'`,
    );
  });
});

const servers: TestPostgres[] = [];
afterAll(async () => {
  for (const s of servers) await s.drop();
});

describe.skipIf(noPostgres)("SyncPg", () => {
  it("returns rows as SQLite does (epoch ms, 1/0, numbers) and reports errors with their SQLSTATE", async () => {
    const server = await createTestDatabase("sync_client");
    servers.push(server);
    const pg = openSyncPg(server.url);
    try {
      const [row] = pg.query(
        `SELECT '2026-01-02 03:04:05.678'::timestamp AS t, true AS b, false AS f, 12::int8 AS n, 1.5::float8 AS d, $1::text AS p`,
        ["x"],
      );
      expect(row).toEqual({ t: Date.parse("2026-01-02T03:04:05.678Z"), b: 1, f: 0, n: 12, d: 1.5, p: "x" });
      expect(() => pg.query(`SELECT nope`)).toThrow(PgError);
      try {
        pg.query(`SELECT nope`);
      } catch (error) {
        expect((error as PgError).code).toBe("42703");
      }
    } finally {
      pg.close();
    }
  });

  it("reconnects after the server ended its session, and never reports a lost transaction as committed", async () => {
    const server = await createTestDatabase("sync_reconnect");
    servers.push(server);
    const pg = openSyncPg(server.url);
    const admin = openSyncPg(server.url);
    const kill = () => {
      const [{ pid }] = pg.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`) as [{ pid: number }];
      admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    };
    /**
     * The statements right after the kill may still meet the dead session (the termination notice
     * and the socket's reset arrive apart, two errors under load); a later one reconnects.
     */
    const eventually = <T>(fn: () => T): T => {
      for (let attempt = 1; ; attempt++) {
        try {
          return fn();
        } catch (error) {
          if (attempt === 4) throw error;
        }
      }
    };
    try {
      pg.exec(`CREATE TABLE t (x int)`);
      kill();
      expect(eventually(() => pg.query(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);

      expect(() =>
        pg.transaction(() => {
          pg.run(`INSERT INTO t VALUES (1)`);
          kill();
          // Let the session's end reach the connection before the commit.
          admin.query(`SELECT pg_sleep(0.2)`);
          pg.run(`INSERT INTO t VALUES (2)`);
        }),
      ).toThrow();
      expect(eventually(() => pg.query(`SELECT count(*) AS n FROM t`))).toEqual([{ n: 0 }]);
    } finally {
      pg.close();
      admin.close();
    }
  });

  it("fails a statement that takes longer than its limit, and the connection keeps working", async () => {
    const server = await createTestDatabase("sync_timeout");
    servers.push(server);
    const pg = openSyncPg(server.url, { queryTimeoutMs: 300 });
    try {
      expect(() => pg.query(`SELECT pg_sleep(0.8)`)).toThrow();
      expect(() => pg.transaction(() => pg.query(`SELECT pg_sleep(0.8)`))).toThrow();
      const eventually = () => {
        for (let i = 0; ; i++) {
          try {
            return pg.query(`SELECT 1 AS one`);
          } catch (error) {
            if (i > 5) throw error;
          }
        }
      };
      expect(eventually()).toEqual([{ one: 1 }]);
      expect(pg.inTransaction).toBe(false);
    } finally {
      pg.close();
    }
  });
});
