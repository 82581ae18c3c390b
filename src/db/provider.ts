/**
 * Which database a DATABASE_URL names: `postgres://` or `postgresql://` selects PostgreSQL,
 * a `file:` URL (or none: the default in src/config.ts) SQLite. docs/deploy.md.
 */
export type Provider = "sqlite" | "postgres";

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must be a SQLite "file:" URL or a PostgreSQL "postgres://" URL, got "${url.split(":")[0]}:"`,
  );
}

/** The URL without its password, for logs and messages. */
export function describeUrl(url: string): string {
  if (providerOf(url) === "sqlite") return url.slice("file:".length).split("?")[0]!;
  try {
    const u = new URL(url);
    u.password = "";
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`;
  } catch {
    return "postgres://(unparsable URL)";
  }
}
