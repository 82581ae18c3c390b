/**
 * Owner reminders against the seeded sample at its ground truth's as-of: on a fresh database the
 * ids per reason across every digest and the unassigned list are exactly the audit's findings
 * for that check (and the generator's ground truth), each item sits with its record's owner
 * (or in `unassigned` when the owner is missing, unknown or deactivated), most overdue first;
 * the console's rendering of one digest is pinned; and the CLI prints the same JSON and refuses
 * to send without a chat platform.
 */
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import { importBundle } from "../../../src/core/import/index.js";
import { reminderDigestMessage } from "../../../src/core/messages/reminders.js";
import { byUrgency, REMINDER_REASONS } from "../../../src/core/reminders/items.js";
import { dryRunJson, runReminders, type DryRunJson } from "../../../src/core/reminders/send.js";
import { refusingDeliverer, refusingDirectory } from "../../../src/core/delivery.js";
import { loadGroundTruth, writeSampleBundle, type GroundTruth } from "../../../src/core/sample/index.js";
import { renderMessage } from "../../../src/console/render.js";
import type { Database } from "../../../src/db/database.js";
import { runCli } from "../../helpers/cli.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";

const WORKSPACE = "default";
let db: Database;
let dbFile: string;
let truth: GroundTruth;
let asOf: number;
let audit: AuditRunResult;
let json: DryRunJson;

beforeAll(async () => {
  const dir = tempDir("reminders-sample");
  const summary = await writeSampleBundle(path.join(dir, "bundle"), { contacts: 1000, seed: 11 });
  truth = loadGroundTruth(summary.groundTruthPath);
  asOf = Date.parse(truth.asOf);
  db = freshDatabase("reminders-sample");
  dbFile = db.file;
  const report = await importBundle(db.stores, WORKSPACE, path.join(dir, "bundle"));
  expect(report.issues).toEqual([]);
  audit = await createAuditService(db.stores).run({ workspaceId: WORKSPACE, asOf, trigger: "test" });
  const result = await runReminders(
    { stores: db.stores.chat, fileSettings: {}, deliver: refusingDeliverer.deliver, directory: refusingDirectory },
    {
      workspaceId: WORKSPACE,
      platform: "slack",
      tenantId: "T1",
      asOf,
      now: asOf,
      keyPrefix: "test",
      pageSize: 5,
      repeatAfterMs: 3 * 86_400_000,
      always: false,
      reasons: null,
      zone: "UTC",
      dryRun: true,
    },
  );
  json = dryRunJson(result);
}, 120_000);
afterAll(async () => db?.close());

const owners = () => {
  const rows = [
    ...(db.sqlite.prepare(`SELECT id, assigneeId AS owner, 'task' AS type FROM tasks`).all() as Row[]),
    ...(db.sqlite.prepare(`SELECT id, ownerId AS owner, 'deal' AS type FROM deals`).all() as Row[]),
  ];
  return new Map(rows.map((r) => [`${r.type}:${r.id}`, r.owner]));
};
interface Row {
  id: string;
  owner: string | null;
  type: string;
}

