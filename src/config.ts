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
    .refine(
      (v) => /^(file:|postgres(ql)?:\/\/)/i.test(v),
      'must be a SQLite URL such as "file:./data/crm-audit.db" or a PostgreSQL URL such as "postgres://user@host/db"',
    ),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Default: 127.0.0.1 in local mode (no Slack or Teams credentials), 0.0.0.0 otherwise (see loadConfig). */
  HOST: optionalString,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_FORMAT: z.enum(["text", "json"]).default("text"),
  CRM_AUDIT_WORKSPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, '.', '_' or '-', at most 64")
    .default("default"),
  CRM_AUDIT_CONFIG: optionalString,
  SAMPLE_CONTACTS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
  SAMPLE_SEED: z.coerce.number().int().default(42),
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),
  /** Minutes a schedule's fire missed while the bot was down may be late and still run on start. */
  SCHEDULE_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  /** How long a claimed job (an audit from chat) holds without a heartbeat before another instance retakes it (docs/jobs.md). */
  JOBS_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** How often an idle instance looks for queued jobs, in milliseconds (jobs queued on it start at once). */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Claims of one job (its holders died) before it fails and the requesters are told. */
  JOBS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** A module providing the audit's checks (a ChecksProviderModule, src/core/audit/task.ts) instead of the built-in catalogue: plugins, tests. */
  CRM_AUDIT_CHECKS_MODULE: optionalString,

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
  /** Encrypts secrets stored in the database (Slack OAuth tokens): 32 random bytes, base64 or hex. */
  CRM_AUDIT_SECRET_KEY: optionalString
    .refine(
      (v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v) || /^[A-Za-z0-9+/]{43}=?$/.test(v),
      "must be 32 bytes as base64 or hex (make one with `openssl rand -base64 32`)",
    )
    .transform((v) => (v === undefined ? undefined : Buffer.from(v, v.length === 64 ? "hex" : "base64"))),

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

export type AppConfig = Omit<z.output<typeof EnvSchema>, "HOST"> & { HOST: string };

/** Never echoed in an error message. */
const SECRET_SETTINGS = new Set(["CRM_AUDIT_SECRET_KEY"]);

/** The tenant the Microsoft 365 Agents Playground sends unless its config file says otherwise. */
export const PLAYGROUND_TENANT_ID = "00000000-0000-0000-0000-0000000000001";

/** The one Teams tenant served: the app registration's, or locally (no app id) the Playground's. */
export function servedTeamsTenant(config: Pick<AppConfig, "MicrosoftAppTenantId">): string {
  return config.MicrosoftAppTenantId ?? PLAYGROUND_TENANT_ID;
}

/** 127.0.0.0/8, ::1 or localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

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
    const raw = SECRET_SETTINGS.has(variable) ? undefined : env[variable];
    throw new ConfigError(variable, `${issue.message}${raw === undefined ? "" : ` (got "${raw}")`}`);
  }
  const parsed = result.data;
  // Local mode (no chat platform credentials) listens on this machine only.
  const platformCredentials = Boolean(parsed.SLACK_BOT_TOKEN || parsed.SLACK_CLIENT_ID || parsed.MicrosoftAppId);
  const config = { ...parsed, HOST: parsed.HOST ?? (platformCredentials ? "0.0.0.0" : "127.0.0.1") };
  if (config.SLACK_SOCKET_MODE && !config.SLACK_APP_TOKEN) {
    throw new ConfigError("SLACK_APP_TOKEN", "is required when SLACK_SOCKET_MODE is true");
  }
  if ((config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) && !config.SLACK_SIGNING_SECRET && !config.SLACK_SOCKET_MODE) {
    throw new ConfigError("SLACK_SIGNING_SECRET", "is required to verify Slack's HTTP requests");
  }
  if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== "UserAssignedMSI") {
    throw new ConfigError("MicrosoftAppPassword", "is required when MicrosoftAppId is set");
  }
  if (config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
    throw new ConfigError(
      "MicrosoftAppTenantId",
      "is required when MicrosoftAppId is set (the one tenant the bot serves)",
    );
  }
  if (config.TEAMS === "on" && !config.MicrosoftAppId && !isLoopbackHost(config.HOST)) {
    throw new ConfigError(
      "HOST",
      `must be a loopback address (127.0.0.1, ::1) when TEAMS=on runs the Teams endpoint without MicrosoftAppId, unauthenticated (got "${config.HOST}")`,
    );
  }
  if (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && !config.SLACK_BOT_TOKEN && !config.CRM_AUDIT_SECRET_KEY) {
    throw new ConfigError(
      "CRM_AUDIT_SECRET_KEY",
      "is required for Slack OAuth installs: it encrypts the stored tokens (make one with `openssl rand -base64 32`)",
    );
  }
  return config;
}
