import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../../src/core/checks/types.js";
import dormant from "../../../src/core/checks/user/dormant.js";
import inactive from "../../../src/core/checks/user/inactive.js";
import mfaDisabled from "../../../src/core/checks/user/mfa-disabled.js";
import noRecentActivity from "../../../src/core/checks/user/no-recent-activity.js";
import sharedLogin from "../../../src/core/checks/user/shared-login.js";
import tooManyAdmins from "../../../src/core/checks/user/too-many-admins.js";
import { at, runCheck, user } from "./run-check.js";

const T = at("2026-05-01T12:00:00Z");
const asOf = T;

describe("user.inactive and user.dormant", () => {
  const users = [
    user({ id: "never-logged-in", lastLoginAt: null }),
    user({ id: "exactly-30", lastLoginAt: T - 30 * DAY_MS }),
    user({ id: "31-days", lastLoginAt: T - 31 * DAY_MS }),
    user({ id: "exactly-90", lastLoginAt: T - 90 * DAY_MS }),
    user({ id: "91-days", lastLoginAt: T - 91 * DAY_MS }),
    user({ id: "today", lastLoginAt: T }),
    user({ id: "disabled-never", active: false, lastLoginAt: null }),
  ];
  it("user.inactive: more than 30 days or never", () => {
    expect(runCheck(inactive, { users }, { asOf }).ids).toEqual([
      "31-days",
      "91-days",
      "exactly-90",
      "never-logged-in",
    ]);
  });
  it("user.dormant: more than 90 days or never", () => {
    expect(runCheck(dormant, { users }, { asOf }).ids).toEqual(["91-days", "never-logged-in"]);
  });
});

describe("user.no-recent-activity", () => {
  it("reports active users with no activity in [T - 30 days, T]", () => {
    const users = [
      user({ id: "none" }),
      user({ id: "exactly-30", lastActivityAt: T - 30 * DAY_MS }),
      user({ id: "30-and-1ms", lastActivityAt: T - 30 * DAY_MS - 1 }),
      user({ id: "inactive-none", active: false }),
    ];
    expect(runCheck(noRecentActivity, { users }, { asOf }).ids).toEqual(["30-and-1ms", "none"]);
  });
});

describe("user.mfa-disabled", () => {
  it("reports active users with mfa_enabled = false, not unknown", () => {
    const users = [
      user({ id: "off", mfaEnabled: false }),
      user({ id: "on", mfaEnabled: true }),
      user({ id: "unknown", mfaEnabled: null }),
      user({ id: "disabled-off", active: false, mfaEnabled: false }),
    ];
    expect(runCheck(mfaDisabled, { users }, { asOf }).ids).toEqual(["off"]);
  });
});

describe("user.shared-login", () => {
  it("reports role addresses, whatever case or +tag, active or not", () => {
    const users = [
      user({ id: "sales", email: "sales@acme.com" }),
      user({ id: "info-upper", email: "INFO@acme.com" }),
      user({ id: "support-tag", email: "support+crm@acme.com", active: false }),
      user({ id: "person", email: "ann.lee@acme.com" }),
      user({ id: "salesperson", email: "sales.ann@acme.com" }),
    ];
    expect(runCheck(sharedLogin, { users }, { asOf }).ids).toEqual(["info-upper", "sales", "support-tag"]);
    expect(runCheck(sharedLogin, { users }, { asOf, thresholds: { roleAddresses: ["sales.ann"] } }).ids).toEqual([
      "salesperson",
    ]);
  });
});

describe("user.too-many-admins", () => {
  const team = (active: number, admins: number, extra: ReturnType<typeof user>[] = []) => [
    ...Array.from({ length: active }, (_, i) =>
      user({ id: `u${String(i).padStart(3, "0")}`, role: i < admins ? "admin" : "rep" }),
    ),
    ...extra,
  ];
  it("is silent at exactly max(2, 10%) admins", () => {
    expect(runCheck(tooManyAdmins, { users: team(10, 2) }, { asOf }).ids).toEqual([]);
    expect(runCheck(tooManyAdmins, { users: team(70, 7) }, { asOf }).ids).toEqual([]);
  });
  it("lists all active admins when they number more", () => {
    expect(runCheck(tooManyAdmins, { users: team(10, 3) }, { asOf }).ids).toEqual(["u000", "u001", "u002"]);
    expect(runCheck(tooManyAdmins, { users: team(70, 8) }, { asOf }).ids).toHaveLength(8);
  });
  it("counts active users and active admins only", () => {
    const disabledAdmins = [
      user({ id: "x1", role: "admin", active: false }),
      user({ id: "x2", role: "admin", active: false }),
    ];
    expect(runCheck(tooManyAdmins, { users: team(10, 2, disabledAdmins) }, { asOf }).ids).toEqual([]);
    // 25 active users: allowance 2.5, so 3 admins are too many.
    expect(runCheck(tooManyAdmins, { users: team(25, 3) }, { asOf }).ids).toEqual(["u000", "u001", "u002"]);
  });
  it("takes configured limits", () => {
    expect(runCheck(tooManyAdmins, { users: team(10, 3) }, { asOf, thresholds: { minAdmins: 3 } }).ids).toEqual([]);
  });
});
