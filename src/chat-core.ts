/**
 * The chat core on the database (SQLite or PostgreSQL): the dispatcher of src/core/commands/core.ts with the
 * stores of src/db/stores/. What app.ts, the tests and the benches start.
 */
import { createChatDispatcher, type ChatDispatcherDeps } from "./core/commands/core.js";
import type { ChatCore } from "./core/commands/types.js";
import type { AnyDatabase } from "./db/database.js";

export type ChatCoreDeps = Omit<ChatDispatcherDeps, "stores"> & { db: Pick<AnyDatabase, "stores"> };

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const { db, ...rest } = deps;
  return createChatDispatcher({ ...rest, stores: db.stores.chat });
}
