/**
 * Several bot instances on one PostgreSQL database, as real processes: two `crm-audit serve`
 * driven over signed Slack HTTP against the fake Slack, and `crm-audit import` processes beside
 * them (docs/jobs.md, docs/deploy.md):
 * (a) a `run` sent to instance A and Slack's retry of it sent to B: one job, one result reply;
 * (b) `kill -9` of the instance running a queued audit: the other takes the job once the lease
 *     runs out, and the requester gets one result (the audit is held open by a check that waits
 *     for a file, test/core/jobs/fixtures/gated-catalogue.ts, so "under way" is not a race);
 * (c) two imports of one workspace at once: serialised, both complete, the final data is
 *     exactly the file that landed last;
 * (d) `status` keeps being acknowledged within Slack's 3 s and answered on an instance while
 *     another process imports a 20,000-contact bundle into the same workspace.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDatabase, type PostgresDatabase } from "../../../src/db/postgres/database.js";
import { cachedSampleBundle } from "../../helpers/import-process.js";
import { createTestDatabase, noPostgres, type TestPostgres } from "../../helpers/postgres.js";
import { tempDir } from "../../helpers/tmp.js";
import { FakeSlack } from "../../slack/fake-slack.js";
import { postSigned, slashCommandBody } from "../../slack/signing.js";
import { freePort } from "../../helpers/ports.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const BIN = path.join(REPO, "bin", "crm-audit.js");
const GATED_CHECKS = path.join(REPO, "test", "core", "jobs", "fixtures", "gated-catalogue.ts");
const TEAM = "T0MULTI";
const TOKEN = "xoxb-multi";
const SECRET = "multi-process-signing-secret";
const FORM = "application/x-www-form-urlencoded" as const;
/** The bundle (d) imports while commands are answered: what CI can afford. */
const LARGE_CONTACTS = 20_000;

/** Polls until `check` holds (each process's pace is its own; no fixed sleeps). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** `crm-audit <args>` as a child process on the test database. */
function cli(args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<Exited> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CONSOLE: "off", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<Exited>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
  return { child, exited };
}

interface Instance {
  name: string;
  child: ChildProcess;
  base: string;
  log: () => string;
  exited: Promise<Exited>;
}

/** Contact ids of a bundle's contacts.csv (the first column). */
function bundleContactIds(bundle: string): string[] {
  const lines = fs.readFileSync(path.join(bundle, "contacts.csv"), "utf8").split(/\r?\n/).filter(Boolean);
  expect(lines[0]!.split(",")[0]).toBe("id");
  return lines
    .slice(1)
    .map((line) => line.split(",")[0]!)
    .sort();
}

