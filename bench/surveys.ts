/**
 * Survey figures for docs/surveys.md (a benchmark, not a test).
 *
 * 1. Fan-out: a survey started for N people (default 1,000) on Slack: the round, invitations and
 *    N invitation DMs posted through the app's Slack sender (per-channel queues that honour
 *    429 + Retry-After) to a local fake Slack Web API that rate-limits chat.postMessage to
 *    one message per second per channel and, across the workspace, to `perMinute` a minute
 *    (default 600, answered 429 with Retry-After: 1 beyond it).
 * 2. Results: surveyResults' arithmetic (counts, averages, NPS, themes) over 10,000 answers of
 *    the crm-usage template.
 *
 * Run: npx tsx bench/surveys.ts [people=1000] [perMinute=600] [answers=10000]
 */
import os from "node:os";
import { createChatCore } from "../src/chat-core.js";
import { CHECKS } from "../src/core/checks/registry.js";
import { computeResults } from "../src/core/surveys/results.js";
import { startSurvey } from "../src/core/surveys/run.js";
import { builtInTemplates } from "../src/core/surveys/templates.js";
import { refusingDirectory } from "../src/core/delivery.js";
import { silentLogger } from "../src/logger.js";
import { createDrainer, outboxDeliverer } from "../src/core/outbox/drainer.js";
import { outboxSenders } from "../src/outbox.js";
import { createTestAuditService } from "../test/core/commands/test-audit.js";
import { freshDatabase } from "../test/helpers/db.js";
import { FakeSlack } from "../test/slack/fake-slack.js";
import { startSlack } from "../test/slack/harness.js";
import type { Answers, Survey } from "../src/core/stores/surveys.js";

const PEOPLE = Number(process.argv[2] ?? 1000);
const PER_MINUTE = Number(process.argv[3] ?? 600);
const ANSWERS = Number(process.argv[4] ?? 10_000);
const TEAM = "T_BENCH";
const TOKEN = "xoxb-bench";

async function fanOut(): Promise<void> {
  const lastPost = new Map<string, number>();
  const window: number[] = [];
  const fake = await new FakeSlack({
    teams: { [TEAM]: { botToken: TOKEN, users: [] } },
    rateLimit: (call) => {
      if (call.method !== "chat.postMessage") return null;
      const now = Date.now();
      const channel = String(call.body.channel);
      while (window.length && now - window[0]! >= 60_000) window.shift();
      // Retry-After says when the workspace's minute has room again.
      if (window.length >= PER_MINUTE) return Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
      if (now - (lastPost.get(channel) ?? 0) < 1000) return 1;
      window.push(now);
      lastPost.set(channel, now);
      return null;
    },
  }).start();
  const db = freshDatabase("bench-surveys");
  const core = createChatCore({
    db,
    audit: createTestAuditService(db, Date.now()),
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
  });
  const slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: TOKEN });
  // Invitations go where every delivery goes: into the outbox, sent by its drainer.
  const deliverer = outboxDeliverer(db.stores.chat.outbox);
  const drainer = createDrainer({
    store: db.stores.chat.outbox,
    senders: outboxSenders({ slack: slack.integration, console: process.stdout }),
    instanceId: "bench",
    logger: silentLogger,
  });
  const ws = await core.resolveWorkspace("slack", TEAM);
  const definition = builtInTemplates().find((t) => t.definition.id === "crm-usage")!.definition;
  const userIds = Array.from({ length: PEOPLE }, (_, i) => `U${String(i).padStart(5, "0")}`);
  const started = performance.now();
  let handedOver = 0;
  const done = startSurvey(
    {
      stores: db.stores.chat,
      directory: refusingDirectory,
      deliver: (ds) => deliverer.deliver(ds).then(() => void (handedOver += ds.length)),
    },
    {
      workspaceId: ws,
      definition,
      anonymous: true,
      audience: { kind: "users", userIds },
      platform: "slack",
      tenantId: TEAM,
      conversationId: "C_ADMIN",
      closesAt: null,
      remindEveryDays: null,
      repeat: null,
      createdBy: "bench",
      now: Date.now(),
    },
  );
  await done;
  drainer.start();
  for (;;) {
    const counts = await db.stores.chat.outbox.counts();
    if (counts.queued === 0 && counts.sending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await drainer.stop();
  const seconds = (performance.now() - started) / 1000;
  const posted = fake.calls.filter((c) => c.method === "chat.postMessage").length;
  console.log(
    `fan-out: ${PEOPLE} invitations, ${posted} chat.postMessage accepted, ${fake.rateLimited.length} answered 429, ` +
      `${seconds.toFixed(1)} s (limit ${PER_MINUTE}/min and 1/s per channel; floor ${PEOPLE <= PER_MINUTE ? 0 : (Math.ceil(PEOPLE / PER_MINUTE) - 1) * 60} s)`,
  );
  await slack.stop();
  await fake.stop();
  await db.close();
}

function results(): void {
  const definition = builtInTemplates().find((t) => t.definition.id === "crm-usage")!.definition;
  const survey: Survey = {
    id: 1,
    workspaceId: "w",
    templateId: definition.id,
    templateVersion: 1,
    definition,
    anonymous: true,
    audience: { kind: "all" },
    platform: "slack",
    tenantId: "T",
    conversationId: "C",
    roundLengthMs: null,
    remindEveryDays: null,
    repeat: null,
    scheduleIds: [],
    createdBy: "bench",
    createdAt: 0,
  };
  const words =
    "search slow reports pipeline duplicates mobile login export fields reminders dashboard email sync".split(" ");
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const answers: Answers[] = Array.from({ length: ANSWERS }, () => ({
    frequency: ["several_times_a_day", "about_once_a_day", "a_few_times_a_week"][rnd(3)]!,
    effect: ["much_easier", "somewhat_easier", "no_difference", "somewhat_harder"][rnd(4)]!,
    effect_why: `The ${words[rnd(words.length)]} is ${words[rnd(words.length)]} and the ${words[rnd(words.length)]} view helps`,
    disappoints: `${words[rnd(words.length)]} ${words[rnd(words.length)]} takes too long`,
    recommend: rnd(11),
  }));
  const round = { id: 1, surveyId: 1, number: 1, startedAt: 0, closesAt: null, closedAt: null };
  computeResults(survey, round, ANSWERS, answers.slice(0, 100), {}, 1); // warm-up
  const started = performance.now();
  const r = computeResults(survey, round, ANSWERS, answers, {}, 1);
  const ms = performance.now() - started;
  const nps = r.questions.find((q) => q.id === "recommend")!.summary!.nps!.score;
  console.log(`results: ${ANSWERS} answers in ${ms.toFixed(0)} ms (NPS ${nps})`);
}

console.log(
  `${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
results();
await fanOut();
