/**
 * Configuration from environment variables (and `.env`), parsed once at start-up with zod.
 * A bad value stops the start with one line naming the variable (see ConfigError).
 */
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v)));

const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/crm-audit.db")
    .refine((v) => v.startsWith("file:"), 'must be a SQLite URL such as "file:./data/crm-audit.db"'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  CRM_AUDIT_WORKSPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, '.', '_' or '-', at most 64")
    .default("default"),
  CRM_AUDIT_CONFIG: optionalString,
  SAMPLE_CONTACTS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  SAMPLE_SEED: z.coerce.number().int().default(42),
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SOCKET_MODE: booleanFlag,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: z.url().optional(),
  SLACK_ADMIN_USER_IDS: idList,
  /** Hosts besides hooks.slack.com (and SLACK_API_URL's) that may receive answers to response_url. */
  SLACK_RESPONSE_URL_HOSTS: idList.refine(
    (hosts) =>
      hosts.every((h) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i.test(h)),
    "a comma-separated list of host names such as hooks.slack-gov.com (no scheme, no path)",
  ),

  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(["SingleTenant", "UserAssignedMSI"]).optional(),
  MicrosoftAppTenantId: optionalString,
  TEAMS_ADMIN_USER_IDS: idList,
  /**
   * Teams' /api/messages endpoint: "auto" mounts it when MicrosoftAppId is set; "on" also
   * without an app id (unauthenticated, for the local Agents Playground); "off" never.
   */
  TEAMS: z.enum(["auto", "on", "off"]).default("auto"),
});

export type AppConfig = z.output<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable}: ${detail}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const raw = env[variable];
    throw new ConfigError(variable, `${issue.message}${raw === undefined ? "" : ` (got "${raw}")`}`);
  }
  const config = result.data;
  if (config.SLACK_SOCKET_MODE && !config.SLACK_APP_TOKEN) {
    throw new ConfigError("SLACK_APP_TOKEN", "is required when SLACK_SOCKET_MODE is true");
  }
  if ((config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) && !config.SLACK_SIGNING_SECRET && !config.SLACK_SOCKET_MODE) {
    throw new ConfigError("SLACK_SIGNING_SECRET", "is required to verify Slack's HTTP requests");
  }
  if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== "UserAssignedMSI") {
    throw new ConfigError("MicrosoftAppPassword", "is required when MicrosoftAppId is set");
  }
  return config;
}
