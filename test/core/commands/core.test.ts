import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import { masking } from "../../../src/core/commands/core.js";
import { TenantNotServedError, workspaceIdForTenant } from "../../../src/core/commands/identity.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import { parseActionValue } from "../../../src/core/commands/actions.js";
import type { Button, Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "./seed.js";
import { createTestAuditService, TEST_CHECKS } from "./test-audit.js";
import { CHECKS } from "../../../src/core/checks/registry.js";
import { createAuditService } from "../../../src/core/audit/service.js";

interface Sent {
  op: "reply" | "update";
  message: Message;
}

function recorder(): Responder & { sent: Sent[]; last(): Message } {
  const sent: Sent[] = [];
  return {
    sent,
    last: () => sent[sent.length - 1]!.message,
    reply: async (message) => void sent.push({ op: "reply", message }),
    update: async (message) => void sent.push({ op: "update", message }),
  };
}

const text = (m: Message) => JSON.stringify(m);
function buttons(m: Message): Button[] {
  return m.blocks.flatMap((b) =>
    b.type === "actions"
      ? b.buttons
      : b.type === "findings"
        ? b.items.flatMap((i) => (i.button ? [i.button] : []))
        : [],
  );
}

let db: Database;
let core: ChatCore;
let audit: ReturnType<typeof createTestAuditService>;

beforeEach(() => {
  db = freshDatabase("chat-core");
  audit = createTestAuditService(db, T0);
  core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: TEST_CHECKS,
    consoleWorkspaceId: "local-ws",
    now: () => T0,
  });
});
afterEach(async () => {
  await db.close();
});

async function slackRequest(
  userId: string,
  email: string | null,
  text: string,
  kind: "personal" | "channel" = "personal",
) {
  const workspaceId = await core.resolveWorkspace("slack", "T1");
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId,
    email,
    displayName: userId,
    platformAdmin: false,
  });
  return { workspaceId, actor, conversation: { id: "C1", kind }, text } satisfies CommandRequest;
}

