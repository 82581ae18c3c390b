import fs from "node:fs";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildTeamsAppPackage, fillManifest } from "../../scripts/package-teams-app.js";
import { colorIcon, outlineIcon } from "../../scripts/teams-icons.js";

/** Reads a zip's entries back through its central directory, checking every CRC. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = zlib.inflateRawSync(buffer.subarray(dataStart, dataStart + size));
    expect(zlib.crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

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
    expect(titles.sort()).toEqual(["config", "findings", "help", "history", "overdue", "run", "status"]);
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
