import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Prisma 7's CLI downloads a native schema engine, which cannot work offline; 6.19 runs
// migrate/generate through its bundled WASM engine when given a driver adapter (TOOLCHAIN.md).
process.env.DATABASE_URL ??= "file:./data/crm-audit.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL ?? "";
    return new PrismaBetterSQLite3({ url: url.replace(/^file:/, "") }, { timestampFormat: "unixepoch-ms" });
  },
});
