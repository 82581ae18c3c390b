/**
 * CRM exports often name a record's owner ("Contact owner: Sarah Chen" or an email) instead
 * of giving a user id. The presets turn each distinct owner into a canonical user with a
 * stable derived id, so re-importing the same export maps to the same users:
 *
 *   id    = "owner:" + the owner's email, lower-cased, when the value holds one,
 *           otherwise "owner:" + the name, lower-cased, runs of other characters → "-"
 *   name  = the name (or the email when that is all there is)
 *   email = the email when the value holds one, else blank (exports do not give it)
 *
 * "Sarah Chen" and "sarah.chen@acme.com" become two users: an export gives one or the other.
 */
import type { RowContext } from "../source-table.js";
import type { SourceRow, SourceTable } from "../types.js";

const EMAIL = /[^\s<>()"',;]+@[^\s<>()"',;]+\.[^\s<>()"',;]+/;

export function ownerUserId(owner: string): string {
  const email = EMAIL.exec(owner)?.[0];
  if (email) return `owner:${email.toLowerCase()}`;
  const slug = owner
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
  return `owner:${slug}`;
}

interface Owner {
  id: string;
  name: string;
  email: string;
  file: string;
  line: number;
}

export interface OwnerDirectory {
  /** Registers the owner named in a row and returns its user id ("" for no owner). */
  idFor(owner: string, row: RowContext): string;
  /** The users to import: one table per file where owners were first seen. */
  tables(): SourceTable[];
}

export function createOwnerDirectory(): OwnerDirectory {
  const owners = new Map<string, Owner>();
  return {
    idFor(owner, row) {
      const value = owner.trim();
      if (value === "") return "";
      const id = ownerUserId(value);
      if (!owners.has(id)) {
        const email = EMAIL.exec(value)?.[0] ?? "";
        const name =
          value
            .replace(EMAIL, "")
            .replace(/[<>()]/g, "")
            .trim() || email;
        owners.set(id, { id, name, email, file: row.file, line: row.line });
      }
      return id;
    },
    tables() {
      const byFile = new Map<string, SourceRow[]>();
      for (const o of owners.values()) {
        const rows = byFile.get(o.file) ?? [];
        rows.push({ line: o.line, cells: [o.id, o.name, o.email], extra: JSON.stringify({ derivedFrom: "owner" }) });
        byFile.set(o.file, rows);
      }
      return [...byFile].map(([file, rows]) => ({
        entity: "users" as const,
        file,
        columns: ["id", "name", "email"],
        labels: { id: "owner", name: "owner", email: "owner" },
        hasExtra: true,
        rows,
        relaxRequired: ["email"],
      }));
    },
  };
}
