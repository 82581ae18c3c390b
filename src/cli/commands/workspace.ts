/**
 * `crm-audit workspace list|reset|delete`: what each workspace holds, and removing a
 * workspace's data (reset: records, import log and audit history; its settings and chat
 * bindings stay) or the whole workspace (delete). Both wait for a running import of the
 * workspace and write in one transaction. docs/usage.md ("Workspaces").
 */
import { Command } from "commander";
import { recordCount } from "../../core/messages/format.js";
import type { ClearedData, WorkspaceSummary } from "../../core/stores/workspace-data.js";
import type { SqlDriver } from "../../db/sql.js";
import { openers, type CliContext } from "../context.js";
import { CliFailure, cliConfig, lockedMessage } from "../errors.js";

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
const day = (t: number | null) => (t === null ? "never" : new Date(t).toISOString().slice(0, 16).replace("T", " "));

/** One line per workspace: id, records per entity, imports and audits. */
export function formatWorkspaceList(workspaces: readonly WorkspaceSummary[], current: string): string[] {
  if (workspaces.length === 0) return ["no workspaces yet: `crm-audit import <dir>` creates one"];
  return workspaces.map((w) => {
    const records = Object.entries(w.records).map(([entity, n]) => recordCount(n, entity));
    const parts = [
      records.length ? records.join(", ") : "no records",
      `${plural(w.imports, "import")} (last ${day(w.lastImportAt)})`,
      `${plural(w.audits, "audit")} (last ${day(w.lastAuditAt)})`,
    ];
    const marks = [w.id === current ? "current" : "", w.sampleOnly ? "sample data" : ""].filter(Boolean);
    return `${w.id}${marks.length ? ` [${marks.join(", ")}]` : ""}: ${parts.join("; ")}`;
  });
}

function describeCleared(cleared: ClearedData): string {
  const records = Object.values(cleared.records).reduce((a, n) => a + n, 0);
  return `${plural(records, "record")}, ${plural(cleared.imports, "import")}, ${plural(cleared.audits, "audit run")}`;
}

/** Opens the database, takes the workspace's import lock, runs `change` in one write transaction. */
async function underLock<T>(
  env: NodeJS.ProcessEnv,
  workspaceId: string,
  what: string,
  change: (sql: SqlDriver) => T,
): Promise<T> {
  const cfg = cliConfig(env);
  const { openMigrated, databaseLabel } = await openers();
  const { acquireImportLock } = await import("../../core/import/lock.js");
  const db = await openMigrated(cfg.DATABASE_URL);
  try {
    const release = await acquireImportLock(db.stores.importLocks, workspaceId, {
      onWait: (message) => console.error(message),
    });
    try {
      // One write transaction (on SQLite taken up front: BEGIN IMMEDIATE).
      return db.sql.transaction(() => change(db.sql));
    } finally {
      await release();
    }
  } catch (error) {
    const locked = lockedMessage(error, `${what} workspace ${workspaceId}`, databaseLabel(db));
    if (locked) throw new CliFailure(locked);
    throw error;
  } finally {
    await db.close();
  }
}

export function workspaceCommand({ env }: CliContext): Command {
  const workspace = new Command("workspace").description("list workspaces, or remove one's data");
  workspace
    .command("list")
    .description("every workspace with its records, imports and audits")
    .action(async () => {
      const cfg = cliConfig(env);
      const { openMigrated } = await openers();
      const { listWorkspaces } = await import("../../db/stores/workspace-data.js");
      const db = await openMigrated(cfg.DATABASE_URL);
      try {
        for (const line of formatWorkspaceList(listWorkspaces(db.sql), cfg.CRM_AUDIT_WORKSPACE)) console.log(line);
      } finally {
        await db.close();
      }
    });
  workspace
    .command("reset")
    .description("remove a workspace's records, import log and audit history; keep its settings")
    .argument("<id>", "the workspace")
    .action(async (id: string) => {
      const { clearWorkspaceData, workspaceExists } = await import("../../db/stores/workspace-data.js");
      const cleared = await underLock(env, id, "reset", (sql) =>
        workspaceExists(sql, id) ? clearWorkspaceData(sql, id) : null,
      );
      if (!cleared) throw new CliFailure(`error: no workspace "${id}" (crm-audit workspace list shows them)`);
      console.log(`reset workspace ${id}: removed ${describeCleared(cleared)}; its check settings and chat links stay`);
    });
  workspace
    .command("delete")
    .description("remove a workspace and everything stored under it")
    .argument("<id>", "the workspace")
    .action(async (id: string) => {
      const { deleteWorkspace } = await import("../../db/stores/workspace-data.js");
      const cleared = await underLock(env, id, "delete", (sql) => deleteWorkspace(sql, id));
      if (!cleared) throw new CliFailure(`error: no workspace "${id}" (crm-audit workspace list shows them)`);
      console.log(`deleted workspace ${id}: ${describeCleared(cleared)}, its check settings and chat links`);
    });
  return workspace;
}
