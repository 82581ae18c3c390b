/**
 * Every store the core is given, run through the same scenario on SQLite and on PostgreSQL:
 * the results must be the same, and right (docs/storage.md). A fresh database per provider.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../../src/core/audit/service.js";
import { importBundle } from "../../../src/core/import/import-bundle.js";
import type { ChatStores } from "../../../src/core/stores/chat.js";
import type { OutboxRow } from "../../../src/core/stores/outbox.js";
import type { SurveyDefinition } from "../../../src/core/surveys/definition.js";
import { builtInTemplates } from "../../../src/core/surveys/templates.js";
import type { Stores } from "../../../src/db/stores.js";
import type { SqlDriver } from "../../../src/db/sql.js";
import { duplicateDecisionStore } from "../../../src/db/stores/duplicate-decisions.js";
import { checkOutcomeCacheStore } from "../../../src/db/stores/check-outcomes.js";
import { createDatasetColumnsStore } from "../../../src/db/stores/dataset-columns.js";
import { slackInstallationRows } from "../../../src/db/stores/slack-installations.js";
import { listWorkspaces } from "../../../src/db/stores/workspace-data.js";
import { freshDatabase } from "../../helpers/db.js";
import { freshPostgres, noPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";

const BUNDLE = path.resolve(import.meta.dirname, "../../fixtures/import/canonical");
const ASOF = Date.parse("2026-06-01T00:00:00Z");

interface Provider {
  name: string;
  stores: Stores;
  sql: SqlDriver;
  close(): Promise<void>;
}

async function openProviders(): Promise<Provider[]> {
  const sqlite = freshDatabase("contract-stores");
  const providers: Provider[] = [
    { name: "sqlite", stores: sqlite.stores, sql: sqlite.sql, close: () => sqlite.close() },
  ];
  if (!noPostgres) {
    const pg = await freshPostgres("contract_stores");
    providers.push({ name: "postgres", stores: pg.db.stores, sql: pg.db.sql, close: () => pg.drop() });
  }
  return providers;
}

/** Runs `scenario` on every provider; returns the results by provider, checked equal. */
async function same<T>(providers: Provider[], scenario: (p: Provider) => Promise<T>): Promise<T> {
  const results: T[] = [];
  for (const p of providers) results.push(await scenario(p));
  for (let i = 1; i < results.length; i++)
    expect({ [providers[i]!.name]: results[i] }).toEqual({ postgres: results[0] });
  return results[0]!;
}

