import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildTeamsAppPackage, fillManifest } from "../../scripts/package-teams-app.js";
import { colorIcon, outlineIcon } from "../../scripts/teams-icons.js";
import { unzip } from "../helpers/unzip.js";
import { COMMANDS } from "../../src/core/commands/registry.js";

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const env = {
  MicrosoftAppId: "8c3f5a2e-1b2c-4d5e-8f90-123456789abc",
  TEAMS_APP_WEBSITE_URL: "https://crm-audit.example.org",
};

describe("Teams app package", () => {
  it("zips the filled manifest and both icons at the root", () => {
    const files = unzip(buildTeamsAppPackage(env));
    expect([...files.keys()].sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8"));
    expect(manifest.manifestVersion).toBe("1.22");
    expect(manifest.$schema).toContain("/v1.22/");
    expect(manifest.id).toBe(env.MicrosoftAppId);
    expect(manifest.bots[0].botId).toBe(env.MicrosoftAppId);
    expect(manifest.developer.privacyUrl).toBe(env.TEAMS_APP_WEBSITE_URL);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.bots[0].scopes).toEqual(["personal", "team", "groupChat"]);
    const titles = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    // Teams takes at most ten commands a list: the ten used most are suggested (docs/teams.md).
    const suggested = ["config", "findings", "help", "history", "link", "overdue", "run", "status", "users", "whoami"];
    expect(titles.sort()).toEqual(suggested);
    const registered = new Set(COMMANDS.map((c) => c.meta.name));
    for (const title of titles) expect(registered.has(title)).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain("${{");
    expect(pngSize(files.get("color.png")!)).toEqual({ width: 192, height: 192 });
    expect(pngSize(files.get("outline.png")!)).toEqual({ width: 32, height: 32 });
  });

  it("refuses to package without a valid app id or an https website", () => {
    const template = fs.readFileSync("manifests/teams/manifest.json", "utf8");
    expect(() => fillManifest(template, { ...env, MicrosoftAppId: "my-bot" }, "1.0.0")).toThrow(/MicrosoftAppId/);
    expect(() => fillManifest(template, { ...env, TEAMS_APP_WEBSITE_URL: "http://x.example" }, "1.0.0")).toThrow(
      /TEAMS_APP_WEBSITE_URL/,
    );
  });

  it("ships the icons the icon script draws", () => {
    expect(fs.readFileSync("manifests/teams/color.png").equals(colorIcon())).toBe(true);
    expect(fs.readFileSync("manifests/teams/outline.png").equals(outlineIcon())).toBe(true);
  });
});
