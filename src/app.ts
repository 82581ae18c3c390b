/**
 * The composition root of `crm-audit serve` / `npm start`: configuration, database and
 * migrations, the sample dataset on an empty workspace, the audit service and chat core, the
 * HTTP server, the local console on a terminal, Slack/Teams when they are configured, and the
 * scheduler that fires the workspace schedules (docs/schedules.md).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Readable, Writable } from "node:stream";
import { isLoopbackHost, servedTeamsTenant, type AppConfig } from "./config.js";
import { startConsole, type ConsoleSession } from "./console/repl.js";
import { createAuditService } from "./core/audit/service.js";
import { loadAuditConfig } from "./core/checks/config.js";
import { CHECKS } from "./core/checks/registry.js";
import { createChatCore } from "./chat-core.js";
import type { SingleTenants } from "./core/commands/identity.js";
import type { ChatCore } from "./core/commands/types.js";
import { SAMPLE_SOURCE_PREFIX } from "./core/stores/workspace-data.js";
import { retryBusy } from "./db/busy.js";
import { holdsOnlySample } from "./db/stores/workspace-data.js";
import { databaseLabel, migrateDatabase, openAnyDatabase, type AnyDatabase } from "./db/database.js";
import { isConnectionError } from "./db/postgres/sync-client.js";
import type { Logger } from "./logger.js";
import { DeliveryStore } from "./server/deliveries.js";
import { createHttpServer, listen } from "./server/http.js";
import { countedAudits, countJob } from "./server/metrics.js";
import type { HttpRoute } from "./server/types.js";
import type { ChatIntegration } from "./server/types.js";
import { createScheduler } from "./core/schedules/scheduler.js";
import { createDrainer, outboxDeliverer } from "./core/outbox/drainer.js";
import { auditJobHandler } from "./core/jobs/audit-job.js";
import type { ResponderFactory } from "./core/jobs/reply-address.js";
import { createJobRunner } from "./core/jobs/runner.js";
import { jobStore } from "./db/stores/jobs.js";
import { outboxSenders, platformDirectory, type OutboxPlatforms } from "./outbox.js";
import type { SlackIntegration } from "./slack/index.js";
import type { TeamsIntegration } from "./teams/index.js";
import { APP_VERSION } from "./version.js";

export interface AppIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
}

export interface RunningApp {
  url: string;
  port: number;
  workspaceId: string;
  /** Stops everything once (console, integrations, server, database). */
  stop(): Promise<void>;
  /** Resolves when the app has stopped (e.g. the console user typed `exit`). */
  stopped: Promise<void>;
}

/** True when the workspace holds no CRM records at all (a fresh database or a new workspace). */
export function workspaceIsEmpty(db: AnyDatabase, workspaceId: string): boolean {
  return !db.stores.auditWorkspaces.hasRecords(workspaceId);
}

/** The banner's promise about the sample (docs/import.md, "The sample"). */
const SAMPLE_REPLACED = "your first `crm-audit import` replaces it";

