import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseAuditJson, scoreAudit } from "../../scripts/real-exports/classify.js";
import { generateRealExports, hubspotOwnerId } from "../../scripts/real-exports/generate.js";
import { entityOfCheck, type Entity, type SourceTruth } from "../../scripts/real-exports/model.js";
import { tempDir } from "../helpers/tmp.js";

/** Every file of a folder, name → bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = fs.readFileSync(file, "utf8");
    }
  }
  return out;
}

function rows(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
}

/** The record ids an import of the folder creates, read from the CSV files themselves. */
function idsInFiles(dir: string, truth: SourceTruth): Record<Entity, Set<string>> {
  const ids: Record<Entity, Set<string>> = {
    users: new Set(),
    companies: new Set(),
    contacts: new Set(),
    deals: new Set(),
    tasks: new Set(),
    activities: new Set(),
  };
  if (truth.preset === "hubspot") {
    const file = (object: string) => fs.readdirSync(dir).find((n) => n.includes(`-all-${object}-`))!;
    for (const [object, entity, owner] of [
      ["companies", "companies", "Company owner"],
      ["contacts", "contacts", "Contact owner"],
      ["deals", "deals", "Deal owner"],
    ] as const) {
      for (const row of rows(path.join(dir, file(object)))) {
        ids[entity].add(row["Record ID"]!);
        if (row[owner]) ids.users.add(hubspotOwnerId(row[owner]));
      }
    }
  } else {
    for (const [name, entity] of [
      ["User.csv", "users"],
      ["Account.csv", "companies"],
      ["Contact.csv", "contacts"],
      ["Opportunity.csv", "deals"],
      ["Task.csv", "tasks"],
    ] as const) {
      for (const row of rows(path.join(dir, name))) ids[entity].add(row.Id!);
    }
    // Activities: logged calls and e-mails (completed Tasks) and every Event.
    for (const row of rows(path.join(dir, "Task.csv"))) {
      if (row.Status === "Completed" && /^(call|email)$/i.test(row.TaskSubtype ?? "")) ids.activities.add(row.Id!);
    }
    for (const row of rows(path.join(dir, "Event.csv"))) ids.activities.add(row.Id!);
  }
  return ids;
}

