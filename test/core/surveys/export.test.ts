/** CSV export: named rounds carry who and when, anonymous ones nothing of the kind; formula cells neutralised; withheld when small. */
import { describe, expect, it } from "vitest";
import type { Survey } from "../../../src/core/stores/surveys.js";
import { responsesCsv } from "../../../src/core/surveys/export.js";
import { builtInTemplates } from "../../../src/core/surveys/templates.js";

const definition = builtInTemplates().find((t) => t.definition.id === "pulse")!.definition;
const survey = (anonymous: boolean): Survey => ({
  id: 1,
  workspaceId: "w",
  templateId: "pulse",
  templateVersion: 1,
  definition,
  anonymous,
  audience: { kind: "all" },
  platform: "slack",
  tenantId: "T",
  conversationId: "C",
  roundLengthMs: null,
  remindEveryDays: null,
  repeat: null,
  scheduleIds: [],
  createdBy: "x",
  createdAt: 0,
});
const responses = ["@SUM(A1)", "-2+3", "+44"].map((text, i) => ({
  id: `r${i}`,
  respondent: null,
  crmUserId: null,
  submittedAt: null,
  answers: { satisfaction: 3, blocker: "yes", blocker_what: text },
}));

describe("responses CSV", () => {
  it("has no respondent columns for an anonymous round and neutralises formula-like text", () => {
    const csv = responsesCsv(survey(true), responses);
    expect(csv).toEqual({
      ok: true,
      csv: "satisfaction,blocker,blocker_what\r\n3,yes,'@SUM(A1)\r\n3,yes,'-2+3\r\n3,yes,+44\r\n",
    });
  });

  it("names the respondent and time in a named round", () => {
    const named = responses.map((r, i) => ({ ...r, respondent: `slack:T:U${i}`, submittedAt: Date.UTC(2026, 11, 7) }));
    const csv = responsesCsv(survey(false), named);
    expect(csv.ok && csv.csv.split("\r\n").slice(0, 2)).toEqual([
      "respondent,crm_user,submitted_at,satisfaction,blocker,blocker_what",
      "slack:T:U0,,2026-12-07T00:00:00.000Z,3,yes,'@SUM(A1)",
    ]);
  });

  it("waits for an anonymous round to close", () => {
    expect(responsesCsv(survey(true), responses, true)).toEqual({
      ok: false,
      reason: "withheld: an anonymous survey is exported once it closes",
    });
    expect(responsesCsv(survey(false), responses, true).ok).toBe(true);
  });

  it("is withheld below the minimum group", () => {
    expect(responsesCsv(survey(true), responses.slice(0, 2))).toEqual({
      ok: false,
      reason: "withheld: 2 response(s), fewer than the minimum group of 3",
    });
  });
});
