/**
 * What reports and charts read of stored audit runs beyond the audit service: the scores of
 * many runs without their findings (a run of a 1M-contact workspace holds millions of affected
 * ids; reading twelve of them for a trend took minutes), and the configuration a run was made
 * with. Implemented in src/db/stores/run-records.ts; every read is scoped by workspace.
 */
import type { Scores } from "../audit/types.js";

export interface RunScores {
  id: number;
  asOf: number;
  /** Null for a full run. */
  selection: string[] | null;
  scores: Scores;
}

export interface RunRecordStore {
  /** The workspace's runs, newest first, at most `limit`, with their scores only. */
  scores(workspaceId: string, limit: number): Promise<RunScores[]>;
  /** The effective check configuration stored with the run (as written), or null for no such run. */
  config(workspaceId: string, runId: number): Promise<unknown>;
}
