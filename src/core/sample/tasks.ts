/**
 * Tasks: follow-ups on deals, contacts and companies. Open tasks are clean by default (due in
 * the future, assigned to an active user); injected: overdue, no due date, no assignee, and
 * open tasks of deactivated users (which count as unassigned). Boundary tasks sit exactly on
 * T and straddle it in other time zones.
 */
import type { CompanyTable } from "./companies.js";
import { contactId, type ContactTable } from "./contacts.js";
import { addBoundary, atLeastOne, makeId, openEntityCsv, reserveSlots, type SampleContext } from "./context.js";
import type { DealTable } from "./deals.js";
import { BASE_RATES, DEFECT_RATES } from "./rates.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, between, daysAfter, daysBefore, isoUtc, isoWithOffset } from "./time.js";
import type { UserTable } from "./users.js";

const SUBJECTS = [
  "Follow up on proposal",
  "Send pricing, incl. volume discount",
  "Book demo",
  "Call back about renewal",
  "Check contract redlines",
  "Prepare quarterly business review",
  "Update billing contact",
  'Ask for "go live" date',
  "Send onboarding guide",
  "Confirm meeting agenda",
];

const enum Plan {
  Clean = 0,
  Overdue,
  MissingDue,
  Unassigned,
  DeactivatedAssignee,
  Boundary,
}

const BOUNDARIES = {
  "task.due-exactly-at-as-of": "open task due exactly at T: not overdue (before T)",
  "task.due-1-second-before-as-of": "open task due 1 second before T: overdue",
  "task.due-offset-before-as-of":
    "due_at written at +02:00 reads later than T, but the instant is 30 minutes before T: overdue",
  "task.due-offset-after-as-of":
    "due_at written at -02:00 reads earlier than T, but the instant is 30 minutes after T: not overdue",
  "task.done-past-due": "done task due 10 days before T: not overdue (only open tasks)",
} as const;
type BoundaryName = keyof typeof BOUNDARIES;

export async function generateTasks(
  ctx: SampleContext,
  users: UserTable,
  companies: CompanyTable,
  contacts: ContactTable,
  deals: DealTable,
): Promise<number> {
  const { rng, asOf, truth } = ctx;
  const n = ctx.counts.tasks;
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) done[i] = rng.chance(BASE_RATES.tasksDone) ? 1 : 0;
  const plan = new Uint8Array(n);
  const isOpen = (i: number) => done[i] === 0;
  const openCount = n - done.reduce((a, b) => a + b, 0);
  const boundarySlot = new Map<number, BoundaryName>();
  for (const name of Object.keys(BOUNDARIES) as BoundaryName[]) {
    const [slot] = reserveSlots(
      rng,
      plan,
      1,
      Plan.Boundary,
      name === "task.done-past-due" ? (i) => !isOpen(i) : isOpen,
    );
    if (slot !== undefined) boundarySlot.set(slot, name);
  }
  reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["task.overdue"], openCount), Plan.Overdue, isOpen);
  reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["task.missing-due-date"], openCount), Plan.MissingDue, isOpen);
  reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["task.unassigned"], openCount), Plan.Unassigned, isOpen);
  if (users.deactivatedIdx.length > 0)
    reserveSlots(
      rng,
      plan,
      atLeastOne(BASE_RATES.tasksOfDeactivatedUsers, openCount),
      Plan.DeactivatedAssignee,
      isOpen,
    );

  const out = await openEntityCsv(ctx, "tasks");
  for (let i = 0; i < n; i++) {
    const id = makeId("T", i, 7);
    const p = plan[i] as Plan;
    const isDone = done[i] === 1;

    // What the task is about: a deal (with its contact and company), a contact, or a company.
    let deal = -1;
    let contact = -1;
    let company = -1;
    const about = rng.next();
    if (about < 0.5) {
      deal = rng.int(deals.count);
      contact = deals.contact[deal] as number;
      company = deals.company[deal] as number;
    } else if (about < 0.9) {
      contact = rng.int(contacts.count);
      company = contacts.company[contact] as number;
    } else company = rng.int(companies.count);

    let assignee: string | null = users.ids[rng.pick(users.activeIdx)]!;
    if (p === Plan.Unassigned) assignee = null;
    if (p === Plan.DeactivatedAssignee) assignee = users.ids[rng.pick(users.deactivatedIdx)]!;
    if (isDone && rng.chance(0.1) && users.deactivatedIdx.length) assignee = users.ids[rng.pick(users.deactivatedIdx)]!;

    let createdAt = daysBefore(rng, asOf, 1, 200);
    let dueAt: number | null = isDone
      ? between(rng, asOf, createdAt, asOf + 10 * DAY_MS)
      : daysAfter(rng, asOf, 0.05, 45);
    let dueText: string | null = null;
    let completedAt: number | null = isDone ? between(rng, asOf, createdAt, asOf - MINUTE_MS) : null;
    if (p === Plan.Overdue) dueAt = daysBefore(rng, asOf, 0.05, 90);
    if (p === Plan.MissingDue) dueAt = null;
    if (isDone && rng.chance(0.1)) dueAt = null;

    const boundary = boundarySlot.get(i);
    if (boundary) {
      if (boundary === "task.due-exactly-at-as-of") dueAt = asOf;
      if (boundary === "task.due-1-second-before-as-of") dueAt = asOf - 1000;
      if (boundary === "task.due-offset-before-as-of") {
        dueAt = asOf - 30 * MINUTE_MS;
        dueText = isoWithOffset(dueAt, 120);
      }
      if (boundary === "task.due-offset-after-as-of") {
        dueAt = asOf + 30 * MINUTE_MS;
        dueText = isoWithOffset(dueAt, -120);
      }
      if (boundary === "task.done-past-due") {
        dueAt = asOf - 10 * DAY_MS;
        completedAt = asOf - 12 * DAY_MS;
      }
      addBoundary(ctx, boundary, "tasks", id, BOUNDARIES[boundary]);
    }
    if (dueAt !== null) createdAt = Math.min(createdAt, dueAt - HOUR_MS);
    if (completedAt !== null) createdAt = Math.min(createdAt, completedAt - HOUR_MS);

    if (
      out.add([
        id,
        rng.pick(SUBJECTS),
        assignee,
        dueText ?? (dueAt === null ? null : rng.chance(0.05) ? isoWithOffset(dueAt, 60) : isoUtc(dueAt)),
        isDone ? "done" : "open",
        completedAt === null ? null : isoUtc(completedAt),
        deal >= 0 ? deals.ids[deal] : null,
        contact >= 0 ? contactId(contact) : null,
        company >= 0 ? companies.ids[company] : null,
        isoUtc(createdAt),
      ])
    )
      await out.flush();

    if (!isDone) {
      if (dueAt !== null && dueAt < asOf) truth.add("task.overdue", id);
      if (dueAt === null) truth.add("task.missing-due-date", id);
      const assigneeIndex = assignee === null ? -1 : Number(assignee.slice(1)) - 1;
      if (assigneeIndex < 0 || users.active[assigneeIndex] !== 1) truth.add("task.unassigned", id);
    }
  }
  await out.close();
  return n;
}
