import fs from "node:fs";
import path from "node:path";
import { tempDir } from "../../helpers/tmp.js";

/** Writes `files` (name → exact content) into a fresh folder and returns its path. */
export function writeBundle(files: Record<string, string | Buffer>, label = "bundle"): string {
  const dir = tempDir(label);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

export const fixture = (name: string) => path.resolve("test/fixtures/import", name);

export const USERS = "id,name,email,role\nu1,Ann,ann@example.com,admin\nu2,Bob,bob@example.com,rep\n";
export const COMPANIES_HEADER = "id,name,owner_id,created_at,updated_at";
export const CONTACTS_HEADER = "id,first_name,email,company_id,owner_id,created_at,updated_at";
