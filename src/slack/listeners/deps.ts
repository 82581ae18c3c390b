import type { ChatCore } from "../../core/commands/types.js";
import type { Logger } from "../../logger.js";
import type { ChannelDelivery } from "../delivery.js";
import type { ResponseUrlPolicy } from "../response-url.js";
import type { SlackIdentities } from "../identity.js";
import type { WorkQueue } from "../work-queue.js";

/** What every listener needs; built once per integration (no module-level state). */
export interface ListenerDeps {
  core: ChatCore;
  identities: SlackIdentities;
  delivery: ChannelDelivery;
  logger: Logger;
  /** Where work after the acknowledgement waits its turn. */
  work: WorkQueue;
  /** Whether a response_url from a request may be posted to. */
  responseUrlAllowed: ResponseUrlPolicy;
  /** The slash command as configured in the manifest. */
  command: string;
}
