/**
 * Record tables behind a finding, read from a real SQLite workspace: the id, the name and the
 * fields the check looked at, whole in a private answer and masked in a channel.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditRunResult, FindingResult } from "../../../src/core/audit/types.js";
import { KEY_FIELDS } from "../../../src/core/checks/key-fields.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { findingRecordsOf, summaryOf } from "../../../src/core/commands/audit-views.js";
import { ENTITIES } from "../../../src/core/dataset/entities.js";
import { maskMessage } from "../../../src/core/messages/mask.js";
import type { Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

let db: Database;
beforeEach(() => {
  db = freshDatabase("audit-views");
  seedWorkspace(db, "ws", "a");
  db.sqlite
    .prepare(`UPDATE contacts SET email = ? WHERE id = 'ac1'`)
    .run("aamod.verma-kakkar@wildermannetworks.example.com.au");
});
afterEach(async () => {
  await db.close();
});

function run(finding: FindingResult): AuditRunResult {
  return {
    id: 3,
    workspaceId: "ws",
    asOf: T0,
    startedAt: T0,
    durationMs: 1,
    trigger: "test",
    requestedBy: null,
    selection: null,
    scores: { overall: 90, categories: {} },
    metrics: metricsWithCounts({
      users: 2,
      companies: 1,
      contacts: 2,
      deals: 2,
      tasks: 2,
      activities: 1,
      customer_feedback: 0,
    }),
    findings: [finding],
    changes: null,
  };
}

const finding = (checkId: string, entity: FindingResult["entity"], affected: string[]): FindingResult => ({
  checkId,
  title: checkId,
  category: "data-quality",
  severity: "medium",
  entity,
  shape: "records",
  count: affected.length,
  affected,
  why: "w",
  fix: "f",
});

const tableOf = (m: Message) =>
  m.blocks.find((b) => b.type === "table") as Extract<Message["blocks"][number], { type: "table" }>;

describe("record tables", () => {
  it("show the id, the name and the fields the check looked at, the email whole in private", async () => {
    const f = finding("contact.missing-consent", "contacts", ["ac1", "ac2"]);
    const message = await findingRecordsOf(db.stores.chat.records, run(f), f, 0);
    const table = tableOf(message);
    expect(table.columns).toEqual(["Id", "Name", "Email", "Country", "Consent"]);
    expect(table.rows).toEqual([
      ["ac1", "Ann Lee-a", "aamod.verma-kakkar@wildermannetworks.example.com.au", "—", "—"],
      ["ac2", "Bob Ray-a", "—", "—", "—"],
    ]);
    // In a channel the same table is masked, ids and names stay.
    const masked = tableOf(maskMessage({ ...message, visibility: "channel" }));
    expect(masked.rows[0]).toEqual(["ac1", "Ann Lee-a", "a.•••@wildermannetworks.example.com.au", "—", "—"]);
  });

  it("show dates as dates and the task's status for an overdue task", async () => {
    const f = finding("task.overdue", "tasks", ["at1"]);
    const table = tableOf(await findingRecordsOf(db.stores.chat.records, run(f), f, 0));
    expect(table.columns).toEqual(["Id", "Name", "Status", "Due"]);
    expect(table.rows).toEqual([["at1", "a Call back about renewal", "open", "2026-06-12"]]);
  });

  it("name only stored columns of the check's own table", async () => {
    const columns = (table: string) =>
      new Set((db.sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name));
    expect(Object.keys(KEY_FIELDS).length).toBeGreaterThan(25);
    for (const check of CHECKS) {
      const fields = KEY_FIELDS[check.meta.id];
      if (check.meta.entity === "dataset") {
        expect(fields, check.meta.id).toBeUndefined();
        continue;
      }
      const known = columns(ENTITIES.find((e) => e.name === check.meta.entity)!.table);
      for (const field of fields ?? []) expect(known.has(field), `${check.meta.id}: ${field}`).toBe(true);
    }
  });
});

describe("the summary of a run answered again", () => {
  it("is built once while its sample labels stay the same, and anew when an import renames a record", async () => {
    const headline = run(finding("contact.missing-consent", "contacts", ["ac1", "ac2"]));
    const first = await summaryOf(db.stores.chat.records, headline, "private", "Latest audit");
    const again = await summaryOf(db.stores.chat.records, headline, "private", "Latest audit");
    expect(again).toBe(first);
    // Another heading or visibility is another message.
    expect(await summaryOf(db.stores.chat.records, headline, "channel", "Latest audit")).not.toBe(first);

    db.sqlite.prepare(`UPDATE contacts SET firstName = 'Anna' WHERE id = 'ac1'`).run();
    const renamed = await summaryOf(db.stores.chat.records, headline, "private", "Latest audit");
    expect(JSON.stringify(first)).toContain("Ann Lee-a");
    expect(JSON.stringify(renamed)).toContain("Anna Lee-a");
    expect(JSON.stringify(renamed)).not.toContain("Ann Lee-a");
  });
});
