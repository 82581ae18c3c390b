/**
 * A workspace's stored overrides of check settings, as the audit reads them before a run.
 * Implemented in src/db/stores.ts; the validation against the checks' schemas is
 * src/core/checks/overrides.ts.
 */
import type { StoredOverrides } from "../checks/overrides.js";
import type { Check } from "../checks/types.js";

export interface CheckOverridesReader {
  /** The workspace's overrides of `checks`; rows that no longer fit are reported as problems. */
  read(workspaceId: string, checks: readonly Check[]): Promise<StoredOverrides>;
}
