import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AuditConfigError,
  loadAuditConfig,
  loadAuditConfigFile,
  parseAuditConfig,
  readCheckOverrides,
  requireCheck,
  resolveEffectiveChecks,
  snapshotEffectiveChecks,
  writeCheckOverride,
  clearCheckOverride,
} from "../../../src/core/checks/config.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { freshDatabase } from "../../helpers/db.js";
import { tempDir } from "../../helpers/tmp.js";
import { checkOverrideStore } from "../../../src/db/stores/check-overrides.js";

/** The error lines of a config text, or [] when it is valid. */
function errorsOf(text: string): string[] {
  try {
    parseAuditConfig(text, "crm-audit.config.yml");
    return [];
  } catch (error) {
    if (error instanceof AuditConfigError) return error.message.split("\n");
    throw error;
  }
}

const effective = (checks: ReturnType<typeof resolveEffectiveChecks>, id: string) =>
  checks.find((c) => c.check.meta.id === id)!;

describe("config file", () => {
  it("reads enable/disable, severity, thresholds and the as-of instant", () => {
    const config = parseAuditConfig(
      [
        "# reproducible audit",
        "asOf: 2026-05-01T14:00:00+02:00",
        "checks:",
        "  contact.stale:",
        "    thresholds:",
        "      days: 400",
        "  user.mfa-disabled:",
        "    enabled: false",
        "  deal.missing-amount:",
        "    severity: high",
        "  task.overdue:",
      ].join("\n"),
    );
    expect(config.asOf).toBe(Date.parse("2026-05-01T12:00:00Z"));
    expect(config.checks).toEqual({
      "contact.stale": { thresholds: { days: 400 } },
      "user.mfa-disabled": { enabled: false },
      "deal.missing-amount": { severity: "high" },
      "task.overdue": {},
    });
  });

  it("treats an empty file as all defaults", () => {
    expect(parseAuditConfig("# nothing yet\n")).toEqual({ source: "crm-audit.config.yml", asOf: null, checks: {} });
  });

  it("reports a wrong threshold type at the line and column of its key", () => {
    const text = [
      "asOf: 2026-05-01", // 1
      "checks:", // 2
      "  user.inactive:", // 3
      "    enabled: true", // 4
      "  contact.stale:", // 5
      "    thresholds:", // 6
      "      days: soon", // 7
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      "crm-audit.config.yml:7:7: checks.contact.stale.thresholds.days: expected a number",
    ]);
  });

  it("reports every problem, each at its own line", () => {
    const text = [
      "asOf: 2026-05-01T12:00:00", // 1: no zone
      "checks:", // 2
      "  deal.missing-amount:", // 3
      "    severity: urgent", // 4
      "    enabled: maybe", // 5
      "  user.too-many-admins:", // 6
      "    thresholds:", // 7
      "      share: 1.5", // 8
      "      maxAdmins: 3", // 9
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      "crm-audit.config.yml:1:1: asOf: expected an ISO 8601 date or date-time with Z or an offset, e.g. 2026-05-01T12:00:00Z",
      'crm-audit.config.yml:4:5: checks.deal.missing-amount.severity: expected one of "low", "medium", "high", "critical"',
      "crm-audit.config.yml:5:5: checks.deal.missing-amount.enabled: expected true or false",
      "crm-audit.config.yml:8:7: checks.user.too-many-admins.thresholds.share: Too big: expected number to be <=1",
      'crm-audit.config.yml:9:7: checks.user.too-many-admins.thresholds.maxAdmins: unknown setting (did you mean "minAdmins"?)',
    ]);
  });

  it("rejects unknown check ids with a did-you-mean hint", () => {
    const text = [
      "checks:",
      "  contact.stail:",
      "    enabled: false",
      "  totally.unrelated:",
      "    enabled: false",
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      'crm-audit.config.yml:2:3: checks.contact.stail: unknown check id (did you mean "contact.stale"?)',
      "crm-audit.config.yml:4:3: checks.totally.unrelated: unknown check id",
    ]);
  });

  it("points at list items and unknown top-level keys", () => {
    const text = [
      "chekcs: {}",
      "checks:",
      "  contact.missing-consent:",
      "    thresholds:",
      "      countries: [DE, Germany]",
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      'crm-audit.config.yml:1:1: chekcs: unknown setting (did you mean "checks"?)',
      "crm-audit.config.yml:5:23: checks.contact.missing-consent.thresholds.countries[1]: expected an ISO 3166 alpha-2 country code",
    ]);
  });

  it("reports YAML syntax errors with their position", () => {
    const [line] = errorsOf("checks:\n  contact.stale:\n    enabled: true\n    enabled: false\n");
    expect(line).toMatch(/^crm-audit\.config\.yml:4:5: .*unique/);
  });

  const dir = tempDir("checks-config");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("loads a file and names it in errors", () => {
    const file = path.join(dir, "crm-audit.config.yml");
    fs.writeFileSync(file, "checks:\n  user.dormant:\n    thresholds: { days: 120 }\n");
    expect(loadAuditConfigFile(file).checks["user.dormant"]).toEqual({ thresholds: { days: 120 } });
    fs.writeFileSync(file, "checks:\n  user.dormant:\n    thresholds: { days: -5 }\n");
    expect(() => loadAuditConfigFile(file)).toThrow(`${file}:3:19: checks.user.dormant.thresholds.days:`);
  });

  it("finds crm-audit.config.yml in the working directory, or falls back to the defaults", () => {
    const project = path.join(dir, "project");
    fs.mkdirSync(project);
    expect(loadAuditConfig(undefined, project)).toEqual({ source: "<defaults>", asOf: null, checks: {} });
    fs.writeFileSync(path.join(project, "crm-audit.config.yml"), "asOf: 2026-01-02\n");
    expect(loadAuditConfig(undefined, project).asOf).toBe(Date.parse("2026-01-02T00:00:00Z"));
    expect(() => loadAuditConfig(path.join(project, "missing.yml"), project)).toThrow(/ENOENT/);
  });
});

