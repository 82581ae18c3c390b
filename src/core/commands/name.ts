/** The slash command's name, as Slack users type it and as help and usage lines show it. */
export const COMMAND_NAME = "/crm-audit";
