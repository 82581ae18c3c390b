/**
 * Activities (calls, e-mails, meetings, SMS, notes). First the ones the plan needs: a recent
 * one for every active user who is not meant to be quiet, for every open deal that is not
 * meant to go without, and the contact activities of the boundary and withdrawal cases; then
 * a few future-dated ones; then ordinary history. Each activity respects the latest instant
 * its contact and deal may be touched, so stale contacts stay stale. While writing, it keeps
 * the facts the last-touch, withdrawal and recent-activity checks are computed from.
 */
import type { CompanyTable } from "./companies.js";
import { contactId, type ContactTable } from "./contacts.js";
import { addBoundary, atLeastOne, makeId, openEntityCsv, type SampleContext } from "./context.js";
import type { CsvFileWriter } from "../csv/write.js";
import type { DealTable } from "./deals.js";
import { DEFECT_RATES } from "./rates.js";
import { DAY_MS, between, daysAfter, daysBefore, isoUtc } from "./time.js";
import type { UserTable } from "./users.js";

const TYPES = ["email", "call", "meeting", "note", "sms"] as const;
const TYPE_WEIGHTS = [35, 25, 15, 15, 10];

export async function generateActivities(
  ctx: SampleContext,
  users: UserTable,
  companies: CompanyTable,
  contacts: ContactTable,
  deals: DealTable,
): Promise<number> {
  const { rng, asOf, truth } = ctx;
  const out: CsvFileWriter = await openEntityCsv(ctx, "activities");
  let written = 0;
  const recentUsers = users.recentIdx.length > 0 ? users.recentIdx : users.activeIdx;
  const allUsers = users.ids.map((_, i) => i);

  /** A user who may have logged an activity at `at`: only "recent" users act in the last 31 days. */
  const userFor = (at: number) => rng.pick(asOf - at <= 31 * DAY_MS ? recentUsers : allUsers);

  /** A contact that may carry an activity at `at` without changing its planned state, or -1. */
  const contactFor = (at: number, preferred = -1): number => {
    if (preferred >= 0) return (contacts.maxActivity[preferred] as number) >= at ? preferred : -1;
    for (let attempt = 0; attempt < 6; attempt++) {
      const c = rng.int(contacts.count);
      if ((contacts.maxActivity[c] as number) >= at) return c;
    }
    return -1;
  };

  /** Writes one activity row (the caller flushes when `out.full`) and updates the facts. */
  const emit = (user: number, at: number, contact: number, company: number, deal: number): string => {
    const id = makeId("A", written, 8);
    written++;
    out.add([
      id,
      rng.weighted(TYPES, TYPE_WEIGHTS),
      users.ids[user],
      isoUtc(at),
      contact >= 0 ? contactId(contact) : null,
      company >= 0 ? companies.ids[company] : null,
      deal >= 0 ? deals.ids[deal] : null,
      null, // status: blank = completed, every sample activity is a logged one
    ]);
    if (at > asOf) {
      truth.add("activity.future-dated", id);
    } else {
      if (contact >= 0 && !((contacts.linkedTouch[contact] as number) >= at)) contacts.linkedTouch[contact] = at;
      if (deal >= 0 && !((deals.lastActivity[deal] as number) >= at)) deals.lastActivity[deal] = at;
      if (!((users.lastActivity[user] as number) >= at)) users.lastActivity[user] = at;
    }
    // "An activity linked to the contact after consent_at" (after T too, though the sample has none there).
    if (contact >= 0 && at > (contacts.withdrawnAt[contact] as number)) contacts.contactedAfterWithdrawal[contact] = 1;
    return id;
  };
  const companyOf = (contact: number) => (contact >= 0 ? (contacts.company[contact] as number) : -1);

  // 1. Every user meant to be active logs something in the last 30 days.
  for (const u of users.recentIdx) {
    const at = daysBefore(rng, asOf, 0.01, 29);
    const c = contactFor(at);
    emit(u, at, c, companyOf(c), -1);
    if (out.full) await out.flush();
  }
  // 2. Contacts whose planned state needs an activity (withdrawal cases, rescued by an activity).
  for (const { contact, at } of contacts.requiredActivities) {
    emit(at > asOf ? rng.pick(recentUsers) : userFor(at), at, contact, companyOf(contact), -1);
    if (out.full) await out.flush();
  }
  // 3. Open deals that must not go 30 days without activity.
  for (let d = 0; d < deals.count; d++) {
    if (!deals.needsRecentActivity[d]) continue;
    const at = between(rng, asOf, Math.max(deals.createdAt[d] as number, asOf - 29 * DAY_MS), asOf);
    const c = contactFor(at, deals.contact[d] as number);
    emit(rng.pick(recentUsers), at, c, deals.company[d] as number, d);
    if (out.full) await out.flush();
  }
  // 4. The T boundary itself, then a few activities dated after T (sync errors, typos in the year).
  {
    const c = contactFor(asOf);
    const id = emit(rng.pick(recentUsers), asOf, c, companyOf(c), -1);
    if (out.full) await out.flush();
    addBoundary(ctx, "activity.at-as-of", "activities", id, "occurred_at exactly T: not future-dated");
    const c2 = contactFor(asOf);
    const id2 = emit(rng.pick(recentUsers), asOf + 1000, c2, companyOf(c2), -1);
    if (out.full) await out.flush();
    addBoundary(ctx, "activity.1-second-after-as-of", "activities", id2, "occurred_at 1 second after T: future-dated");
  }
  const target = Math.max(ctx.counts.activities, written);
  const future = atLeastOne(DEFECT_RATES["activity.future-dated"], target);
  for (let k = 0; k < future && written < target; k++) {
    const at = daysAfter(rng, asOf, 0.01, 60);
    // Linked to a contact that may be touched up to T: an activity after T changes no last
    // touch, and such a contact has no withdrawn consent.
    const c = contactFor(asOf);
    emit(rng.pick(recentUsers), at, c, companyOf(c), -1);
    if (out.full) await out.flush();
  }
  // 5. Ordinary history up to the target count.
  while (written < target) {
    const roll = rng.next();
    if (roll < 0.25) {
      const d = rng.int(deals.count);
      const at = between(rng, asOf, deals.createdAt[d] as number, deals.maxActivity[d] as number);
      const c = contactFor(at, deals.contact[d] as number);
      emit(userFor(at), at, c, deals.company[d] as number, d);
      if (out.full) await out.flush();
    } else if (roll < 0.9) {
      const c = rng.int(contacts.count);
      const at = between(rng, asOf, contacts.createdAt[c] as number, contacts.maxActivity[c] as number);
      emit(userFor(at), at, c, companyOf(c), -1);
      if (out.full) await out.flush();
    } else {
      const at = daysBefore(rng, asOf, 1, 700);
      emit(userFor(at), at, -1, rng.int(companies.count), -1);
      if (out.full) await out.flush();
    }
  }
  await out.close();
  return written;
}

/** Called once all activities are written. */
export function userTruthAfterActivities(ctx: SampleContext, users: UserTable): void {
  for (const u of users.activeIdx) {
    const last = users.lastActivity[u] as number;
    if (Number.isNaN(last) || ctx.asOf - last > 30 * DAY_MS)
      ctx.truth.add("user.no-recent-activity", users.ids[u] as string);
  }
}
