/**
 * The job queue's semantics (docs/jobs.md) on a real SQLite file and, when a server answers, on
 * PostgreSQL: a job is claimed once, an expired lease lets another instance retake it, attempts
 * run out into a failure its requesters are told about, one audit per workspace (a second
 * request joins the first), and the runner answers every requester with the same result.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Responder } from "../../../src/core/commands/types.js";
import type { ReplyAddress } from "../../../src/core/jobs/reply-address.js";
import { createJobRunner, type JobEvent, type JobHandler } from "../../../src/core/jobs/runner.js";
import type { JobRequester, JobStore } from "../../../src/core/jobs/store.js";
import type { Message } from "../../../src/core/messages/model.js";
import { jobStore } from "../../../src/db/stores/jobs.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const providers: { name: string; open(): Promise<{ a: JobStore; b: JobStore }> }[] = [
  {
    name: "SQLite",
    async open() {
      const one = freshDatabase("jobs");
      cleanups.push(() => one.close());
      // Two connections to one file: two instances.
      const { openDatabase } = await import("../../../src/db/database.js");
      const two = openDatabase(`file:${one.file}`);
      cleanups.push(() => two.close());
      return { a: jobStore(one), b: jobStore(two) };
    },
  },
];
if (!noPostgres)
  providers.push({
    name: "PostgreSQL",
    async open() {
      const { db, drop } = await freshPostgres("jobs");
      const { openPostgresDatabase } = await import("../../../src/db/postgres/database.js");
      const other = openPostgresDatabase(db.url);
      cleanups.push(async () => {
        await other.close();
        await drop();
      });
      return { a: jobStore(db), b: jobStore(other) };
    },
  });

const address = (user: string): ReplyAddress => ({ platform: "slack", detail: { user } });
const requester = (user: string, at = 1000): JobRequester => ({
  address: address(user),
  visibility: "private",
  requestedBy: user,
  at,
});
const audit = (workspaceId: string, user: string, at = 1000) => ({
  kind: "audit" as const,
  workspaceId,
  payload: { select: [], trigger: "slack" },
  requester: requester(user, at),
  maxAttempts: 2,
  at,
});

describe.each(providers)("job store on $name", ({ open }) => {
  it("claims a job once, and an expired lease lets the other instance retake it until attempts run out", async () => {
    const { a, b } = await open();
    const { job, queued } = await a.submit(audit("w1", "ann"));
    expect(queued).toBe(true);
    expect(job).toMatchObject({ state: "queued", attempts: 0, requestedBy: "ann" });

    const claimed = await a.claim("A#1", 2000, 5000);
    expect(claimed).toMatchObject({ id: job.id, state: "running", attempts: 1, leaseOwner: "A#1", leaseUntil: 5000 });
    // Claimed already, lease alive: nothing for the other instance.
    expect(await b.claim("B#1", 3000, 6000)).toBeNull();
    // The holder renews; the lease moves on.
    expect(await a.renew(job.id, "A#1", 8000)).toBe(true);
    expect(await b.claim("B#1", 6000, 9000)).toBeNull();

    // The holder dies (no more renewals): after the lease, B takes it, as attempt 2.
    const retaken = await b.claim("B#2", 8001, 11000);
    expect(retaken).toMatchObject({ id: job.id, attempts: 2, leaseOwner: "B#2" });
    // The old holder can no longer record anything.
    expect(await a.renew(job.id, "A#1", 20000)).toBe(false);
    expect(await a.finish(job.id, "A#1", 9000, { runId: 1 })).toBeNull();

    // B dies too: attempts are spent, so nobody claims it; the sweep fails it, once.
    expect(await a.claim("A#2", 11001, 14000)).toBeNull();
    const [expiredA, expiredB] = await Promise.all([a.expire(11001, "gave up"), b.expire(11001, "gave up")]);
    const given = [...expiredA, ...expiredB];
    expect(given.map((j) => [j.id, j.state, j.error])).toEqual([[job.id, "failed", "gave up"]]);
    expect(given[0]!.requesters).toEqual([requester("ann")]);
    // The workspace is free again: a new request queues a new job.
    const next = await b.submit(audit("w1", "bob", 12000));
    expect(next.queued).toBe(true);
    expect(next.job.id).not.toBe(job.id);
  });

  it("keeps one audit per workspace: a second request joins it and gets its outcome; other workspaces run beside it", async () => {
    const { a, b } = await open();
    const first = await a.submit(audit("w2", "ann"));
    const second = await b.submit(audit("w2", "bob", 1500));
    expect(second.queued).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.requestedBy).toBe("ann");
    expect(await a.active("w2", "audit")).toMatchObject({ id: first.job.id, state: "queued" });

    const other = await a.submit(audit("w3", "cy"));
    expect(other.queued).toBe(true);
    const claimedA = await a.claim("A#1", 2000, 9000);
    const claimedB = await b.claim("B#1", 2000, 9000);
    expect([claimedA?.workspaceId, claimedB?.workspaceId].sort()).toEqual(["w2", "w3"]);
    const w2Owner = claimedA?.workspaceId === "w2" ? "A#1" : "B#1";

    // Joining while it runs still counts: the outcome goes to all three.
    await b.submit(audit("w2", "dee", 2500));
    const done = await a.finish(first.job.id, w2Owner, 3000, { runId: 7 });
    expect(done?.state).toBe("done");
    expect(done?.result).toEqual({ runId: 7 });
    expect(done?.requesters.map((r) => r.requestedBy)).toEqual(["ann", "bob", "dee"]);
    expect(await a.active("w2", "audit")).toBeNull();
    expect(await a.counts()).toEqual({ queued: 0, running: 1, done: 1, failed: 0 });
    // Finished jobs are pruned by age; running ones never.
    expect(await b.prune(3000)).toBe(0);
    expect(await b.prune(3001)).toBe(1);
    expect(await a.counts()).toEqual({ queued: 0, running: 1, done: 0, failed: 0 });
  });

  it("gives a released job back without counting the attempt", async () => {
    const { a, b } = await open();
    const { job } = await a.submit(audit("w4", "ann"));
    await a.claim("A#1", 2000, 9000);
    expect(await a.release("A#1")).toBe(1);
    expect(await b.claim("B#1", 2001, 9000)).toMatchObject({ id: job.id, attempts: 1, leaseOwner: "B#1" });
  });
});

/** Messages sent to each requester, by the `user` of their address. */
function recordingResponders() {
  const sent = new Map<string, Message[]>();
  const factory = async (addr: ReplyAddress): Promise<Responder> => {
    const user = String(addr.detail.user);
    const list = sent.get(user) ?? [];
    sent.set(user, list);
    return {
      reply: async (m) => void list.push(m),
      update: async (m) => void list.push(m),
    };
  };
  return { sent, factory };
}

