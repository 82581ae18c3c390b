import { describe, expect, it } from "vitest";
import { KEY_FIELDS } from "../../../src/core/checks/key-fields.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { ENTITIES } from "../../../src/core/dataset/entities.js";

describe("KEY_FIELDS", () => {
  it("names, for every check that lists records, stored columns of the check's own table", () => {
    for (const { meta } of CHECKS) {
      if (meta.entity === "dataset") continue;
      const columns = new Set(ENTITIES.find((e) => e.name === meta.entity)!.columns.map((c) => c.field));
      const fields = KEY_FIELDS[meta.id];
      // A record table without the fields the check looked at shows only ids and names.
      expect(fields, meta.id).toBeDefined();
      for (const field of fields!) expect(columns.has(field), `${meta.id}: ${field}`).toBe(true);
    }
  });

  it("lists no check that does not exist", () => {
    const ids = new Set(CHECKS.map((c) => c.meta.id));
    expect(Object.keys(KEY_FIELDS).filter((id) => !ids.has(id))).toEqual([]);
  });
});
