import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  AuditJsonSchema,
  auditJsonSchema,
  formatAudit,
  formatAuditCsv,
  formatAuditText,
} from "../../../src/core/audit/format.js";
import { rankFindings } from "../../../src/core/audit/scores.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import type { RecordDetailsLookup } from "../../../src/core/stores/record-details.js";
import { T } from "./helpers.js";

const run: AuditRunResult = {
  id: 7,
  workspaceId: "acme",
  asOf: T,
  startedAt: T + 1000,
  durationMs: 42,
  selection: null,
  trigger: "cli",
  requestedBy: null,
  scores: { overall: 81.5, categories: { "data-quality": 70, process: 95 } },
  metrics: {
    counts: { users: 3, companies: 2, contacts: 10, deals: 4, tasks: 2, activities: 0, customer_feedback: 0 },
    countChanges: { contacts: -0.25 },
    fillRates: { contacts: { email: 0.9 } },
    unusedFields: ["contacts.jobTitle"],
    adoptionRate: 2 / 3,
    retentionRate: null,
    conversionRate: 0.5,
    winRate: 0.25,
    csatMean: 4.2,
    nps: 12,
  },
  findings: [
    {
      checkId: "contact.missing-owner",
      title: "Contacts without owner",
      category: "process",
      severity: "medium",
      entity: "contacts",
      shape: "records",
      count: 2,
      affected: ["c1", "c2"],
      why: "Nobody follows up.",
      fix: "Assign an owner.",
    },
    {
      checkId: "contact.duplicate",
      title: "Duplicate contacts",
      category: "data-quality",
      severity: "high",
      entity: "contacts",
      shape: "groups",
      count: 1,
      affected: [["c3", "c4", "c5"]],
      why: "Split history.",
      fix: "Merge them.",
    },
    {
      checkId: "task.overdue",
      title: "Overdue tasks",
      category: "process",
      severity: "critical",
      entity: "tasks",
      shape: "records",
      count: 0,
      affected: [],
      why: "w",
      fix: "f",
    },
  ],
  changes: {
    previousRunId: 6,
    overallDelta: -3.5,
    categoryDeltas: { process: 2 },
    checks: [{ checkId: "contact.missing-owner", added: ["c2"], resolved: ["c9"], countDelta: 0 }],
  },
};

describe("audit output formats", () => {
  it("JSON validates against the published schema and carries every affected id", () => {
    const json = JSON.parse(formatAudit(run, "json"));
    const parsed = AuditJsonSchema.parse(json);
    expect(parsed).toMatchObject({ version: 1, runId: 7, asOf: "2026-05-01T12:00:00.000Z", asOfMs: T });
    expect(parsed.findings.map((f) => [f.checkId, f.count, f.affected])).toEqual([
      ["contact.duplicate", 1, [["c3", "c4", "c5"]]],
      ["contact.missing-owner", 2, ["c1", "c2"]],
      ["task.overdue", 0, []],
    ]);
    expect(AuditJsonSchema.safeParse({ ...json, findings: [{ checkId: 1 }] }).success).toBe(false);
    const schema = auditJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["runId", "asOf", "scores", "findings"])); // A run stored before versions were kept has none; a newer one carries both.
    expect(parsed).not.toHaveProperty("dataVersion");
    const kept = AuditJsonSchema.parse(
      JSON.parse(formatAudit({ ...run, dataVersion: 41, checksRelease: "2.3.4" }, "json")),
    );
    expect(kept).toMatchObject({ dataVersion: 41, checksRelease: "2.3.4" });
  });

  it("CSV has one row per affected record, with the group number for duplicates", () => {
    const rows = parse(formatAuditCsv(run), { columns: true }) as Record<string, string>[];
    const blank = { name: "", owner: "", values: "" };
    expect(rows).toEqual([
      { run_id: "7", check_id: "contact.missing-owner", severity: "medium", record_id: "c1", group: "", ...blank },
      { run_id: "7", check_id: "contact.missing-owner", severity: "medium", record_id: "c2", group: "", ...blank },
      { run_id: "7", check_id: "contact.duplicate", severity: "high", record_id: "c3", group: "1", ...blank },
      { run_id: "7", check_id: "contact.duplicate", severity: "high", record_id: "c4", group: "1", ...blank },
      { run_id: "7", check_id: "contact.duplicate", severity: "high", record_id: "c5", group: "1", ...blank },
    ]);
  });

  it("CSV names each record, its owner and the values the check looked at, from the lookup", () => {
    const asked: [string, string[], string[]][] = [];
    const details: RecordDetailsLookup = (entity, ids, fields) => {
      asked.push([entity, [...ids], [...fields]]);
      return new Map(
        ids
          .filter((id) => id !== "c2") // no longer stored
          .map((id) => [
            id,
            { id, name: `Name ${id}`, owner: "Ann", values: fields.map((f) => [f, `${f}-${id}`] as [string, string]) },
          ]),
      );
    };
    const rows = parse(formatAuditCsv(run, details), { columns: true }) as Record<string, string>[];
    expect(asked[0]).toEqual(["contacts", ["c1", "c2"], ["email", "ownerId"]]);
    expect(rows[0]).toMatchObject({
      record_id: "c1",
      name: "Name c1",
      owner: "Ann",
      values: "email=email-c1; ownerId=ownerId-c1",
    });
    expect(rows[1]).toMatchObject({ record_id: "c2", name: "", owner: "", values: "" });
    expect(rows[2]).toMatchObject({
      record_id: "c3",
      group: "1",
      values: "email=email-c3; phone=phone-c3; companyId=companyId-c3",
    });
  });

  it("text ranks findings by severity, shows samples, scores and changes", () => {
    // duplicate (high) before missing-owner (medium); empty findings are left out.
    expect(rankFindings(run).map((f) => f.checkId)).toEqual(["contact.duplicate", "contact.missing-owner"]);
    const text = formatAuditText(run, { samples: 1 });
    expect(text).toContain("Health 81.5/100");
    expect(text).toContain("-3.5 since run #6");
    expect(text.indexOf("contact.duplicate")).toBeLessThan(text.indexOf("contact.missing-owner"));
    expect(text).toContain("c1 … (+1 more)");
    expect(text).toContain("[c3, c4, c5]");
    expect(text).toContain("(1 new, 1 resolved)");
    expect(text).toContain("contacts 10 (-25%)");
    expect(text).not.toContain("task.overdue");
    expect(text).toContain("contacts.jobTitle");
  });

  it("text counts one record in the singular: 1 user, 1 company, 2 contacts", () => {
    const one = (entity: "users" | "companies" | "customer_feedback", count: number) =>
      formatAuditText({
        ...run,
        changes: null,
        findings: [
          {
            ...run.findings[0]!,
            checkId: "x.check",
            entity,
            count,
            affected: Array.from({ length: count }, (_, i) => `r${i}`),
          },
        ],
      });
    expect(one("users", 1)).toContain("x.check: 1 user\n");
    expect(one("companies", 1)).toContain("x.check: 1 company\n");
    expect(one("customer_feedback", 1)).toContain("x.check: 1 customer feedback\n");
    expect(one("users", 2)).toContain("x.check: 2 users\n");
    expect(formatAuditText(run)).toContain("contact.missing-owner: 2 contacts");
  });

  it("markdown has a score table and a section per finding", () => {
    const md = formatAudit(run, "markdown");
    expect(md).toContain("| data-quality | 70.0 |");
    expect(md).toContain("### contact.duplicate (high, 1 group)");
    expect(md).toContain("| Win rate | 25.0% |");
  });
});

