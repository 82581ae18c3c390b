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

// Words of an owner value; an email is a whole word with text before its "@" and a dot with
// text on both sides after it. Checked by hand, not with one pattern: a pattern that lets "@"
// into every part backtracks for minutes on a long "a@a@a@…" cell.
const WORD = /[^\s<>()"',;]+/g;

function isEmailWord(word: string): boolean {
  const at = word.indexOf("@", 1);
  const dot = word.lastIndexOf(".");
  return at > 0 && dot > at + 1 && dot < word.length - 1;
}

/** The first email in an owner value, or undefined. */
function emailIn(value: string): string | undefined {
  return value.match(WORD)?.find(isEmailWord);
}

export function ownerUserId(owner: string): string {
  const email = emailIn(owner);
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
        const email = emailIn(value) ?? "";
        const name =
          value
            .replace(email, "")
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
