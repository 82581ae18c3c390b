/** The stores the chat core works with; src/db/stores/chat.ts builds them on the SQLite database. */
import type { CheckOverrideStore } from "./check-overrides.js";
import type { MarkStore } from "./marks.js";
import type { PeopleStore } from "./people.js";
import type { RecordStore } from "./records.js";
import type { ReminderStore } from "./reminders.js";
import type { ScheduleStore } from "./schedules.js";
import type { ChatIdentityStore, WorkspaceStore } from "./workspaces.js";

export interface ChatStores {
  workspaces: WorkspaceStore;
  identities: ChatIdentityStore;
  checkOverrides: CheckOverrideStore;
  people: PeopleStore;
  records: RecordStore;
  marks: MarkStore;
  schedules: ScheduleStore;
  reminders: ReminderStore;
}
