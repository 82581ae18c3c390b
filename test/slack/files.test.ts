/**
 * Charts and the report on Slack: `/crm-audit chart …` and `/crm-audit report` in a channel
 * answer with the message (the numbers) and upload the PNG / PDF through files.uploadV2
 * (getUploadURLExternal → upload → completeUploadExternal) at the fake Web API. The report
 * posted to a channel has its emails and phone numbers masked.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatCore } from "../../src/chat-core.js";
import { createAuditService } from "../../src/core/audit/service.js";
import { CHECKS } from "../../src/core/checks/registry.js";
import type { Database } from "../../src/db/database.js";
import { silentLogger } from "../../src/logger.js";
import { seedWorkspace, T0 } from "../core/commands/seed.js";
import { freshDatabase } from "../helpers/db.js";
import { decodePng, inkPixels } from "../helpers/png.js";
import { tempDir } from "../helpers/tmp.js";
import { FakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET, startSlack, type RunningSlack } from "./harness.js";
import { postSigned, slashCommandBody } from "./signing.js";

const TEAM = "T_FILES";
let fake: FakeSlack;
let db: Database;
let slack: RunningSlack;
let audit: ReturnType<typeof createAuditService>;
let seq = 0;

beforeAll(async () => {
  fake = await new FakeSlack({
    teams: { [TEAM]: { botToken: "xoxb-files", users: [{ id: "U_REP", name: "Rep", email: "n.rep@example.com" }] } },
  }).start();
  db = freshDatabase("slack-files");
  audit = createAuditService(db.stores, { logger: silentLogger });
  const core = createChatCore({
    db,
    audit,
    logger: silentLogger,
    adminUserIds: { slack: [], teams: [] },
    checks: CHECKS,
    now: () => T0,
  });
  const workspaceId = await core.resolveWorkspace("slack", TEAM);
  seedWorkspace(db, workspaceId, "n");
  await audit.run({ workspaceId, asOf: T0 - 86_400_000, trigger: "cli" });
  await audit.run({ workspaceId, asOf: T0, trigger: "cli" });
  slack = await startSlack({ core, db, apiUrl: fake.apiUrl, botToken: "xoxb-files" });
});

afterAll(async () => {
  await slack?.stop();
  await audit?.close();
  await fake?.stop();
  await db?.close();
});

async function command(text: string, channelId = "C_SALES") {
  const responseId = `files-${++seq}`;
  const before = fake.calls.length;
  const body = slashCommandBody({
    teamId: TEAM,
    userId: "U_REP",
    channelId,
    text,
    responseUrl: fake.responseUrl(responseId),
    triggerId: `${seq}.t`,
  });
  const ack = await postSigned(slack.eventsUrl, body, {
    secret: SIGNING_SECRET,
    contentType: "application/x-www-form-urlencoded",
  });
  expect(ack.status).toBe(200);
  await fake.waitFor(
    (calls) => calls.slice(before).some((c) => c.method === "files.completeUploadExternal"),
    "an upload",
  );
  return fake.calls.slice(before);
}

describe("charts and reports on Slack", () => {
  it("uploads the chart as a PNG with its alt text and numbers, after the message with the numbers", async () => {
    const calls = await command("chart score");
    const methods = calls.map((c) => c.method);
    expect(methods.indexOf("response_url")).toBeLessThan(methods.indexOf("files.getUploadURLExternal"));
    expect(methods).toEqual(
      expect.arrayContaining(["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]),
    );
    const answer = calls.find((c) => c.method === "response_url")!.body;
    expect(answer.response_type).toBe("in_channel");
    expect(String(answer.text)).toContain("CRM health score over time");
    const fileId = calls.find((c) => c.method === "upload")!.target!;
    const stored = fake.files.get(fileId)!;
    expect(stored).toMatchObject({ filename: "score.png", channel: "C_SALES", title: "CRM health score over time" });
    expect(stored.altText).toMatch(/over 2 full audits/);
    expect(stored.comment).toMatch(/#\d+: \d+/);
    const png = decodePng(fake.uploadedFile(fileId)!);
    expect(png.width).toBeGreaterThan(800);
    expect(inkPixels(png)).toBeGreaterThan(1000);
  });

  it("posts the report's PDF to the channel with personal data masked", async () => {
    const calls = await command("report");
    const fileId = calls.find((c) => c.method === "upload")!.target!;
    const stored = fake.files.get(fileId)!;
    expect(stored.filename).toMatch(/^crm-audit-report-.*-run-2\.pdf$/);
    expect(stored.channel).toBe("C_SALES");
    const pdf = fake.uploadedFile(fileId)!;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(tempDir("slack-report"), "report.pdf");
    fs.writeFileSync(file, pdf);
    const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("CRM health score");
    expect(text).toContain("emails and phone numbers masked");
    // The seeded contact's address appears only masked.
    expect(text).not.toContain("ann.lee@");
    expect(text).toContain("@n-widgets.example");
  });
});
