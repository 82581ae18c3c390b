/**
 * An import in another process never keeps the bot from acknowledging and answering: the
 * server runs the real chat core on a SQLite file while `crm-audit import` writes a sample
 * bundle into the same file from a second process, and signed slash commands keep coming
 * until the import is done. Every one must be acknowledged (HTTP 200) and answered through
 * its response_url. The latency figures are the benchmark's (bench/import-while-serving.ts);
 * the suite uses 10k contacts (33,520 rows, several seconds of import) rather than 100k.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditService } from "../../src/core/audit/service.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import { createChatCore } from "../../src/chat-core.js";
import { openDatabase, type Database } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { freshDatabase } from "../helpers/db.js";
import { cachedSampleBundle, importInChild } from "../helpers/import-process.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { postSigned, slashCommandBody } from "./signing.js";

const TEAM = "T0IMPORT";
const TOKEN = "xoxb-import";
const CONTACTS = 10_000;

let fake: FakeSlack;
let db: Database;
let slack: RunningSlack;
let audit: ReturnType<typeof createAuditService>;
let bundle: string;

beforeAll(async () => {
  bundle = cachedSampleBundle(CONTACTS);
  fake = await new FakeSlack({
    teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_REP", name: "Rep", email: "rep@example.com" }] } },
  }).start();
  const migrated = freshDatabase("import-while-serving");
  await migrated.close();
  // The server's own connections, as the app opens them.
  db = openDatabase(`file:${migrated.file}`, { server: true });
  audit = createAuditService(db.stores, { logger: silentLogger });
  const core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
    singleTenant: { slack: TEAM },
  });
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN });
}, 180_000);

afterAll(async () => {
  await slack?.stop();
  await audit?.close();
  await fake?.stop();
  await db?.close();
});

let seq = 0;
/** One signed `/crm-audit status`: its HTTP status, and once answered, the answer's text. */
async function status(): Promise<{ ack: number; answer: string }> {
  const responseId = `during-import-${++seq}`;
  const body = slashCommandBody({
    teamId: TEAM,
    userId: "U_REP",
    channelId: "C_OPS",
    text: "status",
    responseUrl: fake.responseUrl(responseId),
    triggerId: `${seq}.import.trigger`,
  });
  const ack = await postSigned(slack.eventsUrl, body, {
    secret: SIGNING_SECRET,
    contentType: "application/x-www-form-urlencoded",
  });
  if (ack.status !== 200) return { ack: ack.status, answer: "" };
  await fake.waitFor((calls) => calls.some((c) => c.target === responseId));
  return { ack: ack.status, answer: String(fake.callsTo("response_url", responseId).at(-1)!.body.text) };
}

describe("a CLI import beside the running bot", () => {
  it("acknowledges and answers every command sent while another process imports", async () => {
    const child = importInChild(db.file, bundle, "imported");
    let exited = false;
    const done = child.exited.finally(() => (exited = true));
    const results: { ack: number; answer: string }[] = [];
    // Two commands in flight at a time, until the import has finished, and one after.
    while (!exited) results.push(...(await Promise.all([status(), status()])));
    results.push(await status());

    const { code, stdout, stderr } = await done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain("contacts");
    expect(results.map((r) => r.ack)).toEqual(results.map(() => 200));
    for (const r of results) expect(r.answer).not.toBe("");
    expect(fake.violations).toEqual([]);
    const imported = db.sqlite.prepare(`SELECT count(*) FROM contacts WHERE workspaceId = 'imported'`).pluck().get();
    expect(imported).toBe(CONTACTS);
  }, 300_000);
});
