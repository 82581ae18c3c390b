/**
 * CRM owners → chat users (docs/reminders.md): a chat user of the platform tenant already linked
 * to the CRM user (they used the bot and their email matched, or `link`), else by the CRM user's
 * email through the platform's directory (Slack users.lookupByEmail, Teams roster), cached in reminder_matches. A hit is
 * reused until a delivery to that person failed or the CRM email changed; a miss is kept with
 * its reason and looked up again once it is a day old. Owners nobody can reach are listed for
 * admins (`reminders unmatched`), never dropped silently.
 */
import type { Platform } from "../commands/types.js";
import type { ChatDirectory } from "../delivery.js";
import type { CrmPerson } from "../stores/people.js";
import type { OwnerMatch, ReminderStore } from "../stores/reminders.js";

const DAY = 86_400_000;
/** Lookups in flight at once: the platform's directory paces itself; this only bounds the burst. */
const LOOKUPS_AT_ONCE = 8;
/** Lookups written to the cache per transaction. */
const WRITE_BATCH = 200;

export interface Reach {
  chatUserId: string | null;
  /** Why nobody could be found (null on a hit). */
  reason: string | null;
  timeZone: string | null;
  checkedAt: number | null;
}

/** Whether a cached match still answers for this owner at `now`. */
export function matchIsFresh(match: OwnerMatch, owner: Pick<CrmPerson, "email">, now: number): boolean {
  if (match.email.toLowerCase() !== owner.email.trim().toLowerCase()) return false;
  if (match.chatUserId === null) return now - match.checkedAt < DAY;
  return match.failedAt === null || match.failedAt < match.checkedAt;
}

/**
 * The chat users known for CRM users on a platform tenant, without looking anyone up: a chat
 * identity linked to the CRM user (matched by email when they used the bot, or `link`), else a
 * reminders match that found them. The team digest mentions these owners.
 */
export async function knownChatUsers(
  store: ReminderStore,
  workspaceId: string,
  platform: Platform,
  tenantId: string,
): Promise<Map<string, string>> {
  const known = await store.linkedChatUsers(workspaceId, platform, tenantId);
  for (const m of await store.matches(workspaceId, platform, tenantId)) {
    if (m.chatUserId !== null && !known.has(m.crmUserId)) known.set(m.crmUserId, m.chatUserId);
  }
  return known;
}

export interface ResolveOptions {
  workspaceId: string;
  platform: Platform;
  tenantId: string;
  now: number;
  /** False: answer from the cache only (a dry run looks nothing up). */
  lookUp: boolean;
}

export async function resolveOwners(
  store: ReminderStore,
  directory: ChatDirectory,
  owners: readonly Pick<CrmPerson, "id" | "email">[],
  options: ResolveOptions,
): Promise<Map<string, Reach>> {
  const { workspaceId, platform, tenantId, now } = options;
  const cached = new Map((await store.matches(workspaceId, platform, tenantId)).map((m) => [m.crmUserId, m]));
  // Someone who used the bot here and is linked to the CRM user (by email or `link`) needs no lookup.
  const linked = await store.linkedChatUsers(workspaceId, platform, tenantId);
  const reach = new Map<string, Reach>();
  const toLookUp: Pick<CrmPerson, "id" | "email">[] = [];
  for (const owner of owners) {
    const match = cached.get(owner.id);
    const chatUser = linked.get(owner.id);
    if (chatUser !== undefined) {
      reach.set(owner.id, {
        chatUserId: chatUser,
        reason: null,
        timeZone: match?.chatUserId === chatUser ? match.timeZone : null,
        checkedAt: null,
      });
      continue;
    }
    if (match && (matchIsFresh(match, owner, now) || !options.lookUp)) {
      reach.set(owner.id, {
        chatUserId: match.chatUserId,
        reason: match.reason,
        timeZone: match.timeZone,
        checkedAt: match.checkedAt,
      });
    } else if (!owner.email.trim()) {
      reach.set(owner.id, { chatUserId: null, reason: "the CRM user has no email", timeZone: null, checkedAt: null });
    } else if (!options.lookUp) {
      reach.set(owner.id, { chatUserId: null, reason: "not looked up yet", timeZone: null, checkedAt: null });
    } else toLookUp.push(owner);
  }
  let unwritten: OwnerMatch[] = [];
  const flush = async () => {
    if (unwritten.length) await store.putMatches(workspaceId, platform, tenantId, unwritten);
    unwritten = [];
  };
  for (let i = 0; i < toLookUp.length; i += LOOKUPS_AT_ONCE) {
    await Promise.all(
      toLookUp.slice(i, i + LOOKUPS_AT_ONCE).map(async (owner) => {
        const email = owner.email.trim();
        let found;
        try {
          found = await directory.findByEmail(platform, tenantId, email);
        } catch (error) {
          found = { found: false as const, reason: `the lookup failed: ${String(error)}` };
        }
        const match: OwnerMatch = found.found
          ? {
              crmUserId: owner.id,
              email,
              chatUserId: found.userId,
              reason: null,
              timeZone: found.timeZone,
              checkedAt: now,
              failedAt: null,
            }
          : {
              crmUserId: owner.id,
              email,
              chatUserId: null,
              reason: found.reason,
              timeZone: null,
              checkedAt: now,
              failedAt: null,
            };
        unwritten.push(match);
        reach.set(owner.id, {
          chatUserId: match.chatUserId,
          reason: match.reason,
          timeZone: match.timeZone,
          checkedAt: now,
        });
      }),
    );
    // Written in batches: one transaction per lookup would cost more than the lookups' bookkeeping.
    if (unwritten.length >= WRITE_BATCH) await flush();
  }
  await flush();
  return reach;
}
