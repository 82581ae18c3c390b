import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECKS, checkIds, checksInCategory, findCheck } from "../../../src/core/checks/registry.js";
import { CATEGORIES, SEVERITIES } from "../../../src/core/checks/types.js";

/** The ids of docs/checks.md, in its order, with dataset.count-drop and the survey check: the public contract. */
const CATALOGUE = [
  "contact.missing-email-and-phone",
  "contact.missing-owner",
  "contact.owner-deactivated",
  "contact.missing-company",
  "contact.missing-lifecycle-stage",
  "contact.invalid-email",
  "contact.invalid-phone",
  "contact.stale",
  "contact.retention-exceeded",
  "contact.missing-consent",
  "contact.contacted-after-withdrawal",
  "contact.duplicate",
  "company.duplicate",
  "company.missing-owner",
  "company.owner-deactivated",
  "company.value-not-allowed",
  "task.overdue",
  "task.missing-due-date",
  "task.unassigned",
  "deal.past-close-date",
  "deal.missing-close-date",
  "deal.missing-amount",
  "deal.missing-owner",
  "deal.owner-deactivated",
  "deal.missing-company",
  "deal.stuck-in-stage",
  "deal.no-recent-activity",
  "deal.lost-without-reason",
  "deal.closed-before-created",
  "user.inactive",
  "user.dormant",
  "user.no-recent-activity",
  "user.mfa-disabled",
  "user.shared-login",
  "user.too-many-admins",
  "activity.future-dated",
  "dataset.count-drop",
  "survey.more-answers-than-invited",
];

describe("check registry", () => {
  it("holds exactly the catalogue ids, in catalogue order, each once", () => {
    expect(checkIds()).toEqual(CATALOGUE);
    expect(new Set(checkIds()).size).toBe(CHECKS.length);
  });

  it("finds checks by id and by category", () => {
    expect(findCheck("contact.stale")?.meta.title).toBe("Stale contacts");
    expect(findCheck("contact.stail")).toBeUndefined();
    expect(checksInCategory("compliance").map((c) => c.meta.id)).toEqual([
      "contact.retention-exceeded",
      "contact.missing-consent",
      "contact.contacted-after-withdrawal",
    ]);
    const all = CATEGORIES.flatMap((category) => checksInCategory(category));
    expect(all).toHaveLength(CHECKS.length);
  });

  it("gives every check complete metadata and thresholds whose defaults parse from {}", () => {
    for (const check of CHECKS) {
      const { meta } = check;
      expect(meta.id, meta.id).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(CATEGORIES, meta.id).toContain(meta.category);
      expect(SEVERITIES, meta.id).toContain(meta.severity);
      expect(meta.why.length, meta.id).toBeGreaterThan(10);
      expect(meta.fix.length, meta.id).toBeGreaterThan(10);
      expect(meta.why, meta.id).not.toContain("\n");
      expect(meta.fix, meta.id).not.toContain("\n");
      expect(check.thresholds.safeParse({}).success, meta.id).toBe(true);
      expect(check.thresholds.safeParse({ notAThreshold: 1 }).success, meta.id).toBe(false);
    }
  });

  it("documents the catalogue defaults", () => {
    const defaults = (id: string) => findCheck(id)!.thresholds.parse({});
    expect(defaults("contact.stale")).toEqual({ days: 365 });
    expect(defaults("contact.retention-exceeded")).toEqual({ years: 3 });
    expect(defaults("deal.stuck-in-stage")).toEqual({ days: 60 });
    expect(defaults("deal.no-recent-activity")).toEqual({ days: 30 });
    expect(defaults("user.inactive")).toEqual({ days: 30 });
    expect(defaults("user.dormant")).toEqual({ days: 90 });
    expect(defaults("user.no-recent-activity")).toEqual({ days: 30 });
    expect(defaults("user.too-many-admins")).toEqual({ minAdmins: 2, share: 0.1 });
    expect(defaults("dataset.count-drop")).toEqual({ share: 0.2 });
    expect(defaults("contact.missing-consent")).toMatchObject({
      countries: expect.arrayContaining(["DE", "GB", "NO"]),
    });
    expect(defaults("company.value-not-allowed")).toEqual({ field: "industry", values: [] });
    expect(defaults("user.shared-login")).toMatchObject({ roleAddresses: expect.arrayContaining(["sales", "crm"]) });
  });

  it("is documented: docs/checks.md has one row per check, each with the anchor of its meta.docs", () => {
    const doc = fs.readFileSync("docs/checks.md", "utf8");
    const rows = [...doc.matchAll(/^\| <a id="([^"]+)"><\/a>`([^`]+)` \|/gm)];
    expect(rows.map((row) => row[2]).sort()).toEqual(checkIds().sort());
    const anchors = anchorsOf(doc);
    for (const { meta } of CHECKS) {
      const [file, anchor] = meta.docs.split("#");
      expect(file, meta.id).toBe("docs/checks.md");
      expect(anchors, meta.id).toContain(anchor);
      expect(rows.find((row) => row[2] === meta.id)?.[1], meta.id).toBe(anchor);
    }
  });

  it("has a test file per check, mirroring src: test/core/checks/<family>/<name>.test.ts", () => {
    for (const { meta } of CHECKS) {
      const [family, name] = meta.id.split(".");
      expect(fs.existsSync(`src/core/checks/${family}/${name}.ts`), meta.id).toBe(true);
      const test = `test/core/checks/${family}/${name}.test.ts`;
      expect(fs.existsSync(test), `${meta.id}: ${test}`).toBe(true);
      expect(fs.readFileSync(test, "utf8"), test).toContain(`src/core/checks/${family}/${name}.js`);
    }
  });
});

/**
 * The fragments GitHub serves for a Markdown page: explicit `<a id>`/`<a name>` anchors and
 * heading slugs (lower case, punctuation other than "-" and "_" dropped, spaces to "-").
 */
function anchorsOf(markdown: string): Set<string> {
  const explicit = [...markdown.matchAll(/<a (?:id|name)="([^"]+)"/g)].map((m) => m[1]!);
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
    m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_ -]/gu, "")
      .replace(/ /g, "-"),
  );
  return new Set([...explicit, ...headings]);
}
