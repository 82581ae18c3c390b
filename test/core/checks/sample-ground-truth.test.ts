/**
 * Every check against the sample generator's ground truth: the generator injects each defect and
 * records, independently of the checks, exactly which ids each catalogue id must report at its
 * as-of instant (boundary cases included). CSV cells are read with the column types of entities.ts;
 * the derived facts are computed as the runner defines them (activities at or before T only).
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../../../src/core/checks/registry.js";
import type { AuditRows } from "../../../src/core/checks/types.js";
import { ENTITIES, type EntitySpec } from "../../../src/core/dataset/entities.js";
import { CHECK_IDS, loadGroundTruth, writeSampleBundle, type GroundTruth } from "../../../src/core/sample/index.js";
import { tempDir } from "../../helpers/tmp.js";
import { runCheck, type Tables } from "./run-check.js";

function readTable(dir: string, spec: EntitySpec): Record<string, unknown>[] {
  const rows = parse(fs.readFileSync(path.join(dir, spec.file), "utf8"), { columns: true }) as Record<string, string>[];
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const column of spec.columns) {
      const cell = row[column.csv];
      if (cell === undefined || cell === "") record[column.field] = column.default ?? null;
      else if (column.type === "timestamp") record[column.field] = Date.parse(cell);
      else if (column.type === "boolean") record[column.field] = cell === "true";
      else if (column.type === "number" || column.type === "integer") record[column.field] = Number(cell);
      else record[column.field] = cell;
    }
    return record;
  });
}

function loadTables(dir: string, asOf: number): Tables {
  const raw = Object.fromEntries(ENTITIES.map((spec) => [spec.name, readTable(dir, spec)]));
  const latest = new Map<string, number>();
  const note = (key: string, at: number) => latest.set(key, Math.max(latest.get(key) ?? -Infinity, at));
  for (const a of raw.activities as unknown as AuditRows["activities"][]) {
    if (a.occurredAt > asOf) continue;
    note(`u:${a.userId}`, a.occurredAt);
    if (a.contactId) note(`c:${a.contactId}`, a.occurredAt);
    if (a.dealId) note(`d:${a.dealId}`, a.occurredAt);
  }
  for (const u of raw.users!) u.lastActivityAt = latest.get(`u:${u.id as string}`) ?? null;
  for (const c of raw.contacts!) c.lastLinkedActivityAt = latest.get(`c:${c.id as string}`) ?? null;
  for (const d of raw.deals!) d.lastActivityAt = latest.get(`d:${d.id as string}`) ?? null;
  return raw as unknown as Tables;
}

describe("checks against the sample generator's ground truth", () => {
  let dir: string;
  let truth: GroundTruth;
  let tables: Tables;
  beforeAll(async () => {
    dir = tempDir("checks-sample");
    const summary = await writeSampleBundle(dir, { contacts: 1000, seed: 11 });
    truth = loadGroundTruth(summary.groundTruthPath);
    tables = loadTables(dir, Date.parse(truth.asOf));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The checks the generator keeps a ground truth for (newer checks have their own tests).
  const withTruth = new Set<string>(CHECK_IDS);
  for (const check of CHECKS.filter((c) => withTruth.has(c.meta.id))) {
    it(`${check.meta.id} reports exactly the ground truth`, () => {
      const expected = truth.defects[check.meta.id as keyof GroundTruth["defects"]];
      const outcome = runCheck(check, tables, { asOf: Date.parse(truth.asOf) });
      if (check.meta.shape === "groups") expect(outcome.groups).toEqual(expected);
      else expect(outcome.ids).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    });
  }
});