describe("scripts/real-exports: generator", () => {
  it("writes the same bytes for the same seed, and other bytes for another seed", () => {
    const [a, b, c] = [tempDir("real-exports"), tempDir("real-exports"), tempDir("real-exports")];
    generateRealExports(a, { seed: 7 });
    generateRealExports(b, { seed: 7 });
    generateRealExports(c, { seed: 8 });
    const first = snapshot(a);
    expect(Object.keys(first).sort()).toEqual([
      "ground-truth.json",
      "hubspot/hubspot-crm-exports-all-companies-2026-05-01.csv",
      "hubspot/hubspot-crm-exports-all-contacts-2026-05-01.csv",
      "hubspot/hubspot-crm-exports-all-deals-2026-05-01.csv",
      "salesforce/Account.csv",
      "salesforce/Contact.csv",
      "salesforce/Event.csv",
      "salesforce/Opportunity.csv",
      "salesforce/Profile.csv",
      "salesforce/Task.csv",
      "salesforce/User.csv",
    ]);
    expect(snapshot(b)).toEqual(first);
    expect(snapshot(c)["salesforce/Contact.csv"]).not.toEqual(first["salesforce/Contact.csv"]);
  });

  it("labels only records that are in the exported files, each unit once", () => {
    const dir = tempDir("real-exports");
    const truth = generateRealExports(dir);
    for (const source of Object.values(truth.sources)) {
      const inFiles = idsInFiles(path.join(dir, source.folder), source);
      for (const entity of Object.keys(inFiles) as Entity[]) {
        expect([...inFiles[entity]].sort(), `${source.preset} ${entity}`).toEqual(source.records[entity]);
      }
      const seen = new Set<string>();
      for (const label of source.labels) {
        const entity = entityOfCheck(label.checkId);
        expect(entity, label.checkId).toBeDefined();
        const ids = label.pair ?? [label.recordId!];
        for (const id of ids) expect(inFiles[entity!].has(id), `${label.checkId} ${id}`).toBe(true);
        const key = `${label.checkId} ${ids.join("+")}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
      // A few hundred records, with planted defects and traps in each export.
      expect(source.records.contacts.length).toBeGreaterThan(150);
      expect(source.labels.filter((l) => l.expected === "finding").length).toBeGreaterThan(50);
      expect(source.labels.filter((l) => l.expected === "no-finding").length).toBeGreaterThan(50);
    }
  });

  it("plants the traps of real exports", () => {
    const dir = tempDir("real-exports");
    const { sources } = generateRealExports(dir);
    const kinds = (s: SourceTruth) => new Set(s.labels.map((l) => `${l.checkId} ${l.expected} ${l.kind}`));
    const hubspot = kinds(sources.hubspot);
    const salesforce = kinds(sources.salesforce);
    for (const kind of [
      "contact.invalid-phone no-finding us-number-blank-country-us-company",
      "deal.no-recent-activity no-finding last-activity-date-recent",
      "deal.past-close-date no-finding closed-stage-renewed",
      "deal.past-close-date no-finding closed-stage-churned",
      "deal.closed-before-created no-finding closed-on-creation-day",
      "user.dormant not-measured owner-without-login-data",
      "contact.missing-consent not-measured no-consent-column",
      "contact.duplicate no-finding namesake-at-another-company",
      "contact.duplicate no-finding colleagues-sharing-info-mailbox",
    ]) {
      expect(hubspot.has(kind), kind).toBe(true);
    }
    for (const kind of [
      "task.overdue no-finding due-on-as-of-day",
      "activity.future-dated no-finding scheduled-meeting",
      "user.inactive no-finding system-user",
      "contact.missing-lifecycle-stage not-measured salesforce-contacts-have-no-lifecycle",
      "deal.lost-without-reason no-finding reason-in-custom-field",
      "deal.no-recent-activity no-finding last-activity-date-only",
    ]) {
      expect(salesforce.has(kind), kind).toBe(true);
    }
    const users = rows(path.join(dir, "salesforce", "User.csv")).map((u) => `${u.FirstName} ${u.LastName}`.trim());
    expect(users).toEqual(
      expect.arrayContaining(["Automated Process", "Chatter Expert", "Security User", "Integration User"]),
    );
    // The HubSpot contacts export has no consent column at all.
    const contacts = fs.readdirSync(path.join(dir, "hubspot")).find((n) => n.includes("contacts"))!;
    const header = fs.readFileSync(path.join(dir, "hubspot", contacts), "utf8").split("\r\n")[0]!;
    expect(header).not.toMatch(/Legal basis|Unsubscribed/);
  });
});

describe("scripts/real-exports: scoring", () => {
  const truth: SourceTruth = {
    preset: "hubspot",
    folder: "hubspot",
    notMeasurable: { "user.inactive": "no login dates" },
    records: { users: ["u1", "u2"], companies: [], contacts: ["c1", "c2", "c3"], deals: [], tasks: [], activities: [] },
    labels: [
      { checkId: "contact.invalid-phone", recordId: "c1", expected: "finding", kind: "bad" },
      { checkId: "contact.invalid-phone", recordId: "c2", expected: "no-finding", kind: "trap" },
      { checkId: "contact.stale", recordId: "c3", expected: "finding", kind: "old" },
      { checkId: "contact.duplicate", pair: ["c1", "c2"], expected: "finding", kind: "dup" },
      { checkId: "contact.duplicate", pair: ["c2", "c3"], expected: "no-finding", kind: "namesake" },
    ],
  };

  it("counts true positives, false alarms, unlabelled and missed, per record and per pair", () => {
    const score = scoreAudit(
      {
        findings: [
          { checkId: "contact.invalid-phone", affected: ["c1", "c2", "c3"] },
          { checkId: "contact.stale", affected: [] },
          { checkId: "contact.duplicate", affected: [["c1", "c2", "c3"]] },
          { checkId: "user.inactive", affected: ["u1", "u2"] },
        ],
      },
      truth,
    );
    const row = (id: string) => score.rows.find((r) => r.checkId === id)!;
    expect(row("contact.invalid-phone")).toMatchObject({ flagged: 3, truePositives: 1, falseAlarms: 1, unlabelled: 1 });
    expect(row("contact.stale")).toMatchObject({ flagged: 0, planted: 1, missed: 1 });
    // One group of three is three pairs: one real, one namesake, one unlabelled.
    expect(row("contact.duplicate")).toMatchObject({ flagged: 3, truePositives: 1, falseAlarms: 1, unlabelled: 1 });
    // A check the source cannot measure: everything it flags is a false alarm, labelled or not.
    expect(row("user.inactive")).toMatchObject({ flagged: 2, falseAlarms: 2, reported: "measured" });
    // False alarms and misses are counted per label kind, to say which trap caused them.
    expect(row("contact.duplicate").falseAlarmKinds).toEqual({ namesake: 1 });
    expect(row("user.inactive").falseAlarmKinds).toEqual({ "not-measurable": 2 });
    expect(row("contact.stale").missedKinds).toEqual({ old: 1 });
    expect(score.totals).toMatchObject({
      findings: 8,
      truePositives: 2,
      falseAlarms: 4,
      unlabelled: 2,
      falseAlarmShare: 0.5,
      planted: 3,
      found: 2,
      missed: 1,
      measurable: { findings: 6, falseAlarms: 2 },
      notMeasurable: 1,
      reportedNotMeasured: 0,
    });
  });

  it("reads a `status` of not measured: such a check flags nothing", () => {
    const score = scoreAudit(
      {
        findings: [
          { checkId: "user.inactive", affected: ["u1"], status: "not-measured" },
          { checkId: "contact.invalid-phone", affected: ["c1"], status: "measured" },
        ],
      },
      truth,
    );
    expect(score.rows.find((r) => r.checkId === "user.inactive")).toMatchObject({
      reported: "not-measured",
      flagged: 0,
      falseAlarms: 0,
    });
    expect(score.totals).toMatchObject({ findings: 1, falseAlarms: 0, reportedNotMeasured: 1 });
  });

  it("reads not-measured checks however the audit JSON says so, and ignores fields it does not know", () => {
    const document = (extra: object, finding: object) =>
      parseAuditJson(
        JSON.stringify({
          version: 1,
          scores: { overall: 90, categories: {} },
          findings: [{ checkId: "contact.invalid-phone", affected: ["c2"], newField: 1, ...finding }],
          ...extra,
        }),
      );
    const phone = (doc: ReturnType<typeof parseAuditJson>) =>
      scoreAudit(doc, truth).rows.find((r) => r.checkId === "contact.invalid-phone")!;
    expect(phone(document({}, {}))).toMatchObject({ reported: "measured", falseAlarms: 1 });
    expect(phone(document({}, { status: "not_measured" }))).toMatchObject({ reported: "not-measured", flagged: 0 });
    expect(phone(document({}, { measured: false }))).toMatchObject({ reported: "not-measured", flagged: 0 });
    const listed = document({ notMeasured: [{ checkId: "contact.invalid-phone", reason: "…" }] }, {});
    expect(phone(listed)).toMatchObject({ reported: "not-measured", flagged: 0 });
    expect(scoreAudit(listed, truth).score).toBe(90);
  });
});

describe("npm run eval:real-exports", () => {
  it("imports and audits both exports through the CLI and prints the figures as JSON", () => {
    const out = tempDir("real-exports-eval");
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/eval-real-exports.ts", "--json", "--out", out],
      { encoding: "utf8", env: { ...process.env, CRM_AUDIT_FROM_SOURCE: "1" } },
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      sources: { source: string; ok: boolean; totals: { planted: number; found: number; missed: number } }[];
    };
    expect(result.sources.map((s) => [s.source, s.ok])).toEqual([
      ["hubspot", true],
      ["salesforce", true],
    ]);
    for (const { totals } of result.sources) {
      expect(totals.planted).toBeGreaterThan(50);
      expect(totals.found + totals.missed).toBe(totals.planted);
      // Duplicates, missing data and stale records are found today: most planted defects are.
      expect(totals.found).toBeGreaterThan(totals.planted / 2);
    }
    expect(fs.existsSync(path.join(out, "hubspot.db"))).toBe(true);
    // Four CLI processes from the TypeScript sources: slow on a busy machine, so more than the default.
  }, 180_000);
});