/** Generates the seeded sample bundle in a temp folder and imports it into the workspace. */
async function loadSample(db: AnyDatabase, config: AppConfig, logger: Logger): Promise<string> {
  // Loaded only here: the generator (and its fake-data library) and the import pipeline (CSV
  // parser, phone numbers) cost start-up time that a workspace holding data never needs
  // (docs/performance.md).
  const { MIN_SAMPLE_CONTACTS, writeSampleBundle } = await import("./core/sample/index.js");
  const contacts = Math.max(MIN_SAMPLE_CONTACTS, config.SAMPLE_CONTACTS);
  const started = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-audit-sample-"));
  try {
    // Dated relative to now, so the first audits (which run as of now) find the documented
    // defect rates rather than a dataset that has aged since the generator's default as-of.
    await writeSampleBundle(dir, { contacts, seed: config.SAMPLE_SEED, asOf: new Date() });
    // Marked as the sample in import_log: the first real import replaces it (docs/import.md, "The sample").
    const { importBundle } = await import("./core/import/index.js");
    const report = await importBundle(db.stores, config.CRM_AUDIT_WORKSPACE, dir, {
      sourceLabel: `${SAMPLE_SOURCE_PREFIX}seed ${config.SAMPLE_SEED}, ${contacts} contacts`,
    });
    if (!report.ok)
      throw new Error(`the sample dataset did not import: ${report.issues[0]?.message ?? "unknown error"}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const summary = `${contacts.toLocaleString("en")} sample contacts (seed ${config.SAMPLE_SEED}) loaded in ${seconds} s`;
    logger.info(summary, { workspaceId: config.CRM_AUDIT_WORKSPACE, rows: report.rowsRead });
    return summary;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function loadIntegrations(
  config: AppConfig,
  core: ChatCore,
  db: AnyDatabase,
  logger: Logger,
): Promise<{ integrations: ChatIntegration[]; lines: string[] }> {
  const integrations: ChatIntegration[] = [];
  const lines: string[] = [];
  // Imported only when configured: the app starts without loading Bolt or botbuilder.
  if (config.SLACK_BOT_TOKEN || (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET)) {
    const { createSlackIntegration } = await import("./slack/index.js");
    integrations.push(await createSlackIntegration({ config, core, db, logger }));
    lines.push(`Slack:     on (${config.SLACK_SOCKET_MODE ? "Socket Mode" : "HTTP, POST /slack/events"})`);
  } else {
    lines.push("Slack:     off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on)");
  }
  if (config.TEAMS === "on" || (config.TEAMS === "auto" && config.MicrosoftAppId)) {
    const { createTeamsIntegration } = await import("./teams/index.js");
    integrations.push(await createTeamsIntegration({ config, core, db, logger }));
    lines.push(
      `Teams:     on (POST /api/messages${config.MicrosoftAppId ? "" : ", UNAUTHENTICATED: no MicrosoftAppId, local use only"})`,
    );
  } else {
    lines.push("Teams:     off (set MicrosoftAppId/MicrosoftAppPassword, or TEAMS=on for the local Agents Playground)");
  }
  return { integrations, lines };
}

function consoleWanted(config: AppConfig, io: AppIO): boolean {
  if (config.CONSOLE === "off") return false;
  if (config.CONSOLE === "on") return true;
  return Boolean(io.stdin.isTTY && io.stdout.isTTY);
}

/** CRM_AUDIT_CHECKS_MODULE as the URL the audit imports: a path (relative to the working directory) or a URL. */
function checksModuleUrl(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : pathToFileURL(path.resolve(value)).href;
}

/** Waits between attempts to reach PostgreSQL at start: 0.5 s, doubling, at most 10 s. */
const DATABASE_RETRY_MS = { first: 500, max: 10_000 };

/**
 * DATABASE_URL opened and migrated. SQLite's errors are final (a bad path stays bad); an
 * unreachable PostgreSQL is waited for, with backoff, logging each failed attempt.
 */
async function openMigratedDatabase(url: string, logger: Logger): Promise<AnyDatabase> {
  for (let waitMs = DATABASE_RETRY_MS.first; ; waitMs = Math.min(waitMs * 2, DATABASE_RETRY_MS.max)) {
    // Server connections: never wait for another process's lock on the event loop (src/db/busy.ts).
    const db = await openAnyDatabase(url, { server: true });
    try {
      const migrations = await retryBusy(() => migrateDatabase(db));
      if (migrations.applied.length)
        logger.info("database migrated", { database: databaseLabel(db), applied: migrations.applied });
      return db;
    } catch (error) {
      await db.close().catch(() => {});
      if (db.provider !== "postgres" || !isConnectionError(error)) throw error;
      logger.warn("waiting for the database", { database: databaseLabel(db), error: String(error), retryInMs: waitMs });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

export async function startApp(config: AppConfig, logger: Logger, io: AppIO): Promise<RunningApp> {
  // Read first: a broken check configuration file stops the start before anything is opened.
  const fileConfig = loadAuditConfig(config.CRM_AUDIT_CONFIG);
  // The HTTP server listens first: /healthz says 503 until the database is up (a PostgreSQL
  // server may come up after the bot; docs/deploy.md), and the chat routes are added once it is.
  const routes: HttpRoute[] = [];
  let ready: AnyDatabase | null = null;
  const server = createHttpServer({
    version: APP_VERSION,
    logger,
    routes,
    starting: () => ready === null,
    checkDatabase: () => ready !== null && ready.sql.get(`SELECT 1 AS "ok"`) !== undefined,
  });
  const http = await listen(server, config.PORT, config.HOST);
  logger.info(`listening on ${http.url}`, { healthz: `${http.url}/healthz` });
  let db: AnyDatabase;
  try {
    db = await openMigratedDatabase(config.DATABASE_URL, logger);
  } catch (error) {
    await http.close();
    throw error;
  }
  const workspaceId = config.CRM_AUDIT_WORKSPACE;
  // Through the prepared-statement store, not Prisma: Prisma's first query compiles its query
  // engine (WebAssembly), which /healthz need not wait for (docs/performance.md, "Start-up").
  await db.stores.chat.workspaces.ensure(workspaceId, workspaceId);

  // Teams app registrations are single-tenant; locally the Playground's tenant stands in.
  const singleTenant: SingleTenants = { teams: servedTeamsTenant(config) };
  const audit = countedAudits(
    createAuditService(db.stores, {
      configFile: config.CRM_AUDIT_CONFIG,
      logger,
      ...(config.CRM_AUDIT_CHECKS_MODULE ? { checksModule: checksModuleUrl(config.CRM_AUDIT_CHECKS_MODULE) } : {}),
    }),
  );
  // Everything the bot sends on its own goes through the durable outbox (docs/schedules.md,
  // "Delivery"); the platforms are filled in once their integrations are loaded.
  const instanceId = `${os.hostname()}:${process.pid}`;
  const platforms: Omit<OutboxPlatforms, "console"> = {};
  let kickDrainer = () => undefined as void;
  const deliverer = outboxDeliverer(db.stores.chat.outbox, { onQueued: () => kickDrainer() });
  const directory = platformDirectory(platforms);
  // Audits started from chat are queued in the database and run by whichever instance claims
  // them; the result goes back through the platform of each requester (docs/jobs.md).
  const answering: { slack?: SlackIntegration; teams?: TeamsIntegration } = {};
  const responders: ResponderFactory = async (address, workspaceId) => {
    if (address.platform === "slack") return answering.slack?.responderFor(address) ?? null;
    if (address.platform === "teams") return answering.teams?.responderFor(address, workspaceId) ?? null;
    return null;
  };
  const jobs = createJobRunner({
    store: jobStore(db),
    handlers: [auditJobHandler({ audit, records: db.stores.chat.records, logger })],
    responders,
    instanceId,
    logger,
    leaseMs: config.JOBS_LEASE_SECONDS * 1000,
    pollMs: config.JOBS_POLL_MS,
    maxAttempts: config.JOBS_MAX_ATTEMPTS,
    onEvent: countJob,
  });
  const core = createChatCore({
    db,
    audit,
    logger,
    adminUserIds: { slack: config.SLACK_ADMIN_USER_IDS, teams: config.TEAMS_ADMIN_USER_IDS },
    checks: CHECKS,
    fileSettings: fileConfig.checks,
    kpiSettings: { config: fileConfig.kpis ?? null, systemUsers: fileConfig.systemUsers ?? [] },
    consoleWorkspaceId: workspaceId,
    singleTenant,
    deliverer,
    directory,
    jobs,
  });
  const { integrations, lines: integrationLines } = await loadIntegrations(config, core, db, logger);
  // A bot token from the environment is one Slack workspace: the one auth.test named. Set before
  // the server listens, so no request is resolved without it.
  const slack = integrations.find((i): i is SlackIntegration => i.name === "slack");
  if (slack?.teamId) singleTenant.slack = slack.teamId;
  const teams = integrations.find((i): i is TeamsIntegration => i.name === "teams");
  if (slack) platforms.slack = answering.slack = slack;
  if (teams) platforms.teams = answering.teams = teams;
  routes.push(...integrations.flatMap((i) => i.routes));
  // Before loading the sample: /healthz answers (the database is up) while it loads.
  ready = db;
  for (const integration of integrations) await integration.start();
  // Delivery keys of every platform age out here, whichever platforms are on.
  const stopPruning = new DeliveryStore(db).startPruning(logger);
  // The server's connections do not checkpoint on commit (src/db/busy.ts): its own small
  // writes are moved into the file here, without waiting for readers (PASSIVE).
  const checkpoints = setInterval(() => {
    if (db.provider !== "sqlite") return;
    try {
      db.sqlite.pragma("wal_checkpoint(PASSIVE)");
    } catch (error) {
      logger.warn("WAL checkpoint failed", { error: String(error) });
    }
  }, 60_000).unref();

  let dataLine = holdsOnlySample(db.sql, workspaceId) ? `sample data; ${SAMPLE_REPLACED}` : "existing data";
  const sampleLoaded = config.SAMPLE_CONTACTS > 0 && workspaceIsEmpty(db, workspaceId);
  if (sampleLoaded) dataLine = `${await loadSample(db, config, logger)}; ${SAMPLE_REPLACED}`;
  else if (workspaceIsEmpty(db, workspaceId))
    dataLine = "empty (SAMPLE_CONTACTS=0); load data with `crm-audit import <dir>`";

  if (sampleLoaded) {
    // A first audit in the background, so `status` has a score to show a newcomer right away.
    audit
      .run({ workspaceId, trigger: "sample", requestedBy: null })
      .then((run) => logger.info("first audit of the sample done", { runId: run.id, score: run.scores.overall }))
      .catch((error: unknown) => logger.warn("first audit of the sample failed", { error: String(error) }));
  }

  // Every instance drains the outbox: each row is leased by one instance at a time, and rows
  // queued by the command line (`crm-audit schedule run`) are sent from here too.
  const drainer = createDrainer({
    store: db.stores.chat.outbox,
    senders: outboxSenders({ ...platforms, console: io.stdout }),
    instanceId,
    logger,
    // A reminder that could not reach its owner's chat user makes the next fire look them up anew.
    onFailed: async (row) => {
      if (row.target.kind !== "user" || !row.key.startsWith("reminders:")) return;
      const { platform, tenantId, userId } = row.target;
      await db.stores.chat.reminders.matchFailed(row.workspaceId, platform, tenantId, userId, Date.now());
    },
  });
  drainer.start();
  kickDrainer = () => drainer.kick();

  // Every instance runs the scheduler; each fire is claimed once in the database, so several
  // instances on one database never post it twice (docs/schedules.md).
  const scheduler = createScheduler({
    stores: db.stores.chat,
    audit,
    fileSettings: fileConfig.checks,
    kpiSettings: { config: fileConfig.kpis ?? null, systemUsers: fileConfig.systemUsers ?? [] },
    logger,
    instanceId,
    deliverer,
    directory,
    now: () => Date.now(),
    graceMs: config.SCHEDULE_GRACE_MINUTES * 60_000,
  });
  await scheduler.start();
  jobs.start();

  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let session: ConsoleSession | null = null;
  const stop = () => {
    stopping ??= (async () => {
      session?.close();
      stopPruning();
      clearInterval(checkpoints);
      await scheduler.stop();
      // A job under way is given back (queued again) for another instance; see runner.ts.
      await jobs.stop().catch((error: unknown) => logger.warn("job runner stop failed", { error: String(error) }));
      // Sends under way finish; rows not started are given back for the next instance.
      await drainer
        .stop()
        .catch((error: unknown) => logger.warn("outbox drainer stop failed", { error: String(error) }));
      for (const integration of integrations) {
        await integration
          .stop()
          .catch((error: unknown) => logger.warn(`${integration.name} stop failed`, { error: String(error) }));
      }
      await http.close();
      await audit.close();
      await db.close();
      resolveStopped();
    })();
    return stopping;
  };

  const consoleOn = consoleWanted(config, io);
  const out = (line = "") => io.stdout.write(line + "\n");
  // performance.now() counts from the process's start, so loading the modules is included.
  out(`CRM audit bot ${APP_VERSION} is running (started in ${(performance.now() / 1000).toFixed(1)} s)`);
  out(`Workspace: ${workspaceId}: ${dataLine}`);
  out(`Database:  ${databaseLabel(db)}`);
  // The URL is where to reach it from here; say so when it is reachable from elsewhere too.
  const bound = isLoopbackHost(config.HOST) ? "" : `   (listening on ${config.HOST}, not only this machine)`;
  out(`HTTP:      ${http.url}   health: ${http.url}/healthz${bound}`);
  for (const line of integrationLines) out(line);
  const schedules = scheduler.active().length;
  out(`Schedules: ${schedules === 0 ? "none" : `${schedules} active`} (\`schedule list\`, docs/schedules.md)`);
  if (!consoleOn) {
    out("Console:   off (no terminal); the server keeps running. Stop it with Ctrl+C or SIGTERM.");
  } else {
    out("Console:   on. Commands are the same as Slack's /crm-audit; `exit` stops the bot.");
    out();
    const actor = await core.identify({
      platform: "console",
      tenantId: "local",
      userId: os.userInfo().username,
      email: null,
      displayName: os.userInfo().username,
      platformAdmin: true,
    });
    session = startConsole({
      core,
      context: { workspaceId, actor, conversation: { id: "console", kind: "personal" } },
      input: io.stdin,
      output: io.stdout,
      terminal: Boolean(io.stdin.isTTY && io.stdout.isTTY),
      onExit: () => void stop(),
    });
  }
  return { url: http.url, port: http.port, workspaceId, stop, stopped };
}
