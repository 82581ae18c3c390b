/**
 * What an import supplied decides what the audit can measure: HubSpot and Salesforce exports
 * with the vendors' real headers (test/fixtures/import), imported and audited with the whole
 * catalogue. The false alarms of checks whose input the export lacks are gone ("not measured",
 * with the reason), and the true findings of the same exports are kept.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { AuditRunResult, FindingResult } from "../../../src/core/audit/types.js";
import { resolveEffectiveChecks } from "../../../src/core/checks/config.js";
import { formatImportReport, importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { createDatasetColumnsStore } from "../../../src/db/stores/dataset-columns.js";
import { freshDatabase } from "../../helpers/db.js";
import { fixture, writeBundle } from "./bundle.js";

const T = Date.parse("2026-05-01T12:00:00Z");
const LEGAL_BASIS = "Legal basis for processing contact's data";
const HS_CONTACTS = "hubspot-crm-exports-all-contacts-2026-05-01.csv";

let db: Database;
beforeEach(() => {
  db = freshDatabase("import-supplied");
});
afterEach(async () => {
  await db.close();
});

function audit(workspaceId: string): Promise<AuditRunResult> {
  return runAudit(db.stores.auditStorage.local, {
    workspaceId,
    asOf: T,
    checks: resolveEffectiveChecks(null),
    trigger: "test",
  });
}

function finding(run: AuditRunResult, checkId: string): FindingResult {
  const found = run.findings.find((f) => f.checkId === checkId);
  if (!found) throw new Error(`no finding ${checkId}`);
  return found;
}

/** The files of a fixture export, by name. */
function exportFiles(name: string): Record<string, string> {
  const dir = fixture(name);
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

/** A CSV without one column (the cells are simple enough to split on `","`). */
function dropColumn(csv: string, column: string): string {
  const lines = csv.trimEnd().split("\n");
  const header = lines[0]!.slice(1, -1).split('","');
  const at = header.indexOf(column);
  expect(at, column).toBeGreaterThanOrEqual(0);
  return (
    lines
      .map((line) => {
        const cells = line.slice(1, -1).split('","');
        cells.splice(at, 1);
        return `"${cells.join('","')}"`;
      })
      .join("\n") + "\n"
  );
}

describe("a HubSpot export", () => {
  it("has no login dates or activities: the user checks are not measured, and say why", async () => {
    const report = await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    expect(report.ok).toBe(true);
    expect(report.unsupplied).toContainEqual({
      input: "users: login dates",
      checks: ["user.inactive", "user.dormant"],
      hint: null,
    });
    // The owners HubSpot names are active users without a login date: before, every one of
    // them was "inactive" and "dormant" (disable the seat).
    const owners = db.sqlite.prepare(`SELECT active, lastLoginAt FROM crm_users WHERE workspaceId = 'hs'`).all() as {
      active: number;
      lastLoginAt: number | null;
    }[];
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.every((o) => o.active === 1 && o.lastLoginAt === null)).toBe(true);

    const run = await audit("hs");
    for (const id of ["user.inactive", "user.dormant"]) {
      expect(finding(run, id)).toMatchObject({
        status: "not-measured",
        reason: "HubSpot exports carry no login dates",
        count: 0,
        affected: [],
      });
    }
    expect(finding(run, "user.no-recent-activity")).toMatchObject({
      status: "not-measured",
      reason: "HubSpot exports carry no activities (calls, emails, meetings)",
    });
    // Nor is adoption 0%: it is unknown, and login dates are not an "unused field".
    expect(run.metrics.adoptionRate).toBeNull();
    expect(run.metrics.notMeasured).toEqual({ adoptionRate: "HubSpot exports carry no login dates" });
    expect(run.metrics.unusedFields).not.toContain("users.lastLoginAt");
    // Usage has no measured check: no score rather than 100.
    expect(run.scores.categories.usage).toBeUndefined();
    expect(run.scores.notMeasured).toContain("usage");
    // Statuses are stored with the run.
    const stored = db.stores.auditStorage.local.runs.load("hs", run.id);
    expect(stored?.findings.find((f) => f.checkId === "user.inactive")).toMatchObject({
      status: "not-measured",
      reason: "HubSpot exports carry no login dates",
    });
  });

  it("with a legal basis column: contact.missing-consent is measured and keeps its true finding", async () => {
    await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    const run = await audit("hs");
    // 51204 (Czech Republic) has neither a legal basis nor an unsubscription; 51201 has a
    // legal basis, 51203 (UK) unsubscribed, 51202 is in the US.
    expect(finding(run, "contact.missing-consent")).toMatchObject({ status: "measured", affected: ["51204"] });
  });

  it("without it: contact.missing-consent is not measured and the import says which column to add", async () => {
    const files = exportFiles("hubspot");
    files[HS_CONTACTS] = dropColumn(files[HS_CONTACTS]!, LEGAL_BASIS);
    const report = await importBundle(db.stores, "hs", writeBundle(files), { preset: "hubspot" });
    expect(report.ok).toBe(true);
    const entry = report.unsupplied?.find((u) => u.checks.includes("contact.missing-consent"));
    expect(entry?.hint).toContain(`"${LEGAL_BASIS}"`);
    expect(formatImportReport(report).join("\n")).toContain(
      `not in this export: contacts: consent grants (a legal basis for processing), so contact.missing-consent will not be measured; add the property "${LEGAL_BASIS}"`,
    );

    const run = await audit("hs");
    // Anna (Germany) has a legal basis in HubSpot that this export does not show: it was a false alarm.
    expect(finding(run, "contact.missing-consent")).toMatchObject({ status: "not-measured", affected: [] });
    expect(finding(run, "contact.missing-consent").reason).toContain(LEGAL_BASIS);

    // Re-imported with the column, it is measured again.
    await importBundle(db.stores, "hs", fixture("hubspot"), { preset: "hubspot" });
    const again = await audit("hs");
    expect(finding(again, "contact.missing-consent")).toMatchObject({ status: "measured", affected: ["51204"] });
    // Not measured before, so its finding is not "new" since the previous run; measured checks are compared.
    expect(again.changes?.checks.map((c) => c.checkId)).not.toContain("contact.missing-consent");
    expect(again.changes?.checks.map((c) => c.checkId)).toContain("contact.missing-owner");
    // A partial run of the check alone stores its status too.
    const partial = await runAudit(db.stores.auditStorage.local, {
      workspaceId: "hs",
      asOf: T,
      checks: resolveEffectiveChecks(null),
      select: ["user.inactive"],
      trigger: "test",
    });
    expect(partial.selection).toEqual(["user.inactive"]);
    expect(partial.findings).toMatchObject([{ checkId: "user.inactive", status: "not-measured" }]);
    expect(partial.scores).toEqual({ overall: 100, categories: {}, notMeasured: ["usage"] });
  });
});

