import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ENTITIES } from "../../../src/core/dataset/entities.js";
import { isValidEmail, normalizeEmail } from "../../../src/core/dataset/email.js";
import { parsePhone } from "../../../src/core/dataset/phone.js";
import {
  CHECK_IDS,
  DEFAULT_SAMPLE_AS_OF,
  GROUP_CHECK_IDS,
  RECORD_CHECK_IDS,
  entityCounts,
  loadGroundTruth,
  writeSampleBundle,
  type GroundTruth,
  type SampleSummary,
} from "../../../src/core/sample/index.js";
import { tempDir } from "../../helpers/tmp.js";
import { readCsv, referenceFindings, type Row } from "./reference-checks.js";

const CONTACTS = 2000;
const SEED = 7;

function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of fs.readdirSync(dir).sort())
    out[file] = crypto
      .createHash("sha256")
      .update(fs.readFileSync(path.join(dir, file)))
      .digest("hex");
  return out;
}

const ENTITY_OF_CHECK: Record<string, string> = {
  contact: "contacts.csv",
  company: "companies.csv",
  task: "tasks.csv",
  deal: "deals.csv",
  user: "users.csv",
  activity: "activities.csv",
};

describe("writeSampleBundle", () => {
  let dir: string;
  let summary: SampleSummary;
  let truth: GroundTruth;
  const rows: Record<string, Row[]> = {};

  beforeAll(async () => {
    dir = tempDir("sample");
    summary = await writeSampleBundle(dir, { contacts: CONTACTS, seed: SEED });
    truth = loadGroundTruth(summary.groundTruthPath);
    for (const spec of ENTITIES) rows[spec.file] = readCsv(dir, spec.file);
  });

  it("is deterministic: the same seed and size give byte-identical files, another seed does not", async () => {
    const again = tempDir("sample-again");
    const other = tempDir("sample-other");
    await writeSampleBundle(again, { contacts: CONTACTS, seed: SEED });
    await writeSampleBundle(other, { contacts: CONTACTS, seed: SEED + 1 });
    const first = fileHashes(dir);
    expect(Object.keys(first)).toHaveLength(ENTITIES.length + 1);
    expect(fileHashes(again)).toEqual(first);
    const different = fileHashes(other);
    for (const file of Object.keys(first)) expect(different[file], file).not.toBe(first[file]);
  });

  it("writes every canonical file with exactly the canonical header, and as many rows as it reports", () => {
    for (const spec of ENTITIES) {
      const text = fs.readFileSync(path.join(dir, spec.file), "utf8");
      expect(text.slice(0, text.indexOf("\r\n")), spec.file).toBe(spec.columns.map((c) => c.csv).join(","));
      expect(rows[spec.file], spec.file).toHaveLength(summary.counts[spec.name]);
      const ids = new Set(rows[spec.file]!.map((r) => r.id));
      expect(ids.size, `${spec.file} ids are unique`).toBe(rows[spec.file]!.length);
    }
  });

  it("sizes every entity in proportion to the contacts", () => {
    const expected = entityCounts(CONTACTS);
    expect(summary.counts).toEqual({ ...expected, activities: summary.counts.activities });
    expect(summary.counts).toMatchObject({ users: 8, companies: 200, deals: 400, tasks: 1000, customer_feedback: 100 });
    expect(summary.counts.activities).toBe(CONTACTS * 1.5);
    expect(truth.counts).toEqual(summary.counts);
    expect(truth.asOf).toBe(DEFAULT_SAMPLE_AS_OF.toISOString());
  });

  it("keeps the documented ratios from the minimum size to a million contacts", () => {
    expect(entityCounts(1_000_000)).toEqual({
      users: 2000,
      companies: 100_000,
      contacts: 1_000_000,
      deals: 200_000,
      tasks: 500_000,
      activities: 1_500_000,
      customer_feedback: 50_000,
    });
    expect(entityCounts(100)).toEqual({
      users: 8,
      companies: 10,
      contacts: 100,
      deals: 20,
      tasks: 50,
      activities: 150,
      customer_feedback: 5,
    });
  });

  it("lists at least one affected record for every one of the 30 check ids", () => {
    expect(CHECK_IDS).toHaveLength(30);
    expect(Object.keys(truth.defects).sort()).toEqual([...CHECK_IDS].sort());
    for (const check of CHECK_IDS) expect(truth.defects[check].length, check).toBeGreaterThan(0);
  });

  it("only names ids that exist in the files, each list sorted", () => {
    for (const check of CHECK_IDS) {
      const file = ENTITY_OF_CHECK[check.split(".")[0]!]!;
      const ids = new Set(rows[file]!.map((r) => r.id));
      const listed = (truth.defects[check] as (string | string[])[]).flat();
      for (const id of listed) expect(ids.has(id), `${check}: ${id} in ${file}`).toBe(true);
    }
    for (const check of RECORD_CHECK_IDS) expect(truth.defects[check]).toEqual([...truth.defects[check]].sort());
  });

  it("has a ground truth that an independent reading of the CSV text confirms, check by check", () => {
    const reference = referenceFindings(dir, DEFAULT_SAMPLE_AS_OF);
    for (const check of RECORD_CHECK_IDS) expect(reference[check] ?? [], check).toEqual(truth.defects[check]);
  });

  it("holds at another as-of instant too", async () => {
    const other = tempDir("sample-asof");
    const asOf = new Date("2025-01-15T08:30:17.250Z");
    const s = await writeSampleBundle(other, { contacts: 300, seed: 99, asOf });
    const t = loadGroundTruth(s.groundTruthPath);
    expect(t.asOf).toBe(asOf.toISOString());
    const reference = referenceFindings(other, asOf);
    for (const check of RECORD_CHECK_IDS) {
      expect(t.defects[check].length, check).toBeGreaterThan(0);
      expect(reference[check] ?? [], check).toEqual(t.defects[check]);
    }
  });

  it("keeps every defect and an exact ground truth in the smallest bundle", async () => {
    const tiny = tempDir("sample-min");
    const s = await writeSampleBundle(tiny, { contacts: 100, seed: 3 });
    const t = loadGroundTruth(s.groundTruthPath);
    for (const check of CHECK_IDS) expect(t.defects[check].length, check).toBeGreaterThan(0);
    const reference = referenceFindings(tiny, DEFAULT_SAMPLE_AS_OF);
    for (const check of RECORD_CHECK_IDS) expect(reference[check] ?? [], check).toEqual(t.defects[check]);
  });

  it("contains the boundary records the audit tests rely on, on the right side of each line", () => {
    const b = truth.boundaries;
    const byId = (file: string, id: string) => rows[file]!.find((r) => r.id === id)!;
    const T = DEFAULT_SAMPLE_AS_OF.getTime();
    const DAY = 86_400_000;

    const exact = byId("contacts.csv", b["contact.touch-exactly-365-days"]!.id);
    expect(Date.parse(exact.updated_at!)).toBe(T - 365 * DAY);
    expect(b["contact.touch-exactly-365-days"]!.checks).not.toContain("contact.stale");
    expect(b["contact.touch-365-days-and-1-second"]!.checks).toContain("contact.stale");

    const before = byId("contacts.csv", b["contact.touch-offset-before-boundary"]!.id);
    expect(before.updated_at).toMatch(/\+02:00$/);
    expect(b["contact.touch-offset-before-boundary"]!.checks).toContain("contact.stale");
    const after = byId("contacts.csv", b["contact.touch-offset-after-boundary"]!.id);
    expect(after.updated_at).toMatch(/-03:00$/);
    expect(b["contact.touch-offset-after-boundary"]!.checks).not.toContain("contact.stale");

    expect(b["contact.stale-despite-future-activity"]!.checks).toContain("contact.stale");
    expect(b["contact.fresh-by-linked-activity"]!.checks).not.toContain("contact.stale");
    expect(b["contact.fresh-by-last-activity-field"]!.checks).not.toContain("contact.stale");
    expect(b["contact.activity-at-withdrawal-instant"]!.checks).not.toContain("contact.contacted-after-withdrawal");
    expect(b["contact.activity-1-second-after-withdrawal"]!.checks).toContain("contact.contacted-after-withdrawal");
    expect(b["contact.switzerland-without-consent"]!.checks).not.toContain("contact.missing-consent");
    expect(b["contact.norway-without-consent"]!.checks).toContain("contact.missing-consent");

    const dueAtT = byId("tasks.csv", b["task.due-exactly-at-as-of"]!.id);
    expect(Date.parse(dueAtT.due_at!)).toBe(T);
    expect(dueAtT.status).toBe("open");
    expect(b["task.due-exactly-at-as-of"]!.checks).not.toContain("task.overdue");
    expect(b["task.due-1-second-before-as-of"]!.checks).toContain("task.overdue");
    expect(byId("tasks.csv", b["task.due-offset-before-as-of"]!.id).due_at).toMatch(/\+02:00$/);
    expect(b["task.due-offset-before-as-of"]!.checks).toContain("task.overdue");
    expect(byId("tasks.csv", b["task.due-offset-after-as-of"]!.id).due_at).toMatch(/-02:00$/);
    expect(b["task.due-offset-after-as-of"]!.checks).not.toContain("task.overdue");
    expect(b["task.done-past-due"]!.checks).not.toContain("task.overdue");

    expect(byId("deals.csv", b["deal.close-date-is-as-of-date"]!.id).expected_close_date).toBe("2026-06-30");
    expect(b["deal.close-date-is-as-of-date"]!.checks).not.toContain("deal.past-close-date");
    expect(b["deal.close-date-day-before-as-of"]!.checks).toContain("deal.past-close-date");
    expect(b["deal.stage-entered-exactly-60-days"]!.checks).not.toContain("deal.stuck-in-stage");
    expect(b["deal.stage-entered-60-days-and-1-second"]!.checks).toContain("deal.stuck-in-stage");

    expect(b["user.login-exactly-30-days"]!.checks).not.toContain("user.inactive");
    expect(b["user.login-exactly-90-days"]!.checks).toContain("user.inactive");
    expect(b["user.login-exactly-90-days"]!.checks).not.toContain("user.dormant");
    expect(b["user.never-logged-in"]!.checks).toEqual(expect.arrayContaining(["user.inactive", "user.dormant"]));
    expect(b["user.deactivated-admin"]!.checks).not.toContain("user.too-many-admins");
    expect(b["activity.at-as-of"]!.checks).toEqual([]);
    expect(b["activity.1-second-after-as-of"]!.checks).toEqual(["activity.future-dated"]);
  });

  it("records implied memberships: retention implies stale, dormant implies inactive", () => {
    const stale = new Set(truth.defects["contact.stale"]);
    for (const id of truth.defects["contact.retention-exceeded"]) expect(stale.has(id)).toBe(true);
    const inactive = new Set(truth.defects["user.inactive"]);
    for (const id of truth.defects["user.dormant"]) expect(inactive.has(id)).toBe(true);
    const active = rows["users.csv"]!.filter((u) => u.active === "true");
    const admins = active.filter((u) => u.role === "admin").map((u) => u.id);
    expect(truth.defects["user.too-many-admins"]).toEqual(admins.sort());
    expect(admins.length).toBeGreaterThan(Math.max(2, 0.1 * active.length));
  });

  it("gives clean contacts valid phone numbers in several countries", () => {
    const invalid = new Set(truth.defects["contact.invalid-phone"]);
    const countries = new Set<string>();
    let checked = 0;
    for (const c of rows["contacts.csv"]!) {
      if (!c.phone || invalid.has(c.id!)) continue;
      expect(parsePhone(c.phone, c.country!).valid, `${c.id} ${c.phone} ${c.country}`).toBe(true);
      countries.add(c.country!);
      checked++;
    }
    expect(checked).toBeGreaterThan(CONTACTS * 0.8);
    for (const code of ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA", "AU", "IN"]) expect(countries).toContain(code);
  });

  it("files duplicates with shared evidence and keeps distinct people apart", () => {
    const contacts = new Map(rows["contacts.csv"]!.map((c) => [c.id!, c]));
    const groupOf = new Map<string, number>();
    truth.defects["contact.duplicate"].forEach((g, k) => g.forEach((id) => groupOf.set(id, k)));
    expect(groupOf.size).toBe(truth.defects["contact.duplicate"].flat().length); // disjoint groups

    const keys = (c: Row) => {
      const out: string[] = [];
      if (c.email) out.push(`e:${normalizeEmail(c.email)}`);
      // Strangers with the same name never share "first.last@" either (that reads as one person who moved).
      if (c.email && isValidEmail(c.email)) out.push(`l:${normalizeEmail(c.email).split("@")[0]}`);
      if (c.phone) {
        const parsed = parsePhone(c.phone, c.country!);
        // Valid numbers compare in E.164; broken ones by their digits (junk shared by strangers would link them).
        out.push(parsed.valid ? `p:${parsed.e164}` : `d:${c.country}:${c.phone.replace(/\D/g, "")}`);
      }
      return out;
    };
    // Every member of a group shares an e-mail or phone with another member.
    for (const group of truth.defects["contact.duplicate"]) {
      const members = group.map((id) => keys(contacts.get(id)!));
      members.forEach((k, i) =>
        expect(
          members.some((other, j) => j !== i && other.some((x) => k.includes(x))),
          group.join(","),
        ).toBe(true),
      );
    }
    // Outside the groups, no two contacts share an e-mail address or a phone number, valid or not.
    const owner = new Map<string, string>();
    for (const c of rows["contacts.csv"]!) {
      for (const key of keys(c)) {
        const seen = owner.get(key);
        if (seen !== undefined && (groupOf.get(seen) === undefined || groupOf.get(seen) !== groupOf.get(c.id!)))
          expect.fail(`${seen} and ${c.id} share ${key} but are not a duplicate group`);
        owner.set(key, c.id!);
      }
    }
    // Namesakes share a full name but are different people.
    expect(truth.namesakes.length).toBeGreaterThan(0);
    for (const [a, b] of truth.namesakes) {
      const x = contacts.get(a)!;
      const y = contacts.get(b)!;
      expect(`${x.first_name} ${x.last_name}`).toBe(`${y.first_name} ${y.last_name}`);
      expect(x.company_id).not.toBe(y.company_id);
      expect(groupOf.has(a) || groupOf.has(b)).toBe(false);
    }
  });

  it("files company duplicates as name variants of one organisation, with distinct domains elsewhere", () => {
    const companies = new Map(rows["companies.csv"]!.map((c) => [c.id!, c]));
    const simplify = (name: string) =>
      name
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9 ]/g, "")
        .trim()
        .split(/\s+/)[0];
    const inGroup = new Set<string>();
    for (const group of truth.defects["company.duplicate"]) {
      const names = group.map((id) => companies.get(id)!.name!);
      expect(new Set(names).size, names.join(" | ")).toBe(names.length);
      expect(new Set(names.map(simplify)).size, names.join(" | ")).toBe(1);
      group.forEach((id) => inGroup.add(id));
    }
    const domains = rows["companies.csv"]!.filter((c) => !inGroup.has(c.id!) && c.domain).map((c) => c.domain);
    expect(new Set(domains).size).toBe(domains.length);
  });

  it("rejects sizes below the minimum and ground-truth files that do not match the schema", async () => {
    await expect(writeSampleBundle(tempDir("sample-tiny"), { contacts: 10, seed: 1 })).rejects.toThrow(/contacts/);
    const broken = path.join(tempDir("sample-broken"), "ground-truth.json");
    const { defects, ...rest } = truth;
    fs.writeFileSync(broken, JSON.stringify({ ...rest, defects: { ...defects, "contact.stale": "C1" } }));
    expect(() => loadGroundTruth(broken)).toThrow(/contact\.stale/);
    for (const check of GROUP_CHECK_IDS) expect(Array.isArray(truth.defects[check][0])).toBe(true);
  });
});
