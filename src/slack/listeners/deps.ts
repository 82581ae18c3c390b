import type { ChatCore } from "../../core/commands/types.js";
import type { Logger } from "../../logger.js";
import type { ChannelDelivery } from "../delivery.js";
import type { SlackIdentities } from "../identity.js";

/** What every listener needs; built once per integration (no module-level state). */
export interface ListenerDeps {
  core: ChatCore;
  identities: SlackIdentities;
  delivery: ChannelDelivery;
  logger: Logger;
  /** The slash command as configured in the manifest. */
  command: string;
}