describe("chat core: workspaces and identity", () => {
  it("binds each new tenant to its own workspace, the console to the configured one", async () => {
    const a = await core.resolveWorkspace("slack", "T1");
    const b = await core.resolveWorkspace("teams", "tenant/2");
    expect(a).toBe("slack-T1");
    expect(b).toBe("teams-tenant_2F2");
    expect(await core.resolveWorkspace("slack", "T1")).toBe(a);
    expect(await core.resolveWorkspace("console", "local")).toBe("local-ws");
    const rows = db.sqlite.prepare(`SELECT id FROM workspaces ORDER BY id`).all();
    expect(rows).toEqual([{ id: "local-ws" }, { id: "slack-T1" }, { id: "teams-tenant_2F2" }]);
  });

  it("serves only the configured tenant of a single-organisation install, on the console's workspace", async () => {
    const single = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: [], teams: [] },
      consoleWorkspaceId: "default",
      singleTenant: { slack: "T0001", teams: "tenant-1" },
    });
    // The stranger asks first: it is refused, and the token's own team still gets the CLI's data.
    await expect(single.resolveWorkspace("slack", "TSTRANGER")).rejects.toBeInstanceOf(TenantNotServedError);
    await expect(
      single.identify({
        platform: "slack",
        tenantId: "TSTRANGER",
        userId: "U1",
        email: null,
        displayName: null,
        platformAdmin: true,
      }),
    ).rejects.toBeInstanceOf(TenantNotServedError);
    expect(await single.resolveWorkspace("slack", "T0001")).toBe("default");
    expect(await single.resolveWorkspace("teams", "tenant-1")).toBe("default");
    await expect(single.resolveWorkspace("teams", "tenant-2")).rejects.toThrow(/another organisation/);
    // A stranger bound by an earlier version (that trusted the first team to ask) stays out.
    await db.prisma.chatTenant.create({ data: { platform: "slack", tenantId: "TOLD", workspaceId: "default" } });
    await expect(single.resolveWorkspace("slack", "TOLD")).rejects.toBeInstanceOf(TenantNotServedError);
    const bound = db.sqlite.prepare(`SELECT platform, tenantId FROM chat_tenants ORDER BY platform, tenantId`).all();
    expect(bound).toEqual([
      { platform: "slack", tenantId: "T0001" },
      { platform: "slack", tenantId: "TOLD" },
      { platform: "teams", tenantId: "tenant-1" },
    ]);
    expect(db.sqlite.prepare(`SELECT count(*) AS n FROM chat_identities WHERE tenantId = 'TSTRANGER'`).get()).toEqual({
      n: 0,
    });
  });

  it("gives tenant ids that differ only in escaped characters different workspaces", async () => {
    const ids = ["TA/B", "TA_B", "TA_2FB", "TA B", "TA\u00e9B", "TA.B", "x".repeat(80), "x".repeat(81)];
    const workspaces = [];
    for (const id of ids) workspaces.push(await core.resolveWorkspace("teams", id));
    expect(new Set(workspaces).size).toBe(ids.length);
    for (const ws of workspaces) expect(ws).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
    expect(workspaceIdForTenant("slack", "T0123ABC")).toBe("slack-T0123ABC");
    expect(workspaceIdForTenant("teams", "72f988bf-86f1-41af-91ab-2d7cd011db47")).toBe(
      "teams-72f988bf-86f1-41af-91ab-2d7cd011db47",
    );
  });

  it("maps a chat user to the CRM user with the same email, ignoring case, and flags admins", async () => {
    const ws = await core.resolveWorkspace("slack", "T1");
    seedWorkspace(db, ws, "a");
    const rep = await core.identify({
      platform: "slack",
      tenantId: "T1",
      userId: "U1",
      email: "A.Rep@Example.COM",
      displayName: "Rep",
      platformAdmin: false,
    });
    expect(rep).toMatchObject({ crmUserId: "au1", isAdmin: false });
    const configured = await core.identify({ ...rep, email: null, userId: "UADMIN", platformAdmin: false });
    expect(configured).toMatchObject({ crmUserId: null, isAdmin: true });
    const owner = await core.identify({ ...rep, email: null, userId: "U9", platformAdmin: true });
    expect(owner.isAdmin).toBe(true);
    const stored = db.sqlite.prepare(`SELECT workspaceId, crmUserId FROM chat_identities WHERE userId = 'U1'`).get();
    expect(stored).toEqual({ workspaceId: ws, crmUserId: "au1" });
  });
});

