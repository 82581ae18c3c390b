/** The stores the chat core works with; src/db/stores/chat.ts builds them on the SQLite database. */
import type { CheckOverrideStore } from "./check-overrides.js";
import type { KpiStore } from "./kpi-snapshots.js";
import type { MarkStore } from "./marks.js";
import type { OutboxStore, PersonalChatStore } from "./outbox.js";
import type { PeopleStore } from "./people.js";
import type { RecordStore } from "./records.js";
import type { RunRecordStore } from "./run-records.js";
import type { ReminderStore } from "./reminders.js";
import type { ScheduleStore } from "./schedules.js";
import type { SurveyStore } from "./surveys.js";
import type { ChatIdentityStore, WorkspaceStore } from "./workspaces.js";

export interface ChatStores {
  workspaces: WorkspaceStore;
  identities: ChatIdentityStore;
  checkOverrides: CheckOverrideStore;
  people: PeopleStore;
  records: RecordStore;
  marks: MarkStore;
  schedules: ScheduleStore;
  outbox: OutboxStore;
  personalChats: PersonalChatStore;
  kpis: KpiStore;
  runRecords: RunRecordStore;
  surveys: SurveyStore;
  reminders: ReminderStore;
}
