import type { ChatCore } from "../src/core/commands/types.js";
import type { Database } from "../src/db/database.js";
import { RecordingCore } from "../test/slack/recording-core.js";

/** TEMPORARY until createChatCore is on main. */
export async function benchCore(_db: Database, _team: string): Promise<ChatCore> {
  return new RecordingCore();
}