describe("chat core: commands", () => {
  it("answers a bad command with a private usage message", async () => {
    const out = recorder();
    await core.handleCommand(await slackRequest("U1", null, "findings"), out);
    expect(out.sent).toHaveLength(1);
    expect(out.last().visibility).toBe("private");
    expect(out.last().text).toContain("Usage: /crm-audit findings <check> [page]");
  });

  it("runs an audit: a progress message, then the result replaces it", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    const out = recorder();
    await core.handleCommand(await slackRequest("U1", "a.rep@example.com", "run"), out);
    expect(out.sent.map((s) => s.op)).toEqual(["reply", "update"]);
    expect(out.sent[0]!.message.text).toContain("Running the CRM audit");
    expect(out.last().visibility).toBe("private");
    expect(out.last().text).toContain("CRM audit score 85/100");
    expect(audit.runs[0]).toMatchObject({ workspaceId: "slack-T1", trigger: "slack", requestedBy: "U1" });
    // Private replies show contact details in full.
    expect(text(out.last())).toContain("Bob Ray-a");
  });

  it("refuses run --post and config changes to non-admins, allows them to admins, masks the channel post", async () => {
    const ws = await core.resolveWorkspace("slack", "T1");
    seedWorkspace(db, ws, "a");
    const user = recorder();
    await core.handleCommand(await slackRequest("U1", null, "run --post", "channel"), user);
    expect(user.sent).toHaveLength(1);
    expect(user.last().text).toContain("Only admins can post");
    expect(audit.runs).toHaveLength(0);
    await core.handleCommand(await slackRequest("U1", null, "config set task.overdue graceDays 2"), user);
    expect(user.last().text).toContain("Only admins can change");
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM check_overrides`).get()).toEqual({ n: 0 });

    const admin = recorder();
    await core.handleCommand(await slackRequest("UADMIN", null, "run --post", "channel"), admin);
    expect(admin.last().visibility).toBe("channel");
    expect(audit.runs).toHaveLength(1);
    // Make the finding's sample carry personal data and check it is masked in the channel.
    db.sqlite
      .prepare(`UPDATE tasks SET subject = 'Call ann.lee@a-widgets.example on +44 20 7183 8750' WHERE id = 'at1'`)
      .run();
    await core.handleCommand(await slackRequest("UADMIN", null, "run --post", "channel"), admin);
    const posted = text(admin.last());
    expect(posted).toContain("a.•••@a-widgets.example");
    expect(posted).toContain("+44 •••••• 750");
    expect(posted).not.toContain("ann.lee@");
  });

  it("masks a channel message on both exits of the responder, reply and update", async () => {
    const out = recorder();
    const exit = masking(out);
    const personal: Message = {
      text: "Call ann.lee@a-widgets.example on +44 20 7183 8750",
      blocks: [{ type: "text", text: "ann.lee@a-widgets.example" }],
      visibility: "channel",
    };
    await exit.reply(personal);
    await exit.update(personal);
    expect(out.sent.map((s) => s.op)).toEqual(["reply", "update"]);
    for (const { message } of out.sent) {
      expect(text(message)).not.toContain("ann.lee@");
      expect(text(message)).toContain("a.•••@a-widgets.example");
      expect(text(message)).toContain("+44 •••••• 750");
    }
    await exit.reply({ ...personal, visibility: "private" });
    expect(text(out.last())).toContain("ann.lee@a-widgets.example");
  });

  it("lets admins change settings validated by the check's schema", async () => {
    const admin = recorder();
    await core.handleCommand(await slackRequest("UADMIN", null, "config set task.overdue graceDays 2"), admin);
    expect(admin.last().text).toContain("task.overdue is now on, severity medium (graceDays=2*)");
    await core.handleCommand(await slackRequest("UADMIN", null, "config set task.overdue graceDays -1"), admin);
    expect(admin.last().text).toContain(
      "task.overdue graceDays must be a whole number from 0 to 365, e.g. `config set task.overdue graceDays 0`",
    );
    await core.handleCommand(await slackRequest("UADMIN", null, "config set task.overdue nope 1"), admin);
    expect(admin.last().text).toContain('has no setting "nope" (settings: graceDays, severity)');
    await core.handleCommand(
      await slackRequest("UADMIN", null, "config disable contact.missing-email-and-phone"),
      admin,
    );
    await core.handleCommand(await slackRequest("UADMIN", null, "config set bogus.check x 1"), admin);
    expect(admin.last().text).toContain('unknown check "bogus.check"');
    const rows = db.sqlite.prepare(`SELECT checkId, enabled, thresholds FROM check_overrides ORDER BY checkId`).all();
    expect(rows).toEqual([
      { checkId: "contact.missing-email-and-phone", enabled: 0, thresholds: null },
      { checkId: "task.overdue", enabled: null, thresholds: '{"graceDays":2}' },
    ]);
    const view = recorder();
    await core.handleCommand(await slackRequest("U1", null, "config"), view);
    expect(text(view.last())).toContain("graceDays=2*");
    expect(text(view.last())).toContain("Only admins can change settings");
  });

  it("pages the settings of the whole catalogue, keeps the * legend on every page, lists as DE, FR", async () => {
    const real = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: ["UADMIN"], teams: [] },
      checks: CHECKS,
    });
    const out = recorder();
    const request = await slackRequest("UADMIN", null, "config set missing-consent countries DE,FR");
    await real.handleCommand(request, out);
    await real.handleCommand({ ...request, text: "config" }, out);
    const tableOf = (m: Message) =>
      m.blocks.find((b) => b.type === "table") as Extract<Message["blocks"][number], { type: "table" }>;
    const seen: string[] = [];
    let page = out.last();
    for (let n = 0; ; n++) {
      const table = tableOf(page);
      expect(table.rows.length).toBeLessThanOrEqual(10);
      expect(table.caption).toMatch(new RegExp(`^Checks ${n * 10 + 1} to \\d+ of ${CHECKS.length}$`));
      expect(text(page)).toContain("* set for this workspace; the rest are defaults.");
      seen.push(...table.rows.map((r) => r[0]!));
      const labels = buttons(page).map((b) => b.label);
      expect(labels.includes("Previous page")).toBe(n > 0);
      const next = buttons(page).find((b) => b.label === "Next page");
      if (!next) break;
      await real.handleAction({ ...request, actionId: next.actionId, value: next.value }, out);
      expect(out.sent[out.sent.length - 1]!.op).toBe("update");
      page = out.last();
    }
    expect(seen).toEqual(CHECKS.map((c) => c.meta.id));
    expect(JSON.stringify(out.sent.map((s) => s.message))).toContain("countries=DE, FR*");
    const previous = buttons(page).find((b) => b.label === "Previous page")!;
    await real.handleAction({ ...request, actionId: previous.actionId, value: previous.value }, out);
    const lastStart = Math.floor((CHECKS.length - 1) / 10) * 10;
    expect(tableOf(out.last()).caption).toBe(`Checks ${lastStart - 9} to ${lastStart} of ${CHECKS.length}`);
  });

  it("shows settings from the configuration file under the workspace's overrides", async () => {
    const withFile = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: ["UADMIN"], teams: [] },
      checks: TEST_CHECKS,
      fileSettings: { "task.overdue": { enabled: false, thresholds: { graceDays: 5 } } },
    });
    const out = recorder();
    const request = await slackRequest("UADMIN", null, "config");
    await withFile.handleCommand(request, out);
    const table = out.last().blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows[0]).toEqual(["task.overdue", "off", "medium", "graceDays=5"]);
    await withFile.handleCommand({ ...request, text: "config set task.overdue graceDays 9" }, out);
    expect(out.last().text).toBe("task.overdue is now off, severity medium (graceDays=9*).");
  });

  it("validates settings with the real catalogue's schemas", async () => {
    const real = createChatCore({
      db,
      audit,
      logger: silentLogger,
      adminUserIds: { slack: ["UADMIN"], teams: [] },
      checks: CHECKS,
    });
    const out = recorder();
    const request = await slackRequest("UADMIN", null, "config set contact.stale days 180");
    await real.handleCommand(request, out);
    expect(out.last().text).toBe("contact.stale is now on, severity low (days=180*).");
    await real.handleCommand({ ...request, text: "config set contact.stale days -5" }, out);
    expect(out.last().text).toContain("contact.stale days must be a whole number of at least 1, e.g.");
    expect(out.last().text).not.toMatch(/Too small|expected number/);
    await real.handleCommand({ ...request, text: "run nonsense" }, out);
    expect(out.last().text).toContain('unknown check or category "nonsense"');
    expect(db.sqlite.prepare(`SELECT thresholds FROM check_overrides WHERE checkId = 'contact.stale'`).get()).toEqual({
      thresholds: '{"days":180}',
    });
  });

  describe("check names as people type them (the real catalogue)", () => {
    const realCore = () =>
      createChatCore({
        db,
        audit,
        logger: silentLogger,
        adminUserIds: { slack: ["UADMIN"], teams: [] },
        checks: CHECKS,
      });

    it("runs `run Security` and `run security` as one selection, and finds a check by its name without entity", async () => {
      const real = realCore();
      const out = recorder();
      const request = await slackRequest("U1", null, "run Security");
      await real.handleCommand(request, out);
      await real.handleCommand({ ...request, text: "run security" }, out);
      expect(audit.runs.map((r) => r.selection)).toEqual([["security"], ["security"]]);
      expect(audit.runs[1]!.changes).not.toBeNull();
      await real.handleCommand({ ...request, text: "findings missing-email-and-phone" }, out);
      expect(text(out.last())).toContain("Contacts with no email or phone");
      await real.handleCommand({ ...request, text: "findings missing-owner" }, out);
      expect(out.last().text).toContain(
        '"missing-owner" could be company.missing-owner, contact.missing-owner or deal.missing-owner',
      );
      await real.handleCommand({ ...request, text: "findings contact.nonexistent" }, out);
      expect(out.last().text).toContain('unknown check "contact.nonexistent".');
      expect(out.last().text).not.toContain("did you mean");
    });

    it("sets lists typed as DE,FR or DE FR, sets and resets severity, and says when nothing changes", async () => {
      const real = realCore();
      const out = recorder();
      const request = await slackRequest("UADMIN", null, "config set missing-consent countries DE,FR");
      await real.handleCommand(request, out);
      expect(out.last().text).toBe("contact.missing-consent is now on, severity high (countries=DE, FR*).");
      await real.handleCommand({ ...request, text: "config set missing-consent countries DE FR AT" }, out);
      expect(out.last().text).toContain("countries=DE, FR, AT*");
      await real.handleCommand({ ...request, text: "config set missing-consent countries DEU,FR" }, out);
      expect(out.last().text).toContain(
        'contact.missing-consent countries must be a list separated by commas or spaces ("DEU": expected an ISO 3166 alpha-2 country code), e.g. `config set contact.missing-consent countries AT,BE`',
      );
      await real.handleCommand({ ...request, text: "config set Stale severity CRITICAL" }, out);
      expect(out.last().text).toBe("contact.stale is now on, severity critical (days=365).");
      await real.handleCommand({ ...request, text: "config set contact.stale severity urgent" }, out);
      expect(out.last().text).toContain("contact.stale severity must be one of low, medium, high, critical");
      await real.handleCommand({ ...request, text: "config reset contact.stale severity" }, out);
      expect(out.last().text).toBe(
        "contact.stale: workspace setting for severity removed. Now on, severity low (days=365).",
      );
      await real.handleCommand({ ...request, text: "config reset contact.stale" }, out);
      expect(out.last().text).toBe("contact.stale had no workspace settings. Now on, severity low (days=365).");
      await real.handleCommand({ ...request, text: "config reset missing-consent" }, out);
      expect(out.last().text).toContain("contact.missing-consent: workspace settings removed. Now on, severity high");

      await real.handleCommand({ ...request, text: "config disable stale" }, out);
      expect(out.last().text).toBe("contact.stale is now off, severity low (days=365).");
      await real.handleCommand({ ...request, text: "config disable stale" }, out);
      expect(text(out.last())).toContain("contact.stale is already off.");
      await real.handleCommand({ ...request, text: "config enable contact.duplicate" }, out);
      expect(text(out.last())).toContain("contact.duplicate is already on.");
      expect(db.sqlite.prepare(`SELECT checkId, enabled, severity, thresholds FROM check_overrides`).all()).toEqual([
        { checkId: "contact.stale", enabled: 0, severity: null, thresholds: null },
      ]);
    });
  });

  it("validates the config form input by input and writes nothing on an error", async () => {
    const ctx = await slackRequest("UADMIN", null, "");
    const submit = (values: Record<string, string | undefined>) =>
      core.submitForm({ ...ctx, formId: "config.check", state: undefined, values });
    expect(await submit({ check: "nope.nope" })).toEqual({
      ok: false,
      errors: { check: "Choose one of the listed checks." },
    });
    expect(await submit({ check: "task.overdue", key: "graceDays" })).toMatchObject({
      ok: false,
      errors: { value: expect.any(String) },
    });
    expect(await submit({ check: "task.overdue", enabled: "off", key: "graceDays", value: "many" })).toMatchObject({
      ok: false,
      errors: { value: expect.stringContaining("graceDays") },
    });
    expect(db.sqlite.prepare(`SELECT COUNT(*) AS n FROM check_overrides`).get()).toEqual({ n: 0 });
    const saved = await submit({ check: "task.overdue", enabled: "off", key: "graceDays", value: "7" });
    expect(saved).toMatchObject({ ok: true });
    expect(db.sqlite.prepare(`SELECT enabled, thresholds FROM check_overrides`).get()).toEqual({
      enabled: 0,
      thresholds: '{"graceDays":7}',
    });
    // The severity the settings view shows can be set in the form too.
    expect(await submit({ check: "task.overdue", key: "severity", value: "high" })).toMatchObject({
      ok: true,
      message: { text: "task.overdue is now off, severity high (graceDays=7*)." },
    });
    const asUser = await core.submitForm({
      ...(await slackRequest("U1", null, "")),
      formId: "config.check",
      state: undefined,
      values: { check: "task.overdue", enabled: "on" },
    });
    expect(asUser.ok).toBe(false);
  });

  it("shows my overdue items, someone else's only to admins", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    const rep = recorder();
    await core.handleCommand(await slackRequest("U1", "a.rep@example.com", "overdue"), rep);
    const mine = text(rep.last());
    expect(mine).toContain("Overdue for a Rep");
    expect(mine).toContain("a Call back about renewal");
    expect(mine).not.toContain("a Send proposal"); // not due yet
    expect(mine).toContain("a Big renewal"); // past close date
    expect(mine).not.toContain("a Fresh deal");
    await core.handleCommand(await slackRequest("U1", "a.rep@example.com", "overdue a.boss@example.com"), rep);
    expect(rep.last().text).toContain("Only admins");
    const admin = recorder();
    await core.handleCommand(await slackRequest("UADMIN", null, "overdue A.BOSS@example.com"), admin);
    expect(text(admin.last())).toContain("a Boss task");
    await core.handleCommand(await slackRequest("UADMIN", null, "overdue <@U1>"), admin);
    expect(text(admin.last())).toContain("a Call back about renewal");
    const unlinked = recorder();
    await core.handleCommand(await slackRequest("U7", null, "overdue"), unlinked);
    expect(unlinked.last().text).toContain("not linked to a CRM user");
  });

  it("pages a finding's records, shows history and status", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    const out = recorder();
    await core.handleCommand(await slackRequest("U1", null, "status"), out);
    expect(out.last().text).toBe("No audit has run in this workspace yet.");
    await core.handleCommand(await slackRequest("U1", null, "run"), out);
    await core.handleCommand(await slackRequest("U1", null, "run"), out);
    await core.handleCommand(await slackRequest("U1", null, "status"), out);
    expect(out.last().blocks.slice(0, 2)).toMatchObject([
      { type: "heading", text: "Latest CRM audit" },
      { type: "score", value: 85 },
    ]);
    await core.handleCommand(await slackRequest("U1", null, "findings task.overdue"), out);
    expect(text(out.last())).toContain("a Call back about renewal");
    expect(text(out.last())).toContain("a Boss task");
    await core.handleCommand(await slackRequest("U1", null, "findings task.overdue 9"), out);
    expect(text(out.last())).toContain("There is only 1 page");
    expect(text(out.last())).not.toContain("no longer stored");
    await core.handleCommand(await slackRequest("U1", null, "findings task.overdu"), out);
    expect(out.last().text).toContain('unknown check "task.overdu" (did you mean "task.overdue"?)');
    await core.handleCommand(await slackRequest("U1", null, "history 5"), out);
    expect(out.last().text).toBe("Last 2 audits: score 85");
  });
});

describe("chat core: an empty workspace", () => {
  it("says there is nothing to audit instead of scoring no data 100/100", async () => {
    const real = createAuditService(db.stores);
    const chat = createChatCore({ db, audit: real, logger: silentLogger, adminUserIds: { slack: [], teams: [] } });
    const workspaceId = await chat.resolveWorkspace("slack", "T9");
    const actor = await chat.identify({
      platform: "slack",
      tenantId: "T9",
      userId: "U1",
      email: null,
      displayName: "U1",
      platformAdmin: false,
    });
    const out = recorder();
    await chat.handleCommand({ workspaceId, actor, conversation: { id: "D1", kind: "personal" }, text: "run" }, out);
    expect(out.last().text).toBe("There is nothing to audit: this workspace has no CRM data yet.");
    expect(text(out.last())).not.toMatch(/\/100/);
    expect(await real.history(workspaceId, 5)).toEqual([]);
    await real.close();
  });
});

describe("chat core: partial runs", () => {
  it("keep the latest full audit as the headline in status, findings, history and the next comparison", async () => {
    const real = createAuditService(db.stores);
    const chat = createChatCore({
      db,
      audit: real,
      logger: silentLogger,
      adminUserIds: { slack: [], teams: [] },
      checks: CHECKS,
    });
    const workspaceId = await chat.resolveWorkspace("slack", "T1");
    seedWorkspace(db, workspaceId, "a");
    const actor = await chat.identify({
      platform: "slack",
      tenantId: "T1",
      userId: "U1",
      email: null,
      displayName: "U1",
      platformAdmin: false,
    });
    const out = recorder();
    const say = (text: string) =>
      chat.handleCommand({ workspaceId, actor, conversation: { id: "D1", kind: "personal" }, text }, out);

    await say("run");
    const full = (await real.latest(workspaceId))!;
    const other = full.findings.find((f) => f.count > 0 && f.category !== "security")!;
    await say("run security");
    const partial = (await real.history(workspaceId, 1))[0]!;
    expect(partial).toMatchObject({ selection: ["security"] });
    expect(partial.overall).not.toBe(full.scores.overall);
    expect(out.last().blocks.slice(0, 2)).toMatchObject([
      { type: "heading", text: "CRM audit (partial: security)" },
      { type: "score", label: "Score of these checks", value: Math.round(partial.overall) },
    ]);
    expect(text(out.last())).toContain("First run of these checks");

    await say("status");
    expect(out.last().blocks.slice(0, 2)).toMatchObject([
      { type: "heading", text: "Latest CRM audit" },
      { type: "score", label: "CRM health score", value: Math.round(full.scores.overall) },
    ]);
    expect(text(out.last())).toContain(`Run #${full.id} as of`);
    await say(`findings ${other.checkId}`);
    expect(text(out.last())).not.toContain("was not part of run");
    expect(text(out.last())).toContain(`run #${full.id}`);

    await say("history");
    const history = out.last();
    const table = history.blocks.find((b) => b.type === "table");
    expect(table?.type === "table" && table.rows.map((r) => r[3])).toEqual(["all", "partial: security"]);
    const chart = history.blocks.find((b) => b.type === "chart");
    expect(chart?.type === "chart" && chart.chart.labels).toEqual([`#${full.id}`]);
    expect(history.text).toBe(`Last 2 audits: score ${Math.round(full.scores.overall)}`);

    await say("run");
    expect(text(out.last())).toContain(`Since run #${full.id}: score`);
    await real.close();
  });
});

