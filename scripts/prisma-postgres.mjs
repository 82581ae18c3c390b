// The PostgreSQL variant of the Prisma schema, derived from the one source of truth
// (prisma/schema/*.prisma, provider sqlite), and its migrations (prisma/migrations-postgres/).
// docs/storage.md explains the workflow; test/db/postgres/schema-drift.test.ts fails when the
// derived schema is stale or either provider's migrations disagree with the schema.
//
//   node scripts/prisma-postgres.mjs               regenerate prisma/postgres/schema/
//   node scripts/prisma-postgres.mjs --check       exit 1 when prisma/postgres/schema/ is stale
//   node scripts/prisma-postgres.mjs --migration <name>
//        regenerate, then write prisma/migrations-postgres/<timestamp>_<name>/migration.sql with
//        the SQL from the previously derived schema to the new one (no database needed)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const SOURCE_DIR = path.join(root, "prisma", "schema");
export const POSTGRES_SCHEMA_DIR = path.join(root, "prisma", "postgres", "schema");
export const POSTGRES_MIGRATIONS_DIR = path.join(root, "prisma", "migrations-postgres");
export const POSTGRES_CONFIG = path.join(root, "prisma.postgres.config.ts");

const HEADER =
  "// GENERATED from prisma/schema/ by scripts/prisma-postgres.mjs: edit prisma/schema/, then run\n" +
  "// `node scripts/prisma-postgres.mjs` (docs/storage.md). On PostgreSQL, DateTime columns are\n" +
  "// timestamp(3) in UTC and Booleans boolean; raw SQL still reads epoch milliseconds and 1/0\n" +
  "// (src/db/postgres/sync-worker.mjs), so comments below about SQLite's storage hold for reads.\n";

/** One schema file turned into its PostgreSQL form; throws when a line it must rewrite is missing. */
export function toPostgres(name, text) {
  let out = text;
  if (/provider\s*=\s*"sqlite"/.test(out)) out = out.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  // The derived folder is one level deeper, and its client is a separate module.
  out = out.replace(
    /output\s*=\s*"\.\.\/\.\.\/src\/generated\/prisma"/,
    'output = "../../../src/generated/prisma-postgres"',
  );
  if (name === "base.prisma" && !out.includes('provider = "postgresql"')) {
    throw new Error("prisma/schema/base.prisma: no sqlite datasource to derive from");
  }
  return HEADER + out;
}

/** The derived files, by name. */
export function derive(sourceDir = SOURCE_DIR) {
  const files = new Map();
  for (const name of fs
    .readdirSync(sourceDir)
    .filter((f) => f.endsWith(".prisma"))
    .sort()) {
    files.set(name, toPostgres(name, fs.readFileSync(path.join(sourceDir, name), "utf8")));
  }
  return files;
}

/** Names of derived files that are missing, different or left over in `dir`. */
export function stale(dir = POSTGRES_SCHEMA_DIR, sourceDir = SOURCE_DIR) {
  const want = derive(sourceDir);
  const have = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".prisma")) : [];
  const out = [];
  for (const [name, text] of want) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) out.push(name);
  }
  for (const name of have) if (!want.has(name)) out.push(name);
  return out.sort();
}

export function write(dir = POSTGRES_SCHEMA_DIR, sourceDir = SOURCE_DIR) {
  fs.mkdirSync(dir, { recursive: true });
  const want = derive(sourceDir);
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".prisma") && !want.has(f))) {
    fs.rmSync(path.join(dir, name));
  }
  for (const [name, text] of want) fs.writeFileSync(path.join(dir, name), text);
}

/** `prisma migrate diff … --script` with the PostgreSQL config (the PostgreSQL adapter connects to POSTGRES_DIFF_URL, though nothing is read or written). */
export function diffScript(from, to) {
  const arg = (side, dir) => (dir ? [`--${side}-schema-datamodel`, dir] : [`--${side}-empty`]);
  return execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--config",
      "prisma.postgres.config.ts",
      ...arg("from", from),
      ...arg("to", to),
      "--script",
    ],
    {
      cwd: root,
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: process.env.POSTGRES_DIFF_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
}

function timestamp(date = new Date()) {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function main(argv) {
  if (argv[0] === "--check") {
    const names = stale();
    if (names.length) {
      console.error(`prisma/postgres/schema is stale (${names.join(", ")}): run node scripts/prisma-postgres.mjs`);
      process.exit(1);
    }
    console.log("prisma/postgres/schema is up to date");
    return;
  }
  if (argv[0] === "--migration") {
    const name = argv[1];
    if (!name || !/^[A-Za-z0-9_-]+$/.test(name))
      throw new Error("usage: --migration <name> (letters, digits, _ and -)");
    // The previously derived schema is the state the committed migrations produce.
    const previous = fs.existsSync(POSTGRES_SCHEMA_DIR) ? fs.mkdtempSync(path.join(os.tmpdir(), "pg-schema-")) : null;
    if (previous) fs.cpSync(POSTGRES_SCHEMA_DIR, previous, { recursive: true });
    write();
    const sql = diffScript(previous, POSTGRES_SCHEMA_DIR);
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log("no schema change: no migration written");
      return;
    }
    const dir = path.join(POSTGRES_MIGRATIONS_DIR, `${timestamp()}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
    return;
  }
  write();
  console.log("wrote prisma/postgres/schema/");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main(process.argv.slice(2));
