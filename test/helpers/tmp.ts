import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

/** A fresh directory under test-output/ for one test's files (SQLite databases, bundles). */
export function tempDir(label: string): string {
  const dir = path.resolve("test-output", `${label}-${crypto.randomBytes(4).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
