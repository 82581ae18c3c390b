import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { readCheckOverrides, requireCheck, resolveEffectiveChecks } from "../../../src/core/checks/config.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import {
  describeSetting,
  parseSettingText,
  readCheckConfigs,
  resetCheckSetting,
  setCheckEnabled,
  setCheckSetting,
} from "../../../src/core/commands/check-config.js";
import { freshDatabase } from "../../helpers/db.js";
import { checkOverrideStore } from "../../../src/db/stores/check-overrides.js";

describe("check settings from chat", () => {
  let db: Database;
  beforeEach(() => {
    db = freshDatabase("check-config");
  });
  afterEach(async () => {
    await db.close();
  });

  const stale = requireCheck(CHECKS, "contact.stale");
  const file = { severity: "high" as const, thresholds: { days: 100 } };

  it("writes what the audit reads and layers it the same way", async () => {
    const result = await setCheckSetting(checkOverrideStore(db), "w1", stale, "days", "30", "U1", file);
    expect(result).toMatchObject({
      ok: true,
      config: { enabled: true, severity: "high", thresholds: { days: 30 }, overridden: ["days"] },
    });

    const { overrides, problems } = await readCheckOverrides(checkOverrideStore(db), "w1", CHECKS);
    expect(overrides).toEqual([{ checkId: "contact.stale", thresholds: { days: 30 } }]);
    expect(problems).toEqual([]);
    const audit = resolveEffectiveChecks({ source: "test", asOf: null, checks: { "contact.stale": file } }, overrides);
    const chat = await readCheckConfigs(checkOverrideStore(db), "w1", CHECKS, { "contact.stale": file });
    for (const check of CHECKS) {
      const a = audit.find((c) => c.check.meta.id === check.meta.id)!;
      const c = chat.find((x) => x.meta.id === check.meta.id)!;
      expect({ enabled: c.enabled, severity: c.severity, thresholds: c.thresholds }).toEqual({
        enabled: a.enabled,
        severity: a.severity,
        thresholds: a.thresholds,
      });
    }
  });

  it("refuses a bad value per input and writes nothing", async () => {
    expect(await setCheckSetting(checkOverrideStore(db), "w1", stale, "days", "-5", "U1")).toMatchObject({
      ok: false,
      field: "value",
      error: "contact.stale days must be a whole number of at least 1, e.g. `config set contact.stale days 365`",
    });
    expect(await setCheckSetting(checkOverrideStore(db), "w1", stale, "weeks", "5", "U1")).toEqual({
      ok: false,
      field: "key",
      error: 'contact.stale has no setting "weeks" (settings: days, severity)',
    });
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM check_overrides`).get()).toEqual({ n: 0 });
  });

  it("turning a check off keeps its stored thresholds, even ones that no longer parse", async () => {
    await db.prisma.checkOverride.create({
      data: { workspaceId: "w1", checkId: "contact.stale", thresholds: '{"days":"soon"}' },
    });
    const { config } = await setCheckEnabled(checkOverrideStore(db), "w1", stale, false, "U1");
    expect(config).toMatchObject({ enabled: false, thresholds: { days: 365 }, overridden: [] });
    expect(db.sqlite.prepare(`SELECT enabled, thresholds, updatedBy FROM check_overrides`).get()).toEqual({
      enabled: 0,
      thresholds: '{"days":"soon"}',
      updatedBy: "U1",
    });
  });

  it("resets one setting or all of them back to the file's value, and says when there was nothing", async () => {
    await setCheckSetting(checkOverrideStore(db), "w1", stale, "days", "30", "U1", file);
    await setCheckSetting(checkOverrideStore(db), "w1", stale, "severity", "critical", "U1", file);
    const days = await resetCheckSetting(checkOverrideStore(db), "w1", stale, "days", "U1", file);
    expect(days).toMatchObject({
      ok: true,
      removed: true,
      config: { severity: "critical", thresholds: { days: 100 } },
    });
    expect(await resetCheckSetting(checkOverrideStore(db), "w1", stale, "days", "U1", file)).toMatchObject({
      removed: false,
    });
    expect(await resetCheckSetting(checkOverrideStore(db), "w1", stale, undefined, "U1", file)).toMatchObject({
      removed: true,
      config: { severity: "high", thresholds: { days: 100 }, overridden: [] },
    });
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM check_overrides`).get()).toEqual({ n: 0 });
    expect(await resetCheckSetting(checkOverrideStore(db), "w1", stale, "weeks", "U1")).toEqual({
      ok: false,
      field: "key",
      error: 'contact.stale has no setting "weeks" (settings: days, severity, enabled)',
    });
  });
});

describe("settings described from their zod schema", () => {
  const check = (id: string) => requireCheck(CHECKS, id);
  it("names the type, the range and an example", () => {
    expect(describeSetting(check("contact.stale"), "days")).toEqual({
      accepts: "a whole number of at least 1",
      example: "365",
    });
    expect(describeSetting(check("user.too-many-admins"), "share")).toEqual({
      accepts: "a number from 0 to 1",
      example: "0.1",
    });
    expect(describeSetting(check("user.too-many-admins"), "minAdmins").accepts).toBe("a whole number of at least 0");
    expect(describeSetting(check("contact.retention-exceeded"), "years").accepts).toBe("a number more than 0");
    expect(describeSetting(check("contact.missing-consent"), "countries")).toEqual({
      accepts: "a list separated by commas or spaces",
      example: "AT,BE",
    });
  });
  it("reads lists typed with commas, spaces or as JSON, and numbers as numbers", () => {
    const consent = check("contact.missing-consent");
    expect(parseSettingText(consent, "countries", "DE,FR")).toEqual(["DE", "FR"]);
    expect(parseSettingText(consent, "countries", " DE, FR  AT ")).toEqual(["DE", "FR", "AT"]);
    expect(parseSettingText(consent, "countries", '["DE","FR"]')).toEqual(["DE", "FR"]);
    expect(parseSettingText(check("contact.stale"), "days", "30")).toBe(30);
    expect(parseSettingText(check("contact.stale"), "days", "soon")).toBe("soon");
  });
});
