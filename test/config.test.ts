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

  it("listens on loopback in local mode and on every interface once a chat platform is configured", () => {
    expect(loadConfig({}).HOST).toBe("127.0.0.1");
    expect(loadConfig({ TEAMS: "on" }).HOST).toBe("127.0.0.1");
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).HOST).toBe("0.0.0.0");
    const teams = { MicrosoftAppId: "app", MicrosoftAppPassword: "p", MicrosoftAppTenantId: "t" };
    expect(loadConfig(teams).HOST).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "::" }).HOST).toBe("::");
  });

  it("refuses the unauthenticated Teams endpoint on a non-loopback HOST, in one line naming HOST and TEAMS", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "127.0.0.1.example.com"]) {
      expect(() => loadConfig({ TEAMS: "on", HOST: host })).toThrow(ConfigError);
      try {
        loadConfig({ TEAMS: "on", HOST: host });
      } catch (error) {
        expect((error as Error).message).toMatch(/^Configuration error: HOST: .*TEAMS=on.*MicrosoftAppId/);
        expect((error as Error).message).not.toContain("\n");
      }
    }
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]) {
      expect(loadConfig({ TEAMS: "on", HOST: host }).HOST).toBe(host);
    }
    const teams = { MicrosoftAppId: "app", MicrosoftAppPassword: "p", MicrosoftAppTenantId: "t" };
    expect(loadConfig({ ...teams, TEAMS: "on", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("requires the tenant with a Teams app id: it is the only tenant served", () => {
    expect(() => loadConfig({ MicrosoftAppId: "app", MicrosoftAppPassword: "p" })).toThrow(
      /^Configuration error: MicrosoftAppTenantId: /,
    );
  });

  it("reads CRM_AUDIT_SECRET_KEY as 32 bytes of base64 or hex, never echoing a bad one", () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ CRM_AUDIT_SECRET_KEY: key.toString("base64") }).CRM_AUDIT_SECRET_KEY).toEqual(key);
    expect(loadConfig({ CRM_AUDIT_SECRET_KEY: key.toString("hex") }).CRM_AUDIT_SECRET_KEY).toEqual(key);
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), "z".repeat(64)]) {
      expect(() => loadConfig({ CRM_AUDIT_SECRET_KEY: bad })).toThrow(/^Configuration error: CRM_AUDIT_SECRET_KEY: /);
      try {
        loadConfig({ CRM_AUDIT_SECRET_KEY: bad });
      } catch (error) {
        expect((error as Error).message).not.toContain(bad);
      }
    }
  });

  it("refuses Slack OAuth installs without CRM_AUDIT_SECRET_KEY", () => {
    const oauth = { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_SIGNING_SECRET: "s" };
    expect(() => loadConfig(oauth)).toThrow(/^Configuration error: CRM_AUDIT_SECRET_KEY: is required for Slack OAuth/);
    expect(loadConfig({ ...oauth, CRM_AUDIT_SECRET_KEY: Buffer.alloc(32).toString("base64") }).SLACK_CLIENT_ID).toBe(
      "1.2",
    );
  });
});
