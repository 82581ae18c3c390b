/**
 * What the survey commands answer and what invitees receive (src/core/commands/chat/survey.ts,
 * src/core/surveys/run.ts). Results are rendered here from the data of
 * src/core/surveys/results.ts: text tables today; a chart per question can be added here
 * from the same buckets.
 */
import type { Survey, SurveyRound } from "../stores/surveys.js";
import { describeAudience } from "../surveys/audience.js";
import type { SurveyResults } from "../surveys/results.js";
import type { StartedRound, SurveyStatus } from "../surveys/run.js";
import type { Template } from "../surveys/templates.js";
import { formatDateTime, plural } from "./format.js";
import type { Block, Form, Message } from "./model.js";

const priv = (text: string, blocks: Block[]): Message => ({ text, visibility: "private", blocks });

const pct = (n: number | null) => (n === null ? "–" : `${Math.round(n * 100)}%`);
const num = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? "–" : n.toFixed(digits));
const signed = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? "" : ` (${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(digits)})`;

function anonymityLine(survey: Pick<Survey, "anonymous">): string {
  return survey.anonymous
    ? "Anonymous: answers are stored without names."
    : "Not anonymous: names are stored with answers.";
}

export function invitationMessage(survey: Survey, round: SurveyRound, form: Form): Message {
  const { definition } = survey;
  const text = `You are invited to answer "${definition.title}".`;
  const closes = round.closesAt ? ` It closes ${formatDateTime(round.closesAt)}.` : "";
  return priv(text, [
    { type: "heading", text: definition.title },
    ...(definition.description ? [{ type: "text" as const, text: definition.description }] : []),
    { type: "text", text: `${text}${closes}` },
    { type: "context", text: `${anonymityLine(survey)} Survey #${survey.id}, round ${round.number}.` },
    { type: "form", form, openLabel: "Answer the survey" },
  ]);
}

export function reminderMessage(survey: Survey, round: SurveyRound, form: Form): Message {
  const title = survey.definition.title;
  const closes = round.closesAt ? ` It closes ${formatDateTime(round.closesAt)}.` : "";
  const text = `A reminder: "${title}" is waiting for your answers.${closes}`;
  return priv(text, [
    { type: "text", text },
    { type: "context", text: anonymityLine(survey) },
    { type: "form", form, openLabel: "Answer the survey" },
  ]);
}

/** After the last page: thanks, and what may still change. */
export function surveyDoneMessage(survey: Survey, roundId: number, changed: boolean): Message {
  const text = changed ? "Your answers were updated. Thank you!" : "Thank you! Your answers were saved.";
  const extra = survey.anonymous
    ? "They are stored without your name and are final."
    : `You can change them until the survey closes: \`/crm-audit survey answer ${roundId}\`.`;
  return priv(text, [
    { type: "text", text },
    { type: "context", text: extra },
  ]);
}

export function answerFormMessage(survey: Survey, round: SurveyRound, form: Form, started: boolean): Message {
  const text = started
    ? `Your answers to "${survey.definition.title}" so far are filled in.`
    : `"${survey.definition.title}" is waiting for your answers.`;
  return priv(text, [
    { type: "text", text },
    { type: "context", text: anonymityLine(survey) },
    { type: "form", form, openLabel: started ? "Change my answers" : "Answer the survey" },
  ]);
}

export function templatesMessage(templates: readonly Template[]): Message {
  const rows = templates.map((t) => [
    t.definition.id,
    `v${t.definition.version}`,
    t.definition.title,
    String(t.definition.questions.length),
    t.source,
  ]);
  return priv(`${plural(templates.length, "survey template")}`, [
    { type: "heading", text: "Survey templates" },
    { type: "table", columns: ["id", "version", "title", "questions", "from"], rows },
    {
      type: "context",
      text: "Start one with `/crm-audit survey start <id> --to <audience>` (admins). Workspaces add their own with `crm-audit survey templates --add <file>`.",
    },
  ]);
}

export function startedMessage(started: StartedRound): Message {
  const { survey, round, invited, missed } = started;
  const text = `Survey #${survey.id} "${survey.definition.title}" started: ${plural(invited, "person", "people")} invited.`;
  const blocks: Block[] = [
    { type: "text", text },
    {
      type: "fields",
      fields: [
        { label: "To", value: describeAudience(survey.audience) },
        { label: "Anonymous", value: survey.anonymous ? "yes" : "no" },
        { label: "Closes", value: round.closesAt ? formatDateTime(round.closesAt) : "when closed" },
        {
          label: "Reminders",
          value: survey.remindEveryDays ? `every ${plural(survey.remindEveryDays, "day")}` : "none",
        },
        { label: "Repeats", value: survey.repeat ? `${survey.repeat.cron} (${survey.repeat.timeZone})` : "no" },
      ],
    },
  ];
  if (missed.length) {
    blocks.push({
      type: "context",
      text: `Not invited (${missed.length}): ${missed
        .slice(0, 10)
        .map((m) => `${m.who}: ${m.reason}`)
        .join("; ")}${missed.length > 10 ? "; …" : ""}`,
    });
  }
  blocks.push({ type: "context", text: `\`/crm-audit survey status ${survey.id}\` shows how many answered.` });
  return priv(text, blocks);
}

