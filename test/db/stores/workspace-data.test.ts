/** Listing workspaces on a real SQLite file: what each holds, and which hold only the sample. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatWorkspaceList } from "../../../src/cli/commands/workspace.js";
import { importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { listWorkspaces } from "../../../src/db/stores/workspace-data.js";
import { freshDatabase } from "../../helpers/db.js";
import { writeBundle } from "../../core/import/bundle.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("workspace-data");
});
afterEach(async () => {
  await db.close();
});

describe("listWorkspaces", () => {
  it("counts records, imports and audits per workspace and marks one holding only the sample", async () => {
    const one = writeBundle({ "users.csv": "id,name,email\nu1,Ann,ann@example.com\n" });
    const two = writeBundle({ "users.csv": "id,name,email\nu1,Ann,ann@example.com\nu2,Bob,bob@example.com\n" });
    await importBundle(db.stores, "default", two, { sourceLabel: "sample:seed 42, 2 contacts" });
    await importBundle(db.stores, "acme", one);
    await importBundle(db.stores, "acme", two);
    const list = listWorkspaces(db.sqlite);
    expect(list.map((w) => [w.id, w.records, w.imports, w.audits, w.sampleOnly])).toEqual([
      ["acme", { users: 2 }, 2, 0, false],
      ["default", { users: 2 }, 1, 0, true],
    ]);
    const lines = formatWorkspaceList(list, "default");
    expect(lines[0]).toMatch(/^acme: 2 users; 2 imports \(last \d{4}-\d\d-\d\d \d\d:\d\d\); 0 audits \(last never\)$/);
    expect(lines[1]).toMatch(/^default \[current, sample data\]: 2 users; 1 import /);
    expect(formatWorkspaceList([{ ...list[0]!, records: { users: 1 } }], "x")[0]).toMatch(/^acme: 1 user;/);
  });
});
