/** `crm-audit schedule …` as a user runs it: a real process, a real SQLite file. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/tmp.js";
import { runCli } from "../../helpers/cli.js";

const crmAudit = (args: string[], dbFile: string) => runCli(args, dbFile, { env: { CRM_AUDIT_WORKSPACE: "acme" } });

describe("crm-audit schedule", () => {
  it("adds with the summary and next fires, lists, pauses and removes; bad parts are named", () => {
    const db = path.join(tempDir("cli-schedule"), "crm.db");
    const added = crmAudit(
      [
        "schedule",
        "add",
        "audit",
        "0 8 * * 1",
        "--tz",
        "Europe/Berlin",
        "--channel",
        "teams:tn1:19:abc@thread.tacv2",
        "--always",
      ],
      db,
    );
    expect(added.code).toBe(0);
    const lines = added.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "schedule #1 added: audit every Monday at 08:00 Europe/Berlin, posting to Teams conversation 19:abc@thread.tacv2",
    );
    expect(lines[1]).toMatch(/^next: Mon \d{4}-\d\d-\d\d 08:00 CES?T; Mon .* 08:00 CES?T; Mon .* 08:00 CES?T$/);

    const badZone = crmAudit(["schedule", "add", "audit", "0 8 * * 1", "--tz", "Berlin"], db);
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toContain('error: time zone: "Berlin" is not an IANA time zone name');
    const badCron = crmAudit(["schedule", "add", "audit", "0 8 * *", "--tz", "UTC"], db);
    expect(badCron.stderr).toContain("error: cron expression:");
    const badChannel = crmAudit(["schedule", "add", "audit", "0 8 * * 1", "--tz", "UTC", "--channel", "C1"], db);
    expect(badChannel.stderr).toContain('error: channel: "C1" is not slack:');

    expect(crmAudit(["schedule", "pause", "1"], db).stdout.trim()).toBe("schedule #1 paused");
    const list = crmAudit(["schedule", "list"], db).stdout.trim();
    expect(list).toBe(
      '#1 audit every Monday at 08:00 Europe/Berlin; paused; posts to Teams conversation 19:abc@thread.tacv2; options {"categories":[],"always":true}',
    );
    // Another workspace does not see it.
    expect(crmAudit(["schedule", "list", "--workspace", "beta"], db).stdout.trim()).toBe(
      "no schedules in workspace beta",
    );
    expect(crmAudit(["schedule", "history", "1"], db).stdout.trim()).toBe("schedule #1 has not fired yet");
    expect(crmAudit(["schedule", "remove", "1"], db).stdout.trim()).toBe("schedule #1 removed");
    const gone = crmAudit(["schedule", "resume", "1"], db);
    expect([gone.code, gone.stderr.trim()]).toEqual([1, "error: no schedule #1 in workspace acme"]);
  });

  it("runs a schedule by hand into the outbox, for the running bot to send, and history shows it queued", () => {
    const db = path.join(tempDir("cli-schedule-run"), "crm.db");
    expect(crmAudit(["schedule", "add", "digest", "0 8 * * 1-5", "--tz", "UTC", "--always"], db).code).toBe(0);
    const refused = crmAudit(["schedule", "run", "1"], db);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--now");
    const ran = crmAudit(["schedule", "run", "1", "--now"], db);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("schedule #1 (digest) fired by hand: posted");
    expect(ran.stdout).toContain(
      "1 message queued in the outbox: a running `crm-audit serve` (npm start) on this database sends it; nothing is sent from here.",
    );
    const history = crmAudit(["schedule", "history", "1"], db).stdout.trim();
    expect(history).toMatch(/^\S+ \S+ \S+ UTC \(manual\) {2}posted; to the console; delivered: 1 queued$/);
    const missing = crmAudit(["schedule", "run", "9", "--now"], db);
    expect([missing.code, missing.stderr.trim()]).toEqual([1, "error: no schedule #9 in workspace acme"]);
  });
});
