/**
 * Reuse of check outcomes that do not depend on the as-of instant (CheckMeta.outcomeCached:
 * duplicate detection, the bulk of an audit's work) while the workspace's data is unchanged.
 * The key is (workspace, check, data version, settings hash); the hash covers everything else
 * such an outcome depends on, so a changed threshold or a new "not a duplicate" decision
 * computes it again. See docs/performance.md.
 */
import { createHash } from "node:crypto";
import type { EffectiveCheck } from "../checks/select.js";
import type { CheckOutcomeCache, OutcomeKey } from "../stores/check-outcomes.js";
import type { AuditDataReader, RecordCounts } from "./stores.js";
import { APP_VERSION } from "../../version.js";

/** Bump when a cached outcome's shape or meaning changes without a release. */
const CACHE_FORMAT = 1;

/** Whether the check's outcome may come from the cache. */
export function isOutcomeCached(effective: EffectiveCheck): boolean {
  return effective.check.meta.outcomeCached === true;
}

/**
 * Hash of what the outcome depends on besides the records: the code (release and cache format),
 * the check's parsed settings, the record counts (a cheap guard) and, for duplicate checks,
 * the pairs decided not to be duplicates.
 */
export function settingsHash(
  db: Pick<AuditDataReader, "notDuplicatePairs">,
  workspaceId: string,
  effective: EffectiveCheck,
  counts: RecordCounts,
): string {
  const { meta } = effective.check;
  const decisions =
    meta.shape === "groups" && (meta.entity === "contacts" || meta.entity === "companies")
      ? [...db.notDuplicatePairs(workspaceId, meta.entity)].sort()
      : [];
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({
      format: CACHE_FORMAT,
      release: APP_VERSION,
      check: meta.id,
      thresholds: effective.check.thresholds.parse(effective.thresholds ?? {}) as unknown,
      counts,
    }),
  );
  for (const pair of decisions) hash.update(`\n${pair}`);
  return hash.digest("hex");
}

/** The cache's keys for the cached checks of a run, or none when the data has no version (no import). */
export function outcomeKeys(
  db: Pick<AuditDataReader, "notDuplicatePairs">,
  scope: { workspaceId: string; dataVersion: number; counts: RecordCounts },
  checks: readonly EffectiveCheck[],
): Map<string, OutcomeKey> {
  const keys = new Map<string, OutcomeKey>();
  if (scope.dataVersion <= 0) return keys;
  for (const c of checks) {
    if (!isOutcomeCached(c)) continue;
    keys.set(c.check.meta.id, {
      workspaceId: scope.workspaceId,
      checkId: c.check.meta.id,
      dataVersion: scope.dataVersion,
      settingsHash: settingsHash(db, scope.workspaceId, c, scope.counts),
    });
  }
  return keys;
}

/** Stores what was computed; a failure (e.g. the data was cleared meanwhile) only costs the reuse. */
export function storeOutcomes(
  cache: CheckOutcomeCache,
  keys: ReadonlyMap<string, OutcomeKey>,
  outcomes: Readonly<Record<string, Parameters<CheckOutcomeCache["put"]>[1] | undefined>>,
  at: number,
): void {
  for (const [checkId, key] of keys) {
    const outcome = outcomes[checkId];
    if (!outcome) continue;
    try {
      cache.put(key, outcome, at);
    } catch {
      // The run's findings do not depend on the cache: the next run computes them again.
    }
  }
}