describe("docs/audit-json.md", () => {
  it("embeds the JSON Schema the code publishes", () => {
    const doc = fs.readFileSync(new URL("../../../docs/audit-json.md", import.meta.url), "utf8");
    const embedded = doc.slice(doc.indexOf("## JSON Schema")).match(/```json\n([\s\S]*?)```/)![1]!;
    expect(JSON.parse(embedded)).toEqual(auditJsonSchema());
  });
});

describe("not measured checks in every format", () => {
  const unmeasured: AuditRunResult = {
    ...run,
    scores: { overall: 81.5, categories: { "data-quality": 70, process: 95 }, notMeasured: ["usage"] },
    findings: [
      ...run.findings,
      {
        checkId: "user.inactive",
        title: "Active users who have not logged in lately",
        category: "usage",
        severity: "medium",
        entity: "users",
        shape: "records",
        count: 0,
        affected: [],
        why: "w",
        fix: "f",
        status: "not-measured",
        reason: "HubSpot exports carry no login dates",
      },
    ],
  };

  it("JSON gives every finding a status, and the reason of a not measured one", () => {
    const json = AuditJsonSchema.parse(JSON.parse(formatAudit(unmeasured, "json")));
    expect(json.scores.notMeasured).toEqual(["usage"]);
    expect(json.findings.map((f) => [f.checkId, f.status, f.reason])).toEqual([
      ["contact.duplicate", "measured", undefined],
      ["contact.missing-owner", "measured", undefined],
      ["task.overdue", "measured", undefined],
      ["user.inactive", "not-measured", "HubSpot exports carry no login dates"],
    ]);
  });

  it("text names them with the reason and shows the category as not measured", () => {
    const text = formatAuditText(unmeasured);
    expect(text).toContain("  usage         not measured");
    expect(text).toContain("Findings: 2 of 3 measured checks flagged records; 1 not measured");
    expect(text).toContain(
      "Not measured (left out of the scores):\n  user.inactive: HubSpot exports carry no login dates",
    );
  });

  it("markdown has a Not measured section and the category row says so", () => {
    const md = formatAudit(unmeasured, "markdown");
    expect(md).toContain("| usage | not measured |");
    expect(md).toContain("## Not measured");
    expect(md).toContain("| `user.inactive` | HubSpot exports carry no login dates |");
  });

  it("says the health is not measured when no check of the run was", () => {
    const none: AuditRunResult = {
      ...unmeasured,
      selection: ["user.inactive"],
      scores: { overall: 100, categories: {}, notMeasured: ["usage"] },
      findings: unmeasured.findings.filter((f) => f.status === "not-measured"),
    };
    expect(formatAuditText(none)).toContain("Health not measured: no check of this run could be measured");
    expect(formatAuditText(none)).not.toContain("100.0");
    expect(formatAudit(none, "markdown")).toContain("**Health: not measured**");
  });

  it("CSV lists no record for them", () => {
    expect(formatAuditCsv(unmeasured)).toBe(formatAuditCsv(run));
  });
});