describe("a Salesforce export", () => {
  it("has no contact lifecycle stage nor consent grant: not measured; logins are, and find the true inactive user", async () => {
    const report = await importBundle(db.stores, "sf", fixture("salesforce"), { preset: "salesforce" });
    expect(report.ok).toBe(true);
    const run = await audit("sf");
    expect(finding(run, "contact.missing-lifecycle-stage")).toMatchObject({
      status: "not-measured",
      reason: "Salesforce exports carry no contact lifecycle stages",
    });
    expect(finding(run, "contact.missing-consent")).toMatchObject({ status: "not-measured" });
    expect(finding(run, "contact.missing-consent").reason).toContain("Contact has no standard consent field");
    expect(finding(run, "user.mfa-disabled").reason).toBe("Salesforce exports carry no MFA settings");
    // Marcus Lee last logged in on 2026-01-12: a real finding, kept.
    expect(finding(run, "user.inactive")).toMatchObject({ status: "measured", affected: ["0055g00000AbCdFAAV"] });
    expect(run.metrics.adoptionRate).toBe(0.5);
    // Not measured checks are named in every output.
    expect(run.findings.filter((f) => f.status === "not-measured").length).toBeGreaterThan(0);
  });
});

describe("the dataset_columns record", () => {
  it("keeps a column supplied by an earlier import when a later one lacks it", async () => {
    const users = "id,name,email,last_login_at\nu1,Ann,ann@example.com,2026-04-30T10:00:00Z\n";
    await importBundle(db.stores, "ws", writeBundle({ "users.csv": users }));
    await importBundle(db.stores, "ws", writeBundle({ "users.csv": "id,name,email\nu2,Bob,bob@example.com\n" }));
    const store = createDatasetColumnsStore(db.sqlite);
    const login = store.list("ws").find((c) => c.entity === "users" && c.column === "lastLoginAt");
    expect(login).toMatchObject({ supplied: true, suppliedRows: 1, source: "canonical bundle" });
    const mfa = store.list("ws").find((c) => c.entity === "users" && c.column === "mfaEnabled");
    expect(mfa).toMatchObject({ supplied: false, hint: 'add the column "mfa_enabled" to users.csv' });
  });

  it("counts a present column blank in every row as supplied (the data says none)", async () => {
    const users = "id,name,email,last_login_at\nu1,Ann,ann@example.com,\n";
    await importBundle(db.stores, "ws", writeBundle({ "users.csv": users }));
    const run = await audit("ws");
    expect(finding(run, "user.inactive")).toMatchObject({ status: "measured", affected: ["u1"] });
  });

  it("records nothing on a dry run", async () => {
    await importBundle(db.stores, "ws", fixture("hubspot"), { preset: "hubspot", dryRun: true });
    expect(createDatasetColumnsStore(db.sqlite).list("ws")).toEqual([]);
  });
});
