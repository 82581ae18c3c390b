/**
 * Contacts exported without a company id but with a company name (HubSpot's "Company Name"
 * property, which is free text and not an association) are linked to the export's company of
 * that name, else to the company whose domain is the e-mail's domain, else to a company created
 * from the name, with a stable derived id (`company:` + the name in lower case, other
 * characters → `-`) so re-imports link to the same record. The import report says how many.
 */
import type { RowContext } from "../source-table.js";
import type { SourceRow, SourceTable } from "../types.js";

/** Mail providers: a shared domain says nothing about the employer. */
const MAIL_PROVIDERS =
  /^(gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|aol|icloud|me|mac|gmx|web|proton|protonmail|mail|yandex|qq|163|126|t-online|orange|free|libero|seznam|wp)\.[a-z.]+$/;

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

export function derivedCompanyId(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
  return `company:${slug}`;
}

function emailDomain(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0
    ? ""
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

type How = "name" | "domain" | "created";

export class CompanyLinker {
  /** Name or domain → company id; null when two companies share it (then it links nothing). */
  private readonly byName = new Map<string, string | null>();
  private readonly byDomain = new Map<string, string | null>();
  private readonly created = new Map<string, { id: string; name: string; file: string; line: number; at: string[] }>();
  /**
   * Contacts linked each way. The file may be read twice (once to collect owners): a row at or
   * above the last one seen starts the counts afresh, so every row counts once.
   */
  private counts: Record<How, number> = { name: 0, domain: 0, created: 0 };
  private lastLine = 0;

  addCompany(id: string, name: string, domain: string): void {
    const add = (map: Map<string, string | null>, k: string) => {
      if (k === "") return;
      map.set(k, map.has(k) && map.get(k) !== id ? null : id);
    };
    add(this.byName, nameKey(name));
    add(this.byDomain, domain.trim().toLowerCase());
  }

  /**
   * The company id for a contact without one, or "". `dates` are the contact's created and
   * updated values, used for a company created from its name.
   */
  link(name: string, email: string, row: RowContext, dates: [string, string]): string {
    if (row.line <= this.lastLine) this.counts = { name: 0, domain: 0, created: 0 };
    this.lastLine = row.line;
    const byName = name.trim() === "" ? undefined : this.byName.get(nameKey(name));
    if (byName) return this.linked("name", byName);
    const domain = emailDomain(email);
    const byDomain = domain === "" || MAIL_PROVIDERS.test(domain) ? undefined : this.byDomain.get(domain);
    if (byDomain) return this.linked("domain", byDomain);
    if (name.trim() === "") return "";
    const id = derivedCompanyId(name);
    if (id === "company:") return "";
    if (!this.created.has(id))
      this.created.set(id, { id, name: name.trim(), file: row.file, line: row.line, at: dates });
    return this.linked("created", id);
  }

  private linked(how: How, id: string): string {
    this.counts[how]++;
    return id;
  }

  /** The companies created from names, as a table read before the contacts. */
  tables(): SourceTable[] {
    const byFile = new Map<string, SourceRow[]>();
    for (const c of this.created.values()) {
      const rows = byFile.get(c.file) ?? [];
      rows.push({
        line: c.line,
        cells: [c.id, c.name, ...c.at],
        extra: JSON.stringify({ derivedFrom: "Company Name" }),
      });
      byFile.set(c.file, rows);
    }
    return [...byFile].map(([file, rows]) => ({
      entity: "companies" as const,
      file,
      columns: ["id", "name", "created_at", "updated_at"],
      labels: { id: "Company Name", name: "Company Name", created_at: "Create Date", updated_at: "Last Modified Date" },
      hasExtra: true,
      rows,
    }));
  }

  notes(): string[] {
    const { name: byName, domain: byDomain, created: toCreated } = this.counts;
    if (byName + byDomain + toCreated === 0) return [];
    const contacts = (n: number) => `${n} contact${n === 1 ? "" : "s"}`;
    const parts: string[] = [];
    if (byName) parts.push(`${contacts(byName)} by Company Name`);
    if (byDomain) parts.push(`${contacts(byDomain)} by e-mail domain`);
    if (toCreated) {
      const n = this.created.size;
      parts.push(`${contacts(toCreated)} to ${n} compan${n === 1 ? "y" : "ies"} created from Company Name`);
    }
    return [`contacts without a company id linked to companies: ${parts.join("; ")}`];
  }
}
