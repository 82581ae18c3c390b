import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// The Prisma CLI for a PostgreSQL DATABASE_URL: `npx prisma migrate status --config
// prisma.postgres.config.ts` (docs/storage.md). Schema and migrations are derived from
// prisma/schema/ by scripts/prisma-postgres.mjs. Like prisma.config.ts, this runs the bundled
// WASM schema engine through a driver adapter, because the native engine cannot be downloaded
// offline.
//
// @prisma/adapter-pg 6.19 rejects result columns of PostgreSQL's `name` type (OID 19), which the
// schema engine's catalogue queries return, so every migrate command against a live database
// fails ("Column type 'name' could not be deserialized", github.com/prisma/prisma issue 27403;
// adapter 7.x maps it to text). `name` is text in every respect that matters here, so the
// adapter below reports it as text (OID 25) before the result is converted. Only the CLI needs
// this: the application applies migrations itself (src/db/postgres/migrate.ts) and its queries
// never return `name` columns.
const PG_NAME = 19;
const PG_TEXT = 25;

type Io = (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;

function nameAsText<T extends object>(queryable: T): T {
  const target = queryable as T & { performIO?: Io };
  const performIO = target.performIO?.bind(target);
  if (!performIO) throw new Error("@prisma/adapter-pg changed: remove the name-type shim in prisma.postgres.config.ts");
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_NAME) field.dataTypeID = PG_TEXT;
    return result;
  };
  return queryable;
}

function withNameAsText(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = nameAsText(await connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => nameAsText(await startTransaction(isolationLevel));
    return adapter;
  };
  return factory;
}

// `prisma generate` reads no database but needs a PostgreSQL URL to stay on the WASM engine:
// a SQLite DATABASE_URL in the environment (npm install on a SQLite setup) is replaced by a
// placeholder. Commands that connect (migrate status) need DATABASE_URL=postgres://….
if (!/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "")) {
  process.env.DATABASE_URL = "postgresql://localhost:5432/crm_audit";
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "postgres", "schema"),
  migrations: { path: path.join("prisma", "migrations-postgres") },
  async adapter() {
    return withNameAsText(new PrismaPg({ connectionString: process.env.DATABASE_URL }));
  },
});
