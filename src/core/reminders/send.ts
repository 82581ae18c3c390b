/**
 * One reminders run (docs/reminders.md), shared by the `reminders` schedule kind and
 * `crm-audit remind`: every owner's items (items.ts), matched to chat users (matching.ts),
 * less what was sent lately and did not get worse (the ledger: no nagging), one digest per
 * owner delivered with a key per (run, owner) and `notBefore` from the person's quiet hours and
 * days (settings.ts). Unassigned items go to the workspace's chat admins. The ledger is written
 * once the Deliverer has taken a batch over; a dry run writes and looks up nothing.
 */
import type { Platform } from "../commands/types.js";
import type { ChatServices } from "../commands/define.js";
import type { ChatDirectory, Deliverer, Delivery } from "../delivery.js";
import { reminderDigestMessage } from "../messages/reminders.js";
import type { CrmPerson } from "../stores/people.js";
import { DEFAULT_REMINDER_SETTINGS, type LedgerEntry } from "../stores/reminders.js";
import { badness, planReminders, type ReminderItem, type ReminderPlan, type UnassignedItem } from "./items.js";
import { resolveOwners, type Reach } from "./matching.js";
import { nextAllowed } from "./settings.js";

const DAY = 86_400_000;

/** The ledger's owner for unassigned items (sent to the admins). */
export const UNASSIGNED_OWNER = "";

/** Default of `--repeat-after`: an item is not repeated within three days unless it got worse. */
export const DEFAULT_REPEAT_AFTER_MS = 3 * DAY;

/** Deliveries handed over per call, the ledger written after each. */
const BATCH = 500;

export interface ReminderRunOptions {
  workspaceId: string;
  /** Where the people are reached: the schedule's platform tenant. */
  platform: Platform;
  tenantId: string;
  /** The instant items are judged at (a fire's instant, or --as-of). */
  asOf: number;
  /** The clock: ledger times, match ages, quiet hours. */
  now: number;
  /** Delivery keys are `<keyPrefix>:<CRM user id>` (and `<keyPrefix>:unassigned:<admin>`). */
  keyPrefix: string;
  pageSize: number;
  repeatAfterMs: number;
  /** Send every item, ignoring the ledger (snoozes and marks still hold). */
  always: boolean;
  /** Only these reasons (check ids); null: all. */
  reasons: readonly string[] | null;
  /** The zone for people whose settings and profile name none. */
  zone: string;
  dryRun: boolean;
  /**
   * Ask the directory about owners not matched yet (default: unless a dry run). The command line
   * has no chat client: it reaches only owners the bot already matched, and caches no misses.
   */
  lookUp?: boolean;
}

export interface OwnerDigest {
  owner: CrmPerson;
  chatUserId: string | null;
  /** What is sent: the items due again, most overdue first. */
  items: ReminderItem[];
  heldBack: number;
  notBefore: number | null;
  /** Why it is not delivered, when it is not. */
  skipped: "reminders off" | "unreachable" | null;
  reach: Reach;
}

export interface ReminderRunResult {
  plan: ReminderPlan;
  /** Owners with something to send (reachable or not; off ones are listed with `skipped`). */
  digests: OwnerDigest[];
  /** Unassigned items due again, and the admins they went to. */
  unassigned: { items: UnassignedItem[]; admins: string[] };
  /** Owners with items that were all sent lately and did not get worse. */
  upToDate: number;
  delivered: number;
}

const ledgerKey = (owner: string, type: string, id: string, reason: string) =>
  `${owner}\u0000${type}\u0000${id}\u0000${reason}`;

