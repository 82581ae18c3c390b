/**
 * The database holds CRM data and chat credentials: a new data folder and its database files
 * (the -wal and -shm beside it included) are readable by their owner only.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";
import { tempDir } from "../helpers/tmp.js";

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe.skipIf(process.platform === "win32")("database file modes", () => {
  it("creates the data folder 0700 and the database, -wal and -shm files 0600", async () => {
    const folder = path.join(tempDir("file-modes"), "data", "nested");
    const file = path.join(folder, "crm.db");
    const db = openDatabase(`file:${file}`);
    try {
      applyMigrations(db.sqlite);
      await db.prisma.workspace.create({ data: { id: "w", name: "w" } });
      expect(modeOf(folder)).toBe(0o700);
      expect(modeOf(path.dirname(folder))).toBe(0o700);
      for (const suffix of ["", "-wal", "-shm"]) expect([suffix, modeOf(file + suffix)]).toEqual([suffix, 0o600]);
    } finally {
      await db.close();
    }
  });
});
