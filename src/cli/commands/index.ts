/**
 * Every `crm-audit` command, in the order `--help` lists them. Adding a command is one file
 * here plus its test; README.md ("Commands") and docs/usage.md ("CLI") list the same commands
 * (test/cli/docs.test.ts keeps them in step). A factory may load nothing heavy at the top:
 * `--help` imports every one of them.
 */
import type { CommandFactory } from "../context.js";
import { auditCommand } from "./audit.js";
import { dbCommand } from "./db-migrate.js";
import { duplicatesCommand } from "./duplicates.js";
import { importCommand } from "./import.js";
import { kpiCommand } from "./kpi.js";
import { planCommand } from "./plan.js";
import { reportCommand } from "./report.js";
import { remindCommand } from "./remind.js";
import { sampleCommand } from "./sample.js";
import { scheduleCommand } from "./schedule.js";
import { serveCommand } from "./serve.js";
import { surveyCommand } from "./survey.js";
import { workspaceCommand } from "./workspace.js";

export const COMMANDS: readonly CommandFactory[] = [
  serveCommand,
  importCommand,
  sampleCommand,
  auditCommand,
  kpiCommand,
  planCommand,
  reportCommand,
  duplicatesCommand,
  workspaceCommand,
  scheduleCommand,
  surveyCommand,
  remindCommand,
  dbCommand,
];
