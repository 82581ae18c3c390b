/**
 * The delivery store shared by Slack and Teams, on real SQLite files and a controlled clock:
 * a key is claimed once, and pruning removes old keys of every platform and keeps fresh ones
 * (so a retry inside the window is still recognised).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import fs from "node:fs";
import { openSqlite } from "../../src/db/sqlite/connection.js";
import { DELIVERY_KEY_MAX_AGE_MS, DeliveryStore, deliveriesFile } from "../../src/server/deliveries.js";
import { freshDatabase } from "../helpers/db.js";

let db: Database;
let now: number;
let store: DeliveryStore;

beforeEach(() => {
  db = freshDatabase("deliveries");
  now = Date.parse("2026-12-02T12:00:00Z");
  store = new DeliveryStore(db, () => now);
});
afterEach(async () => {
  await db.close();
});

const keys = () =>
  store
    .keys()
    .map((d) => d.key)
    .sort();

describe("delivery store", () => {
  it("claims a key once, whichever platform it comes from", async () => {
    expect(await store.claim("slack:T1:trigger:1")).toBe(true);
    expect(await store.claim("slack:T1:trigger:1")).toBe(false);
    expect(await store.claim("teams:conv:a1")).toBe(true);
    expect(await store.claim("teams:conv:a1")).toBe(false);
  });

  it("keeps its keys in a file of its own, which an import's lock on the database does not block", async () => {
    // Another connection holds the main file's write lock, as an import's copy does.
    const other = openSqlite(db.file);
    other.exec("BEGIN IMMEDIATE");
    try {
      expect(await store.claim("slack:T1:trigger:during-import")).toBe(true);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(fs.existsSync(deliveriesFile(db.file))).toBe(true);
  });

  it("prunes keys older than the window, of every platform, and keeps fresh ones", async () => {
    await store.claim("slack:T1:event:old");
    await store.claim("teams:conv:old");
    now += DELIVERY_KEY_MAX_AGE_MS - 60_000;
    await store.claim("slack:T1:event:fresh");
    await store.claim("teams:conv:fresh");
    now += 2 * 60_000; // the first two are now one minute past the window, the others one minute inside

    expect(await store.prune()).toBe(2);
    expect(keys()).toEqual(["slack:T1:event:fresh", "teams:conv:fresh"]);
    // A retry of a fresh key is still recognised; an old key may be claimed again.
    expect(await store.claim("slack:T1:event:fresh")).toBe(false);
    expect(await store.claim("teams:conv:old")).toBe(true);
  });
});
