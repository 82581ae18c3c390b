import { describe, expect, it } from "vitest";
import { isAdmin } from "../../../src/core/commands/identity.js";
import type { PlatformProfile } from "../../../src/core/commands/types.js";

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
