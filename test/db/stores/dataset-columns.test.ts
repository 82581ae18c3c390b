import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { createDatasetColumnsStore } from "../../../src/db/stores/dataset-columns.js";
import type { DatasetColumnsStore, SuppliedColumn } from "../../../src/core/stores/dataset-columns.js";
import { freshDatabase } from "../../helpers/db.js";

let db: Database;
let store: DatasetColumnsStore;
beforeEach(() => {
  db = freshDatabase("dataset-columns");
  store = createDatasetColumnsStore(db.sqlite);
});
afterEach(async () => {
  await db.close();
});

const col = (column: string, supplied: boolean, source = "HubSpot", hint: string | null = null): SuppliedColumn => ({
  entity: "contacts",
  column,
  supplied,
  suppliedRows: supplied && !column.includes(":") ? 3 : null,
  source,
  hint,
});
const known = (ws = "ws") => Object.fromEntries(store.list(ws).map((c) => [c.column, [c.supplied, c.source, c.hint]]));

describe("dataset_columns store", () => {
  it("replaces a supplied column and its aspects; an unsupplied one never undoes an earlier supply", () => {
    store.record("ws", [col("consent", true), col("consent:granted", false, "HubSpot", "add the legal basis")]);
    store.record("ws", [col("lifecycleStage", false)]);
    expect(known()).toEqual({
      consent: [true, "HubSpot", null],
      "consent:granted": [false, "HubSpot", "add the legal basis"],
      lifecycleStage: [false, "HubSpot", null],
    });
    // A canonical bundle with consent: the aspect HubSpot could not supply is no longer known as missing.
    store.record("ws", [col("consent", true, "canonical bundle"), col("lifecycleStage", true, "canonical bundle")]);
    expect(known()).toEqual({
      consent: [true, "canonical bundle", null],
      lifecycleStage: [true, "canonical bundle", null],
    });
    // A later import without the column keeps it supplied (its stored values are untouched).
    store.record("ws", [col("lifecycleStage", false, "Salesforce")]);
    expect(known().lifecycleStage).toEqual([true, "canonical bundle", null]);
  });

  it("clears only the aspects of that column (LIKE wildcards in names are literal)", () => {
    store.record("ws", [col("a_b:x", false), col("aXb:y", false)]);
    store.record("ws", [col("a_b", true)]);
    expect(Object.keys(known()).sort()).toEqual(["aXb:y", "a_b"]);
  });

  it("keeps workspaces apart", () => {
    store.record("one", [col("consent", true)]);
    expect(store.list("two")).toEqual([]);
    expect(store.list("one")).toHaveLength(1);
  });
});
