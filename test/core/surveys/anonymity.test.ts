/**
 * Anonymity that holds, asserted on the database rows: the answers carry no person, no time and
 * no order that joins them to the "has answered" set; a second submission stores nothing; the
 * results still count and give the NPS.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { surveyResults } from "../../../src/core/surveys/results.js";
import { formOf, surveyHarness, type SurveyHarness } from "./harness.js";

const START = Date.parse("2026-12-07T08:00:00Z");
let h: SurveyHarness;

beforeEach(async () => {
  h = await surveyHarness(START);
});
afterEach(async () => {
  await h.close();
});

const usage = (recommend: number, why: string) => ({
  frequency: "about_once_a_day",
  effect: "somewhat_easier",
  effect_why: why,
  recommend: String(recommend),
});

describe("an anonymous survey", () => {
  it("stores answers with no link to the person and refuses a second submission", async () => {
    const started = await h.say("UADMIN", "survey start crm-usage --to @U1,@U2,@U3,@U4 --anonymous");
    expect(started.text).toContain("4 people invited");
    const form = h.formSentTo("U1");
    expect(form.intro).toContain("*This survey is anonymous.*");
    expect(form.intro).toContain("Once you submit, your answers are final.");

    h.clock.now += 60_000;
    expect((await h.answer("U2", h.formSentTo("U2"), usage(10, "The pipeline view saves time"))).ok).toBe(true);
    h.clock.now += 60_000;
    const first = await h.answer("U1", form, usage(9, "Pipeline view and reminders save time"));
    expect(first.ok && first.message?.text).toBe("Thank you! Your answers were saved.");
    h.clock.now += 60_000;
    await h.answer("U3", h.formSentTo("U3"), usage(3, "Data entry takes time"));
    // A double click or a retried delivery: nothing more is stored.
    const twice = await h.answer("U1", form, usage(0, "changed my mind"));
    expect(twice).toEqual({
      ok: false,
      errors: {
        form: "You have already answered this anonymous survey; anonymous answers are final once submitted.",
      },
    });
    expect((await h.say("U1", "survey answer 1", "D1")).text).toContain("already answered");

    // The answer table: no respondent, no CRM user, no time, random ids; one ballot left blank.
    const responses = h.db.sqlite.prepare("SELECT * FROM survey_responses").all() as Record<string, unknown>[];
    expect(responses).toHaveLength(4);
    for (const row of responses) {
      expect(row).toMatchObject({ roundId: 1, respondent: null, crmUserId: null, updatedAt: null, submittedAt: null });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(JSON.stringify(row)).not.toMatch(/U[1-4]|slack:/);
    }
    expect(responses.filter((r) => r.status === "submitted")).toHaveLength(3);
    expect(responses.filter((r) => r.status === "blank")).toHaveLength(1);
    // The "has answered" set: who, without time or any column shared with the answers but the round.
    const answered = h.db.sqlite.prepare("SELECT * FROM survey_answered ORDER BY respondent").all();
    expect(answered).toEqual(["U1", "U2", "U3"].map((u) => ({ roundId: 1, respondent: `slack:T1:${u}` })));
    // No draft is stored for an anonymous survey: earlier pages ride in the form's state.
    expect(h.db.sqlite.prepare("SELECT COUNT(*) AS n FROM survey_responses WHERE status = 'draft'").get()).toEqual({
      n: 0,
    });

    // While open, nothing is shown: results read before and after one answer would give it away.
    const open = JSON.stringify(await h.say("U4", "survey results 1"));
    expect(open).toContain("The answers of an anonymous survey are shown once it closes");
    expect(open).not.toContain("NPS");
    await h.say("UADMIN", "survey close 1");
    const survey = (await h.db.stores.chat.surveys.get(h.ws, 1))!;
    const results = (await surveyResults(h.db.stores.chat.surveys, survey, h.clock.now))!;
    expect(results).toMatchObject({ withheld: false, untilClosed: false, responded: 3, invited: 4 });
    const recommend = results.questions.find((q) => q.id === "recommend")!;
    // 10 and 9 promote, 3 detracts: (2 − 1) / 3 = 33.
    expect(recommend.summary!.nps).toEqual({ score: 33, promoters: 2, passives: 0, detractors: 1 });
    const why = results.questions.find((q) => q.id === "effect_why")!;
    expect(why.themes).toEqual([
      { term: "time", count: 3 },
      // "pipeline" alone is not listed: every use of it is inside "pipeline view".
      { term: "pipeline view", count: 2 },
    ]);
    expect(JSON.stringify(await h.say("UADMIN", "survey results 1"))).toContain("NPS 33");
  });

  it("refuses carried answers forged into the form state", async () => {
    await h.say("UADMIN", "survey start pulse --to @U1 --anonymous");
    const form = h.formSentTo("U1");
    // A form whose state was made up by the client is not one of ours.
    const forged = await h.submit("U1", { ...form, state: "not-a-state" }, { satisfaction: "5", blocker: "no" });
    expect(forged.ok).toBe(false);
    expect(formOf(h.deliveries[0]!.message).formId).toBe("survey.answer");
  });
});
