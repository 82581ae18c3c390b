/**
 * Delivery keys of every chat platform in one store. Slack redelivers what it thinks was not
 * acknowledged and the Teams connector an activity whose answer was slow or lost; a replayed
 * request arrives again as is. Each delivery's key is claimed once (a primary key makes the
 * claim atomic across bot instances), so a second copy does nothing. Keys are pruned by age on
 * a timer the app starts, whichever platforms are on.
 *
 * The keys live in a file of their own beside the database (`<name>.deliveries.db`, attached
 * to the server's connection as `chat`): every Slack request claims one before it is
 * acknowledged, and an import in another process may hold the main file's write lock for a
 * while (docs/import.md, "Imports while the bot runs"); no import ever locks this file. On
 * PostgreSQL they are the `deliveries` table of the database every instance shares
 * (prisma/schema/deliveries.prisma), in the same SQL (src/db/sql.ts).
 */
import path from "node:path";
import { retryBusy } from "../db/busy.js";
import type { AnyDatabase, Database } from "../db/database.js";
import type { SqlDriver } from "../db/sql.js";
import type { Logger } from "../logger.js";
import { METRIC, metrics } from "./metrics.js";

/** Slack retries for minutes and signatures are accepted for five: an hour covers both. */
export const DELIVERY_KEY_MAX_AGE_MS = 60 * 60_000;
export const DELIVERY_PRUNE_EVERY_MS = 10 * 60_000;

/** The delivery-key file for a database file. */
export function deliveriesFile(dbFile: string): string {
  if (dbFile === ":memory:") return ":memory:";
  const { dir, name } = path.parse(dbFile);
  return path.join(dir, `${name}.deliveries.db`);
}

export class DeliveryStore {
  private readonly sql: SqlDriver;
  private readonly table: string;

  constructor(
    db: Pick<Database, "provider" | "sqlite" | "file" | "sql"> | Pick<AnyDatabase, "provider" | "sql">,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = db.sql;
    if (db.provider === "postgres" || !("sqlite" in db)) {
      this.table = `"deliveries"`;
      return;
    }
    this.table = `chat."deliveries"`;
    const { sqlite } = db;
    const attached = (sqlite.pragma("database_list") as { name: string }[]).some((d) => d.name === "chat");
    if (!attached) {
      sqlite.prepare(`ATTACH DATABASE ? AS chat`).run(deliveriesFile(db.file));
      if (db.file !== ":memory:") sqlite.pragma("chat.journal_mode = WAL");
      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS chat.deliveries ("key" TEXT NOT NULL PRIMARY KEY, "createdAt" INTEGER NOT NULL)`,
      );
      sqlite.exec(`CREATE INDEX IF NOT EXISTS chat.deliveries_createdAt ON deliveries ("createdAt")`);
    }
  }

  /** True for the first claim of a key, false when some instance already claimed it. */
  async claim(key: string): Promise<boolean> {
    const changes = await retryBusy(() =>
      this.sql.run(`INSERT INTO ${this.table} ("key", "createdAt") VALUES (?, ?) ON CONFLICT DO NOTHING`, [
        key,
        this.now(),
      ]),
    );
    metrics.inc(...METRIC.deliveries, { result: changes === 1 ? "first" : "duplicate" });
    return changes === 1;
  }

  /** Deletes the keys older than `maxAgeMs`, of every platform; returns how many. */
  async prune(maxAgeMs = DELIVERY_KEY_MAX_AGE_MS): Promise<number> {
    return retryBusy(() => this.sql.run(`DELETE FROM ${this.table} WHERE "createdAt" < ?`, [this.now() - maxAgeMs]));
  }

  /** Every key with its claim time, oldest first. */
  keys(): { key: string; createdAt: number }[] {
    return this.sql
      .all<{ key: string; createdAt: number }>(
        `SELECT "key", "createdAt" FROM ${this.table} ORDER BY "createdAt", "key"`,
      )
      .map((r) => ({ key: r.key, createdAt: Number(r.createdAt) }));
  }

  /** Prunes every `everyMs` until the returned function is called; the timer never keeps the process alive. */
  startPruning(logger: Logger, everyMs = DELIVERY_PRUNE_EVERY_MS): () => void {
    const timer = setInterval(() => {
      this.prune().catch((error: unknown) =>
        logger.warn("could not prune processed deliveries", { error: String(error) }),
      );
    }, everyMs).unref();
    return () => clearInterval(timer);
  }
}
