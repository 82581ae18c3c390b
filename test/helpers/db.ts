import path from "node:path";
import { openDatabase, type Database } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";
import { tempDir } from "./tmp.js";

/** A migrated SQLite database in a fresh file, as the app would have it after start-up. */
export function freshDatabase(label = "db"): Database {
  const file = path.join(tempDir(label), "crm.db");
  const db = openDatabase(`file:${file}`);
  applyMigrations(db.sqlite);
  return db;
}
