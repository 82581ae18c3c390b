/**
 * System and integration users are left out of the user checks and the adoption figures: the
 * rule of src/core/checks/system-users.ts on its own, then a Salesforce export (real User.csv
 * headers) with the org's built-in accounts, and a canonical bundle with a flag column.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import { parseAuditConfig, resolveEffectiveChecks } from "../../../src/core/checks/config.js";
import { systemUserRule } from "../../../src/core/checks/system-users.js";
import { importBundle } from "../../../src/core/import/index.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { fixture, writeBundle } from "../import/bundle.js";

const T = Date.parse("2026-05-01T12:00:00Z");

describe("systemUserRule", () => {
  const user = (name: string, extra: Record<string, string> | null = null, email = "someone@example.com") => ({
    id: `id-${name}`,
    name,
    email,
    extra: extra && JSON.stringify(extra),
  });
  const isSystem = systemUserRule(["sync@example.com", "U-42"]);

  it("recognises the built-in accounts by name", () => {
    for (const name of ["Automated Process", "chatter expert", "Security User", " Integration User "])
      expect(isSystem(user(name)), name).toBe(true);
    expect(isSystem(user("Sarah Chen"))).toBe(false);
  });

  it("recognises flag, UserType and profile columns", () => {
    expect(isSystem(user("Bot", { is_integration_user: "true" }))).toBe(true);
    expect(isSystem(user("Bot", { IS_SYSTEM_USER: "Yes" }))).toBe(true);
    expect(isSystem(user("Bot", { is_system_user: "false" }))).toBe(false);
    expect(isSystem(user("Auto", { UserType: "AutomatedProcess" }))).toBe(true);
    expect(isSystem(user("Human", { UserType: "Standard" }))).toBe(false);
    expect(isSystem(user("API", { "Profile.Name": "Salesforce API Only System Integrations" }))).toBe(true);
    expect(isSystem(user("Rep", { "Profile.Name": "Standard User" }))).toBe(false);
    expect(isSystem({ ...user("Broken"), extra: "{not json" })).toBe(false);
  });

  it("recognises users the configuration lists, by email or id, in any case", () => {
    expect(isSystem(user("HubSpot Sync", null, "Sync@Example.com"))).toBe(true);
    expect(isSystem({ ...user("Someone"), id: "u-42" })).toBe(true);
    expect(systemUserRule()(user("HubSpot Sync", null, "sync@example.com"))).toBe(false);
  });

  it("is configured with systemUsers in crm-audit.config.yml", () => {
    expect(parseAuditConfig("systemUsers: [sync@example.com, U-42]\n").systemUsers).toEqual([
      "sync@example.com",
      "U-42",
    ]);
    expect(() => parseAuditConfig("systemUsers: ['']\n")).toThrow(/systemUsers\[0\]: expected a user id or email/);
  });
});

let db: Database;
beforeEach(() => {
  db = freshDatabase("system-users");
});
afterEach(async () => {
  await db.close();
});

function audit(workspaceId: string, systemUsers?: string[]): Promise<AuditRunResult> {
  return runAudit(db.stores.auditStorage.local, {
    workspaceId,
    asOf: T,
    checks: resolveEffectiveChecks(null),
    trigger: "test",
    ...(systemUsers ? { systemUsers } : {}),
  });
}
const affected = (run: AuditRunResult, checkId: string) => run.findings.find((f) => f.checkId === checkId)!.affected;

/** A Salesforce User.csv row in the fixture's column order, active, never logged in. */
function sfUser(id: string, first: string, last: string, email: string, userType: string): string {
  return `"${id}","${email}","${last}","${first}","Northwind","${email}","true","","00e5g000000AbCeAAK","${userType}","","2023-02-01T10:00:00.000Z","2023-02-01T10:00:00.000Z","2023-02-01T10:00:00.000Z","GMT"`;
}

describe("a Salesforce org's built-in accounts", () => {
  const MARCUS = "0055g00000AbCdFAAV";
  const SYNC = "0055g00000SyncAAAV";

  async function importOrg(): Promise<void> {
    const dir = fixture("salesforce");
    const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
    files["User.csv"] =
      files["User.csv"]!.trimEnd() +
      "\n" +
      [
        sfUser("0055g00000AutoPAAV", "Automated", "Process", "autoproc@00d5g000000abcd.example", "AutomatedProcess"),
        sfUser("0055g00000ChatEAAV", "Chatter", "Expert", "noreply@chatter.salesforce.com", "CsnOnly"),
        sfUser("0055g00000SecuUAAV", "Security", "User", "insightssecurity@00d5g000000abcd.example", "Standard"),
        sfUser("0055g00000IntgUAAV", "Integration", "User", "integration@00d5g000000abcd.example", "Standard"),
        sfUser(SYNC, "HubSpot", "Sync", "hubspot-sync@northwind.example", "Standard"),
      ].join("\n") +
      "\n";
    const report = await importBundle(db.stores, "sf", writeBundle(files), { preset: "salesforce" });
    expect(report.issues).toEqual([]);
  }

  it("are left out of the login checks; people who do not log in are still found", async () => {
    await importOrg();
    const run = await audit("sf");
    // Before, all four built-in accounts were "inactive" and "dormant" (disable the seat).
    expect(affected(run, "user.inactive")).toEqual([MARCUS, SYNC]);
    expect(affected(run, "user.dormant")).toEqual([MARCUS, SYNC]);
    // Adoption counts people only: Sarah logged in, Marcus and the sync account did not.
    expect(run.metrics.adoptionRate).toBeCloseTo(1 / 3);
  });

  it("leaves out a user the configuration lists", async () => {
    await importOrg();
    const run = await audit("sf", ["hubspot-sync@northwind.example"]);
    expect(affected(run, "user.inactive")).toEqual([MARCUS]);
    expect(affected(run, "user.dormant")).toEqual([MARCUS]);
    expect(run.metrics.adoptionRate).toBe(0.5);
  });
});

describe("a flag column of a canonical bundle", () => {
  it("marks integration users, who then escape the user checks", async () => {
    const users = [
      "id,name,email,role,active,last_login_at,mfa_enabled,is_integration_user",
      "u1,Ann Admin,ann@example.com,admin,true,2026-04-30T08:00:00Z,false,",
      "u2,Zapier,zapier@example.com,admin,true,,false,true",
      "u3,Bob Rep,bob@example.com,rep,true,2026-01-02T08:00:00Z,true,false",
    ].join("\n");
    const report = await importBundle(db.stores, "ws", writeBundle({ "users.csv": users + "\n" }));
    expect(report.issues).toEqual([]);
    const run = await audit("ws");
    expect(affected(run, "user.inactive")).toEqual(["u3"]);
    expect(affected(run, "user.mfa-disabled")).toEqual(["u1"]);
  });
});