export function statusMessage(status: SurveyStatus, now: number): Message {
  const { survey, round, open, invited, responded } = status;
  const text = `Survey #${survey.id} "${survey.definition.title}": ${responded} of ${invited} answered (${pct(invited ? responded / invited : null)}).`;
  const state = !round
    ? "no round"
    : open
      ? "open"
      : `closed ${formatDateTime(round.closedAt ?? round.closesAt ?? now)}`;
  return priv(text, [
    { type: "text", text },
    {
      type: "fields",
      fields: [
        { label: "Round", value: round ? String(round.number) : "–" },
        { label: "State", value: state },
        { label: "Closes", value: round?.closesAt && open ? formatDateTime(round.closesAt) : "–" },
        { label: "Anonymous", value: survey.anonymous ? "yes" : "no" },
      ],
    },
  ]);
}

export function listMessage(statuses: readonly SurveyStatus[]): Message {
  if (statuses.length === 0)
    return priv("No surveys in this workspace.", [
      { type: "text", text: "No surveys in this workspace." },
      { type: "context", text: "`/crm-audit survey templates` lists what can be started." },
    ]);
  const rows = statuses.map((s) => [
    `#${s.survey.id}`,
    s.survey.definition.title,
    s.round ? String(s.round.number) : "–",
    s.open ? "open" : "closed",
    `${s.responded}/${s.invited}`,
    s.survey.anonymous ? "yes" : "no",
  ]);
  return priv(plural(statuses.length, "survey"), [
    { type: "heading", text: "Surveys" },
    { type: "table", columns: ["id", "title", "round", "state", "answered", "anonymous"], rows },
  ]);
}

/** Why a round's results are withheld (`r.withheld`): chat, the report and `chart survey` say the same. */
export function withheldText(r: Pick<SurveyResults, "untilClosed" | "responded" | "minGroup">): string {
  return r.untilClosed && r.responded >= r.minGroup
    ? "The answers of an anonymous survey are shown once it closes, so that nobody can compare results from before and after someone answered."
    : `Results are withheld until at least ${r.minGroup} people have answered${r.untilClosed ? " and the survey has closed" : ""}, so nobody can be singled out.`;
}

/** Why one question's answers are withheld. */
export function questionWithheldText(minGroup: number): string {
  return `Withheld: fewer than ${minGroup} answers.`;
}

/** Results as text tables (docs/surveys.md, "Results"). */
export function resultsMessage(r: SurveyResults): Message {
  const head = `Results of survey #${r.survey.id} "${r.survey.title}", round ${r.round.number}${r.round.open ? " (still open)" : ""}`;
  const rate = `${r.responded} of ${r.invited} answered (${pct(r.responseRate)})`;
  const before = r.previous
    ? `; round ${r.previous.roundNumber}: ${r.previous.responded} answered (${pct(r.previous.responseRate)})`
    : "";
  const blocks: Block[] = [
    { type: "heading", text: head },
    { type: "text", text: `${rate}${before}.` },
  ];
  if (r.usage) {
    blocks.push({
      type: "context",
      text: `Measured usage of the ${plural(r.usage.people, "invited CRM user")} in the 30 days to ${formatDateTime(r.usage.to)}: ${r.usage.loggedIn} logged in, ${plural(r.usage.activities, "activity", "activities")} logged (all of them together, not only those who answered).`,
    });
  }
  if (r.withheld) {
    blocks.push({ type: "text", text: withheldText(r) });
    return priv(`${head}: ${rate}`, blocks);
  }
  if (r.fitness) {
    const rows: string[][] = [];
    for (const g of r.fitness.groups) {
      rows.push([`*${g.label}*`, num(g.score, 0), String(g.weight), ""]);
      for (const i of g.items)
        rows.push([`  ${i.text}`, i.withheld ? "withheld" : num(i.score, 0), String(i.weight), String(i.raters)]);
    }
    blocks.push({
      type: "score",
      label: "Fitness score (0–100)",
      value: Math.round(r.fitness.overall ?? 0),
      delta: r.fitness.change === null ? null : Math.round(r.fitness.change),
    });
    if (r.fitness.overall === null) blocks.push({ type: "context", text: "Not measured: no item had enough raters." });
    blocks.push({ type: "table", columns: ["area", "score", "weight", "raters"], rows, caption: "Fitness by area" });
  }
  for (const q of r.questions) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "text", text: `*${q.text}* (${plural(q.answered, "answer")})` });
    if (q.withheld || !q.summary) {
      blocks.push({ type: "context", text: questionWithheldText(r.minGroup) });
      continue;
    }
    const s = q.summary;
    const facts: string[] = [];
    if (s.nps)
      facts.push(
        `NPS ${s.nps.score}${signed(q.change?.nps, 0)} (${plural(s.nps.promoters, "promoter")}, ${plural(s.nps.passives, "passive")}, ${plural(s.nps.detractors, "detractor")})`,
      );
    if (s.average !== undefined && s.average !== null)
      facts.push(`average ${num(s.average, 2)}${signed(q.change?.average, 2)}`);
    if (s.median !== undefined && s.median !== null && q.type === "number")
      facts.push(`median ${num(s.median, 2)}, range ${num(s.min, 2)}–${num(s.max, 2)}`);
    if (facts.length) blocks.push({ type: "context", text: facts.join("; ") });
    if (s.buckets) {
      const total = q.type === "multiple_choice" ? q.answered : s.buckets.reduce((n, b) => n + b.count, 0);
      blocks.push({
        type: "table",
        columns: ["answer", "count", "share"],
        rows: s.buckets.map((b) => [b.label, String(b.count), pct(total ? b.count / total : null)]),
      });
    }
    if (q.themes) {
      blocks.push(
        q.themes.length
          ? {
              type: "table",
              columns: ["frequent words", "answers"],
              rows: q.themes.map((t) => [t.term, String(t.count)]),
            }
          : { type: "context", text: "No word or phrase came up in more than one answer." },
      );
    }
  }
  return priv(`${head}: ${rate}`, blocks);
}