describe("reminders on the seeded sample", () => {
  it.each(REMINDER_REASONS.map((id) => [id]))("%s: the ids equal the audit's findings and the ground truth", (id) => {
    const ids = [...json.digests.flatMap((d) => d.items), ...json.unassigned]
      .filter((i) => i.reasons.includes(id))
      .map((i) => i.id)
      .sort();
    const finding = audit.findings.find((f) => f.checkId === id);
    expect(finding, `${id} did not run`).toBeDefined();
    expect(ids).toEqual([...(finding!.affected as string[])].sort());
    expect(ids).toEqual([...(truth.defects as unknown as Record<string, string[]>)[id]!].sort());
    expect(ids.length).toBeGreaterThan(0);
  });

  it("puts each item with its record's active owner, or in unassigned with no, an unknown or a deactivated owner", () => {
    const ownerOf = owners();
    const users = new Map(
      (db.sqlite.prepare(`SELECT id, active FROM crm_users`).all() as { id: string; active: number }[]).map((u) => [
        u.id,
        u.active === 1,
      ]),
    );
    for (const digest of json.digests) {
      expect(users.get(digest.owner)).toBe(true);
      for (const item of digest.items) expect(ownerOf.get(`${item.type}:${item.id}`)).toBe(digest.owner);
    }
    for (const item of json.unassigned) {
      const owner = ownerOf.get(`${item.type}:${item.id}`);
      expect(owner === null || users.get(owner!) !== true, `${item.id} owned by ${owner}`).toBe(true);
    }
    // One digest per owner, no item twice.
    expect(new Set(json.digests.map((d) => d.owner)).size).toBe(json.digests.length);
    const all = [...json.digests.flatMap((d) => d.items), ...json.unassigned].map((i) => `${i.type}:${i.id}`);
    expect(new Set(all).size).toBe(all.length);
    // Nobody is looked up in a dry run and nobody was matched before: no chat user yet.
    expect(json.digests.every((d) => d.chatUser === null)).toBe(true);
    expect(json.asOf).toBe(truth.asOf);
  });

  it("orders each owner's items most overdue first and renders a digest as the console shows it", async () => {
    const result = await runReminders(
      { stores: db.stores.chat, fileSettings: {}, deliver: refusingDeliverer.deliver, directory: refusingDirectory },
      {
        workspaceId: WORKSPACE,
        platform: "slack",
        tenantId: "T1",
        asOf,
        now: asOf,
        keyPrefix: "test",
        pageSize: 3,
        repeatAfterMs: 0,
        always: false,
        reasons: null,
        zone: "UTC",
        dryRun: true,
      },
    );
    for (const d of result.digests) expect([...d.items].sort(byUrgency)).toEqual(d.items);
    const smilla = result.digests.find((d) => d.owner.id === "U00002")!;
    const message = reminderDigestMessage({
      ownerId: smilla.owner.id,
      ownerName: smilla.owner.name,
      items: smilla.items,
      asOf,
      offset: 0,
      pageSize: 3,
    });
    const text = renderMessage(message).text;
    expect(text.split("\n").slice(0, 10)).toEqual([
      "Your reminders, Smilla Berning",
      "══════════════════════════════",
      "",
      "7 tasks and 4 deals need your attention (2026-06-30), most overdue first.",
      "",
      "1. Deal Seiler Druck – Seat expansion (stage Negotiation): no recent activity since 2025-08-17, 317 d",
      "[1] Done #1   [2] Snooze 1 d #1   [3] Snooze 1 wk #1   [4] Not mine #1",
      "",
      "[5] Snooze #1 until…",
      "",
    ]);
    expect(text).toContain("[16] Show all (11)");
    // Undated items (tasks without a due date) come last.
    expect(smilla.items.at(-1)!.reasons).toEqual(["task.missing-due-date"]);
  });

  it("matches the JSON Schema of docs/reminders.md", () => {
    const doc = fs.readFileSync("docs/reminders.md", "utf8");
    const schema = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as { $schema?: string });
    const ajv = addFormatsModule.default(new Ajv2020({ allErrors: true }));
    const validate = ajv.compile(schema.find((s) => s.$schema)!);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    // The documented example is of the same shape.
    expect(validate(schema.find((s) => !s.$schema))).toBe(true);
    expect(validate({ ...json, extra: 1 })).toBe(false);
  });

  it("crm-audit remind --dry-run --format json prints the same digests; without --dry-run it queues for the running bot, looking nobody up", () => {
    const dry = runCli(["remind", "--as-of", truth.asOf, "--dry-run", "--format", "json"], dbFile);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual(json);
    // Before the run below, which records who it could not reach: nobody was looked up yet.
    const text = runCli(["remind", "--as-of", truth.asOf, "--dry-run"], dbFile);
    expect(text.stdout).toContain("── Smilla Berning (U00002): cannot be reached (not looked up yet)");
    expect(text.stdout).toMatch(/\d+ digest\(s\), \d+ unassigned item\(s\)/);
    const send = runCli(["remind", "--as-of", truth.asOf], dbFile);
    expect(send.code).toBe(0);
    // Nobody is linked on this fresh database and the command line looks nobody up: nothing is queued.
    expect(send.stdout).toContain("── Smilla Berning (U00002): cannot be reached (not looked up yet)");
    expect(send.stdout).not.toContain("queued for the running bot to send to");
    const bad = runCli(["remind", "--as-of", "yesterday", "--dry-run"], dbFile);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--as-of: "yesterday"');
    const via = runCli(["remind", "--dry-run", "--via", "irc:libera", "--max-items", "9"], dbFile);
    expect(via.code).not.toBe(0);
    expect(via.stderr).toContain('--via: "irc:libera" is not slack:<team id>, teams:<tenant id> or console');
    expect(fs.existsSync(dbFile)).toBe(true);
  });
});
