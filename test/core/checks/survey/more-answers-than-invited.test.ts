import { afterEach, describe, expect, it } from "vitest";
import check from "../../../../src/core/checks/survey/more-answers-than-invited.js";
import { runAudit } from "../../../../src/core/audit/runner.js";
import type { Database } from "../../../../src/db/database.js";
import { freshDatabase } from "../../../helpers/db.js";
import { insertRows, T } from "../../audit/helpers.js";
import { DAY, surveyWithRound } from "../../audit/survey-rounds.js";

let db: Database;
afterEach(async () => db?.close());

async function audit(workspaceId = "w", thresholds: unknown = {}) {
  const run = await runAudit(db.stores.auditStorage.local, {
    workspaceId,
    asOf: T,
    checks: [{ check, severity: check.meta.severity, thresholds }],
    trigger: "test",
  });
  return run.findings.find((f) => f.checkId === "survey.more-answers-than-invited")!;
}

/** A row written behind the store's back: what a faulty integration or import would leave. */
function plantAnswer(roundId: number, id: string) {
  db.sqlite
    .prepare(
      `INSERT INTO survey_responses (id, roundId, respondent, crmUserId, status, answers, updatedAt, submittedAt)
       VALUES (?, ?, ?, NULL, 'submitted', '{"satisfaction":5}', ?, ?)`,
    )
    .run(id, roundId, `slack:T1:${id}`, T - DAY, T - DAY);
}

describe("survey.more-answers-than-invited", () => {
  it("flags a round whose stored answers exceed its invitations (planted in the database)", async () => {
    db = freshDatabase("survey-check-fault");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const clean = await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - 10 * DAY,
      closedAt: T - 5 * DAY,
      invitees: 3,
      answers: [{ satisfaction: 4 }, { satisfaction: 5 }],
    });
    const faulty = await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - 4 * DAY,
      closedAt: null,
      invitees: 2,
      answers: [{ satisfaction: 3 }, { satisfaction: 2 }],
    });
    plantAnswer(faulty.round.id, "X1"); // 3 answers, 2 invited
    plantAnswer(clean.round.id, "X2"); // 3 answers, 3 invited: still not more than asked
    const finding = await audit();
    expect(finding.status).toBe("measured");
    expect(finding.affected).toEqual([`survey-${faulty.survey.id}-round-1`]);
    expect(finding.count).toBe(1);
    // A tolerance of one extra answer lets the faulty round pass.
    expect((await audit("w", { tolerance: 1 })).affected).toEqual([]);
  });

  it("an anonymous round's planted ballot is counted too", async () => {
    db = freshDatabase("survey-check-anonymous");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    const { survey, round } = await surveyWithRound(db, "w", {
      template: "pulse",
      anonymous: true,
      startedAt: T - 3 * DAY,
      closedAt: T - DAY,
      invitees: 3,
      answers: [{ satisfaction: 4 }, { satisfaction: 4 }, { satisfaction: 1 }],
    });
    expect((await audit()).affected).toEqual([]);
    db.sqlite
      .prepare(
        `INSERT INTO survey_responses (id, roundId, respondent, crmUserId, status, answers, updatedAt, submittedAt)
         VALUES ('extra', ?, NULL, NULL, 'submitted', '{"satisfaction":5}', NULL, NULL)`,
      )
      .run(round.id);
    expect((await audit()).affected).toEqual([`survey-${survey.id}-round-1`]);
  });

  it("finds nothing on clean rounds, and leaves other workspaces' rounds alone", async () => {
    db = freshDatabase("survey-check-clean");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    insertRows(db.sqlite, "other", "contacts", [{ id: "c1" }]);
    await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T - 2 * DAY,
      closedAt: null,
      invitees: 2,
      answers: [{ satisfaction: 4 }, { satisfaction: 2 }],
    });
    const other = await surveyWithRound(db, "other", {
      template: "pulse",
      startedAt: T - 2 * DAY,
      closedAt: null,
      invitees: 1,
      answers: [{ satisfaction: 4 }],
    });
    plantAnswer(other.round.id, "X3");
    const finding = await audit("w");
    expect(finding.status).toBe("measured");
    expect(finding.affected).toEqual([]);
    expect((await audit("other")).affected).toEqual([`survey-${other.survey.id}-round-1`]);
  });

  it("is not measured while the workspace has no survey (or none started by T)", async () => {
    db = freshDatabase("survey-check-none");
    insertRows(db.sqlite, "w", "contacts", [{ id: "c1" }]);
    expect(await audit()).toMatchObject({ status: "not-measured", reason: "no survey yet", affected: [] });
    await surveyWithRound(db, "w", {
      template: "pulse",
      startedAt: T + DAY,
      closedAt: null,
      invitees: 1,
      answers: [],
    });
    expect((await audit()).status).toBe("not-measured");
  });
});
