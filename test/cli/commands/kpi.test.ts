/** `crm-audit kpi` as a user runs it: a real process on a real SQLite file. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const env = { env: { CRM_AUDIT_WORKSPACE: "acme" } };

function bundle(): string {
  const dir = tempDir("cli-kpi-bundle");
  fs.writeFileSync(
    path.join(dir, "deals.csv"),
    "id,name,stage,status,amount,currency,created_at,updated_at,closed_at\n" +
      "d1,One,won,won,1000,EUR,2026-11-02,2026-11-10,2026-11-10\n" +
      "d2,Two,lost,lost,,,2026-11-03,2026-11-15,2026-11-15\n" +
      "d3,Three,won,won,500,EUR,2026-09-01,2026-10-10,2026-10-10\n",
  );
  return dir;
}

describe("crm-audit kpi", () => {
  it("prints a period's KPIs with the previous period as text, stable JSON and CSV", () => {
    const dir = tempDir("cli-kpi");
    const dbFile = path.join(dir, "crm.db");
    expect(runCli(["import", bundle()], dbFile, env).code).toBe(0);
    const config = path.join(dir, "c.yml");
    fs.writeFileSync(
      config,
      "kpis:\n  currency: EUR\n  costs:\n    adminPerMonth: 100\n  gains:\n    revenueShare: 0.5\n",
    );

    const text = runCli(["kpi", "2026-11", "--config", config], dbFile, env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("KPIs of 2026-11, compared with 2026-10 — workspace acme");
    expect(text.stdout).toContain("Win rate: 50.0%\n  2026-10: 100.0%; change −50.0 pp");
    // ROI: gain 50% × 1,000 = 500, cost 100: 400%.
    expect(text.stdout).toContain("CRM ROI: 400.0%");
    // The one import happened today: no snapshot of November's start or inside it.
    expect(text.stdout).toMatch(/Customer retention: not measured: no import snapshot covers the period/);

    const json = JSON.parse(runCli(["kpi", "2026-11", "--format", "json", "--config", config], dbFile, env).stdout);
    expect(Object.keys(json)).toEqual([
      "version",
      "workspaceId",
      "period",
      "previousPeriod",
      "computedAt",
      "complete",
      "currency",
      "kpis",
    ]);
    expect(json).toMatchObject({ version: 1, workspaceId: "acme", currency: "EUR", complete: true });
    expect(json.period).toEqual({
      kind: "month",
      label: "2026-11",
      start: Date.parse("2026-11-01"),
      end: Date.parse("2026-12-01"),
      months: 1,
    });
    const win = json.kpis.find((k: { id: string }) => k.id === "win-rate");
    expect(Object.keys(win)).toEqual(["id", "title", "unit", "formula", "current", "previous", "change"]);
    expect(win).toMatchObject({
      current: { status: "measured", value: 0.5, inputs: { won: 1, lost: 1 } },
      previous: { status: "measured", value: 1 },
      change: -0.5,
    });
    expect(json.kpis.map((k: { id: string }) => k.id)).toContain("roi");

    const csv = runCli(["kpi", "2026-Q4", "--format", "csv"], dbFile, env).stdout.split("\r\n");
    expect(csv[0]).toBe(
      "kpi,title,unit,period,status,value,reason,previous_period,previous_status,previous_value,change,formula,inputs",
    );
    expect(csv.find((l) => l.startsWith("win-rate,"))).toMatch(/^win-rate,Win rate,ratio,2026-Q4,measured,0\.666/);
    expect(csv.find((l) => l.startsWith("roi,"))).toContain(",not-configured,");
    // Written by the project's CSV writer: no cell starts like a spreadsheet formula.
    for (const line of csv.filter(Boolean))
      for (const cell of line.match(/"(?:[^"]|"")*"|[^,]+/g) ?? [])
        expect(cell.replace(/^"/, "")).not.toMatch(/^[=+@]/);
  });

  it("refuses a bad period, format or configuration with a clear message", () => {
    const dir = tempDir("cli-kpi-usage");
    const dbFile = path.join(dir, "crm.db");
    const period = runCli(["kpi", "2026-13"], dbFile, env);
    expect(period.code).toBe(1);
    expect(period.stderr).toContain(
      'error: "2026-13" is not a period: a month (2026-11), a quarter (2026-Q3) or a year (2026)',
    );
    expect(period.stderr).toContain("--help");
    expect(runCli(["kpi", "--format", "pdf"], dbFile, env).code).toBe(1);
    const unknown = runCli(["kpi", "--workspace", "acmee"], dbFile, env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: unknown workspace "acmee" (known: none yet; import data first)');
    const config = path.join(dir, "bad.yml");
    fs.writeFileSync(config, "kpis:\n  gains:\n    revenueShare: 3\n");
    const bad = runCli(["kpi", "--config", config], dbFile, env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.yml:3:5: kpis.gains.revenueShare: a share between 0 and 1");
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
