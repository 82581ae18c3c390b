/**
 * The public Maven pipeline dataset (a slice, test/fixtures/public/maven_crm_sales_opportunities)
 * imports through the committed example mapping docs/examples/maven-crm.yaml, with no script, and
 * its audit finds the stuck deals the data holds.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/tmp.js";
import { runCli } from "../../helpers/cli.js";

const DATA = path.resolve("test/fixtures/public/maven_crm_sales_opportunities");
const MAPPING = path.resolve("docs/examples/maven-crm.yaml");
const AS_OF = Date.UTC(2017, 11, 31);

const crmAudit = (args: string[], dbFile: string) => runCli(args, dbFile);

interface Opportunity {
  opportunity_id: string;
  account: string;
  deal_stage: string;
  engage_date: string;
}

describe("the Maven pipeline dataset through docs/examples/maven-crm.yaml", () => {
  it("imports every row and the audit finds its stuck deals and leaves loss reasons not measured", () => {
    const pipeline = parse(fs.readFileSync(path.join(DATA, "sales_pipeline.csv")), {
      columns: true,
    }) as Opportunity[];
    // Engaging deals entered their stage on engage_date: stuck when that is over 60 days before T.
    const stuck = pipeline
      .filter((o) => o.deal_stage === "Engaging" && Date.parse(o.engage_date) < AS_OF - 60 * 86_400_000)
      .map((o) => o.opportunity_id)
      .sort();
    const lost = pipeline.filter((o) => o.deal_stage === "Lost").map((o) => o.opportunity_id);
    expect(stuck.length).toBeGreaterThan(20);

    const dbFile = path.join(tempDir("maven"), "crm.db");
    const imported = crmAudit(["import", DATA, "--mapping", MAPPING, "--workspace", "maven"], dbFile);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain(
      "imported users 35 new, 0 updated; companies 85 new, 0 updated; deals 200 new, 0 updated into workspace maven",
    );
    expect(imported.code).toBe(0);

    const audit = crmAudit(
      ["audit", "--workspace", "maven", "--as-of", "2017-12-31", "--format", "json", "--checks", "process"],
      dbFile,
    );
    expect(audit.code).toBe(0);
    const findings = (
      JSON.parse(audit.stdout) as { findings: { checkId: string; affected: string[]; status: string }[] }
    ).findings;
    const of = (id: string) => findings.find((f) => f.checkId === id)?.affected ?? [];
    expect([...of("deal.stuck-in-stage")].sort()).toEqual(stuck);
    // The export has no loss-reason column: not measured, rather than every lost deal flagged.
    expect(lost.length).toBeGreaterThan(0);
    expect(findings.find((f) => f.checkId === "deal.lost-without-reason")).toMatchObject({
      status: "not-measured",
      affected: [],
    });
    // Closed deals are not open: none of the won or lost deals is stuck or past anything.
    const closed = new Set(
      pipeline.filter((o) => o.deal_stage === "Won" || o.deal_stage === "Lost").map((o) => o.opportunity_id),
    );
    expect(of("deal.stuck-in-stage").filter((id) => closed.has(id))).toEqual([]);
  });
});
