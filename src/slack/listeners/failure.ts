import crypto from "node:crypto";
import { TenantNotServedError } from "../../core/commands/identity.js";
import type { Responder } from "../../core/commands/types.js";
import type { Message } from "../../core/messages/model.js";
import type { Logger } from "../../logger.js";

/** Logs a failed request and tells the person, with a reference to find the log line. */
export async function reportFailure(logger: Logger, responder: Responder, what: string, error: unknown): Promise<void> {
  if (error instanceof TenantNotServedError) {
    // Not a fault of ours: a team this install does not serve. Say so, show nothing else.
    logger.warn("slack request refused: team not served by this install", { teamId: error.tenantId, what });
    const refusal: Message = {
      text: error.message,
      blocks: [{ type: "text", text: error.message }],
      visibility: "private",
    };
    await responder
      .reply(refusal)
      .catch((e: unknown) => logger.warn("slack could not send the refusal", { error: String(e) }));
    return;
  }
  const ref = crypto.randomBytes(4).toString("hex");
  logger.error(`slack ${what} failed`, {
    ref,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  const message: Message = {
    text: `Sorry, that did not work (reference ${ref}).`,
    blocks: [
      { type: "text", text: `:warning: Sorry, that did not work. The error was logged with reference \`${ref}\`.` },
    ],
    visibility: "private",
  };
  await responder
    .reply(message)
    .catch((e: unknown) => logger.warn("slack could not report a failure", { ref, error: String(e) }));
}
