/**
 * `survey export`: a round's responses as CSV (one row per response, one column per question;
 * formula-like cells neutralised by src/core/csv) and its results as JSON (the stable shape of
 * docs/surveys.md, "JSON export"). An anonymous round's CSV has no respondent columns, lists
 * rows in ballot order (random) and is withheld below the minimum group like its results.
 */
import { formatCsv, type Cell } from "../csv/write.js";
import type { Survey, SubmittedResponse } from "../stores/surveys.js";
import type { SurveyResults } from "./results.js";

/** Bumped only when a field changes meaning or goes away; new fields may appear. */
export const RESULTS_JSON_VERSION = 1;

export function resultsJson(results: SurveyResults): unknown {
  return { format: "crm-audit.survey-results", version: RESULTS_JSON_VERSION, ...results };
}

export type CsvExport = { ok: true; csv: string } | { ok: false; reason: string };

/** `open`: the round still takes answers (an anonymous one is exported once closed, like its results). */
export function responsesCsv(survey: Survey, responses: readonly SubmittedResponse[], open = false): CsvExport {
  const { definition } = survey;
  if (survey.anonymous && open)
    return { ok: false, reason: "withheld: an anonymous survey is exported once it closes" };
  if (responses.length < definition.minGroup)
    return {
      ok: false,
      reason: `withheld: ${responses.length} response(s), fewer than the minimum group of ${definition.minGroup}`,
    };
  const ids = definition.questions.map((q) => q.id);
  const named = !survey.anonymous;
  const header: Cell[] = [...(named ? ["respondent", "crm_user", "submitted_at"] : []), ...ids];
  const rows: Cell[][] = responses.map((r) => [
    ...(named
      ? [r.respondent, r.crmUserId, r.submittedAt === null ? null : new Date(r.submittedAt).toISOString()]
      : []),
    ...ids.map((id) => {
      const v = r.answers[id];
      return Array.isArray(v) ? v.join(";") : v;
    }),
  ]);
  return { ok: true, csv: formatCsv([header, ...rows]) };
}
