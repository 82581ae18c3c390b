import { describe, expect, it } from "vitest";
import { identify, isAdmin, workspaceIdForTenant } from "../../../src/core/commands/identity.js";
import type { PlatformProfile } from "../../../src/core/commands/types.js";
import type { ChatIdentityRecord } from "../../../src/core/stores/workspaces.js";
import { freshDatabase } from "../../helpers/db.js";

const options = { adminUserIds: { slack: ["U_ADMIN"], teams: ["aad-boss"] } };
const profile = (p: Partial<PlatformProfile>): PlatformProfile => ({
  platform: "slack",
  tenantId: "T1",
  userId: "U1",
  email: null,
  displayName: null,
  platformAdmin: false,
  ...p,
});

describe("the admin rule (one place for every platform)", () => {
  it("admits the console, platform admins and configured ids, on their own platform only", () => {
    expect(isAdmin(options, profile({ platform: "console", userId: "local" }))).toBe(true);
    expect(isAdmin(options, profile({ platformAdmin: true }))).toBe(true);
    expect(isAdmin(options, profile({ userId: "U_ADMIN" }))).toBe(true);
    expect(isAdmin(options, profile({}))).toBe(false);
    // A Slack admin id means nothing on Teams.
    expect(isAdmin(options, profile({ platform: "teams", userId: "U_ADMIN" }))).toBe(false);
  });

  it("matches a configured Teams id against every id Teams knows the person by", () => {
    expect(isAdmin(options, profile({ platform: "teams", userId: "29:boss", otherIds: ["29:boss", "aad-boss"] }))).toBe(
      true,
    );
    expect(isAdmin(options, profile({ platform: "teams", userId: "29:rep", otherIds: ["aad-rep"] }))).toBe(false);
  });
});

describe("identify on a real database", () => {
  it("writes an identity only when it changed, and keeps a link and a match made since", async () => {
    const db = freshDatabase("identify-writes");
    try {
      const stores = db.stores.chat;
      let saves = 0;
      const counted = {
        ...stores,
        identities: { ...stores.identities, save: (r: ChatIdentityRecord) => (saves++, stores.identities.save(r)) },
      };
      const opts = { consoleWorkspaceId: "default", adminUserIds: { slack: [], teams: [] } };
      const ann = profile({ email: "ann@example.com", displayName: "Ann" });

      const first = await identify(counted, opts, ann);
      const WS = workspaceIdForTenant("slack", "T1");
      expect(first.crmUserId).toBeNull();
      expect(saves).toBe(1);
      // The same profile again: read, nothing written.
      await identify(counted, opts, ann);
      expect(saves).toBe(1);

      // A link made by hand (`link`) is kept by the next command without a write.
      await stores.identities.link({ platform: "slack", tenantId: "T1", userId: "U1" }, WS, "u-linked");
      expect((await identify(counted, opts, ann)).crmUserId).toBe("u-linked");
      expect(saves).toBe(1);

      // An import that brings a CRM user with Ann's email: the match wins and is written.
      db.sql.run(
        `INSERT INTO crm_users ("workspaceId", "id", "name", "email", "role", "active") VALUES (?, 'u-ann', 'Ann', 'ann@example.com', 'rep', 1)`,
        [WS],
      );
      expect((await identify(counted, opts, ann)).crmUserId).toBe("u-ann");
      expect(saves).toBe(2);
      // A changed profile (name, admin) is written too.
      const renamed = await identify(counted, opts, { ...ann, displayName: "Ann L.", platformAdmin: true });
      expect(renamed.isAdmin).toBe(true);
      expect(saves).toBe(3);
      expect(await stores.identities.get({ platform: "slack", tenantId: "T1", userId: "U1" })).toMatchObject({
        crmUserId: "u-ann",
        displayName: "Ann L.",
        isAdmin: true,
      });
    } finally {
      await db.close();
    }
  });
});
