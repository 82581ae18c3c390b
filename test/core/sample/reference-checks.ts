/**
 * An independent reading of docs/checks.md's record checks, straight from the CSV text of a
 * bundle (csv-parse, Date.parse on the ISO strings as written, offsets and all). The sample
 * tests compare it with the generator's ground truth, so a wrong ground truth fails a test.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { isValidEmail } from "../../../src/core/dataset/email.js";
import { parsePhone } from "../../../src/core/dataset/phone.js";

const DAY = 86_400_000;
const EEA_AND_GB = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB".split(" "),
);
const ROLE_ADDRESS = /^(sales|info|admin|team|support|crm)@/i;

export type Row = Record<string, string>;

/** docs/import.md: one `'` before = + - @ tab or CR (apostrophes included) was added against formulas. */
const unquoteFormula = (value: string) => (/^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

export function readCsv(dir: string, file: string): Row[] {
  return parse(fs.readFileSync(path.join(dir, file), "utf8"), {
    columns: true,
    bom: true,
    cast: (value) => unquoteFormula(value),
  }) as Row[];
}

const blank = (v: string | undefined) => v === undefined || v.trim() === "";
const instant = (v: string | undefined): number | null => (blank(v) ? null : Date.parse(v as string));

/** Affected ids per record check id (sorted), as of `asOf`. */
export function referenceFindings(dir: string, asOf: Date): Record<string, string[]> {
  const T = asOf.getTime();
  const out: Record<string, string[]> = {};
  const add = (check: string, id: string) => (out[check] ??= []).push(id);
  const moreThanDaysBefore = (t: number, days: number) => T - t > days * DAY;

  const users = readCsv(dir, "users.csv");
  const contacts = readCsv(dir, "contacts.csv");
  const deals = readCsv(dir, "deals.csv");
  const tasks = readCsv(dir, "tasks.csv");
  const activities = readCsv(dir, "activities.csv");

  const lastByUser = new Map<string, number>();
  const lastByContact = new Map<string, number>();
  const lastByDeal = new Map<string, number>();
  const activityTimesByContact = new Map<string, number[]>();
  const bump = (map: Map<string, number>, key: string, t: number) => {
    if (!blank(key) && !(map.get(key)! >= t)) map.set(key, t);
  };
  for (const a of activities) {
    const t = instant(a.occurred_at) as number;
    if (t > T) add("activity.future-dated", a.id!);
    else {
      bump(lastByUser, a.user_id!, t);
      bump(lastByContact, a.contact_id!, t);
      bump(lastByDeal, a.deal_id!, t);
    }
    if (!blank(a.contact_id)) {
      const list = activityTimesByContact.get(a.contact_id!) ?? [];
      list.push(t);
      activityTimesByContact.set(a.contact_id!, list);
    }
  }

  const activeUsers = new Set<string>();
  const activeAdmins: string[] = [];
  for (const u of users) {
    const active = u.active !== "false";
    const login = instant(u.last_login_at);
    if (active) {
      activeUsers.add(u.id!);
      if (login === null || moreThanDaysBefore(login, 30)) add("user.inactive", u.id!);
      if (login === null || moreThanDaysBefore(login, 90)) add("user.dormant", u.id!);
      if (u.mfa_enabled === "false") add("user.mfa-disabled", u.id!);
      if (u.role === "admin") activeAdmins.push(u.id!);
      const last = lastByUser.get(u.id!);
      if (last === undefined || moreThanDaysBefore(last, 30)) add("user.no-recent-activity", u.id!);
    }
    if (ROLE_ADDRESS.test(u.email!)) add("user.shared-login", u.id!);
  }
  if (activeAdmins.length > Math.max(2, 0.1 * activeUsers.size))
    for (const id of activeAdmins) add("user.too-many-admins", id);

  for (const c of contacts) {
    const id = c.id!;
    if (blank(c.email) && blank(c.phone)) add("contact.missing-email-and-phone", id);
    if (blank(c.owner_id)) add("contact.missing-owner", id);
    if (blank(c.company_id)) add("contact.missing-company", id);
    if (blank(c.lifecycle_stage)) add("contact.missing-lifecycle-stage", id);
    if (!blank(c.email) && !isValidEmail(c.email!)) add("contact.invalid-email", id);
    if (!blank(c.phone) && !parsePhone(c.phone!, c.country || null).valid) add("contact.invalid-phone", id);
    if (EEA_AND_GB.has((c.country ?? "").toUpperCase()) && blank(c.consent)) add("contact.missing-consent", id);
    const touch = Math.max(
      instant(c.updated_at) as number,
      instant(c.last_activity_at) ?? -Infinity,
      lastByContact.get(id) ?? -Infinity,
    );
    if (moreThanDaysBefore(touch, 365)) add("contact.stale", id);
    if (moreThanDaysBefore(touch, 3 * 365)) add("contact.retention-exceeded", id);
    if (c.consent === "withdrawn") {
      const consentAt = instant(c.consent_at) as number;
      if ((activityTimesByContact.get(id) ?? []).some((t) => t > consentAt))
        add("contact.contacted-after-withdrawal", id);
    }
  }

  const today = Math.floor(T / DAY) * DAY;
  for (const d of deals) {
    const id = d.id!;
    if (d.status === "open") {
      const close = instant(d.expected_close_date);
      if (close !== null && close < today) add("deal.past-close-date", id);
      if (close === null) add("deal.missing-close-date", id);
      if (blank(d.amount)) add("deal.missing-amount", id);
      if (blank(d.owner_id)) add("deal.missing-owner", id);
      const entered = instant(d.stage_entered_at);
      if (entered !== null && moreThanDaysBefore(entered, 60)) add("deal.stuck-in-stage", id);
      const last = lastByDeal.get(id);
      if (last === undefined || moreThanDaysBefore(last, 30)) add("deal.no-recent-activity", id);
    }
    if (d.status === "lost" && blank(d.lost_reason)) add("deal.lost-without-reason", id);
    const closed = instant(d.closed_at);
    if (closed !== null && closed < (instant(d.created_at) as number)) add("deal.closed-before-created", id);
  }

  for (const t of tasks) {
    if (t.status !== "open") continue;
    const due = instant(t.due_at);
    if (due !== null && due < T) add("task.overdue", t.id!);
    if (due === null) add("task.missing-due-date", t.id!);
    if (blank(t.assignee_id) || !activeUsers.has(t.assignee_id!)) add("task.unassigned", t.id!);
  }

  for (const list of Object.values(out)) list.sort();
  return out;
}
