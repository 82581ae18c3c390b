import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { measurability, SuppliedData, SURVEYS_REQUIREMENT } from "../../../src/core/audit/measured.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { ENTITIES, entitySpec, type EntityName } from "../../../src/core/dataset/entities.js";
import type { SuppliedColumn } from "../../../src/core/stores/dataset-columns.js";

const counts = (over: Partial<Record<EntityName, number>> = {}): Record<EntityName, number> => ({
  users: 3,
  companies: 3,
  contacts: 4,
  deals: 2,
  tasks: 0,
  activities: 0,
  customer_feedback: 0,
  ...over,
});

const column = (entity: EntityName, name: string, supplied: boolean, extra: Partial<SuppliedColumn> = {}) => ({
  entity,
  column: name,
  supplied,
  suppliedRows: supplied ? 1 : null,
  source: "HubSpot",
  hint: null,
  ...extra,
});

const meta = (entity: EntityName | "dataset", requires?: string[]) => ({ entity, ...(requires ? { requires } : {}) });

describe("measurability", () => {
  it("is measured when the entity has records and every input was supplied", () => {
    const data = new SuppliedData([column("users", "lastLoginAt", true)], counts());
    expect(measurability(meta("users", ["users.lastLoginAt"]), data)).toEqual({ status: "measured" });
  });

  it("names the source and the input when a column was not supplied", () => {
    const data = new SuppliedData([column("users", "lastLoginAt", false)], counts());
    expect(measurability(meta("users", ["users.lastLoginAt"]), data)).toEqual({
      status: "not-measured",
      reason: "HubSpot exports carry no login dates",
    });
  });

  it("says what to add when the import knew it", () => {
    const data = new SuppliedData(
      [
        column("contacts", "consent", true),
        column("contacts", "consent:granted", false, { hint: 'add the property "Legal basis"' }),
      ],
      counts(),
    );
    expect(measurability(meta("contacts", ["contacts.consent:granted"]), data).reason).toBe(
      'HubSpot exports carry no consent grants (a legal basis for processing); add the property "Legal basis"',
    );
    // The field itself was supplied: a check needing only withdrawals is measured.
    expect(measurability(meta("contacts", ["contacts.consent"]), data).status).toBe("measured");
  });

  it("takes an aspect as supplied with its field when no import declared it (canonical bundles)", () => {
    const data = new SuppliedData([column("contacts", "consent", true, { source: "canonical bundle" })], counts());
    expect(measurability(meta("contacts", ["contacts.consent:granted"]), data).status).toBe("measured");
  });

  it("names the file and column for a canonical bundle", () => {
    const data = new SuppliedData(
      [column("users", "mfaEnabled", false, { source: "canonical bundle", hint: 'add the column "mfa_enabled"' })],
      counts(),
    );
    expect(measurability(meta("users", ["users.mfaEnabled"]), data).reason).toBe(
      'the imported users.csv has no MFA settings (column mfa_enabled); add the column "mfa_enabled"',
    );
  });

  it("is not measured when there are no records to examine, also without any import record", () => {
    const data = new SuppliedData([], counts({ deals: 0 }));
    expect(measurability(meta("deals"), data)).toEqual({ status: "not-measured", reason: "no deals to examine" });
    // A workspace whose imports recorded nothing supplies every column.
    expect(measurability(meta("users", ["users.lastLoginAt"]), data).status).toBe("measured");
  });

  it("names the source of a table it never carried", () => {
    const data = new SuppliedData([column("users", "lastLoginAt", false)], counts());
    expect(measurability(meta("users", ["activities"]), data).reason).toBe(
      "HubSpot exports carry no activities (calls, emails, meetings)",
    );
  });

  it("is met by either alternative of a|b", () => {
    const data = new SuppliedData([column("contacts", "email", false), column("contacts", "phone", true)], counts());
    expect(measurability(meta("contacts", ["contacts.email|contacts.phone"]), data).status).toBe("measured");
    const neither = new SuppliedData(
      [column("contacts", "email", false), column("contacts", "phone", false)],
      counts(),
    );
    expect(measurability(meta("contacts", ["contacts.email|contacts.phone"]), neither).reason).toBe(
      "HubSpot exports carry no contact email addresses",
    );
  });

  it("never calls a dataset-level check unmeasured for want of records", () => {
    const data = new SuppliedData([], counts({ users: 0, contacts: 0, companies: 0, deals: 0 }));
    expect(measurability(meta("dataset"), data).status).toBe("measured");
  });
});

describe("meta.requires of the catalogue", () => {
  it("names only real entities and fields", () => {
    for (const { meta: m } of CHECKS) {
      for (const requirement of m.requires ?? []) {
        for (const alternative of requirement.split("|")) {
          if (alternative === SURVEYS_REQUIREMENT) continue; // the survey rounds, not a CRM table
          const [entity, rest] = alternative.split(".");
          expect(
            ENTITIES.map((e) => e.name),
            `${m.id}: ${alternative}`,
          ).toContain(entity);
          if (!rest) continue;
          const field = rest.split(":")[0];
          expect(
            entitySpec(entity as EntityName).columns.map((c) => c.field),
            `${m.id}: ${alternative}`,
          ).toContain(field);
        }
      }
    }
  });

  it("is the table of docs/checks.md, 'Inputs: when a check is not measured'", () => {
    const doc = fs.readFileSync("docs/checks.md", "utf8");
    const section = doc.slice(doc.indexOf("## Inputs: when a check is not measured"));
    const rows = [...section.matchAll(/^\| `([a-z]+\.[a-z-]+)` \| ([^|]+) \| ([^|]+) \|$/gm)];
    const documented = Object.fromEntries(
      rows.map((r) => [
        r[1],
        {
          entity: r[2]!.trim(),
          requires: r[3]!.trim() === "–" ? [] : r[3]!.split(", ").map((x) => x.replace(/`/g, "").replace(/ or /g, "|")),
        },
      ]),
    );
    const expected = Object.fromEntries(
      CHECKS.map(({ meta: m }) => [
        m.id,
        { entity: m.entity === "dataset" ? "–" : m.entity, requires: [...(m.requires ?? [])] },
      ]),
    );
    expect(documented).toEqual(expected);
  });
});

describe("reasons for a mapping file", () => {
  it("say which canonical column the mapping file does not fill", () => {
    const data = new SuppliedData(
      [column("deals", "stageEnteredAt", false, { source: "mapping file", hint: "map a column" })],
      counts(),
    );
    expect(measurability(meta("deals", ["deals.stageEnteredAt"]), data).reason).toBe(
      "the mapping file maps no column to deals stage_entered_at (stage-entered dates); map a column",
    );
  });
});