describe("chat core: buttons", () => {
  it("shows records, marks a task done and snoozes a reminder; refuses strangers and bad values", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    const rep = await slackRequest("U1", "a.rep@example.com", "");
    const out = recorder();
    await core.handleCommand({ ...rep, text: "run" }, out);
    const show = buttons(out.last()).find((b) => b.actionId === "findings.records")!;
    await core.handleAction({ ...rep, actionId: show.actionId, value: show.value }, out);
    expect(out.sent[out.sent.length - 1]!.op).toBe("reply");
    expect(text(out.last())).toMatch(/Overdue tasks|Contacts with no email/);

    await core.handleCommand({ ...rep, text: "overdue" }, out);
    const done = buttons(out.last()).find((b) => b.actionId === "task.done")!;
    expect(parseActionValue(done.actionId, done.value)).toEqual({ actionId: "task.done", value: { taskId: "at1" } });
    const stranger = await slackRequest("U5", null, "");
    await core.handleAction({ ...stranger, actionId: done.actionId, value: done.value }, out);
    expect(out.last().text).toContain("Only the task's assignee");
    await core.handleAction({ ...rep, actionId: done.actionId, value: done.value }, out);
    // The overdue list is replaced in place, without the task, under a confirmation.
    expect(out.sent[out.sent.length - 1]!.op).toBe("update");
    expect(text(out.last())).toContain('Marked \\"a Call back about renewal\\" done.');
    expect(out.last().text).toContain("a Rep: 0 overdue tasks");
    // A mark of the bot's own: the imported task is left as the CRM says.
    expect(db.sqlite.prepare(`SELECT status, completedAt FROM tasks WHERE id = 'at1'`).get()).toEqual({
      status: "open",
      completedAt: null,
    });
    expect(text(out.last())).toContain("1 marked done in chat, not yet closed in the CRM");

    await core.handleAction(
      { ...rep, actionId: "reminder.snooze", value: JSON.stringify({ recordType: "deal", recordId: "ad1", days: 7 }) },
      out,
    );
    // Snooze replaces the card too, naming the item, and the deal leaves the list until then.
    expect(out.sent[out.sent.length - 1]!.op).toBe("update");
    expect(text(out.last())).toContain('Snoozed \\"a Big renewal\\" until 2026-06-22.');
    expect(out.last().text).toContain("a Rep: 0 overdue tasks, 0 deals needing attention");
    expect(text(out.last())).toContain("1 snoozed");
    expect(db.sqlite.prepare(`SELECT kind, until, markedBy FROM record_marks WHERE recordId = 'ad1'`).get()).toEqual({
      kind: "snooze",
      until: T0 + 7 * 86_400_000,
      markedBy: "U1",
    });

    await core.handleAction({ ...rep, actionId: "task.done", value: "{not json" }, out);
    expect(out.last().text).toContain("no longer valid");
    await core.handleAction({ ...rep, actionId: "task.done", value: "x".repeat(2001) }, out);
    expect(out.last().text).toContain("no longer valid");
  });

  it("builds the home view with the viewer's own overdue work", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    const rep = await slackRequest("U1", "a.rep@example.com", "");
    const before = await core.homeView(rep);
    expect(text(before)).toContain("No audit has run yet");
    await core.handleCommand({ ...rep, text: "run" }, recorder());
    const home = await core.homeView(rep);
    expect(home.blocks.find((b) => b.type === "score")).toMatchObject({ value: 85 });
    expect(text(home)).toContain("a Call back about renewal");
    expect(text(home)).not.toContain("a Boss task");
    expect(buttons(home).map((b) => b.label)).toEqual(["Run audit", "Open findings"]);
  });
});

