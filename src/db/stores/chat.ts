/** The chat core's stores on one database, SQLite or PostgreSQL (src/core/stores/chat.ts). */
import type { ChatStores } from "../../core/stores/chat.js";
import type { Database } from "../database.js";
import { checkOverrideStore } from "./check-overrides.js";
import { markStore } from "./marks.js";
import { peopleStore } from "./people.js";
import { recordStore } from "./records.js";
import { scheduleStore } from "./schedules.js";
import { chatIdentityStore, workspaceStore } from "./workspaces.js";

export function chatStores(db: Pick<Database, "sql" | "prisma">): ChatStores {
  return {
    workspaces: workspaceStore(db),
    identities: chatIdentityStore(db),
    checkOverrides: checkOverrideStore(db),
    people: peopleStore(db),
    records: recordStore(db),
    marks: markStore(db),
    schedules: scheduleStore(db),
  };
}
