/**
 * Surveys end to end through the chat core on a real SQLite file: start, invitations by key,
 * answers page by page (part-way, changed), reminders only to those who have not answered
 * (through the scheduler with a pinned clock), close, late answers refused, results with
 * exact counts, the minimum group, and repeats.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createScheduler } from "../../../src/core/schedules/scheduler.js";
import { surveyResults } from "../../../src/core/surveys/results.js";
import { silentLogger } from "../../../src/logger.js";
import { createTestAuditService } from "../commands/test-audit.js";
import { directory, formOf, surveyHarness, type SurveyHarness } from "./harness.js";

const START = Date.parse("2026-12-07T08:00:00Z"); // a Monday
const DAY = 86_400_000;
let h: SurveyHarness;

beforeEach(async () => {
  h = await surveyHarness(START);
});
afterEach(async () => {
  await h.close();
});

const json = (x: unknown) => JSON.stringify(x);

function scheduler(posts: unknown[] = []) {
  return createScheduler({
    stores: h.db.stores.chat,
    audit: createTestAuditService(h.db, START),
    fileSettings: {},
    logger: silentLogger,
    instanceId: "test",
    // The scheduler's own posts (keys `schedule:…`) and the kinds' deliveries, told apart.
    deliverer: {
      deliver: async (ds) => {
        for (const d of ds) {
          if (d.key.startsWith("schedule:")) posts.push(d.message);
          else h.deliveries.push(d);
        }
      },
    },
    directory,
    now: () => h.clock.now,
    createTimer: () => ({ stop() {} }),
  });
}

describe("a named survey", () => {
  it("invites a channel, takes answers page by page, reminds only those who have not answered, closes and counts", async () => {
    const refused = await h.say("U1", "survey start pulse --to here");
    expect(refused.text).toBe("Only admins can start and close surveys or change their weights.");
    const started = await h.say("UADMIN", "survey start pulse --to here --remind every 2d");
    expect(started.text).toBe('Survey #1 "CRM pulse" started: 4 people invited.');
    expect(h.deliveries.map((d) => d.key)).toEqual(["U1", "U2", "U3", "U4"].map((u) => `survey:1:invite:${u}`));
    expect(h.deliveries[0]!.target).toEqual({ kind: "user", platform: "slack", tenantId: "T1", userId: "U1" });

    const form = h.formSentTo("U1");
    expect(form.intro).toContain("This survey is not anonymous");
    expect(form.inputs.map((i) => i.id)).toEqual(["satisfaction", "blocker"]);

    // U1: yes → the conditional page follows.
    const u1 = await h.submit("U1", form, { satisfaction: "4", blocker: "yes" });
    expect(u1.ok && u1.next?.inputs.map((i) => i.id)).toEqual(["blocker_what"]);
    const u1done = await h.answer("U1", u1.ok ? u1.next! : form, { blocker_what: "Search is slow" });
    expect(u1done.ok && u1done.message?.text).toBe("Thank you! Your answers were saved.");
    // U2 stops after page 1 (saved part-way); U3 answers no (no second page).
    await h.submit("U2", h.formSentTo("U2"), { satisfaction: "3", blocker: "yes" });
    const u3 = await h.answer("U3", h.formSentTo("U3"), { satisfaction: "2", blocker: "no" });
    expect(u3.ok && u3.message).toBeTruthy();
    // A required question left empty is refused on its field.
    const missing = await h.submit("U4", h.formSentTo("U4"), { satisfaction: undefined, blocker: "no" });
    expect(missing).toEqual({ ok: false, errors: { satisfaction: "This question needs an answer." } });
    // Someone who was not invited cannot answer.
    const stranger = await h.submit("U9", form, { satisfaction: "5", blocker: "no" });
    expect(stranger.ok).toBe(false);

    // U1 changes an answer: the form comes back filled in.
    const again = await h.say("U1", "survey answer 1", "D1");
    const prefilled = formOf(again);
    expect(prefilled.inputs.find((i) => i.id === "satisfaction")).toMatchObject({ initial: "4" });
    const changed = await h.answer("U1", prefilled, {
      satisfaction: "5",
      blocker: "yes",
      blocker_what: "Search is slow",
    });
    expect(changed.ok && changed.message?.text).toBe("Your answers were updated. Thank you!");
    const rows = h.db.sqlite
      .prepare("SELECT respondent, status, answers FROM survey_responses ORDER BY respondent")
      .all();
    expect(rows).toEqual([
      {
        respondent: "slack:T1:U1",
        status: "submitted",
        answers: json({ satisfaction: 5, blocker: "yes", blocker_what: "Search is slow" }),
      },
      { respondent: "slack:T1:U2", status: "draft", answers: json({ satisfaction: 3, blocker: "yes" }) },
      { respondent: "slack:T1:U3", status: "submitted", answers: json({ satisfaction: 2, blocker: "no" }) },
    ]);

    // Two days later the daily check reminds U2 (part-way) and U4 (nothing), not U1 or U3.
    const [remind] = await h.db.stores.chat.schedules.list(h.ws);
    expect(remind).toMatchObject({ kind: "survey-remind", options: { survey: 1, every: 2 } });
    h.clock.now = START + DAY;
    expect(await scheduler().fire(remind!, Date.parse("2026-12-08T09:00:00Z"))).toBe("nothing to post");
    h.clock.now = START + 2 * DAY;
    expect(await scheduler().fire(remind!, Date.parse("2026-12-09T09:00:00Z"))).toBe("posted");
    const reminders = h.deliveries.filter((d) => d.key.includes(":remind:"));
    expect(reminders.map((d) => (d.target.kind === "user" ? d.target.userId : ""))).toEqual(["U2", "U4"]);
    expect(reminders[0]!.message.text).toContain("A reminder");

    // U2 finishes from the saved page.
    const resumed = formOf(await h.say("U2", "survey answer 1", "D2"));
    expect(resumed.inputs.map((i) => i.id)).toEqual(["satisfaction", "blocker"]);
    await h.answer("U2", resumed, { satisfaction: "3", blocker: "yes", blocker_what: "Too many required fields" });
    expect(json(await h.say("U5", "survey status 1"))).toContain("3 of 4 answered (75%)");

    // Closed: U4's late answer is refused politely and changes nothing.
    expect((await h.say("UADMIN", "survey close 1")).text).toBe("Survey #1 closed: round 1 takes no more answers.");
    expect(await h.db.stores.chat.schedules.list(h.ws)).toEqual([]);
    const late = await h.submit("U4", h.formSentTo("U4"), { satisfaction: "1", blocker: "no" });
    expect(late).toEqual({
      ok: false,
      errors: { form: "This survey has closed; thank you all the same. Your answers were not saved." },
    });

    const survey = (await h.db.stores.chat.surveys.get(h.ws, 1))!;
    const results = (await surveyResults(h.db.stores.chat.surveys, survey, h.clock.now))!;
    expect(results).toMatchObject({ invited: 4, responded: 3, responseRate: 0.75, withheld: false });
    const [satisfaction, blocker, what] = results.questions;
    expect(satisfaction!.summary!.average).toBeCloseTo((5 + 3 + 2) / 3, 10);
    expect(satisfaction!.summary!.buckets!.map((b) => b.count)).toEqual([0, 1, 1, 0, 1]);
    expect(blocker!.summary!.buckets).toEqual([
      { value: "no", label: "No", count: 1 },
      { value: "yes", label: "Yes", count: 2 },
    ]);
    // Two answers are below the minimum group of three: withheld.
    expect(what).toMatchObject({ answered: 2, withheld: true, summary: null, themes: null });
    const text = json(await h.say("UADMIN", "survey results 1"));
    expect(text).toContain("3 of 4 answered (75%)");
    expect(text).toContain("Withheld: fewer than 3 answers.");
  });

  it("withholds everything while fewer than three have answered", async () => {
    await h.say("UADMIN", "survey start pulse --to @U1,@U2");
    await h.answer("U1", h.formSentTo("U1"), { satisfaction: "5", blocker: "no" });
    await h.answer("U2", h.formSentTo("U2"), { satisfaction: "1", blocker: "no" });
    const results = await h.say("U1", "survey results 1");
    expect(json(results)).toContain("Results are withheld until at least 3 people have answered");
    expect(json(results)).not.toContain("average");
  });

  it("repeats through the scheduler: the next round closes the last and re-invites, results show the change", async () => {
    await h.say("UADMIN", 'survey start pulse --to @U1,@U2,@U3 --repeat "0 9 1 * *" --tz UTC');
    for (const [u, s] of [
      ["U1", "2"],
      ["U2", "2"],
      ["U3", "3"],
    ] as const)
      await h.answer(u, h.formSentTo(u), { satisfaction: s, blocker: "no" });
    const [repeat] = await h.db.stores.chat.schedules.list(h.ws);
    expect(repeat).toMatchObject({ kind: "survey-repeat", cron: "0 9 1 * *" });
    h.clock.now = Date.parse("2027-01-01T09:00:00Z");
    const posts: unknown[] = [];
    expect(await scheduler(posts).fire(repeat!, h.clock.now)).toBe("posted");
    expect(json(posts)).toContain("round 2 started, 3 invited");
    expect(h.deliveries.filter((d) => d.key.startsWith("survey:2:invite:"))).toHaveLength(3);
    // The old round's form is refused; the new one is answered.
    const old = await h.submit("U1", formOf(h.deliveries[0]!.message), { satisfaction: "5", blocker: "no" });
    expect(old.ok).toBe(false);
    for (const [u, s] of [
      ["U1", "4"],
      ["U2", "4"],
      ["U3", "4"],
    ] as const)
      await h.answer(u, h.formSentTo(u), { satisfaction: s, blocker: "no" });
    const survey = (await h.db.stores.chat.surveys.get(h.ws, 1))!;
    const results = (await surveyResults(h.db.stores.chat.surveys, survey, h.clock.now))!;
    expect(results.round.number).toBe(2);
    expect(results.previous).toMatchObject({ roundNumber: 1, responded: 3 });
    expect(results.questions[0]!.change!.average).toBeCloseTo(4 - 7 / 3, 10);
    expect(json(await h.say("U1", "survey results 1"))).toContain("average 4.00 (+1.67)");
  });
});

describe("weights and refusals", () => {
  it("shows a template's weights to anyone and lets admins change them for the workspace", async () => {
    expect((await h.say("U1", "survey weights crm-fitness group:criteria=60")).text).toBe(
      "Only admins can start and close surveys or change their weights.",
    );
    const set = JSON.stringify(await h.say("UADMIN", "survey weights crm-fitness group:criteria=60 sales=40"));
    expect(set).toContain('["group:criteria","60","workspace"]');
    expect(set).toContain('["sales","40","workspace"]');
    expect(set).toContain('["marketing","15","template"]');
    expect(await h.db.stores.chat.surveys.weights(h.ws, "crm-fitness")).toEqual({ "group:criteria": 60, sales: 40 });
    expect((await h.say("UADMIN", "survey weights crm-fitness comment=3")).text).toContain(
      '"comment" is not a scored item of crm-fitness',
    );
  });

  it("answers bad starts with usage help and names what was wrong", async () => {
    expect((await h.say("UADMIN", "survey start nope --to here")).text).toBe('There is no survey template "nope".');
    expect((await h.say("UADMIN", "survey start pulse")).text).toContain("--to <audience> is required");
    expect((await h.say("UADMIN", "survey start pulse --to here --closes 2026-02-30")).text).toContain(
      '--closes "2026-02-30" is not a date',
    );
    expect((await h.say("UADMIN", 'survey start pulse --to here --repeat "0 9 * *"')).text).toContain(
      "--repeat needs --tz",
    );
    expect((await h.say("UADMIN", "survey start pulse --to #C9")).text).toContain("could not be listed");
    expect((await h.say("UADMIN", "survey start pulse --to role:nobody")).text).toBe(
      "Nobody in that audience can be reached, so no survey was started.",
    );
    expect((await h.say("U1", "survey results 9")).text).toBe("There is no survey #9 in this workspace.");
    expect((await h.say("U1", "survey frobnicate")).text).toContain('unknown survey action "frobnicate"');
    expect(await h.db.stores.chat.surveys.list(h.ws)).toEqual([]);
  });
});

describe("CRM audiences", () => {
  it("invites CRM users by role, team or all, found in chat by email, and lists who could not be found", async () => {
    const insert = h.db.sqlite.prepare(
      "INSERT INTO crm_users (workspaceId, id, name, email, role, active, extra) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    insert.run(h.ws, "u1", "Una", "u1@example.com", "Sales", 1, JSON.stringify({ team: "North" }));
    insert.run(h.ws, "u2", "Udo", "u2@example.com", "Support", 1, JSON.stringify({ team: "South" }));
    insert.run(h.ws, "u7", "Ulla", "ulla@elsewhere.example", "Sales", 1, null);
    insert.run(h.ws, "u3", "Uwe", "u3@example.com", "Sales", 0, null);
    const byRole = JSON.stringify(await h.say("UADMIN", "survey start pulse --to role:sales"));
    expect(byRole).toContain("1 person invited");
    expect(byRole).toContain("Not invited (1): Ulla: no chat user");
    expect(h.deliveries.map((d) => d.key)).toEqual(["survey:1:invite:U1"]);
    expect((await h.db.stores.chat.surveys.invitations(1))[0]).toMatchObject({ userId: "U1", crmUserId: "u1" });
    expect((await h.say("UADMIN", "survey start pulse --to team:south")).text).toContain("1 person invited");
    expect((await h.say("UADMIN", "survey start pulse --to all")).text).toContain("2 people invited");
  });
});

describe("an instance that cannot deliver", () => {
  it("says how many invitations went out instead of failing silently", async () => {
    const { createChatCore } = await import("../../../src/chat-core.js");
    const core = createChatCore({
      db: h.db,
      audit: createTestAuditService(h.db, START),
      logger: silentLogger,
      adminUserIds: { slack: ["UADMIN"], teams: [] },
      now: () => START,
      directory,
    });
    const actor = await core.identify({
      platform: "slack",
      tenantId: "T1",
      userId: "UADMIN",
      email: null,
      displayName: "Admin",
      platformAdmin: false,
    });
    const sent: string[] = [];
    await core.handleCommand(
      { workspaceId: h.ws, actor, conversation: { id: "C1", kind: "channel" }, text: "survey start pulse --to here" },
      { reply: async (m) => void sent.push(m.text), update: async (m) => void sent.push(m.text) },
    );
    expect(sent).toEqual([
      "Survey #1 started, but only 0 of 4 invitations could be sent: this instance has no delivery to people configured.",
    ]);
  });
});

describe("satisfaction beside measured usage", () => {
  it("counts logins and logged activities of the invited CRM users in the 30 days to the round's end", async () => {
    const user = h.db.sqlite.prepare(
      "INSERT INTO crm_users (workspaceId, id, name, email, role, active, lastLoginAt) VALUES (?, ?, ?, ?, 'Sales', 1, ?)",
    );
    user.run(h.ws, "u1", "Una", "u1@example.com", START - 2 * DAY);
    user.run(h.ws, "u2", "Udo", "u2@example.com", START - 40 * DAY);
    user.run(h.ws, "u4", "Uma", "u4@example.com", START - DAY);
    const activity = h.db.sqlite.prepare(
      "INSERT INTO activities (workspaceId, id, type, userId, occurredAt, status) VALUES (?, ?, 'call', ?, ?, ?)",
    );
    activity.run(h.ws, "a1", "u1", START - DAY, "completed");
    activity.run(h.ws, "a2", "u1", START - 3 * DAY, null);
    activity.run(h.ws, "a3", "u4", START - 10 * DAY, "completed");
    activity.run(h.ws, "a4", "u4", START - 31 * DAY, "completed"); // before the window
    activity.run(h.ws, "a5", "u2", START - DAY, "scheduled"); // not logged
    activity.run(h.ws, "a6", "someone-else", START - DAY, "completed"); // not invited
    await h.say("UADMIN", "survey start pulse --to role:sales --anonymous");
    const survey = (await h.db.stores.chat.surveys.get(h.ws, 1))!;
    const results = (await surveyResults(h.db.stores.chat.surveys, survey, START))!;
    expect(results.usage).toEqual({ people: 3, loggedIn: 2, activities: 3, from: START - 30 * DAY, to: START });
    expect(JSON.stringify(await h.say("U1", "survey results 1"))).toContain(
      "Measured usage of the 3 invited CRM users in the 30 days to 2026-12-07 08:00 UTC: 2 logged in, 3 activities logged",
    );
  });
});
