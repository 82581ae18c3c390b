/**
 * CRM users: mostly active reps who logged in recently, with MFA on; a few admins and
 * managers; injected: inactive, dormant, quiet (no recent activity), MFA off, shared role
 * logins, deactivated seats, and one admin too many.
 */
import { addBoundary, atLeastOne, makeId, openEntityCsv, reserveSlots, type SampleContext } from "./context.js";
import { DEFECT_RATES, BASE_RATES } from "./rates.js";
import { DAY_MS, daysBefore, isoUtc } from "./time.js";
import { slug } from "./vocabulary.js";

/** Role addresses used for shared logins (the local parts docs/checks.md names for user.shared-login). */
export const SHARED_LOGIN_LOCALS = ["sales", "info", "admin", "team", "support", "crm"] as const;

export interface UserTable {
  ids: string[];
  active: Uint8Array;
  /** Active users. */
  activeIdx: number[];
  /** Users who log activities in the 30 days up to T. */
  recentIdx: number[];
  deactivatedIdx: number[];
  /** Latest activity at or before T, filled by the activity stage (NaN: none). */
  lastActivity: Float64Array;
}

const enum Plan {
  Clean = 0,
  Deactivated,
  Inactive,
  Dormant,
  Quiet,
  SharedLogin,
  MfaDisabled,
}