describe("chat core: workspace isolation", () => {
  it("never shows one tenant's findings, records or overdue items to another", async () => {
    seedWorkspace(db, await core.resolveWorkspace("slack", "T1"), "a");
    seedWorkspace(db, await core.resolveWorkspace("slack", "T2"), "b");
    const inA = await slackRequest("U1", "a.rep@example.com", "");
    const wsB = await core.resolveWorkspace("slack", "T2");
    const actorB = await core.identify({
      platform: "slack",
      tenantId: "T2",
      userId: "U1", // the same user id in another team is another person
      email: "a.rep@example.com",
      displayName: "x",
      platformAdmin: true,
    });
    expect(actorB.crmUserId).toBeNull(); // a.rep is not a CRM user of workspace B
    const inB = { workspaceId: wsB, actor: actorB, conversation: { id: "C2", kind: "personal" as const } };

    const a = recorder();
    await core.handleCommand({ ...inA, text: "run" }, a);
    const b = recorder();
    await core.handleCommand({ ...inB, text: "status" }, b);
    expect(b.last().text).toBe("No audit has run in this workspace yet.");
    // A button from A's message pressed in B finds nothing.
    const show = buttons(a.last()).find((x) => x.actionId === "findings.records")!;
    await core.handleAction({ ...inB, actionId: show.actionId, value: show.value }, b);
    expect(b.last().text).toContain("no longer stored");
    await core.handleCommand({ ...inB, text: "run" }, b);
    await core.handleCommand({ ...inB, text: "findings task.overdue" }, b);
    expect(text(b.last())).toContain("b Call back about renewal");
    expect(text(b.last())).not.toContain("a Call back");
    await core.handleCommand({ ...inB, text: "overdue a.rep@example.com" }, b);
    expect(b.last().text).toContain('No CRM user "a.rep@example.com"');
    await core.handleCommand({ ...inB, text: "overdue au1" }, b);
    expect(b.last().text).toContain('No CRM user "au1"');
    await core.handleAction({ ...inB, actionId: "task.done", value: JSON.stringify({ taskId: "at1" }) }, b);
    expect(b.last().text).toContain("no longer in the CRM copy");
    expect(db.sqlite.prepare(`SELECT status FROM tasks WHERE id = 'at1'`).get()).toEqual({ status: "open" });
    const home = await core.homeView(inB);
    expect(text(home)).not.toMatch(/"a |a Rep|a Widgets/);
  });
});
