/**
 * `run` and the *Run audit* button through the chat core with the job queue on a real SQLite
 * file (docs/jobs.md): a request with a reply address is queued and answered with the progress
 * message; a second `run` joins and is told what is running; the runner answers both through the
 * rebuilt responders, each with their visibility; a request without a reply address (the console)
 * runs here unless an audit of the workspace is queued or running.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChatCore } from "../../../src/chat-core.js";
import type { ChatCore, CommandRequest, Responder } from "../../../src/core/commands/types.js";
import { NothingToAuditError } from "../../../src/core/audit/types.js";
import { auditJobHandler } from "../../../src/core/jobs/audit-job.js";
import type { ReplyAddress } from "../../../src/core/jobs/reply-address.js";
import { createJobRunner, type JobRunner } from "../../../src/core/jobs/runner.js";
import type { Message } from "../../../src/core/messages/model.js";
import type { Database } from "../../../src/db/database.js";
import { jobStore } from "../../../src/db/stores/jobs.js";
import { silentLogger } from "../../../src/logger.js";
import { freshDatabase } from "../../helpers/db.js";
import { seedWorkspace, T0 } from "../commands/seed.js";
import { createTestAuditService, TEST_CHECKS } from "../commands/test-audit.js";

function recorder(): Responder & { sent: { op: string; message: Message }[] } {
  const sent: { op: string; message: Message }[] = [];
  return {
    sent,
    reply: async (message) => void sent.push({ op: "reply", message }),
    update: async (message) => void sent.push({ op: "update", message }),
  };
}

let db: Database;
let core: ChatCore;
let runner: JobRunner;
let audit: ReturnType<typeof createTestAuditService>;
/** What the runner sent to each address, by its `id`. */
const answered = new Map<string, ReturnType<typeof recorder>>();

beforeEach(() => {
  db = freshDatabase("jobs-run-command");
  audit = createTestAuditService(db, T0);
  answered.clear();
  runner = createJobRunner({
    store: jobStore(db),
    handlers: [auditJobHandler({ audit, records: db.stores.chat.records, logger: silentLogger })],
    responders: async (address) => {
      const out = recorder();
      answered.set(String(address.detail.id), out);
      return out;
    },
    instanceId: "test",
    logger: silentLogger,
    leaseMs: 60_000,
    pollMs: 1000,
    maxAttempts: 3,
    now: () => T0,
  });
  core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: ["UADMIN"], teams: [] },
    checks: TEST_CHECKS,
    consoleWorkspaceId: "local-ws",
    now: () => T0,
    jobs: runner,
  });
});
afterEach(async () => {
  await db.close();
});

async function request(userId: string, text: string, address: string | null): Promise<CommandRequest> {
  const workspaceId = await core.resolveWorkspace("slack", "T1");
  const actor = await core.identify({
    platform: "slack",
    tenantId: "T1",
    userId,
    email: null,
    displayName: userId,
    platformAdmin: userId === "UADMIN",
  });
  const replyAddress: ReplyAddress | undefined = address ? { platform: "slack", detail: { id: address } } : undefined;
  return {
    workspaceId,
    actor,
    conversation: { id: "C1", kind: "channel" },
    text,
    ...(replyAddress ? { replyAddress } : {}),
  };
}

describe("run with the job queue", () => {
  it("queues one audit, tells a second asker what is running, and answers both with its result", async () => {
    const workspaceId = await core.resolveWorkspace("slack", "T1");
    seedWorkspace(db, workspaceId, "a");
    const first = recorder();
    const second = recorder();
    await core.handleCommand(await request("U1", "run", "first"), first);
    await core.handleCommand(await request("UADMIN", "run --post", "second"), second);
    expect(audit.runs).toHaveLength(0);
    expect(first.sent.map((s) => [s.op, s.message.text])).toEqual([["reply", "Running the CRM audit (all checks)…"]]);
    expect(second.sent[0]!.message.text).toBe(
      "An audit of this workspace (all checks) is already queued: started by U1 at 2026-06-15 12:00 UTC.",
    );
    expect(second.sent[0]!.message.visibility).toBe("channel");

    expect(await runner.runOnce()).toBe(true);
    expect(audit.runs).toHaveLength(1);
    const [mine, posted] = [answered.get("first")!.sent, answered.get("second")!.sent];
    expect(mine.map((s) => [s.op, s.message.visibility])).toEqual([["update", "private"]]);
    expect(posted.map((s) => [s.op, s.message.visibility])).toEqual([["update", "channel"]]);
    expect(mine[0]!.message.text).toMatch(/^CRM audit score/);
  });

  it("runs a console request here, but not while an audit of the workspace is queued", async () => {
    const workspaceId = await core.resolveWorkspace("slack", "T1");
    seedWorkspace(db, workspaceId, "a");
    const local = recorder();
    await core.handleCommand(await request("U1", "run", null), local);
    expect(local.sent.map((s) => s.op)).toEqual(["reply", "update"]);
    expect(audit.runs).toHaveLength(1);

    await core.handleCommand(await request("U1", "run", "queued"), recorder());
    const refused = recorder();
    await core.handleCommand(await request("U2", "run", null), refused);
    expect(refused.sent.map((s) => s.message.text)).toEqual([
      "An audit of this workspace (all checks) is already queued: started by U1 at 2026-06-15 12:00 UTC.",
    ]);
    expect(audit.runs).toHaveLength(1);
  });

  it("answers a queued audit of a workspace without data with the nothing-to-audit notice", async () => {
    audit.run = async (options) => {
      throw new NothingToAuditError(options.workspaceId);
    };
    const out = recorder();
    await core.handleCommand(await request("U1", "run", "empty"), out);
    expect(await runner.runOnce()).toBe(true);
    expect(answered.get("empty")!.sent.map((s) => s.message.text)).toEqual([
      "There is nothing to audit: this workspace has no CRM data yet.",
    ]);
  });
});
