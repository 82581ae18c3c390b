import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { conversationKind, SlackIdentities } from "../../src/slack/identity.js";
import { FakeSlack } from "./fake-slack.js";
import { RecordingCore } from "./recording-core.js";

let fake: FakeSlack;
beforeAll(async () => {
  fake = await new FakeSlack({
    teams: {
      T1: {
        botToken: "xoxb-1",
        users: [
          { id: "U_OWNER", name: "Olga", email: "olga@acme.example", isOwner: true },
          { id: "U_REP", name: "Raj", email: "raj@acme.example" },
          { id: "U_TZ", name: "Tess", email: "tess@acme.example", tz: "Europe/Berlin" },
        ],
      },
    },
  }).start();
});
afterAll(() => fake.stop());

describe("Slack identities", () => {
  const client = () => new webApi.WebClient("xoxb-1", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

  it("asks users.info once for concurrent requests of one person and caches the answer", async () => {
    const ids = new SlackIdentities({ core: new RecordingCore(), logger: silentLogger });
    const web = client();
    const profiles = await Promise.all([1, 2, 3].map(() => ids.profile(web, "T1", "U_REP")));
    await ids.profile(web, "T1", "U_REP");
    expect(fake.callsTo("users.info").filter((c) => c.body.user === "U_REP")).toHaveLength(1);
    expect(profiles[0]).toEqual({
      platform: "slack",
      tenantId: "T1",
      userId: "U_REP",
      email: "raj@acme.example",
      displayName: "Raj",
      platformAdmin: false,
    });
  });

  it("takes the profile's time zone (users.info tz), the default of reminders' quiet hours", async () => {
    const ids = new SlackIdentities({ core: new RecordingCore(), logger: silentLogger });
    expect((await ids.profile(client(), "T1", "U_TZ")).timeZone).toBe("Europe/Berlin");
    expect((await ids.profile(client(), "T1", "U_REP")).timeZone).toBeUndefined();
  });

  it("reports workspace owners/admins as platform admins (configured ids are the core's: identity.ts)", async () => {
    const ids = new SlackIdentities({ core: new RecordingCore(), logger: silentLogger });
    expect((await ids.profile(client(), "T1", "U_OWNER")).platformAdmin).toBe(true);
    expect((await ids.profile(client(), "T1", "U_REP")).platformAdmin).toBe(false);
  });

  it("still identifies someone users.info does not know, without an email, and asks again next time", async () => {
    const ids = new SlackIdentities({ core: new RecordingCore(), logger: silentLogger });
    const profile = await ids.profile(client(), "T1", "U_GHOST");
    expect(profile).toMatchObject({ userId: "U_GHOST", email: null, platformAdmin: false });
    await ids.profile(client(), "T1", "U_GHOST");
    expect(fake.callsTo("users.info").filter((c) => c.body.user === "U_GHOST")).toHaveLength(2);
  });

  it("tells DMs, group DMs and channels apart", () => {
    expect(conversationKind("D024BE91L", "directmessage")).toBe("personal");
    expect(conversationKind("G0PQ", "mpdm-ann--bob-1")).toBe("group");
    expect(conversationKind("C024BE91L", "sales")).toBe("channel");
  });

  it("asks the core for a team's workspace once", async () => {
    const core = new RecordingCore();
    let asked = 0;
    const resolve = core.resolveWorkspace.bind(core);
    core.resolveWorkspace = async (platform, tenantId) => (asked++, resolve(platform, tenantId));
    const ids = new SlackIdentities({ core, logger: silentLogger });
    const contexts = await Promise.all([1, 2, 3].map(() => ids.context(client(), "T1", "U_REP", "C1")));
    expect(contexts.map((c) => c.workspaceId)).toEqual(["ws-T1", "ws-T1", "ws-T1"]);
    expect(asked).toBe(1);
  });
});