describe.skipIf(noPostgres)("several serve processes on one PostgreSQL database", () => {
  let fake: FakeSlack;
  let server: TestPostgres;
  let db: PostgresDatabase;
  let releaseFile: string;
  let env: Record<string, string>;
  const instances: Instance[] = [];
  const children: ChildProcess[] = [];
  let trigger = 0;

  async function startInstance(name: string): Promise<Instance> {
    const port = await freePort();
    const { child, exited } = cli(["serve"], {
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      SAMPLE_CONTACTS: "0",
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      JOBS_LEASE_SECONDS: "2",
      JOBS_POLL_MS: "200",
      CRM_AUDIT_CHECKS_MODULE: GATED_CHECKS,
      CRM_AUDIT_TEST_RELEASE_FILE: releaseFile,
      // The gated catalogue is TypeScript beside the tests: run the sources (bin/crm-audit.js),
      // even where a current dist/ exists, as after `npm ci` in a fresh clone.
      CRM_AUDIT_FROM_SOURCE: "1",
    });
    children.push(child);
    let log = "";
    child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    return { name, child, base: `http://127.0.0.1:${port}`, log: () => log, exited };
  }

  async function healthy(instance: Instance): Promise<boolean> {
    return fetch(`${instance.base}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
  }

  /** A signed `/crm-audit <text>` to an instance; a retry repeats the same body with x-slack-retry-num. */
  function slash(text: string, responseId: string) {
    return slashCommandBody({
      teamId: TEAM,
      userId: "U_ANN",
      channelId: "C_SALES",
      text,
      responseUrl: fake.responseUrl(responseId),
      triggerId: `multi.${++trigger}.trigger`,
    });
  }
  const send = (instance: Instance, body: string, headers: Record<string, string> = {}) =>
    postSigned(`${instance.base}/slack/events`, body, { secret: SECRET, contentType: FORM, headers });
  const answers = (responseId: string) =>
    fake
      .callsTo("response_url", responseId)
      .map((c) => String(c.body.text ?? (c.body.delete_original ? "(deleted)" : "")));

  interface JobRow {
    id: number;
    state: string;
    attempts: number;
    leaseOwner: string | null;
    requesters: string;
  }
  const jobs = () =>
    db.sql.all<JobRow>(`SELECT "id", "state", "attempts", "leaseOwner", "requesters" FROM "jobs" ORDER BY "id"`);

  beforeAll(async () => {
    fake = await new FakeSlack({
      teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_ANN", name: "Ann", email: "ann@acme.example" }] } },
    }).start();
    server = await createTestDatabase("multi_process");
    db = openPostgresDatabase(server.url);
    releaseFile = path.join(tempDir("multi-process"), "release");
    fs.writeFileSync(releaseFile, "");
    env = { DATABASE_URL: server.url };
    const migrated = await cli(["db", "migrate"], env).exited;
    expect(migrated.code, migrated.output).toBe(0);
    const imported = await cli(["import", cachedSampleBundle(2000), "--workspace", "default"], env).exited;
    expect(imported.code, imported.output).toBe(0);
    instances.push(await startInstance("A"), await startInstance("B"));
    for (const instance of instances) await until(() => healthy(instance), `instance ${instance.name} to start`);
  }, 300_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(instances.map((i) => i.exited.catch(() => undefined)));
    await fake?.stop();
    await db?.close();
    await server?.drop();
  });

  it("(a) runs one audit and answers once when Slack retries a run on the other instance", async () => {
    const [a, b] = instances as [Instance, Instance];
    const body = slash("run", "retried-run");
    expect((await send(a, body)).status).toBe(200);
    expect((await send(b, body, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })).status).toBe(
      200,
    );
    await until(() => answers("retried-run").length >= 2, "the audit's result");
    const [progress, result] = answers("retried-run");
    expect(progress).toBe("Running the CRM audit (all checks)…");
    expect(result).toMatch(/^CRM audit score \d+\/100/);
    const rows = jobs();
    expect(rows.map((j) => [j.state, j.attempts, j.requesters.split("\n").filter(Boolean).length])).toEqual([
      ["done", 1, 1],
    ]);
    expect(answers("retried-run")).toHaveLength(2);
  }, 120_000);

  it("(b) finishes a queued audit on the other instance when the one running it is killed, answering once", async () => {
    fs.rmSync(releaseFile);
    const [a] = instances as [Instance, Instance];
    expect((await send(a, slash("run", "killed-run"))).status).toBe(200);
    await until(() => answers("killed-run").length >= 1, "the progress message");
    // A second `run` while it is under way is told so, and joins it.
    expect((await send(instances[1]!, slash("run", "joined-run"))).status).toBe(200);
    await until(() => answers("joined-run").length >= 1, "the joined run's answer");
    expect(answers("joined-run")[0]).toMatch(
      /^An audit of this workspace \(all checks\) is already (queued|running): started by Ann/,
    );

    let job: JobRow | undefined;
    await until(() => {
      job = jobs().at(-1);
      return job?.state === "running";
    }, "an instance to claim the audit");
    const holderPid = Number(/:(\d+)#/.exec(job!.leaseOwner!)![1]);
    const holder = instances.find((i) => i.child.pid === holderPid)!;
    const survivor = instances.find((i) => i !== holder)!;
    expect(holder, `lease owner ${job!.leaseOwner}`).toBeDefined();
    holder.child.kill("SIGKILL");
    expect((await holder.exited).signal).toBe("SIGKILL");
    fs.writeFileSync(releaseFile, "");

    await until(() => answers("killed-run").length >= 2 && answers("joined-run").length >= 2, "the results");
    const [done] = jobs().filter((j) => j.id === job!.id);
    expect(done).toMatchObject({ state: "done", attempts: 2, leaseOwner: null });
    expect(survivor.log()).toContain('"msg":"jobs: retrying a job"');
    const counters = await fetch(`${survivor.base}/metrics`).then((r) => r.text());
    expect(counters).toMatch(/^crm_audit_jobs_total\{kind="audit",event="retried"\} 1$/m);
    expect(counters).toMatch(/^crm_audit_jobs_total\{kind="audit",event="finished"\} \d+$/m);
    expect(answers("killed-run")).toEqual([
      "Running the CRM audit (all checks)…",
      expect.stringMatching(/^CRM audit score/),
    ]);
    expect(answers("joined-run")[1]).toBe(answers("killed-run")[1]);
    // One audit, not two: the survivor ran it once; the killed holder never recorded one.
    expect(db.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "audit_runs"`)!.n).toBe(2);
    instances.splice(instances.indexOf(holder), 1);
  }, 180_000);

  it("(c) serialises two imports of one workspace: both complete, and the data is the file that landed last", async () => {
    const small = cachedSampleBundle(1000);
    const other = cachedSampleBundle(1500);
    const flags = ["--workspace", "twice", "--full", "--allow-drop"];
    const [one, two] = await Promise.all([
      cli(["import", small, ...flags], env).exited,
      cli(["import", other, ...flags], env).exited,
    ]);
    expect([one.code, two.code], one.output + two.output).toEqual([0, 0]);
    // One of them waited for the other's lock, and said so.
    expect([one.output, two.output].filter((o) => o.includes("an import of workspace twice is running"))).toHaveLength(
      1,
    );
    const logs = db.sql.all<{ source: string }>(
      `SELECT "source" FROM "import_log" WHERE "workspaceId" = 'twice' ORDER BY "id"`,
    );
    expect(logs).toHaveLength(2);
    const last = logs[1]!.source.includes("sample-1500") ? other : small;
    const ids = db.sql
      .all<{ id: string }>(`SELECT "id" FROM "contacts" WHERE "workspaceId" = 'twice' ORDER BY "id"`)
      .map((r) => r.id)
      .sort();
    expect(ids).toEqual(bundleContactIds(last));
  }, 240_000);

  it(`(d) acknowledges and answers status within Slack's 3 s on an instance while another process imports ${LARGE_CONTACTS.toLocaleString("en")} contacts`, async () => {
    const [b] = instances as [Instance];
    const bundle = cachedSampleBundle(LARGE_CONTACTS);
    const importing = cli(["import", bundle, "--workspace", "default"], env);
    let finished = false;
    void importing.exited.then(() => (finished = true));
    const locked = () =>
      db.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "pg_locks" WHERE "locktype" = 'advisory'`)!.n > 0;
    await until(() => locked() || finished, "the import to take its lock");
    let answeredWhileImporting = 0;
    for (let i = 0; !finished && i < 20; i++) {
      const id = `status-during-import-${i}`;
      const started = performance.now();
      const ack = await send(b, slash("status", id));
      const ackMs = performance.now() - started;
      expect(ack.status).toBe(200);
      expect(ackMs).toBeLessThan(3000);
      await until(() => answers(id).length >= 1, "the status answer", 30_000);
      expect(answers(id)[0]).toMatch(/^CRM audit score/);
      if (locked()) answeredWhileImporting++;
    }
    const result = await importing.exited;
    expect(result.code, result.output).toBe(0);
    expect(answeredWhileImporting).toBeGreaterThan(0);
  }, 300_000);
});