export async function generateUsers(ctx: SampleContext): Promise<UserTable> {
  const { rng, asOf, truth } = ctx;
  const n = ctx.counts.users;
  const plan = new Uint8Array(n);
  reserveSlots(rng, plan, atLeastOne(BASE_RATES.deactivatedUsers, n), Plan.Deactivated);
  const inactive = reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["user.inactive"], n), Plan.Inactive);
  const dormant = reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["user.dormant"], n), Plan.Dormant);
  reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["user.no-recent-activity"], n), Plan.Quiet);
  const shared = Math.min(SHARED_LOGIN_LOCALS.length, atLeastOne(DEFECT_RATES["user.shared-login"], n));
  const sharedIdx = reserveSlots(rng, plan, shared, Plan.SharedLogin);
  reserveSlots(rng, plan, atLeastOne(DEFECT_RATES["user.mfa-disabled"], n), Plan.MfaDisabled);
  const clean = [...plan.keys()].filter((i) => plan[i] === Plan.Clean);

  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) active[i] = plan[i] === Plan.Deactivated ? 0 : 1;
  const activeIdx = [...active.keys()].filter((i) => active[i] === 1);
  const deactivatedIdx = [...active.keys()].filter((i) => active[i] === 0);

  // Admins: just over max(2, 10% of active users), so user.too-many-admins fires; plus one
  // deactivated admin, who must not be counted.
  const threshold = Math.max(2, 0.1 * activeIdx.length);
  const adminCount = Math.min(activeIdx.length, Math.floor(threshold) + 1);
  const role = new Array<string>(n).fill("rep");
  const shuffledActive = [...activeIdx];
  for (let i = shuffledActive.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffledActive[i], shuffledActive[j]] = [shuffledActive[j] as number, shuffledActive[i] as number];
  }
  shuffledActive.slice(0, adminCount).forEach((i) => (role[i] = "admin"));
  for (const i of shuffledActive.slice(adminCount)) if (rng.chance(0.12)) role[i] = "manager";
  if (deactivatedIdx.length > 0) role[deactivatedIdx[0] as number] = "admin";

  const vocab = ctx.vocab.countries.filter((v) => ["US", "GB", "DE", "IN"].includes(v.country.code));
  const orgDomain = `${slug(rng.pick(vocab[0]!.lastNames))}${rng.pick(["hq", "works", "labs", "group"])}.com`;
  const emails = new Set<string>();
  const ids = Array.from({ length: n }, (_, i) => makeId("U", i, 5));
  const out = await openEntityCsv(ctx, "users");
  let activeAdmins = 0;
  const lastLogins = new Float64Array(n);

  for (let i = 0; i < n; i++) {
    const id = ids[i] as string;
    const p = plan[i] as Plan;
    let name: string;
    let email: string;
    if (p === Plan.SharedLogin) {
      const local = SHARED_LOGIN_LOCALS[sharedIdx.indexOf(i)] as string;
      name = `${local === "crm" ? "CRM" : local[0]!.toUpperCase() + local.slice(1)} Team`;
      email = `${local}@${orgDomain}`;
    } else {
      const words = rng.pick(vocab);
      let base = "";
      for (let attempt = 0; ; attempt++) {
        const first = rng.pick(words.firstNames);
        const last = rng.pick(words.lastNames);
        name = `${first} ${last}`;
        base = `${slug(first)}.${slug(last)}`;
        if (!emails.has(base) || attempt > 20) break;
      }
      let local = base;
      for (let k = 2; emails.has(local); k++) local = `${base}${k}`;
      emails.add(local);
      email = `${local}@${orgDomain}`;
    }

    let lastLogin: number | null;
    switch (p) {
      case Plan.Deactivated:
        lastLogin = daysBefore(rng, asOf, 100, 500);
        break;
      case Plan.Inactive:
        lastLogin = daysBefore(rng, asOf, 31, 89);
        break;
      case Plan.Dormant:
        lastLogin = rng.chance(0.3) ? null : daysBefore(rng, asOf, 91, 500);
        break;
      default:
        lastLogin = daysBefore(rng, asOf, 0.01, 29);
    }
    // Boundaries: "more than 30/90 days" excludes exactly 30/90 days.
    if (i === inactive[0]) lastLogin = asOf - 90 * DAY_MS;
    if (i === dormant[0]) lastLogin = null;
    if (i === clean[0]) lastLogin = asOf - 30 * DAY_MS;
    lastLogins[i] = lastLogin ?? NaN;

    const mfa = p === Plan.MfaDisabled ? false : rng.chance(0.15) ? null : true;
    const isActive = active[i] === 1;
    await out.write([id, name, email, role[i], isActive, lastLogin === null ? null : isoUtc(lastLogin), mfa]);

    // Ground truth, straight from the definitions.
    if (isActive) {
      if (lastLogin === null || asOf - lastLogin > 30 * DAY_MS) truth.add("user.inactive", id);
      if (lastLogin === null || asOf - lastLogin > 90 * DAY_MS) truth.add("user.dormant", id);
      if (mfa === false) truth.add("user.mfa-disabled", id);
      if (role[i] === "admin") activeAdmins++;
    }
    if ((SHARED_LOGIN_LOCALS as readonly string[]).includes(email.slice(0, email.indexOf("@"))))
      truth.add("user.shared-login", id);
  }
  await out.close();

  if (activeAdmins > Math.max(2, 0.1 * activeIdx.length))
    for (const i of activeIdx) if (role[i] === "admin") truth.add("user.too-many-admins", ids[i] as string);

  if (inactive[0] !== undefined)
    addBoundary(
      ctx,
      "user.login-exactly-90-days",
      "users",
      ids[inactive[0]]!,
      "last login exactly 90 days before T: inactive, not dormant",
    );
  if (dormant[0] !== undefined)
    addBoundary(
      ctx,
      "user.never-logged-in",
      "users",
      ids[dormant[0]]!,
      "active user with no last_login_at: inactive and dormant",
    );
  if (clean[0] !== undefined)
    addBoundary(
      ctx,
      "user.login-exactly-30-days",
      "users",
      ids[clean[0]]!,
      "last login exactly 30 days before T: not inactive",
    );
  if (deactivatedIdx[0] !== undefined)
    addBoundary(
      ctx,
      "user.deactivated-admin",
      "users",
      ids[deactivatedIdx[0]]!,
      "admin with active = false: not counted among active admins",
    );

  // Who logs activities in the last 30 days: active users that logged in within 30 days and
  // are not planned quiet.
  const recentIdx = activeIdx.filter(
    (i) => plan[i] !== Plan.Quiet && Number.isFinite(lastLogins[i]) && asOf - (lastLogins[i] as number) <= 30 * DAY_MS,
  );
  return { ids, active, activeIdx, recentIdx, deactivatedIdx, lastActivity: new Float64Array(n).fill(NaN) };
}
