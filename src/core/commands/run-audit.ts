/**
 * Running an audit from chat (the `run` command, the *Run audit* button): progress, then the
 * result. A request that says where to answer (a reply address: Slack, Teams) queues an audit
 * job (docs/jobs.md) that any instance may run, and is answered at once with the progress
 * message, replaced by the result when it lands; a `run` while the workspace's audit is queued
 * or running joins it and is told what is running. Without a reply address (the console) the
 * audit runs here, unless the workspace's audit is already queued or running elsewhere.
 */
import { NothingToAuditError } from "../audit/types.js";
import { auditFailedMessage, nothingToAuditMessage, type AuditJobPayload } from "../jobs/audit-job.js";
import { auditAlreadyRunningMessage } from "../jobs/messages.js";
import { progressMessage } from "../messages/audit.js";
import { summaryOf } from "./audit-views.js";
import { actorName, type ChatServices } from "./define.js";
import type { RequestContext, Responder } from "./types.js";

export async function runAudit(
  services: Pick<ChatServices, "audit" | "stores" | "logger" | "jobs" | "now">,
  request: RequestContext,
  select: readonly string[],
  post: boolean,
  out: Responder,
): Promise<void> {
  const visibility = post ? "channel" : "private";
  const { jobs } = services;
  if (jobs && request.replyAddress) {
    const payload: AuditJobPayload = { select: [...select], trigger: request.actor.platform };
    const { job, queued } = await jobs.submit({
      kind: "audit",
      workspaceId: request.workspaceId,
      payload,
      requester: { address: request.replyAddress, visibility, requestedBy: actorName(request), at: services.now() },
    });
    if (queued) return out.reply(progressMessage([...select], visibility));
    return out.reply(auditAlreadyRunningMessage(job, visibility, true));
  }
  const active = await jobs?.active(request.workspaceId, "audit");
  if (active) return out.reply(auditAlreadyRunningMessage(active, visibility, false));
  await out.reply(progressMessage([...select], visibility));
  try {
    const result = await services.audit.run({
      workspaceId: request.workspaceId,
      select: select.length ? [...select] : undefined,
      trigger: request.actor.platform,
      requestedBy: actorName(request),
    });
    await out.update(await summaryOf(services.stores.records, result, visibility));
  } catch (error) {
    if (error instanceof NothingToAuditError) return out.update(nothingToAuditMessage(visibility));
    services.logger.error("audit run failed", { workspaceId: request.workspaceId, error: String(error) });
    await out.update(auditFailedMessage((error as Error).message, visibility));
  }
}
