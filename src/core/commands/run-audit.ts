/** Running an audit from chat (the `run` command, the *Run audit* button): progress, then the result. */
import { NothingToAuditError } from "../audit/types.js";
import { progressMessage } from "../messages/audit.js";
import { noticeMessage } from "../messages/help.js";
import { summaryOf } from "./audit-views.js";
import { actorName, type ChatServices } from "./define.js";
import type { RequestContext, Responder } from "./types.js";

export async function runAudit(
  services: Pick<ChatServices, "audit" | "stores" | "logger">,
  request: RequestContext,
  select: readonly string[],
  post: boolean,
  out: Responder,
): Promise<void> {
  const visibility = post ? "channel" : "private";
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
    if (error instanceof NothingToAuditError) {
      const nothing = noticeMessage(
        "There is nothing to audit: this workspace has no CRM data yet.",
        "Import an export first: `npx crm-audit import <folder>` (docs/import.md).",
      );
      return out.update({ ...nothing, visibility });
    }
    services.logger.error("audit run failed", { workspaceId: request.workspaceId, error: String(error) });
    await out.update({ ...noticeMessage(`The audit failed: ${(error as Error).message}`), visibility });
  }
}
