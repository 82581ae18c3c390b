import fs from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH } from "../../src/slack/index.js";

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; url?: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const read = (file: string) => YAML.parse(fs.readFileSync(`manifests/slack/${file}`, "utf8")) as Manifest;

describe("Slack app manifests", () => {
  for (const [file, socket] of [
    ["manifest.yml", false],
    ["manifest.socket-mode.yml", true],
  ] as const) {
    it(`${file} declares the command, Home tab, events and exactly the scopes the code uses`, () => {
      const m = read(file);
      expect(m.features.slash_commands.map((c) => c.command)).toEqual(["/crm-audit"]);
      // Mentions arrive as <@U…> ids, which the core resolves; unescaped names would be ambiguous.
      expect(m.features.slash_commands[0]!.should_escape).toBe(true);
      expect(m.features.app_home.home_tab_enabled).toBe(true);
      expect(m.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
      expect(m.settings.interactivity.is_enabled).toBe(true);
      expect([...m.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
      expect(m.settings.socket_mode_enabled).toBe(socket);
      const urls = [
        m.features.slash_commands[0]!.url,
        m.settings.event_subscriptions.request_url,
        m.settings.interactivity.request_url,
      ];
      if (socket) expect(urls).toEqual([undefined, undefined, undefined]);
      else for (const url of urls) expect(url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    });
  }
});