const handler = (work: () => Promise<unknown>): JobHandler => ({
  kind: "audit",
  run: work,
  outcome: async (job, visibility) => ({
    text: `result ${JSON.stringify(job.result)} for ann.lee@example.com`,
    visibility,
    blocks: [],
  }),
  failed: (_job, error, visibility) => ({ text: `failed: ${error}`, visibility, blocks: [] }),
});

describe("job runner (SQLite)", () => {
  it("answers every requester with the one result, masked in a channel, and counts what happened", async () => {
    const db = freshDatabase("jobs-runner");
    cleanups.push(() => db.close());
    const { sent, factory } = recordingResponders();
    const events: JobEvent[] = [];
    let runs = 0;
    const runner = createJobRunner({
      store: jobStore(db),
      handlers: [handler(async () => ({ run: ++runs }))],
      responders: factory,
      instanceId: "here",
      logger: silentLogger,
      leaseMs: 60_000,
      pollMs: 1000,
      maxAttempts: 3,
      onEvent: (event) => events.push(event),
    });
    const first = await runner.submit({ kind: "audit", workspaceId: "w", payload: {}, requester: requester("ann") });
    const second = await runner.submit({
      kind: "audit",
      workspaceId: "w",
      payload: {},
      requester: { ...requester("bob"), visibility: "channel" },
    });
    expect([first.queued, second.queued]).toEqual([true, false]);
    expect(await runner.runOnce()).toBe(true);
    expect(await runner.runOnce()).toBe(false);
    expect(runs).toBe(1);
    // Each with their visibility; the channel's copy masked like every channel answer.
    expect(sent.get("ann")?.map((m) => m.text)).toEqual(['result {"run":1} for ann.lee@example.com']);
    expect(sent.get("bob")?.map((m) => m.visibility)).toEqual(["channel"]);
    expect(sent.get("bob")?.[0]?.text).toMatch(/^result \{"run":1\} for /);
    expect(sent.get("bob")?.[0]?.text).not.toContain("ann.lee@example.com");
    expect(events).toEqual(["queued", "started", "finished"]);
  });

  it("gives the job under way back on stop, queued again with its attempt not counted, and records nothing of it", async () => {
    const db = freshDatabase("jobs-runner-stop");
    cleanups.push(() => db.close());
    const store = jobStore(db);
    const { sent, factory } = recordingResponders();
    let finishWork!: (value: unknown) => void;
    let started!: () => void;
    const working = new Promise<void>((resolve) => (started = resolve));
    const runner = createJobRunner({
      store,
      handlers: [
        handler(() => {
          started();
          return new Promise((resolve) => (finishWork = resolve));
        }),
      ],
      responders: factory,
      instanceId: "stopping",
      logger: silentLogger,
      leaseMs: 60_000,
      pollMs: 1000,
      maxAttempts: 3,
    });
    runner.start();
    const { job } = await runner.submit({ kind: "audit", workspaceId: "w", payload: {}, requester: requester("ann") });
    await working;
    expect(await store.get(job.id)).toMatchObject({ state: "running", attempts: 1 });
    await runner.stop();
    expect(await store.get(job.id)).toMatchObject({ state: "queued", attempts: 0, leaseOwner: null });
    // The work ending afterwards (the audit threads closing) changes nothing and tells no one.
    finishWork("late");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await store.get(job.id)).toMatchObject({ state: "queued", result: null });
    expect(sent.get("ann") ?? []).toEqual([]);
  });

  it("fails a job whose work throws at once, and one whose holders kept dying after its attempts, telling the requesters", async () => {
    const db = freshDatabase("jobs-runner-fail");
    cleanups.push(() => db.close());
    const store = jobStore(db);
    const { sent, factory } = recordingResponders();
    let clock = 1000;
    const options = {
      store,
      responders: factory,
      logger: silentLogger,
      leaseMs: 100,
      pollMs: 1000,
      maxAttempts: 2,
      now: () => clock,
    };
    const failing = createJobRunner({
      ...options,
      instanceId: "one",
      handlers: [
        handler(async () => {
          throw new Error("boom");
        }),
      ],
    });
    await failing.submit({ kind: "audit", workspaceId: "w", payload: {}, requester: requester("ann") });
    expect(await failing.runOnce()).toBe(true);
    expect(sent.get("ann")?.map((m) => m.text)).toEqual(["failed: boom"]);

    // Two instances that each claim the job and die (the claim is theirs, the work never ends).
    await store.submit(audit("w", "bob", clock));
    expect(await store.claim("dead#1", clock, clock + 100)).not.toBeNull();
    clock += 101;
    expect(await store.claim("dead#2", clock, clock + 100)).not.toBeNull();
    clock += 101;
    const survivor = createJobRunner({ ...options, instanceId: "two", handlers: [handler(async () => "never")] });
    expect(await survivor.runOnce()).toBe(false);
    expect(sent.get("bob")?.map((m) => m.text)).toEqual([
      "failed: the bot instance running it stopped before it finished, 2 times; run it again, and if it keeps failing the bot's log says why",
    ]);
    expect(await store.active("w", "audit")).toBeNull();
  });
});
