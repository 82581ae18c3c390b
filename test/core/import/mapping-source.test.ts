/** A mapping file may only read files inside the imported folder, whatever the path says. */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatImportIssue, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";
import { writeBundle } from "./bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-mapping-source");
});
afterEach(async () => {
  await db.close();
});

const REPS = "Rep No,Full name,Mail\nr1,Ann,ann@example.com\n";

function mapping(source: string): string {
  const file = path.join(tempDir("mapping"), "map.yaml");
  fs.writeFileSync(
    file,
    [
      "files:",
      "  users:",
      `    source: ${JSON.stringify(source)}`,
      "    columns:",
      "      id: Rep No",
      "      name: Full name",
      "      email: Mail",
      "",
    ].join("\n"),
  );
  return file;
}

describe("mapping file sources", () => {
  it("refuses a path that climbs out of the folder, at the line of `source`", async () => {
    const outside = writeBundle({ "secret.csv": REPS }, "outside");
    const dir = writeBundle({ "reps.csv": REPS });
    const climb = path.relative(dir, path.join(outside, "secret.csv"));
    const report = await importBundle(db.stores, "ws", dir, { mappingFile: mapping(climb) });
    expect(report.ok).toBe(false);
    expect(report.issues.map(formatImportIssue)).toEqual([
      `map.yaml:3: files.users.source: ${climb} is outside the imported folder ${dir}: a mapping may only read files inside it`,
    ]);
    const passwd = await importBundle(db.stores, "ws", dir, {
      mappingFile: mapping("../../../../../../../etc/passwd"),
    });
    expect(passwd.issues[0]?.message).toMatch(/is outside the imported folder/);
    expect(db.sqlite.prepare(`SELECT count(*) FROM crm_users`).pluck().get()).toBe(0);
  });

  it("refuses a symbolic link inside the folder that points outside it", async () => {
    const outside = writeBundle({ "secret.csv": REPS }, "outside");
    const dir = writeBundle({});
    fs.symlinkSync(path.join(outside, "secret.csv"), path.join(dir, "reps.csv"));
    const report = await importBundle(db.stores, "ws", dir, { mappingFile: mapping("reps.csv") });
    expect(report.issues.map((i) => i.message)).toEqual([
      `reps.csv is outside the imported folder ${dir}: a mapping may only read files inside it`,
    ]);
  });

  it("reads files in subfolders, and names a missing or looping one plainly", async () => {
    const dir = writeBundle({});
    fs.mkdirSync(path.join(dir, "crm"));
    fs.writeFileSync(path.join(dir, "crm", "reps.csv"), REPS);
    expect((await importBundle(db.stores, "ws", dir, { mappingFile: mapping("crm/reps.csv") })).issues).toEqual([]);
    const missing = await importBundle(db.stores, "ws", dir, { mappingFile: mapping("nope.csv") });
    expect(missing.issues.map(formatImportIssue)).toEqual([
      `map.yaml:3: files.users.source: nope.csv: does not exist in ${dir}`,
    ]);
    fs.symlinkSync("loop.csv", path.join(dir, "loop.csv"));
    const loop = await importBundle(db.stores, "ws", dir, { mappingFile: mapping("loop.csv") });
    expect(loop.issues.map(formatImportIssue)).toEqual([
      "map.yaml:3: files.users.source: loop.csv: is a loop of symbolic links",
    ]);
  });
});
