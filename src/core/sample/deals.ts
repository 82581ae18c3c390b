/**
 * Deals in two pipelines (new business and renewals). Open deals are clean by default: an
 * owner, an amount, a close date in the future, a stage entered within 60 days and a linked
 * activity in the last 30 days (added by the activity stage). Each deal.* defect is injected
 * into its own records; boundary deals sit exactly on the date and 60-day lines.
 */
import type { CompanyTable } from "./companies.js";
import { contactId, type ContactTable } from "./contacts.js";
import { addBoundary, atLeastOne, makeId, openEntityCsv, reserveSlots, type SampleContext } from "./context.js";
import { COUNTRIES } from "./countries.js";
import { BASE_RATES, DEFECT_RATES } from "./rates.js";
import { DAY_MS, HOUR_MS, between, daysBefore, isoDate, isoUtc, startOfUtcDay } from "./time.js";
import type { UserTable } from "./users.js";

export const PIPELINES = {
  "New business": ["Qualification", "Discovery", "Proposal", "Negotiation"],
  Renewals: ["Renewal due", "Renewal proposal", "Renewal negotiation"],
} as const;

const PRODUCTS = [
  "Annual subscription",
  "Pilot, 3 months",
  "Seat expansion",
  "Implementation services",
  "Support upgrade",
  "Data migration",
  "Training package",
];
const LOST_REASONS = ["Price", "Chose a competitor", "No budget", "No decision", "Timing", "Missing feature"];

export interface DealTable {
  count: number;
  ids: string[];
  open: Uint8Array;
  contact: Int32Array;
  company: Int32Array;
  createdAt: Float64Array;
  /** Latest instant a generated activity linked to the deal may have. */
  maxActivity: Float64Array;
  /** Open deals that need an activity in the last 30 days to stay clean. */
  needsRecentActivity: Uint8Array;
  /** Latest linked activity at or before T (NaN: none), filled by the activity stage. */
  lastActivity: Float64Array;
}

const enum Plan {
  Clean = 0,
  PastClose,
  MissingClose,
  MissingAmount,
  MissingOwner,
  Stuck,
  NoRecentActivity,
  LostWithoutReason,
  ClosedBeforeCreated,
  Boundary,
}

const enum Status {
  Open = 0,
  Won,
  Lost,
}

const BOUNDARIES = {
  "deal.close-date-is-as-of-date": "open deal whose expected_close_date is T's own date: not past",
  "deal.close-date-day-before-as-of": "open deal whose expected_close_date is the day before T's date: past",
  "deal.stage-entered-exactly-60-days": "stage_entered_at exactly 60 days before T: not stuck",
  "deal.stage-entered-60-days-and-1-second": "stage_entered_at 60 days and 1 second before T: stuck",
} as const;
type BoundaryName = keyof typeof BOUNDARIES;