describe.skipIf(noPostgres)("stores on SQLite and PostgreSQL", () => {
  let providers: Provider[];
  const chat = (p: Provider): ChatStores => p.stores.chat;
  beforeAll(async () => {
    providers = await openProviders();
    for (const p of providers) expect((await importBundle(p.stores, "acme", BUNDLE)).issues).toEqual([]);
  });
  afterAll(async () => {
    for (const p of providers ?? []) await p.close();
  });

  it("workspaces, tenants and identities", async () => {
    const result = await same(providers, async (p) => {
      await chat(p).workspaces.ensure("acme", "Acme");
      await chat(p).workspaces.ensure("acme", "Acme again");
      const first = await chat(p).workspaces.bindTenant("slack", "T1", "acme");
      const second = await chat(p).workspaces.bindTenant("slack", "T1", "other");
      const key = { platform: "slack" as const, tenantId: "T1", userId: "U1" };
      await chat(p).identities.save({
        ...key,
        workspaceId: "acme",
        crmUserId: null,
        email: "a@x",
        displayName: "A",
        isAdmin: true,
      });
      const linked = await chat(p).identities.link(key, "acme", "u1");
      const wrongWorkspace = await chat(p).identities.link(key, "other", "u2");
      // A zone once known is kept by a save that does not say (undefined), replaced by one that does.
      const other = { platform: "teams" as const, tenantId: "T9", userId: "U9" };
      const fields = { workspaceId: "acme", crmUserId: null, email: null, displayName: "Z", isAdmin: false };
      await chat(p).identities.save({ ...other, ...fields, timeZone: "Europe/Berlin" });
      await chat(p).identities.save({ ...other, ...fields, displayName: "Z2" });
      const kept = await chat(p).identities.get(other);
      await chat(p).identities.save({ ...other, ...fields, timeZone: null });
      return {
        kept,
        cleared: await chat(p).identities.get(other),
        first,
        second,
        bound: await chat(p).workspaces.tenantWorkspace("slack", "T1"),
        linked,
        wrongWorkspace,
        identity: await chat(p).identities.get(key),
      };
    });
    expect(result).toMatchObject({
      first: "acme",
      second: "acme",
      linked: true,
      wrongWorkspace: false,
      identity: { crmUserId: "u1", isAdmin: true },
      kept: { displayName: "Z2", timeZone: "Europe/Berlin", isAdmin: false },
      cleared: { timeZone: null },
    });
  });

  it("Slack installation rows: put, reinstall, re-seal, read and delete", async () => {
    const result = await same(providers, async (p) => {
      const rows = slackInstallationRows(p);
      await rows.put({ id: "team:T1", workspaceId: "acme", data: "first" });
      await rows.put({ id: "team:T2", workspaceId: "beta", data: "second" });
      await rows.put({ id: "team:T1", workspaceId: "acme-2", data: "reinstalled" });
      await rows.setData("team:T2", "resealed");
      const before = await rows.all();
      await rows.delete("team:T2");
      return { before, t1: await rows.get("team:T1"), t2: await rows.get("team:T2") };
    });
    expect(result).toEqual({
      before: [
        { id: "team:T1", workspaceId: "acme-2", data: "reinstalled" },
        { id: "team:T2", workspaceId: "beta", data: "resealed" },
      ],
      t1: { id: "team:T1", workspaceId: "acme-2", data: "reinstalled" },
      t2: null,
    });
  });

  it("people: find, search (wildcards are literal), work and owners", async () => {
    const result = await same(providers, async (p) => ({
      byEmail: await chat(p).people.find("acme", "ALICE@northwind.example"),
      byId: await chat(p).people.find("acme", "u2"),
      none: await chat(p).people.find("other", "u1"),
      all: await chat(p).people.search("acme", null, 0, 10),
      some: await chat(p).people.search("acme", "bob", 0, 10),
      wildcard: await chat(p).people.search("acme", "%", 0, 10),
      work: await chat(p).people.workOf("acme", "u1", ASOF),
      owners: await chat(p).people.owners("acme"),
      task: await chat(p).people.task("acme", "t1"),
      deal: await chat(p).people.deal("acme", "d1", ASOF),
    }));
    expect(result.byEmail?.id).toBe("u1");
    expect(result.byId?.name).toBe("Bob Rep");
    expect(result.none).toBeNull();
    expect(result.some.people.map((x) => x.id)).toEqual(["u2"]);
    expect(result.wildcard.total).toBe(0);
    expect(result.work.tasks.map((t) => t.id)).toContain("t1");
    expect(result.deal?.amount).toBe(125000.5);
  });

  it("records by id, in the order asked, and their details", async () => {
    const result = await same(providers, async (p) => ({
      page: await chat(p).records.byIds("acme", "deals", ["d2", "missing", "d1"]),
      // Past a few ids the list goes as one parameter (src/db/records.ts): the same rows, in order.
      long: await chat(p).records.byIds("acme", "deals", [
        ...Array.from({ length: 40 }, (_, i) => `missing-${i}`),
        "d1",
        "d2",
      ]),
      details: [
        ...(await chat(p).records.details("acme", "users", ["u1"], ["email", "active", "lastLoginAt", "nope"])),
      ],
    }));
    expect(result.page.rows.map((r) => r.id)).toEqual(["d2", "d1"]);
    expect(result.long.rows.map((r) => r.id)).toEqual(["d1", "d2"]);
    expect(result.details[0]![1].values).toEqual([
      ["email", "alice@northwind.example"],
      ["active", "yes"],
      ["lastLoginAt", "2026-05-01"],
      ["nope", ""],
    ]);
  });

  it("marks, check overrides and duplicate decisions", async () => {
    const result = await same(providers, async (p) => {
      const mark = {
        recordType: "task" as const,
        recordId: "t1",
        kind: "snooze" as const,
        until: ASOF + 86_400_000,
        markedBy: "A",
        markedAt: ASOF,
        fingerprint: "f",
      };
      await chat(p).marks.put("acme", mark);
      await chat(p).marks.put("acme", { ...mark, recordId: "t2", kind: "done", until: null });
      const marks = await chat(p).marks.list("acme", "task", ["t1", "t2", "t3"]);
      await chat(p).marks.drop("acme", "task", ["t2"]);
      const after = await chat(p).marks.list("acme", "task", ["t1", "t2"]);
      await chat(p).checkOverrides.put("acme", {
        checkId: "contact.no-email",
        enabled: false,
        severity: null,
        thresholds: null,
        updatedBy: "A",
      });
      const overrides = await chat(p).checkOverrides.list("acme");
      const decisions = duplicateDecisionStore(p.sql);
      const marked = [
        decisions.markNotDuplicate("acme", "contacts", "k2", "k1", "A", ASOF),
        decisions.markNotDuplicate("acme", "contacts", "k1", "k2", "B", ASOF),
      ];
      return {
        marks: marks.sort((a, b) => a.recordId.localeCompare(b.recordId)),
        after,
        overrides,
        marked,
        list: decisions.list("acme"),
        pairs: [...decisions.notDuplicatePairs("acme", "contacts")],
        unmarked: decisions.unmark("acme", "contacts", "k1", "k2"),
      };
    });
    expect(result.marks.map((m) => [m.recordId, m.kind, m.until])).toEqual([
      ["t1", "snooze", ASOF + 86_400_000],
      ["t2", "done", null],
    ]);
    expect(result.after.map((m) => m.recordId)).toEqual(["t1"]);
    expect(result.marked).toEqual([true, false]);
    expect(result.list).toEqual([{ entity: "contacts", ids: ["k1", "k2"], decidedBy: "A", decidedAt: ASOF }]);
    expect(result.unmarked).toBe(true);
  });

  it("schedules: one claim per fire", async () => {
    const result = await same(providers, async (p) => {
      const s = chat(p).schedules;
      const added = await s.add({
        workspaceId: "acme",
        kind: "audit",
        cron: "0 9 * * 1",
        timeZone: "Europe/Berlin",
        target: { platform: "slack", tenantId: "T1", conversationId: "C1" },
        options: { a: 1 },
        createdBy: "A",
        createdAt: ASOF,
      });
      const claims = [await s.claimFire(added.id, ASOF, "one", ASOF), await s.claimFire(added.id, ASOF, "two", ASOF)];
      await s.finishFire(added.id, ASOF, "posted", ASOF + 5);
      const paused = await s.setPaused("acme", added.id, true);
      const otherWorkspace = await s.get("other", added.id);
      return {
        claims,
        fires: await s.fires(added.id, 5),
        list: (await s.list("acme")).map(({ id: _id, ...rest }) => rest),
        paused,
        otherWorkspace,
        removed: await s.remove("acme", added.id),
      };
    });
    expect(result.claims).toEqual([true, false]);
    expect(result.fires).toMatchObject([{ claimedBy: "one", outcome: "posted", finishedAt: ASOF + 5, fireAt: ASOF }]);
    expect(result.list).toMatchObject([{ paused: true, options: { a: 1 }, createdAt: ASOF }]);
    expect(result.otherWorkspace).toBeNull();
  });

  it("workspace summaries and supplied columns", async () => {
    const result = await same(providers, async (p) => ({
      workspaces: listWorkspaces(p.sql).map(({ createdAt: _c, lastImportAt: _i, ...rest }) => rest),
      columns: createDatasetColumnsStore(p.sql).list("acme"),
      ids: p.stores.auditWorkspaces.ids(),
      has: [p.stores.auditWorkspaces.hasRecords("acme"), p.stores.auditWorkspaces.hasRecords("nobody")],
    }));
    expect(result.workspaces).toMatchObject([{ id: "acme", imports: 1, records: { contacts: 4 } }]);
    expect(result.columns.length).toBeGreaterThan(10);
    expect(result.has).toEqual([true, false]);
  });

  it("an import whose commit fails writes nothing, and the workspace's import lock admits one holder", async () => {
    const result = await same(providers, async (p) => {
      const writer = p.stores.importWriter("fresh");
      writer.openStage();
      let error = "";
      try {
        writer.inStagingPass(() => {
          const upsert = writer.upserter({
            entity: "users",
            file: "users.csv",
            columns: ["id", "name", "email"],
            hasExtra: false,
          } as never);
          upsert({ id: "x1", name: "X", email: "x@x" }, null);
        });
        await writer.commit({
          log: () => {
            throw new Error("log failed");
          },
        });
      } catch (e) {
        error = (e as Error).message;
      } finally {
        writer.closeStage();
      }
      const locks = p.stores.importLocks;
      const alive = () => true;
      const a = { pid: 1, host: "a", startedAt: ASOF };
      const b = { pid: 2, host: "b", startedAt: ASOF };
      const taken = [await locks.take("acme", a, alive), await locks.take("acme", b, alive)];
      const holder = await locks.holder("acme", alive);
      await locks.release("acme", a);
      const afterRelease = await locks.holder("acme", alive);
      const next = await locks.take("acme", b, alive);
      await locks.release("acme", b);
      return { error, users: p.stores.auditWorkspaces.hasRecords("fresh"), taken, holder, afterRelease, next };
    });
    expect(result.error).toBe("log failed");
    expect(result.users).toBe(false);
    expect(result.taken).toEqual([null, { pid: 1, host: "a", startedAt: ASOF }]);
    expect(result.holder).toMatchObject({ pid: 1, host: "a" });
    expect(result.afterRelease).toBeNull();
    expect(result.next).toBeNull();
  });

  it("a full import deletes what the export lacks, and two imports of one workspace at once run one after the other", async () => {
    const partial = path.join(tempDir("contract-full"), "bundle");
    fs.cpSync(BUNDLE, partial, { recursive: true });
    const feedback = path.join(partial, "customer_feedback.csv");
    fs.writeFileSync(feedback, fs.readFileSync(feedback, "utf8").split("\n").slice(0, 2).join("\n") + "\n");
    const result = await same(providers, async (p) => {
      const full = await importBundle(p.stores, "acme", partial, { full: true, allowDrop: true });
      const waits: string[] = [];
      const both = await Promise.all([
        importBundle(p.stores, "twice", BUNDLE, { onWait: (m) => waits.push(m) }),
        importBundle(p.stores, "twice", BUNDLE, { onWait: (m) => waits.push(m) }),
      ]);
      return {
        ok: full.ok,
        deleted: full.counts.customer_feedback?.deleted,
        left: listWorkspaces(p.sql).find((w) => w.id === "acme")?.records.customer_feedback,
        both: both.map((r) => [r.ok, r.counts.contacts]),
        waited: waits.length > 0,
        imports: listWorkspaces(p.sql).find((w) => w.id === "twice")?.imports,
      };
    });
    expect(result).toMatchObject({ ok: true, deleted: 1, left: 1, imports: 2 });
    // Whichever came second found the first's rows and updated them.
    expect(result.both.map(([ok]) => ok)).toEqual([true, true]);
  });

  it("outbox: a key is queued once, a claim takes a row once, only the holder changes it, an expired lease comes back suspect", async () => {
    const target = (userId: string) => ({ kind: "user" as const, platform: "slack" as const, tenantId: "T1", userId });
    const row = (key: string, notBefore: number) => ({
      key,
      batch: "b1",
      workspaceId: "acme",
      target: target(key),
      message: { blocks: [{ type: "text" as const, text: `hello ${key}` }] } as never,
      notBefore,
      createdAt: ASOF,
    });
    const result = await same(providers, async (p) => {
      const o = chat(p).outbox;
      const added = await o.enqueue([row("k1", ASOF), row("k2", ASOF + 1), row("k3", ASOF + 60_000)]);
      const again = await o.enqueue([row("k1", ASOF)]);
      const first = await o.claim("one", ASOF + 10, ASOF + 1000, 1);
      const second = await o.claim("two", ASOF + 10, ASOF + 1000, 5);
      const none = await o.claim("three", ASOF + 10, ASOF + 1000, 5);
      const strange = await o.markSent(first[0]!.id, "two", ASOF + 20, "ref");
      const sent = await o.markSent(first[0]!.id, "one", ASOF + 20, "ref");
      const later = await o.reschedule(second[0]!.id, "two", ASOF + 30_000, "429: slow down");
      // "two" claims k2 again at its new time, then dies: its lease runs out.
      const retaken = await o.claim("two", ASOF + 30_000, ASOF + 30_500, 1);
      const suspect = await o.claim("four", ASOF + 40_000, ASOF + 50_000, 1);
      const failed = await o.markFailed(suspect[0]!.id, "four", ASOF + 40_001, "x".repeat(600));
      const k3 = await o.claim("five", ASOF + 60_000, ASOF + 70_000, 5);
      await o.renew("five", ASOF + 80_000);
      await o.release("five");
      const strip = (rows: OutboxRow[]) => rows.map(({ id: _id, ...r }) => r);
      return {
        added,
        again,
        first: strip(first),
        second: strip(second),
        none,
        strange,
        sent,
        later,
        retaken: strip(retaken),
        suspect: strip(suspect),
        failed,
        k3: strip(k3),
        counts: await o.counts(),
        batch: await o.batch("b1"),
        nextDue: await o.nextDue(),
        byKey: await o.byKey("k3").then((r) => r && { ...r, id: 0 }),
        missing: await o.byKey("nope"),
      };
    });
    expect(result).toMatchObject({
      added: 3,
      again: 0,
      none: [],
      strange: false,
      sent: true,
      later: true,
      failed: true,
    });
    expect(result.first.map((r) => r.key)).toEqual(["k1"]);
    expect(result.second.map((r) => [r.key, r.attempts, r.suspect])).toEqual([["k2", 1, false]]);
    expect(result.suspect.map((r) => [r.key, r.attempts, r.suspect, r.lastError])).toEqual([
      ["k2", 3, true, "429: slow down"],
    ]);
    expect(result.counts).toEqual({ queued: 1, sending: 0, sent: 1, failed: 1 });
    expect(result.batch.errors[0]).toHaveLength(500);
    expect(result.batch.targets).toEqual(["slack:T1:user:k1", "slack:T1:user:k2", "slack:T1:user:k3"]);
    expect(result.nextDue).toBe(ASOF + 60_000);
    // Released, not counted as an attempt.
    expect(result.byKey).toMatchObject({ status: "queued", attempts: 0, notBefore: ASOF + 60_000, createdAt: ASOF });
  });

  it("personal chats: one conversation per chat user, replaced on save", async () => {
    const result = await same(providers, async (p) => {
      const c = chat(p).personalChats;
      const before = await c.get("slack", "T1", "U9");
      await c.save("slack", "T1", "U9", "acme", "D1", ASOF);
      await c.save("slack", "T1", "U9", "acme", "D2", ASOF + 1);
      return { before, after: await c.get("slack", "T1", "U9"), other: await c.get("teams", "T1", "U9") };
    });
    expect(result).toEqual({ before: null, after: "D2", other: null });
  });

  it("schedules: a manual fire's trigger, a stale running fire retaken once, runningSince", async () => {
    const result = await same(providers, async (p) => {
      const s = chat(p).schedules;
      const added = await s.add({
        workspaceId: "acme",
        kind: "audit",
        cron: "0 9 * * *",
        timeZone: "UTC",
        target: { platform: "slack", tenantId: "T1", conversationId: "C2" },
        options: {},
        createdBy: "A",
        createdAt: ASOF,
      });
      const claimed = await s.claimFire(added.id, ASOF, "one", ASOF, "manual");
      const running = (await s.runningSince(ASOF + 1)).filter((f) => f.scheduleId === added.id);
      const tooFresh = await s.retakeFire(added.id, ASOF, "two", ASOF + 10, ASOF);
      const retaken = [
        await s.retakeFire(added.id, ASOF, "two", ASOF + 10, ASOF + 5),
        await s.retakeFire(added.id, ASOF, "three", ASOF + 10, ASOF + 5),
      ];
      await s.finishFire(added.id, ASOF, "posted", ASOF + 20);
      const finished = await s.retakeFire(added.id, ASOF, "four", ASOF + 30, ASOF + 1000);
      const after = (await s.runningSince(ASOF + 1000)).filter((f) => f.scheduleId === added.id);
      const fires = await s.fires(added.id, 5);
      await s.remove("acme", added.id);
      return {
        claimed,
        running: running.map(({ scheduleId: _s, ...f }) => f),
        tooFresh,
        retaken,
        finished,
        after,
        fires: fires.map(({ scheduleId: _s, ...f }) => f),
      };
    });
    expect(result).toMatchObject({
      claimed: true,
      tooFresh: false,
      retaken: [true, false],
      finished: false,
      after: [],
    });
    expect(result.running).toMatchObject([
      { claimedBy: "one", outcome: "running", trigger: "manual", startedAt: ASOF },
    ]);
    expect(result.fires).toMatchObject([
      { claimedBy: "two", outcome: "posted", trigger: "manual", startedAt: ASOF + 10 },
    ]);
  });

  it("reminders: matches, settings, the ledger, and the work read for them", async () => {
    const result = await same(providers, async (p) => {
      const r = chat(p).reminders;
      const match = (crmUserId: string, chatUserId: string | null) => ({
        crmUserId,
        email: `${crmUserId}@x`,
        chatUserId,
        reason: chatUserId ? null : "not found",
        timeZone: chatUserId ? "Europe/Berlin" : null,
        checkedAt: ASOF,
        failedAt: null,
      });
      await r.putMatches("acme", "slack", "T1", [match("u1", "U1"), match("u2", null)]);
      await r.putMatch("acme", "slack", "T1", { ...match("u2", "U2"), checkedAt: ASOF + 1 });
      await r.matchFailed("acme", "slack", "T1", "U1", ASOF + 2);
      const key = { platform: "slack" as const, tenantId: "T1", userId: "U1" };
      const noSettings = await r.settings(key);
      await r.putSettings(key, "acme", { enabled: true, quiet: null, days: [1, 2], timeZone: null });
      await r.putSettings(key, "acme", {
        enabled: false,
        quiet: { start: 1320, end: 420 },
        days: [0, 6],
        timeZone: "Asia/Tokyo",
      });
      const entry = (recordId: string, bucket: number) => ({
        ownerId: "u1",
        recordType: "task" as const,
        recordId,
        reason: "overdue",
        sentAt: ASOF + bucket,
        bucket,
      });
      await r.record("acme", [entry("t1", 0), entry("t2", 1)]);
      await r.record("acme", [entry("t1", 2)]);
      const work = await r.work("acme", ASOF);
      const taskIds = work.tasks.map((t) => t.id);
      const supplied = await r.supplied("acme");
      return {
        matches: (await r.matches("acme", "slack", "T1")).sort((a, b) => a.crmUserId.localeCompare(b.crmUserId)),
        otherTenant: await r.matches("acme", "slack", "T2"),
        noSettings,
        settings: await r.settings(key),
        ledger: (await r.ledger("acme", ["u1", "u9"])).sort((a, b) => a.recordId.localeCompare(b.recordId)),
        otherWorkspace: await r.ledger("other", ["u1"]),
        work,
        contexts: [...(await r.taskContexts("acme", taskIds))].sort(),
        supplied: { counts: supplied.counts, columns: supplied.columns.length },
        admins: await r.admins("acme", "slack", "T1"),
        linked: [...(await r.linkedChatUsers("acme", "slack", "T1"))],
      };
    });
    expect(result.matches).toMatchObject([
      { crmUserId: "u1", chatUserId: "U1", failedAt: ASOF + 2, timeZone: "Europe/Berlin" },
      { crmUserId: "u2", chatUserId: "U2", reason: null, checkedAt: ASOF + 1 },
    ]);
    expect(result.otherTenant).toEqual([]);
    expect(result.noSettings).toBeNull();
    expect(result.settings).toEqual({
      enabled: false,
      quiet: { start: 1320, end: 420 },
      days: [0, 6],
      timeZone: "Asia/Tokyo",
    });
    expect(result.ledger.map((e) => [e.recordId, e.bucket, e.sentAt])).toEqual([
      ["t1", 2, ASOF + 2],
      ["t2", 1, ASOF + 1],
    ]);
    expect(result.otherWorkspace).toEqual([]);
    expect(result.work.tasks.length).toBeGreaterThan(0);
    expect(result.work.deals.length).toBeGreaterThan(0);
    expect(result.contexts.length).toBe(result.work.tasks.length);
    expect(result.admins).toEqual(["U1"]);
    expect(result.linked).toEqual([["u1", "U1"]]);
  });

  it("surveys: templates, weights, named answers, anonymous ballots, usage", async () => {
    // A real definition: later audits on this database read it (the survey metrics).
    const definition: SurveyDefinition = {
      ...builtInTemplates().find((t) => t.definition.id === "pulse")!.definition,
      version: 1,
    };
    const result = await same(providers, async (p) => {
      const s = chat(p).surveys;
      const addedTemplate = [
        await s.addTemplate("acme", { definition, addedBy: "A", addedAt: ASOF }),
        await s.addTemplate("acme", { definition, addedBy: "B", addedAt: ASOF }),
        await s.addTemplate("acme", { definition: { ...definition, version: 2 }, addedBy: "C", addedAt: ASOF + 1 }),
      ];
      await s.setWeights("acme", "pulse", { q1: 2, q2: 0.5 });
      await s.setWeights("acme", "pulse", { q1: 3 });
      const base = {
        workspaceId: "acme",
        templateId: "pulse",
        templateVersion: 2,
        definition,
        audience: { kind: "all" as const },
        platform: "slack" as const,
        tenantId: "T1",
        conversationId: "C1",
        roundLengthMs: 86_400_000,
        remindEveryDays: null,
        repeat: { cron: "0 9 * * 1", timeZone: "UTC" },
        createdBy: "A",
        createdAt: ASOF,
      };
      const named = await s.create({ ...base, anonymous: false });
      const anonymous = await s.create({ ...base, anonymous: true, repeat: null });
      await s.setScheduleIds("acme", named.id, [7, 8]);
      const invitees = ["U1", "U2", "U3"].map((userId) => ({
        platform: "slack" as const,
        tenantId: "T1",
        userId,
        crmUserId: null,
      }));
      const r1 = await s.startRound(named, { startedAt: ASOF, closesAt: ASOF + 86_400_000 }, invitees);
      const r2 = await s.startRound(named, { startedAt: ASOF + 10, closesAt: null }, invitees.slice(0, 1));
      const a1 = await s.startRound(anonymous, { startedAt: ASOF, closesAt: null }, invitees.slice(0, 2));
      await s.saveDraft(r1.id, "slack:T1:U1", "u1", { q1: 3 }, ASOF + 1);
      const draft = await s.ownAnswers(r1.id, "slack:T1:U1");
      await s.submitNamed(r1.id, "slack:T1:U1", "u1", { q1: 4 }, ASOF + 2);
      await s.saveDraft(r1.id, "slack:T1:U1", "u1", { q1: 5 }, ASOF + 3);
      const anon = [
        await s.submitAnonymous(a1.id, "slack:T1:U1", { q1: 1 }),
        await s.submitAnonymous(a1.id, "slack:T1:U1", { q1: 2 }),
        await s.submitAnonymous(a1.id, "slack:T1:U2", { q1: 3 }),
      ];
      await s.markReminded(r1.id, invitees.slice(1, 2), ASOF + 5);
      await s.closeRound(r1.id, ASOF + 6);
      await s.closeRound(r1.id, ASOF + 7);
      const anonResponses = await s.responses(a1.id);
      return {
        addedTemplate,
        templates: await s.templates("acme"),
        weights: await s.weights("acme", "pulse"),
        named: await s.get("acme", named.id),
        list: (await s.list("acme")).map((x) => [x.anonymous, x.scheduleIds]),
        otherWorkspace: [await s.get("other", named.id), await s.round("other", r1.id)],
        rounds: (await s.rounds(named.id)).map(({ id: _i, surveyId: _s, ...r }) => r),
        round: await s
          .round("acme", r2.id)
          .then((x) => x && { number: x.round.number, survey: x.survey.id === named.id }),
        invitations: (await s.invitations(r1.id)).map(({ roundId: _r, ...i }) => i),
        invitation: await s.invitation(r1.id, "slack", "T1", "U9"),
        answered: [...(await s.answered(r1.id))],
        draft,
        own: await s.ownAnswers(r1.id, "slack:T1:U1"),
        namedResponses: (await s.responses(r1.id)).map(({ id: _i, ...r }) => r),
        anon,
        anonAnswered: [...(await s.answered(a1.id))].sort(),
        // Ballots have random ids and no respondent: compare what they say.
        anonResponses: anonResponses.map((r) => [r.respondent, r.crmUserId, r.submittedAt, r.answers.q1]).sort(),
        anonBallots: anonResponses.length,
        usage: await s.measuredUsage("acme", ["u1", "u2", "nobody"], ASOF - 365 * 86_400_000, ASOF),
        crmUsers: await s.crmUsers("acme"),
      };
    });
    expect(result.addedTemplate).toEqual([true, false, true]);
    expect(result.templates.map((t) => [t.definition.version, t.addedBy])).toEqual([[2, "C"]]);
    expect(result.weights).toEqual({ q1: 3, q2: 0.5 });
    expect(result.named).toMatchObject({
      anonymous: false,
      scheduleIds: [7, 8],
      createdAt: ASOF,
      repeat: { cron: "0 9 * * 1" },
    });
    expect(result.otherWorkspace).toEqual([null, null]);
    expect(result.rounds).toEqual([
      { number: 1, startedAt: ASOF, closesAt: ASOF + 86_400_000, closedAt: ASOF + 6 },
      { number: 2, startedAt: ASOF + 10, closesAt: null, closedAt: null },
    ]);
    expect(result.invitations.map((i) => [i.userId, i.invitedAt, i.remindedAt])).toEqual([
      ["U1", ASOF, null],
      ["U2", ASOF, ASOF + 5],
      ["U3", ASOF, null],
    ]);
    expect(result.draft).toEqual({ answers: { q1: 3 }, submitted: false });
    expect(result.own).toEqual({ answers: { q1: 5 }, submitted: true });
    expect(result.namedResponses).toEqual([
      { respondent: "slack:T1:U1", crmUserId: "u1", answers: { q1: 5 }, submittedAt: ASOF + 2 },
    ]);
    expect(result.anon).toEqual(["stored", "already answered", "stored"]);
    expect(result.anonResponses).toEqual([
      [null, null, null, 1],
      [null, null, null, 3],
    ]);
    expect(result.usage.people).toBe(2);
  });

  it("KPI snapshots, period facts, run records and the check outcome cache", async () => {
    const result = await same(providers, async (p) => {
      const snapshots = await chat(p).kpis.snapshots("acme");
      const last = snapshots.at(-1)!;
      const snapshot = await chat(p).kpis.snapshot("acme", last.id);
      const service = createAuditService(p.stores, {});
      let runs;
      try {
        await service.run({ workspaceId: "acme", asOf: ASOF, trigger: "test" });
        await service.run({ workspaceId: "acme", asOf: ASOF + 1, trigger: "test", select: ["deal.missing-amount"] });
        runs = await chat(p).runRecords.scores("acme", 5);
      } finally {
        await service.close();
      }
      const cache = checkOutcomeCacheStore(p.sql);
      const version = p.sql.get<{ v: number }>(`SELECT MAX("id") AS "v" FROM "import_log" WHERE "workspaceId" = ?`, [
        "acme",
      ])!.v;
      const key = { workspaceId: "acme", checkId: "test.check", dataVersion: Number(version), settingsHash: "h1" };
      const miss = cache.get(key);
      cache.put(key, { ids: ["a"], groups: [["a", "b"]] }, ASOF);
      cache.put(key, { ids: ["c"], groups: [], notes: ["n"] }, ASOF + 1);
      return {
        snapshots: snapshots.map(({ asOf: _a, id: _i, importId: _m, ...s }) => s),
        customers: snapshot?.customers,
        otherSnapshot: await chat(p).kpis.snapshot("other", last.id),
        facts: await chat(p).kpis.periodFacts("acme", Date.parse("2025-01-01T00:00:00Z"), ASOF),
        runs: runs.map(({ id: _i, ...r }) => r),
        config: runs[0] ? (await chat(p).runRecords.config("acme", runs[0].id)) !== null : null,
        otherRuns: await chat(p).runRecords.scores("other", 5),
        miss,
        hit: cache.get(key),
        otherHash: cache.get({ ...key, settingsHash: "h2" }),
      };
    });
    expect(result.snapshots.length).toBeGreaterThan(0);
    expect(result.snapshots.at(-1)!.counts.contacts).toBeGreaterThan(0);
    expect(result.otherSnapshot).toBeNull();
    expect(result.facts.users.length).toBeGreaterThan(0);
    expect(result.runs.map((r) => [r.asOf, r.selection])).toEqual([
      [ASOF + 1, ["deal.missing-amount"]],
      [ASOF, null],
    ]);
    expect(result.otherRuns).toEqual([]);
    expect(result).toMatchObject({ miss: null, hit: { ids: ["c"], groups: [], notes: ["n"] }, otherHash: null });
  });
});
