/**
 * The fix plan as text (CLI), JSON (scripts; the shape is docs/plan.md's contract) and a chat
 * message. Every output names the full audit it comes from: the plan is never built from a
 * partial run (src/core/plan/index.ts, loadPlan).
 */
import { categoryLabel, formatDateTime, formatScore, plural, recordCount } from "../messages/format.js";
import type { Block, Message } from "../messages/model.js";
import { HORIZON_LABELS, HORIZONS, type Plan, type PlanItem, type PlanOutcome } from "./index.js";

export const PLAN_FORMATS = ["text", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Version of the JSON shape; bumped only when a field changes meaning or goes away. */
export const PLAN_JSON_VERSION = 1;

const gain = (n: number) => `+${n.toFixed(1)}`;

/** "Ann Lee (12), no owner (3)". */
export function ownersText(item: Pick<PlanItem, "owners" | "entity">): string {
  if (item.entity === "users") return "admins";
  if (item.owners.length === 0) return "–";
  return item.owners.map((o) => `${o.owner || "no owner"} (${o.records.toLocaleString("en")})`).join(", ");
}

/** Where a plan comes from, in one line: "From the full audit #12 as of 2026-11-30 12:00 UTC (score 72/100)". */
export function planBasis(plan: Plan): string {
  return `From the full audit #${plan.runId} as of ${formatDateTime(plan.asOf)} (score ${formatScore(plan.overall)}).`;
}

/** "The later partial run #9 (security) is not part of this plan.", or "" without one. */
export function laterPartialText(outcome: PlanOutcome): string {
  if (outcome.kind !== "plan" || !outcome.laterPartial) return "";
  const { runId, selection } = outcome.laterPartial;
  return `The later partial run #${runId} (${selection.join(", ")}) is not part of this plan.`;
}

/** What to say when there is no plan to show. */
export function noPlanText(outcome: Exclude<PlanOutcome, { kind: "plan" }>): string {
  if (outcome.kind === "no-audit") return "No audit yet: run a full audit first (`run`, or `crm-audit audit`).";
  return (
    `No full audit yet: the latest run (#${outcome.runId}) checked only ${outcome.selection.join(", ")}, ` +
    "and a plan from part of the checks would pose as the whole. Run a full audit first."
  );
}

function itemLine(item: PlanItem, rank: number): string {
  return (
    `${rank}. ${item.checkId} (${item.severity}, ${item.effort}): ${recordCount(item.records, item.entity)}, ` +
    `score ${gain(item.scoreGain)} (${categoryLabel(item.category)} ${gain(item.categoryGain)}); owners: ${ownersText(item)}`
  );
}

/** The plan as lines of text, grouped by horizon, ranked within. */
export function planText(outcome: PlanOutcome): string {
  if (outcome.kind !== "plan") return noPlanText(outcome) + "\n";
  const { plan } = outcome;
  const lines = [`Fix plan for workspace ${plan.workspaceId}`, planBasis(plan)];
  if (outcome.laterPartial) lines.push(laterPartialText(outcome));
  if (plan.items.length === 0) {
    lines.push("", "Nothing to fix: the audit found no records to fix.");
    return lines.join("\n") + "\n";
  }
  lines.push(
    `${plural(plan.items.length, "finding")} to fix; score ${formatScore(plan.overall)} → ${formatScore(plan.scoreIfAllFixed)} when all are fixed.`,
  );
  const rank = new Map(plan.items.map((item, i) => [item.checkId, i + 1]));
  for (const horizon of HORIZONS) {
    const items = plan.items.filter((i) => i.horizon === horizon);
    if (items.length === 0) continue;
    lines.push("", `${HORIZON_LABELS[horizon]}:`);
    for (const item of items) lines.push(`  ${itemLine(item, rank.get(item.checkId)!)}`, `     fix: ${item.fix}`);
  }
  return lines.join("\n") + "\n";
}

/** The plan as the documented JSON object (docs/plan.md, "JSON"). */
export function planJson(outcome: PlanOutcome): string {
  const body =
    outcome.kind === "plan"
      ? { version: PLAN_JSON_VERSION, ...outcome.plan, laterPartialRun: outcome.laterPartial ?? null }
      : {
          version: PLAN_JSON_VERSION,
          plan: null,
          reason: outcome.kind,
          message: noPlanText(outcome),
        };
  return JSON.stringify(body, null, 2) + "\n";
}

export function formatPlan(outcome: PlanOutcome, format: PlanFormat): string {
  return format === "json" ? planJson(outcome) : planText(outcome);
}

/** Items shown per horizon in chat; the CLI and the report show all. */
const CHAT_ITEMS = 5;

/** The plan for chat: one table per horizon with the top items. */
export function planMessage(outcome: PlanOutcome): Message {
  if (outcome.kind !== "plan") {
    const text = noPlanText(outcome);
    return { text, visibility: "private", blocks: [{ type: "text", text }] };
  }
  const { plan } = outcome;
  const blocks: Block[] = [
    { type: "heading", text: "Fix plan" },
    { type: "context", text: planBasis(plan) },
  ];
  if (plan.items.length === 0) {
    blocks.push({ type: "text", text: "Nothing to fix: the audit found no records to fix." });
    return { text: "Fix plan: nothing to fix.", visibility: "private", blocks };
  }
  blocks.push({
    type: "text",
    text: `${plural(plan.items.length, "finding")} to fix; the score goes from ${formatScore(plan.overall)} to ${formatScore(plan.scoreIfAllFixed)} when all are fixed.`,
  });
  for (const horizon of HORIZONS) {
    const items = plan.items.filter((i) => i.horizon === horizon);
    if (items.length === 0) continue;
    const shown = items.slice(0, CHAT_ITEMS);
    blocks.push({
      type: "table",
      caption: HORIZON_LABELS[horizon],
      columns: ["Check", "Records", "Effort", "Score gain", "Owners"],
      rows: shown.map((i) => [i.checkId, i.records.toLocaleString("en"), i.effort, gain(i.scoreGain), ownersText(i)]),
    });
    if (items.length > shown.length)
      blocks.push({
        type: "context",
        text: `…and ${items.length - shown.length} more (\`crm-audit plan\` lists all).`,
      });
  }
  const first = plan.items[0]!;
  return {
    text: `Fix plan: ${plural(plan.items.length, "finding")}; first: ${first.checkId} (${gain(first.scoreGain)} points).`,
    visibility: "private",
    blocks,
  };
}
