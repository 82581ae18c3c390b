/**
 * The audit as a queued job (docs/jobs.md): started from chat (`run`, the *Run audit* button),
 * run by whichever instance claims it, answered to everyone who asked while it was queued or
 * running. The result stored is the run's id; each requester's message is built from the stored
 * run, with their visibility.
 */
import type { Logger } from "../../logger.js";
import type { AuditService } from "../audit/types.js";
import { NothingToAuditError } from "../audit/types.js";
import { summaryOf } from "../commands/audit-views.js";
import { noticeMessage } from "../messages/help.js";
import type { Message, Visibility } from "../messages/model.js";
import type { RecordStore } from "../stores/records.js";
import type { JobHandler } from "./runner.js";
import type { Job } from "./store.js";

export interface AuditJobPayload {
  /** Checks or categories, resolved; empty for all checks. */
  select: string[];
  /** Platform of the first requester: the run's trigger. */
  trigger: string;
}

type AuditJobResult = { runId: number } | { nothingToAudit: true };

/** The answer when the workspace holds no CRM data (the same in chat, queued or not). */
export function nothingToAuditMessage(visibility: Visibility): Message {
  const nothing = noticeMessage(
    "There is nothing to audit: this workspace has no CRM data yet.",
    "Import an export first: `npx crm-audit import <folder>` (docs/import.md).",
  );
  return { ...nothing, visibility };
}

export function auditFailedMessage(error: string, visibility: Visibility): Message {
  return { ...noticeMessage(`The audit failed: ${error}`), visibility };
}

export function auditJobHandler(deps: { audit: AuditService; records: RecordStore; logger: Logger }): JobHandler {
  return {
    kind: "audit",
    async run(job: Job): Promise<AuditJobResult> {
      const payload = job.payload as AuditJobPayload;
      try {
        const run = await deps.audit.run({
          workspaceId: job.workspaceId,
          select: payload.select.length ? payload.select : undefined,
          trigger: payload.trigger,
          requestedBy: job.requestedBy,
        });
        return { runId: run.id };
      } catch (error) {
        if (error instanceof NothingToAuditError) return { nothingToAudit: true };
        throw error;
      }
    },
    async outcome(job, visibility) {
      const result = job.result as AuditJobResult;
      if ("nothingToAudit" in result) return nothingToAuditMessage(visibility);
      const run = await deps.audit.get(job.workspaceId, result.runId);
      if (!run) return auditFailedMessage(`its run ${result.runId} is no longer stored`, visibility);
      return summaryOf(deps.records, run, visibility);
    },
    failed: (_job, error, visibility) => auditFailedMessage(error, visibility),
  };
}
