/**
 * The job queue's table (docs/jobs.md): long work (an audit started from chat) is a row first,
 * claimed by one instance at a time under a lease it renews while it works. Implemented in
 * portable SQL under src/db/stores/jobs.ts for SQLite and PostgreSQL.
 */
import type { Visibility } from "../messages/model.js";
import type { ReplyAddress } from "./reply-address.js";

export type JobState = "queued" | "running" | "done" | "failed";
export type JobKind = "audit";

/** Someone waiting for a job's outcome, and how they see it. */
export interface JobRequester {
  address: ReplyAddress;
  visibility: Visibility;
  /** A display name, for "an audit is already running" answers. */
  requestedBy: string;
  at: number;
}

export interface Job {
  id: number;
  kind: JobKind;
  workspaceId: string;
  payload: unknown;
  state: JobState;
  /** Claims so far, the current one included. */
  attempts: number;
  maxAttempts: number;
  requestedBy: string | null;
  /** Everyone to answer, in the order they asked. */
  requesters: JobRequester[];
  leaseOwner: string | null;
  leaseUntil: number | null;
  result: unknown;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface NewJob {
  kind: JobKind;
  workspaceId: string;
  payload: unknown;
  requester: JobRequester;
  maxAttempts: number;
  at: number;
}

export interface JobStore {
  /**
   * Queues the job unless one of its kind is already queued or running for the workspace; then
   * the requester joins that one instead (`queued: false`) and gets its outcome.
   */
  submit(job: NewJob): Promise<{ job: Job; queued: boolean }>;
  /**
   * Takes the oldest claimable job for `owner` until `leaseUntil`: a queued one, or a running
   * one whose holder's lease ran out, with attempts left. Two callers never get the same job.
   */
  claim(owner: string, now: number, leaseUntil: number): Promise<Job | null>;
  /** Extends the lease of a job `owner` still holds; false when it no longer does. */
  renew(id: number, owner: string, leaseUntil: number): Promise<boolean>;
  /** Done (or failed) if `owner` still holds it: the job with every requester; null otherwise. */
  finish(id: number, owner: string, at: number, result: unknown): Promise<Job | null>;
  fail(id: number, owner: string, at: number, error: string): Promise<Job | null>;
  /** Gives back the jobs `owner` holds (queued again, the attempt not counted): an instance stopping. */
  release(owner: string): Promise<number>;
  /**
   * Running jobs whose lease ran out with no attempts left are failed with `error`; returned so
   * their requesters are told. Two callers never both get one.
   */
  expire(now: number, error: string): Promise<Job[]>;
  /** The workspace's queued or running job of this kind, if any. */
  active(workspaceId: string, kind: JobKind): Promise<Job | null>;
  get(id: number): Promise<Job | null>;
  /** Deletes finished (done or failed) jobs that finished before `before`; returns how many. */
  prune(before: number): Promise<number>;
  counts(): Promise<Record<JobState, number>>;
}
