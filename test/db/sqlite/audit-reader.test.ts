import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/database.js";
import { tableHoldsOnly } from "../../../src/db/sqlite/audit-reader.js";
import { days, insertRows, T } from "../../core/audit/helpers.js";
import { freshDatabase } from "../../helpers/db.js";

let db: Database;
afterEach(async () => db?.close());
const reader = () => db.stores.auditStorage.local;

describe("audit reader", () => {
  it("derives last activity as of T, ignoring activities after T and other workspaces", () => {
    db = freshDatabase("audit-reader");
    insertRows(db.sqlite, "a", "users", [
      { id: "u1", active: true, mfaEnabled: false, lastLoginAt: T - days(3) },
      { id: "u2" },
    ]);
    insertRows(db.sqlite, "a", "contacts", [{ id: "c1" }, { id: "c2" }]);
    insertRows(db.sqlite, "a", "deals", [{ id: "d1" }]);
    insertRows(db.sqlite, "a", "activities", [
      { id: "a1", userId: "u1", contactId: "c1", dealId: "d1", occurredAt: T - days(10) },
      { id: "a2", userId: "u1", contactId: "c1", dealId: "d1", occurredAt: T }, // exactly at T: counts
      { id: "a3", userId: "u1", contactId: "c1", dealId: "d1", occurredAt: T + 1 }, // after T: ignored
      { id: "a4", userId: "u2", contactId: "c2", occurredAt: T + days(1) },
    ]);
    // Another workspace with the same ids and a later activity must not leak in.
    insertRows(db.sqlite, "b", "users", [{ id: "u2" }]);
    insertRows(db.sqlite, "b", "contacts", [{ id: "c2" }]);
    insertRows(db.sqlite, "b", "activities", [{ id: "a9", userId: "u2", contactId: "c2", occurredAt: T - days(1) }]);

    const users = [...reader().readRows("a", "users", T)].sort((x, y) => x.id.localeCompare(y.id));
    expect(users.map((u) => [u.id, u.lastActivityAt])).toEqual([
      ["u1", T],
      ["u2", null],
    ]);
    expect(users[0]).toMatchObject({ active: true, mfaEnabled: false, lastLoginAt: T - days(3) });
    expect(users[1]!.mfaEnabled).toBeNull();
    expect("workspaceId" in users[0]!).toBe(false);

    const contacts = [...reader().readRows("a", "contacts", T)].sort((x, y) => x.id.localeCompare(y.id));
    expect(contacts.map((c) => [c.id, c.lastLinkedActivityAt])).toEqual([
      ["c1", T],
      ["c2", null],
    ]);
    const deals = [...reader().readRows("a", "deals", T - days(5))];
    expect(deals.map((d) => d.lastLinkedActivityAt)).toEqual([T - days(10)]);

    expect(reader().countRecords("a")).toMatchObject({ users: 2, contacts: 2, deals: 1, activities: 4, tasks: 0 });
    expect(reader().countRecords("b")).toMatchObject({ users: 1, contacts: 1, activities: 1 });
  });

  it("hands over records with every canonical field, blanks as null", () => {
    db = freshDatabase("audit-reader-fields");
    insertRows(db.sqlite, "a", "deals", [{ id: "d1", amount: 12.5, expectedCloseDate: T }]);
    insertRows(db.sqlite, "a", "activities", [
      { id: "a1", dealId: "d1", occurredAt: T - days(2) },
      { id: "a2", dealId: "d1", occurredAt: T + days(2) },
    ]);
    // Only one workspace in the table: the reader scans in storage order; the result is the same.
    expect(tableHoldsOnly(db.sqlite, "a", "deals")).toBe(true);
    const [deal] = [...reader().readRows("a", "deals", T)];
    expect(deal).toEqual({
      id: "d1",
      name: "Deal",
      companyId: null,
      contactId: null,
      ownerId: null,
      stage: "proposal",
      status: "open",
      amount: 12.5,
      currency: null,
      expectedCloseDate: T,
      closedAt: null,
      lostReason: null,
      createdAt: T - days(100),
      updatedAt: T - days(10),
      stageEnteredAt: null,
      lastActivityAt: null,
      lastLinkedActivityAt: T - days(2),
    });
    insertRows(db.sqlite, "b", "deals", [{ id: "d1" }]);
    expect(tableHoldsOnly(db.sqlite, "a", "deals")).toBe(false);
    expect([...reader().readRows("a", "deals", T)]).toEqual([deal]);
  });
});
