/** The chat core's stores on one database, SQLite or PostgreSQL (src/core/stores/chat.ts). */
import type { ChatStores } from "../../core/stores/chat.js";
import type { Database } from "../database.js";
import { checkOverrideStore } from "./check-overrides.js";
import { kpiStore } from "./kpi-snapshots.js";
import { markStore } from "./marks.js";
import { outboxStore, personalChatStore } from "./outbox.js";
import { peopleStore } from "./people.js";
import { recordStore } from "./records.js";
import { runRecordStore } from "./run-records.js";
import { reminderStore } from "./reminders.js";
import { scheduleStore } from "./schedules.js";
import { surveyStore } from "./surveys.js";
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
    outbox: outboxStore(db),
    personalChats: personalChatStore(db),
    kpis: kpiStore(db),
    runRecords: runRecordStore(db),
    surveys: surveyStore(db),
    reminders: reminderStore(db),
  };
}