export async function runReminders(
  services: Pick<ChatServices, "stores" | "fileSettings"> & { deliver: Deliverer["deliver"]; directory: ChatDirectory },
  o: ReminderRunOptions,
): Promise<ReminderRunResult> {
  const { stores } = services;
  const store = stores.reminders;
  const plan = await planReminders(services, o.workspaceId, o.asOf, o.reasons);
  const reach = await resolveOwners(
    store,
    services.directory,
    plan.owners.map((x) => x.owner),
    {
      workspaceId: o.workspaceId,
      platform: o.platform,
      tenantId: o.tenantId,
      now: o.now,
      lookUp: o.lookUp ?? !o.dryRun,
    },
  );
  const ledger = new Map(
    (await store.ledger(o.workspaceId, [...plan.owners.map((x) => x.owner.id), UNASSIGNED_OWNER])).map((e) => [
      ledgerKey(e.ownerId, e.recordType, e.recordId, e.reason),
      e,
    ]),
  );
  // Due again: never sent, sent longer ago than the interval, or worse than when sent.
  const due = (owner: string, item: ReminderItem) =>
    o.always ||
    item.reasons.some((reason) => {
      const last = ledger.get(ledgerKey(owner, item.type, item.id, reason));
      return !last || o.now - last.sentAt >= o.repeatAfterMs || badness(item, o.asOf) > last.bucket;
    });
  const entriesOf = (owner: string, items: readonly ReminderItem[]): LedgerEntry[] =>
    items.flatMap((item) =>
      item.reasons.map((reason) => ({
        ownerId: owner,
        recordType: item.type,
        recordId: item.id,
        reason,
        sentAt: o.now,
        bucket: badness(item, o.asOf),
      })),
    );

  const digests: OwnerDigest[] = [];
  const pending: { delivery: Delivery; ledger: LedgerEntry[] }[] = [];
  let upToDate = 0;
  for (const { owner, items } of plan.owners) {
    const sending = items.filter((item) => due(owner.id, item));
    if (sending.length === 0) {
      upToDate++;
      continue;
    }
    const r = reach.get(owner.id)!;
    const digest: OwnerDigest = {
      owner,
      chatUserId: r.chatUserId,
      items: sending,
      heldBack: items.length - sending.length,
      notBefore: null,
      skipped: r.chatUserId === null ? "unreachable" : null,
      reach: r,
    };
    digests.push(digest);
    if (r.chatUserId === null) continue;
    const key = { platform: o.platform, tenantId: o.tenantId, userId: r.chatUserId };
    const settings = (await store.settings(key)) ?? DEFAULT_REMINDER_SETTINGS;
    if (!settings.enabled) {
      digest.skipped = "reminders off";
      continue;
    }
    // The person's own choice, else what their chat profile says, else the schedule's zone.
    const zone = settings.timeZone ?? r.timeZone ?? (await stores.identities.get(key))?.timeZone ?? o.zone;
    const allowed = nextAllowed(o.now, settings, zone);
    digest.notBefore = allowed > o.now ? allowed : null;
    pending.push({
      delivery: {
        workspaceId: o.workspaceId,
        target: { kind: "user", ...key },
        message: reminderDigestMessage({
          ownerId: owner.id,
          ownerName: owner.name,
          items: sending,
          asOf: o.asOf,
          offset: 0,
          pageSize: o.pageSize,
          heldBack: digest.heldBack,
        }),
        key: `${o.keyPrefix}:${owner.id}`,
        ...(digest.notBefore !== null ? { notBefore: digest.notBefore } : {}),
      },
      ledger: entriesOf(owner.id, sending),
    });
  }

  const unassigned = plan.unassigned.filter((item) => due(UNASSIGNED_OWNER, item));
  const admins = unassigned.length ? await store.admins(o.workspaceId, o.platform, o.tenantId) : [];
  const unreachable = digests.filter((d) => d.skipped === "unreachable").length;
  admins.forEach((admin, i) =>
    pending.push({
      delivery: {
        workspaceId: o.workspaceId,
        target: { kind: "user", platform: o.platform, tenantId: o.tenantId, userId: admin },
        message: reminderDigestMessage({
          ownerId: null,
          ownerName: null,
          items: unassigned,
          asOf: o.asOf,
          offset: 0,
          pageSize: o.pageSize,
          unreachable,
        }),
        key: `${o.keyPrefix}:unassigned:${admin}`,
      },
      // Written once, with the first admin's delivery: the items went to the admins.
      ledger: i === 0 ? entriesOf(UNASSIGNED_OWNER, unassigned) : [],
    }),
  );

  let delivered = 0;
  if (!o.dryRun) {
    for (let i = 0; i < pending.length; i += BATCH) {
      const batch = pending.slice(i, i + BATCH);
      await services.deliver(batch.map((p) => p.delivery));
      delivered += batch.length;
      await store.record(
        o.workspaceId,
        batch.flatMap((p) => p.ledger),
      );
    }
  }
  return { plan, digests, unassigned: { items: unassigned, admins }, upToDate, delivered };
}

/** The documented dry-run shape (docs/reminders.md, "Dry run"). */
export interface DryRunJson {
  asOf: string;
  digests: {
    owner: string;
    chatUser: string | null;
    items: { type: "task" | "deal"; id: string; reasons: string[] }[];
  }[];
  unassigned: { type: "task" | "deal"; id: string; reasons: string[] }[];
}

export function dryRunJson(result: ReminderRunResult): DryRunJson {
  const item = (i: ReminderItem) => ({ type: i.type, id: i.id, reasons: [...i.reasons] });
  return {
    asOf: new Date(result.plan.asOf).toISOString(),
    digests: result.digests
      .filter((d) => d.skipped !== "reminders off")
      .map((d) => ({ owner: d.owner.id, chatUser: d.chatUserId, items: d.items.map(item) })),
    unassigned: result.unassigned.items.map(item),
  };
}
