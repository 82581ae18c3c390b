/**
 * Every chat command and button action, in the order `help` and the docs list them. Adding a
 * command is one file under chat/, one line here and its test; the parser, help, usage errors,
 * the read-only set and the docs tables follow from its meta (test/core/commands/docs.test.ts).
 */
import type { ActionId } from "./actions.js";
import auditRun from "./buttons/audit-run.js";
import configPage from "./buttons/config-page.js";
import findingsList from "./buttons/findings-list.js";
import findingsRecords from "./buttons/findings-records.js";
import notMine from "./buttons/not-mine.js";
import overduePage from "./buttons/overdue-page.js";
import reminderDone from "./buttons/reminder-done.js";
import remindersPage from "./buttons/reminders-page.js";
import snooze from "./buttons/snooze.js";
import taskDone from "./buttons/task-done.js";
import usersPage from "./buttons/users-page.js";
import chart from "./chat/chart.js";
import config from "./chat/config.js";
import findings from "./chat/findings.js";
import help from "./chat/help.js";
import history from "./chat/history.js";
import kpi from "./chat/kpi.js";
import link from "./chat/link.js";
import overdue from "./chat/overdue.js";
import plan from "./chat/plan.js";
import report from "./chat/report.js";
import reminders from "./chat/reminders.js";
import run from "./chat/run.js";
import schedule from "./chat/schedule.js";
import status from "./chat/status.js";
import survey from "./chat/survey.js";
import users from "./chat/users.js";
import whoami from "./chat/whoami.js";
import type { ActionModule, CommandModule } from "./define.js";

// Each module's own argument type is checked where it is defined; the list holds them alike.
export const COMMANDS: readonly CommandModule<never>[] = [
  help,
  run,
  status,
  findings,
  overdue,
  reminders,
  history,
  kpi,
  plan,
  chart,
  report,
  config,
  schedule,
  survey,
  users,
  whoami,
  link,
] as unknown as readonly CommandModule<never>[];

export const ACTIONS: readonly ActionModule<ActionId>[] = [
  auditRun,
  findingsList,
  findingsRecords,
  overduePage,
  usersPage,
  configPage,
  taskDone,
  snooze,
  notMine,
  reminderDone,
  remindersPage,
] as unknown as readonly ActionModule<ActionId>[];

export function commandNamed(name: string): CommandModule<never> | undefined {
  return COMMANDS.find((c) => c.meta.name === name.toLowerCase());
}

export function actionWithId(id: string): ActionModule<ActionId> | undefined {
  return ACTIONS.find((a) => a.id === id);
}
