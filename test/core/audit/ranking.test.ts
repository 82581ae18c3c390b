/**
 * One order of findings on every path: the CLI's four formats, the chat messages (Slack, Teams)
 * and the console's rendering of them. Critical first, then by affected share, then records.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatAudit } from "../../../src/core/audit/format.js";
import { rankFindings } from "../../../src/core/audit/scores.js";
import type { AuditRunResult, FindingResult } from "../../../src/core/audit/types.js";
import type { Severity } from "../../../src/core/checks/types.js";
import type { EntityName } from "../../../src/core/dataset/entities.js";
import { auditSummaryMessage, findingsListMessage } from "../../../src/core/messages/audit.js";
import type { Message } from "../../../src/core/messages/model.js";
import { renderMessage } from "../../../src/console/render.js";
import { T } from "./helpers.js";
import { metricsWithCounts } from "../../helpers/audit-metrics.js";

function finding(checkId: string, severity: Severity, entity: EntityName, records: number): FindingResult {
  const affected = Array.from({ length: records }, (_, i) => `${checkId}-${i}`);
  return {
    checkId,
    title: `Title of ${checkId}`,
    category: "data-quality",
    severity,
    entity,
    shape: "records",
    count: records,
    affected,
    why: "w",
    fix: "f",
  };
}

// Stored in the catalogue's order, which is not the order to show them in.
const findings = [
  finding("contact.low-many", "low", "contacts", 1_990), // 99.5 % of contacts, but low
  finding("contact.high-many", "high", "contacts", 100), // 5 % of contacts
  finding("user.high-few", "high", "users", 5), // 50 % of users: fewer records, bigger share
  finding("task.medium", "medium", "tasks", 30),
  finding("contact.critical", "critical", "contacts", 11),
  finding("deal.nothing", "critical", "deals", 0),
];
const EXPECTED = ["contact.critical", "user.high-few", "contact.high-many", "task.medium", "contact.low-many"];

const run: AuditRunResult = {
  id: 3,
  workspaceId: "w",
  asOf: T,
  startedAt: T,
  durationMs: 5,
  trigger: "cli",
  requestedBy: null,
  selection: null,
  scores: { overall: 80, categories: { "data-quality": 80 } },
  metrics: metricsWithCounts({
    users: 10,
    companies: 0,
    contacts: 2_000,
    deals: 50,
    tasks: 300,
    activities: 0,
    customer_feedback: 0,
  }),
  findings,
  changes: null,
};

/** Check ids in the order they first appear in a text. */
function orderIn(text: string): string[] {
  return EXPECTED.map((id) => [id, text.indexOf(id)] as const)
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([id]) => id);
}

const itemsOf = (m: Message) => m.blocks.flatMap((b) => (b.type === "findings" ? b.items.map((i) => i.checkId) : []));

describe("finding order", () => {
  it("is critical first, then by affected share, then by records", () => {
    expect(rankFindings(run).map((f) => f.checkId)).toEqual(EXPECTED);
  });

  it("is the same in every CLI format, in chat and in the console", () => {
    expect(orderIn(formatAudit(run, "text"))).toEqual(EXPECTED);
    expect(orderIn(formatAudit(run, "markdown"))).toEqual(EXPECTED);
    const json = JSON.parse(formatAudit(run, "json")) as { findings: { checkId: string }[] };
    expect(json.findings.map((f) => f.checkId)).toEqual([...EXPECTED, "deal.nothing"]);
    const csv = parse(formatAudit(run, "csv"), { columns: true }) as { check_id: string }[];
    expect([...new Set(csv.map((r) => r.check_id))]).toEqual(EXPECTED);

    const summary = auditSummaryMessage(run, new Map(), { visibility: "private" });
    expect(itemsOf(summary)).toEqual(EXPECTED);
    const list = findingsListMessage(run, 0, new Map());
    expect(itemsOf(list)).toEqual(EXPECTED);
    expect(orderIn(renderMessage(summary).text)).toEqual(EXPECTED);
  });
});
