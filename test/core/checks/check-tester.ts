/**
 * A declarative tester for one check, in the spirit of ESLint's RuleTester: `valid` rows must
 * not be reported, `invalid` rows must be reported with exactly the given ids (or groups), and
 * each row becomes one vitest `it`. Rows are small tables built with the row builders of
 * run-check.ts; put the boundaries in them (exactly at a threshold, and 1 ms past it).
 */
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { type Check, DAY_MS } from "../../../src/core/checks/types.js";
import type { EntityName } from "../../../src/core/dataset/entities.js";
import { at, type CheckOutcome, runCheck, type Tables } from "./run-check.js";

/** The as-of instant most check tests use. */
export const T = at("2026-05-01T12:00:00Z");

/** The instant `days` days (of 24 h) before T. */
export function daysBeforeT(days: number): number {
  return T - days * DAY_MS;
}

export interface CheckCase {
  /** What the row shows, e.g. "last touch exactly 365 days ago". Unique within the check. */
  name: string;
  tables: Tables;
  /** Replaces the test's thresholds for this row (the check's defaults fill the rest). */
  thresholds?: unknown;
  /** Replaces the test's previous-run counts for this row. */
  previousCounts?: Record<EntityName, number> | null;
}

export interface InvalidCheckCase extends CheckCase {
  /** Exactly the ids reported, in any order. */
  ids?: string[];
  /** Exactly the groups reported (duplicate checks), each and all in any order. */
  groups?: string[][];
}

export interface CheckTest {
  asOf: number;
  thresholds?: unknown;
  previousCounts?: Record<EntityName, number> | null;
  valid: CheckCase[];
  invalid: InvalidCheckCase[];
}

/** One `it` per row, under a `describe` named after the check id. */
export function testCheck<S extends z.ZodType>(check: Check<S>, test: CheckTest): void {
  assertWellFormed(test);
  describe(check.meta.id, () => {
    for (const row of test.valid) it(`valid: ${row.name}`, () => expectCase(check, test, row));
    for (const row of test.invalid) it(`invalid: ${row.name}`, () => expectCase(check, test, row));
  });
}

/** Rejects tests that would pass without checking anything. */
export function assertWellFormed(test: CheckTest): void {
  if (test.valid.length === 0 || test.invalid.length === 0)
    throw new Error("a check test needs valid and invalid rows");
  const names = [...test.valid, ...test.invalid].map((row) => row.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new Error(`row name used twice: ${repeated}`);
  const empty = test.invalid.find((row) => !row.ids?.length && !row.groups?.length);
  if (empty) throw new Error(`invalid row reports nothing (make it valid): ${empty.name}`);
}

/** Runs one row and asserts exactly what it must report (nothing for a valid row). */
export function expectCase<S extends z.ZodType>(check: Check<S>, test: CheckTest, row: InvalidCheckCase): void {
  const outcome = runCheck(check, row.tables, {
    asOf: test.asOf,
    thresholds: row.thresholds ?? test.thresholds,
    previousCounts: row.previousCounts !== undefined ? row.previousCounts : test.previousCounts,
  });
  const expected: CheckOutcome = {
    ids: [...(row.ids ?? [])].sort(),
    groups: (row.groups ?? []).map((group) => [...group].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
  };
  expect(outcome).toEqual(expected);
}
