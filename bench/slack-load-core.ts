/**
 * The chat core the Slack load benchmark runs behind the bot: the app's own composition
 * (createChatCore with the real audit service and check catalogue) on the bench's database
 * (SQLite, or PostgreSQL with `--db postgres`), with a small seeded CRM copy and one audit already run, so every
 * `/crm-audit status` reads a real latest run (score, findings, trend) from the database.
 */
import { createAuditService } from "../src/core/audit/service.js";
import { CHECKS } from "../src/core/checks/registry.js";
import { createChatCore } from "../src/chat-core.js";
import type { ChatCore } from "../src/core/commands/types.js";
import type { AnyDatabase } from "../src/db/database.js";
import { silentLogger } from "../src/logger.js";
import { seedWorkspace } from "../test/core/commands/seed.js";

export async function benchCore(db: AnyDatabase, team: string): Promise<ChatCore> {
  const audit = createAuditService(db.stores, { logger: silentLogger });
  const core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
  });
  const workspaceId = await core.resolveWorkspace("slack", team);
  seedWorkspace(db, workspaceId, "b");
  await audit.run({ workspaceId, trigger: "slack", requestedBy: "bench" });
  return core;
}