export async function generateDeals(
  ctx: SampleContext,
  users: UserTable,
  companies: CompanyTable,
  contacts: ContactTable,
): Promise<DealTable> {
  const { rng, asOf, truth } = ctx;
  const n = ctx.counts.deals;
  const today = startOfUtcDay(asOf);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    status[i] =
      r < BASE_RATES.dealsOpen
        ? Status.Open
        : r < BASE_RATES.dealsOpen + BASE_RATES.dealsWon
          ? Status.Won
          : Status.Lost;
  }
  const plan = new Uint8Array(n);
  const isOpen = (i: number) => status[i] === Status.Open;
  const countOf = (s: Status) => status.reduce((sum, v) => sum + (v === s ? 1 : 0), 0);
  const openCount = countOf(Status.Open);
  const boundarySlot = new Map<number, BoundaryName>();
  for (const name of Object.keys(BOUNDARIES) as BoundaryName[]) {
    const [slot] = reserveSlots(rng, plan, 1, Plan.Boundary, isOpen);
    if (slot !== undefined) boundarySlot.set(slot, name);
  }
  const openDefects: [keyof typeof DEFECT_RATES, Plan][] = [
    ["deal.past-close-date", Plan.PastClose],
    ["deal.missing-close-date", Plan.MissingClose],
    ["deal.missing-amount", Plan.MissingAmount],
    ["deal.missing-owner", Plan.MissingOwner],
    ["deal.stuck-in-stage", Plan.Stuck],
    ["deal.no-recent-activity", Plan.NoRecentActivity],
  ];
  for (const [check, code] of openDefects)
    reserveSlots(rng, plan, atLeastOne(DEFECT_RATES[check], openCount), code, isOpen);
  reserveSlots(
    rng,
    plan,
    atLeastOne(DEFECT_RATES["deal.lost-without-reason"], countOf(Status.Lost)),
    Plan.LostWithoutReason,
    (i) => status[i] === Status.Lost,
  );
  reserveSlots(
    rng,
    plan,
    atLeastOne(DEFECT_RATES["deal.closed-before-created"], n - openCount),
    Plan.ClosedBeforeCreated,
    (i) => status[i] !== Status.Open,
  );

  const table: DealTable = {
    count: n,
    ids: Array.from({ length: n }, (_, i) => makeId("D", i, 7)),
    open: new Uint8Array(n),
    contact: new Int32Array(n),
    company: new Int32Array(n),
    createdAt: new Float64Array(n),
    maxActivity: new Float64Array(n),
    needsRecentActivity: new Uint8Array(n),
    lastActivity: new Float64Array(n).fill(NaN),
  };
  const out = await openEntityCsv(ctx, "deals");

  for (let i = 0; i < n; i++) {
    const id = table.ids[i] as string;
    const p = plan[i] as Plan;
    const s = status[i] as Status;
    const contact = rng.int(contacts.count);
    let company = contacts.company[contact] as number;
    if (company < 0 && rng.chance(0.5)) company = rng.int(companies.count);
    const pipeline = rng.chance(0.75) ? "New business" : "Renewals";
    const currency = company >= 0 ? COUNTRIES[companies.country[company] as number]!.currency : "USD";
    const label = company >= 0 ? companies.shortName[company] : `Contact ${contact + 1}`;
    const name = `${label} – ${pipeline === "Renewals" ? "Renewal" : rng.pick(PRODUCTS)}`;
    const owner = p === Plan.MissingOwner ? null : users.ids[rng.pick(users.activeIdx)]!;
    let amount: number | null = Math.round(500 * 2 ** (rng.next() * 8) * 100) / 100;

    let createdAt: number;
    let stageEnteredAt: number;
    let expectedClose: number | null;
    let closedAt: number | null = null;
    let lostReason: string | null = null;
    let maxActivity = asOf;
    let stage: string;

    if (s === Status.Open) {
      const stages = PIPELINES[pipeline];
      stage = rng.pick(stages);
      createdAt = p === Plan.NoRecentActivity ? daysBefore(rng, asOf, 40, 400) : daysBefore(rng, asOf, 2, 400);
      stageEnteredAt = between(rng, asOf, Math.max(createdAt, asOf - 59 * DAY_MS), asOf - HOUR_MS);
      expectedClose = today + rng.between(1, 120) * DAY_MS;
      if (p === Plan.Stuck) {
        stageEnteredAt = daysBefore(rng, asOf, 61, 250);
        createdAt = Math.min(createdAt, stageEnteredAt - rng.between(0, 200) * DAY_MS);
      }
      if (p === Plan.PastClose) {
        expectedClose = today - rng.between(1, 90) * DAY_MS;
        createdAt = Math.min(createdAt, expectedClose - 20 * DAY_MS);
      }
      if (p === Plan.MissingClose) expectedClose = null;
      if (p === Plan.MissingAmount) amount = null;
      if (p === Plan.NoRecentActivity) maxActivity = asOf - 31 * DAY_MS;
      const boundary = boundarySlot.get(i);
      if (boundary) {
        if (boundary === "deal.close-date-is-as-of-date") expectedClose = today;
        if (boundary === "deal.close-date-day-before-as-of") expectedClose = today - DAY_MS;
        if (boundary === "deal.stage-entered-exactly-60-days") stageEnteredAt = asOf - 60 * DAY_MS;
        if (boundary === "deal.stage-entered-60-days-and-1-second") stageEnteredAt = asOf - 60 * DAY_MS - 1000;
        createdAt = Math.min(createdAt, stageEnteredAt - DAY_MS);
        addBoundary(ctx, boundary, "deals", id, BOUNDARIES[boundary]);
      }
      table.needsRecentActivity[i] = p === Plan.NoRecentActivity ? 0 : 1;
      table.open[i] = 1;
    } else {
      createdAt = daysBefore(rng, asOf, 30, 700);
      closedAt = between(rng, asOf, createdAt + 3 * DAY_MS, Math.min(createdAt + 200 * DAY_MS, asOf - HOUR_MS));
      if (p === Plan.ClosedBeforeCreated)
        closedAt = createdAt - rng.between(1, 30) * DAY_MS - rng.between(1, 3599) * 1000;
      stageEnteredAt = closedAt;
      expectedClose = startOfUtcDay(closedAt) + rng.between(-10, 20) * DAY_MS;
      stage = s === Status.Won ? "Closed won" : "Closed lost";
      if (s === Status.Lost && p !== Plan.LostWithoutReason) lostReason = rng.pick(LOST_REASONS);
      maxActivity = Math.max(closedAt, createdAt);
    }
    const updatedAt = between(rng, asOf, Math.max(stageEnteredAt, createdAt), asOf - HOUR_MS);

    if (
      out.add([
        id,
        name,
        company >= 0 ? companies.ids[company] : null,
        contactId(contact),
        owner,
        stage,
        s === Status.Open ? "open" : s === Status.Won ? "won" : "lost",
        amount,
        amount === null ? null : currency,
        expectedClose === null ? null : isoDate(expectedClose),
        closedAt === null ? null : isoUtc(closedAt),
        lostReason,
        isoUtc(createdAt),
        isoUtc(updatedAt),
        isoUtc(stageEnteredAt),
        null, // last_activity_at: the sample's deal activity is its activities.csv rows
      ])
    )
      await out.flush();

    if (s === Status.Open) {
      if (expectedClose !== null && expectedClose < today) truth.add("deal.past-close-date", id);
      if (expectedClose === null) truth.add("deal.missing-close-date", id);
      if (amount === null) truth.add("deal.missing-amount", id);
      if (owner === null) truth.add("deal.missing-owner", id);
      if (asOf - stageEnteredAt > 60 * DAY_MS) truth.add("deal.stuck-in-stage", id);
    }
    if (s === Status.Lost && lostReason === null) truth.add("deal.lost-without-reason", id);
    if (closedAt !== null && closedAt < createdAt) truth.add("deal.closed-before-created", id);

    table.contact[i] = contact;
    table.company[i] = company;
    table.createdAt[i] = createdAt;
    table.maxActivity[i] = maxActivity;
  }
  await out.close();
  return table;
}

/** Called once all activities are known. */
export function dealTruthAfterActivities(ctx: SampleContext, table: DealTable): void {
  for (let i = 0; i < table.count; i++) {
    if (!table.open[i]) continue;
    const last = table.lastActivity[i] as number;
    if (Number.isNaN(last) || ctx.asOf - last > 30 * DAY_MS)
      ctx.truth.add("deal.no-recent-activity", table.ids[i] as string);
  }
}
