/**
 * Every store the core is given, run through the same scenario on SQLite and on PostgreSQL:
 * the results must be the same, and right (docs/storage.md). A fresh database per provider.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importBundle } from "../../../src/core/import/import-bundle.js";
import type { ChatStores } from "../../../src/core/stores/chat.js";
import type { Stores } from "../../../src/db/stores.js";
import type { SqlDriver } from "../../../src/db/sql.js";
import { duplicateDecisionStore } from "../../../src/db/stores/duplicate-decisions.js";
import { createDatasetColumnsStore } from "../../../src/db/stores/dataset-columns.js";
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
      return {
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
      details: [
        ...(await chat(p).records.details("acme", "users", ["u1"], ["email", "active", "lastLoginAt", "nope"])),
      ],
    }));
    expect(result.page.rows.map((r) => r.id)).toEqual(["d2", "d1"]);
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
});