describe("effective configuration", () => {
  it("is the defaults without a file or overrides", () => {
    const checks = resolveEffectiveChecks(null);
    expect(checks.map((c) => c.check)).toEqual([...CHECKS]);
    expect(checks.every((c) => c.enabled && c.severity === c.check.meta.severity)).toBe(true);
    expect(effective(checks, "contact.stale").thresholds).toEqual({ days: 365 });
  });

  it("layers defaults ← file ← override, thresholds key by key", () => {
    const file = parseAuditConfig(
      [
        "checks:",
        "  user.too-many-admins:",
        "    severity: low",
        "    thresholds: { minAdmins: 4, share: 0.2 }",
        "  contact.stale:",
        "    enabled: false",
      ].join("\n"),
    );
    const checks = resolveEffectiveChecks(file, [
      { checkId: "user.too-many-admins", thresholds: { share: 0.05 } },
      { checkId: "contact.stale", enabled: true, severity: "critical" },
    ]);
    expect(effective(checks, "user.too-many-admins")).toMatchObject({
      enabled: true,
      severity: "low",
      thresholds: { minAdmins: 4, share: 0.05 },
    });
    expect(effective(checks, "contact.stale")).toMatchObject({
      enabled: true,
      severity: "critical",
      thresholds: { days: 365 },
    });
    expect(effective(checks, "user.dormant")).toMatchObject({
      enabled: true,
      severity: "high",
      thresholds: { days: 90 },
    });
  });
});

describe("snapshots of the effective checks", () => {
  const checks = resolveEffectiveChecks(parseAuditConfig("checks:\n  user.dormant:\n    enabled: false\n"));
  it("snapshots settings as plain JSON", () => {
    const snapshot = snapshotEffectiveChecks(checks);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.find((s) => s.id === "user.dormant")).toEqual({
      id: "user.dormant",
      enabled: false,
      severity: "high",
      thresholds: { days: 90 },
    });
  });
});

describe("stored overrides", () => {
  it("writes, merges, re-validates on read and clears per workspace", async () => {
    const db = freshDatabase("checks-overrides");
    try {
      const check = (id: string) => requireCheck(CHECKS, id);
      await writeCheckOverride(
        checkOverrideStore(db),
        "w1",
        check("contact.stale"),
        { thresholds: { days: 200 } },
        "U123",
      );
      await writeCheckOverride(checkOverrideStore(db), "w1", check("contact.stale"), { severity: "high" });
      const merged = await writeCheckOverride(checkOverrideStore(db), "w1", check("user.too-many-admins"), {
        thresholds: { share: 0.3 },
      });
      expect(merged).toEqual({ checkId: "user.too-many-admins", thresholds: { share: 0.3 } });
      await writeCheckOverride(checkOverrideStore(db), "w2", check("contact.stale"), { enabled: false });

      expect(() => check("contact.stael")).toThrow('unknown check id "contact.stael" (did you mean "contact.stale"?)');
      await expect(
        writeCheckOverride(checkOverrideStore(db), "w1", check("contact.stale"), { thresholds: { days: "x" } }),
      ).rejects.toThrow(/days/);

      // A row written under an older schema, or by hand, is re-validated when read.
      await db.prisma.checkOverride.create({
        data: { workspaceId: "w1", checkId: "user.dormant", thresholds: '{"days": 0}', enabled: false },
      });
      await db.prisma.checkOverride.create({ data: { workspaceId: "w1", checkId: "retired.check", enabled: false } });

      const { overrides, problems } = await readCheckOverrides(checkOverrideStore(db), "w1", CHECKS);
      expect(overrides).toEqual([
        { checkId: "contact.stale", severity: "high", thresholds: { days: 200 } },
        { checkId: "user.dormant", enabled: false },
        { checkId: "user.too-many-admins", thresholds: { share: 0.3 } },
      ]);
      expect(problems).toEqual([
        'override for unknown check "retired.check" ignored',
        expect.stringMatching(/^user\.dormant: stored thresholds ignored: /),
      ]);
      const checks = resolveEffectiveChecks(
        parseAuditConfig("checks:\n  contact.stale:\n    thresholds: { days: 100 }"),
        overrides,
      );
      expect(effective(checks, "contact.stale")).toMatchObject({ severity: "high", thresholds: { days: 200 } });
      expect(effective(checks, "user.dormant")).toMatchObject({ enabled: false, thresholds: { days: 90 } });

      expect((await readCheckOverrides(checkOverrideStore(db), "w2", CHECKS)).overrides).toEqual([
        { checkId: "contact.stale", enabled: false },
      ]);
      expect(await clearCheckOverride(checkOverrideStore(db), "w1", check("contact.stale"))).toBe(true);
      expect(await clearCheckOverride(checkOverrideStore(db), "w1", check("contact.stale"))).toBe(false);
      expect((await readCheckOverrides(checkOverrideStore(db), "w1", CHECKS)).overrides.map((o) => o.checkId)).toEqual([
        "user.dormant",
        "user.too-many-admins",
      ]);
    } finally {
      await db.close();
    }
  });
});
