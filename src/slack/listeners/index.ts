/** Registers every listener, by feature (the bolt-js starter template's layout). */
import type { App } from "@slack/bolt";
import { registerBlockActions } from "./actions/block-actions.js";
import { registerCrmAuditCommand } from "./commands/crm-audit.js";
import type { ListenerDeps } from "./deps.js";
import { registerAppHomeOpened } from "./events/app-home-opened.js";
import { registerFormSubmission } from "./views/form-submission.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCrmAuditCommand(app, deps);
  registerBlockActions(app, deps);
  registerFormSubmission(app, deps);
  registerAppHomeOpened(app, deps);
}
