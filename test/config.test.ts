import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("gives working defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe("file:./data/crm-audit.db");
    expect(config.PORT).toBe(3000);
    expect(config.CONSOLE).toBe("auto");
    expect(config.SLACK_ADMIN_USER_IDS).toEqual([]);
  });

  it("names the variable in one line when a value is bad", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: "eighty" });
    } catch (error) {
      expect((error as Error).message).toMatch(/^Configuration error: PORT: .*"eighty"/);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("rejects a non-SQLite database URL", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  it("requires the signing secret when a Slack bot token is set", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).SLACK_BOT_TOKEN).toBe("xoxb-1");
  });

  it("parses comma- or space-separated admin ids", () => {
    expect(loadConfig({ SLACK_ADMIN_USER_IDS: "U1, U2 U3" }).SLACK_ADMIN_USER_IDS).toEqual(["U1", "U2", "U3"]);
  });
});
