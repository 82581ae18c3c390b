/**
 * Two bot instances on one PostgreSQL database: a Slack retry that a load balancer sends to the
 * other instance is handled once, because the delivery key is claimed in the shared database
 * (src/server/deliveries.ts), through the real signed HTTP path of each instance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresDatabase, type PostgresDatabase } from "../../../src/db/postgres/database.js";
import { DeliveryStore } from "../../../src/server/deliveries.js";
import { createTestDatabase, freshPostgres, noPostgres } from "../../helpers/postgres.js";
import { FakeSlack } from "../../slack/fake-slack.js";
import {
  DUPLICATE_IGNORED,
  SIGNING_SECRET,
  startSlack,
  WatchingLogger,
  type RunningSlack,
} from "../../slack/harness.js";
import { RecordingCore } from "../../slack/recording-core.js";
import { postSigned, slashCommandBody } from "../../slack/signing.js";

const TEAM = "T0TWO";
const TOKEN = "xoxb-two";
const FORM = "application/x-www-form-urlencoded" as const;

describe.skipIf(noPostgres)("two instances on one PostgreSQL database", () => {
  let fake: FakeSlack;
  let drop: () => Promise<void>;
  const dbs: PostgresDatabase[] = [];
  const instances: { core: RecordingCore; slack: RunningSlack; logger: WatchingLogger }[] = [];

  beforeAll(async () => {
    fake = await new FakeSlack({
      teams: { [TEAM]: { botToken: TOKEN, users: [{ id: "U_BOB", name: "Bob", email: "bob@acme.example" }] } },
    }).start();
    const first = await freshPostgres("instances");
    drop = first.drop;
    dbs.push(first.db, openPostgresDatabase(first.db.url));
    for (const db of dbs) {
      const core = new RecordingCore();
      const logger = new WatchingLogger();
      const slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN, logger });
      instances.push({ core, slack, logger });
    }
  });

  afterAll(async () => {
    for (const i of instances) await i.slack.stop();
    await fake?.stop();
    await dbs[1]?.close();
    await drop?.();
  });

  it("handles a Slack retry sent to the other instance once", async () => {
    const body = slashCommandBody({
      teamId: TEAM,
      userId: "U_BOB",
      channelId: "C_SALES",
      text: "status",
      responseUrl: fake.responseUrl("two-instances"),
      triggerId: "1.two.trigger",
    });
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    expect((await postSigned(a.slack.eventsUrl, body, { secret: SIGNING_SECRET, contentType: FORM })).status).toBe(200);
    const retry = await postSigned(b.slack.eventsUrl, body, {
      secret: SIGNING_SECRET,
      contentType: FORM,
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await b.logger.waitFor(DUPLICATE_IGNORED, { key: `slack:${TEAM}:trigger:1.two.trigger` });
    // One run, one reply: the first instance's answer, and nothing from the second.
    await fake.waitFor((calls) => calls.filter((c) => c.target === "two-instances").length >= 2);
    expect(fake.callsTo("response_url", "two-instances").map((c) => String(c.body.text))).toEqual([
      "Working on it…",
      `Result for ws-${TEAM}: status`,
    ]);
    expect(a.core.commands.map((c) => c.text)).toEqual(["status"]);
    expect(b.core.commands).toEqual([]);
  });

  it("lets exactly one of two delivery stores claim a key, and prunes by age on both", async () => {
    const server = await createTestDatabase("deliveries");
    const db = openPostgresDatabase(server.url);
    const other = openPostgresDatabase(server.url);
    try {
      db.migrate();
      let now = 1_000_000;
      const one = new DeliveryStore(db, () => now);
      const two = new DeliveryStore(other, () => now);
      expect([await one.claim("k"), await two.claim("k"), await two.claim("j")]).toEqual([true, false, true]);
      expect(one.keys()).toEqual([
        { key: "j", createdAt: 1_000_000 },
        { key: "k", createdAt: 1_000_000 },
      ]);
      now += 10_000;
      expect(await two.prune(5_000)).toBe(2);
      expect(one.keys()).toEqual([]);
    } finally {
      await other.close();
      await db.close();
      await server.drop();
    }
  });
});
