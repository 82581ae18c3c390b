import { afterEach, describe, expect, it } from "vitest";
import { formatAuditText } from "../../../src/core/audit/format.js";
import { runAudit } from "../../../src/core/audit/runner.js";
import type { AuditRunResult } from "../../../src/core/audit/types.js";
import { auditSummaryMessage } from "../../../src/core/messages/audit.js";
import check from "../../../src/core/checks/survey/more-answers-than-invited.js";
import type { Database } from "../../../src/db/database.js";
import { freshDatabase } from "../../helpers/db.js";
import { insertRows, T } from "./helpers.js";
import { DAY, surveyWithRound } from "./survey-rounds.js";

let db: Database;
afterEach(async () => db?.close());

let lastRun: AuditRunResult;

/** The survey line of `status` (the latest run's summary message). */
const statusLine = () =>
  auditSummaryMessage(lastRun, new Map(), { visibility: "private" })
    .blocks.flatMap((b) => (b.type === "context" && b.text.startsWith("Surveys:") ? [b.text] : []))
    .join("\n");

async function metrics() {
  const run = await runAudit(db.stores.auditStorage.local, {
    workspaceId: "w",
    asOf: T,
    checks: [{ check, severity: check.meta.severity, thresholds: {} }],
    trigger: "test",
  });
  // Stored with the run, not only returned.
  expect(db.stores.auditStorage.local.runs.load("w", run.id)!.metrics.surveys).toEqual(run.metrics.surveys);
  lastRun = run;
  return run.metrics.surveys!;
}

const ITEMS = ["customer_data", "sales", "marketing", "service", "analytics"];
const CRITERIA = ["usability", "integration", "extensibility", "support", "cost"];
const all4 = Object.fromEntries([...ITEMS, ...CRITERIA].map((id) => [id, 4]));

describe("survey metrics of the audit", () => {
  it("says 'no survey yet' for each figure when the workspace ran none", async () => {
    db = freshDatabase("survey-metrics-none");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    expect(await metrics()).toEqual({
      satisfaction: null,
      nps: null,
      fitness: null,
      notMeasured: { satisfaction: "no survey yet", nps: "no survey yet", fitness: "no survey yet" },
    });
    expect(statusLine()).toBe("Surveys: no survey yet");
  });

  it("takes satisfaction, NPS and fitness from the latest closed rounds, computed as survey results are", async () => {
    db = freshDatabase("survey-metrics");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    // An older closed pulse (average 2), then the latest closed one (4, 5, 3: average 4).
    await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - 60 * DAY,
      closedAt: T - 50 * DAY,
      invitees: 3,
      answers: [{ satisfaction: 2 }, { satisfaction: 2 }, { satisfaction: 2 }],
    });
    const pulse = await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - 20 * DAY,
      closedAt: T - 10 * DAY,
      invitees: 4,
      answers: [{ satisfaction: 4 }, { satisfaction: 5 }, { satisfaction: 3 }],
    });
    // Still open: its answers are not yet the users' word, whatever they say.
    await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - DAY,
      closedAt: null,
      invitees: 3,
      answers: [{ satisfaction: 1 }, { satisfaction: 1 }, { satisfaction: 1 }],
    });
    // NPS: promoters 10 and 9, detractor 5 → (2 − 1) / 3 × 100 = 33 (rounded once).
    const usage = await surveyWithRound(db, "w", {
      template: "crm-usage",
      startedAt: T - 15 * DAY,
      closedAt: T - 5 * DAY,
      invitees: 5,
      answers: [{ recommend: 10 }, { recommend: 9 }, { recommend: 5 }],
    });
    // Fitness by hand: every item 4 (75) from three raters; a fourth rates only sales, 2:
    // sales (4+4+4+2)/4 = 3.5 → 62.5; functions (25·75 + 25·62.5 + 15·75 + 15·75 + 20·75) / 100
    // = 71.875; criteria 75; overall 0.6 · 71.875 + 0.4 · 75 = 73.125, from 4 raters.
    const fitness = await surveyWithRound(db, "w", {
      template: "crm-fitness",
      startedAt: T - 30 * DAY,
      closedAt: T - 2 * DAY,
      invitees: 6,
      answers: [all4, all4, all4, { sales: 2 }],
    });
    const m = await metrics();
    expect(m.notMeasured).toEqual({});
    expect(m.satisfaction).toMatchObject({
      surveyId: pulse.survey.id,
      templateId: "pulse",
      round: 1,
      closedAt: T - 10 * DAY,
      invited: 4,
      responded: 3,
      average: 4,
      answered: 3,
    });
    expect(m.nps).toMatchObject({ surveyId: usage.survey.id, templateId: "crm-usage", score: 33, answered: 3 });
    expect(m.fitness).toMatchObject({ surveyId: fitness.survey.id, raters: 4, invited: 6, responded: 4 });
    expect(m.fitness!.overall).toBeCloseTo(73.125, 10);
    const line =
      "Surveys: satisfaction 4.0/5 (CRM pulse, round 1, 3 answers) · NPS +33 (CRM usage and satisfaction, round 1, 3 answers)" +
      " · fitness 73/100 (CRM fitness scorecard, round 1, 4 raters)";
    expect(statusLine()).toBe(line);
    expect(formatAuditText(lastRun)).toContain(line);
  });

  it("withholds as survey results do: an anonymous round under its minimum group gives no figure", async () => {
    db = freshDatabase("survey-metrics-withheld");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const { survey } = await surveyWithRound(db, "w", {
      template: "pulse",
      anonymous: true,
      startedAt: T - 5 * DAY,
      closedAt: T - DAY,
      invitees: 5,
      answers: [{ satisfaction: 5 }, { satisfaction: 1 }],
    });
    const m = await metrics();
    expect(m.satisfaction).toBeNull();
    expect(m.notMeasured.satisfaction).toBe(
      `withheld: 2 answers in survey ${survey.id} round 1, under the minimum group of 3`,
    );
    expect(m.notMeasured.nps).toBe("no survey asks it yet");
    expect(m.notMeasured.fitness).toBe("no survey asks it yet");
    expect(statusLine()).toBe(
      `Surveys: satisfaction not measured (withheld: 2 answers in survey ${survey.id} round 1, under the minimum group of 3)` +
        " · NPS not measured (no survey asks it yet) · fitness not measured (no survey asks it yet)",
    );
  });

  it("gives no fitness score when no item was rated by the minimum group, and uses the workspace's weights", async () => {
    db = freshDatabase("survey-metrics-fitness");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    // Three people answered, but each rated a different item: every item is under 3 raters.
    const spread = await surveyWithRound(db, "w", {
      template: "crm-fitness",
      startedAt: T - 9 * DAY,
      closedAt: T - 8 * DAY,
      invitees: 3,
      answers: [{ sales: 5 }, { cost: 1 }, { usability: 3 }],
    });
    let m = await metrics();
    expect(m.fitness).toBeNull();
    expect(m.notMeasured.fitness).toBe(
      `withheld: no item of survey ${spread.survey.id} round 1 rated by at least 3 people`,
    );
    // A later round where three rate sales 5 and usability 1: with the template's weights the
    // functions group is sales alone (100) and criteria usability alone (0): 0.6 · 100 = 60; with
    // the workspace's weights functions 20, criteria 80 it is 20.
    await surveyWithRound(db, "w", {
      template: "crm-fitness",
      startedAt: T - 7 * DAY,
      closedAt: T - 6 * DAY,
      invitees: 3,
      answers: [1, 2, 3].map(() => ({ sales: 5, usability: 1 })),
    });
    m = await metrics();
    expect(m.fitness).toMatchObject({ round: 1, raters: 3 });
    expect(m.fitness!.overall).toBeCloseTo(60, 10);
    db.sqlite
      .prepare(
        `INSERT INTO survey_weights (workspaceId, templateId, itemKey, weight) VALUES ('w', 'crm-fitness', 'group:functions', 20), ('w', 'crm-fitness', 'group:criteria', 80)`,
      )
      .run();
    expect((await metrics()).fitness!.overall).toBeCloseTo(20, 10);
  });

  it("an open round alone is 'no closed survey round yet'", async () => {
    db = freshDatabase("survey-metrics-open");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    await surveyWithRound(db, "w", {
      template: "crm-usage",
      startedAt: T - 5 * DAY,
      closedAt: null,
      invitees: 3,
      answers: [{ recommend: 10 }, { recommend: 10 }, { recommend: 10 }],
    });
    const m = await metrics();
    expect(m.nps).toBeNull();
    expect(m.notMeasured.nps).toBe("no closed survey round yet");
  });
});
