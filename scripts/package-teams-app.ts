/**
 * Builds the Teams app package (the zip you upload in Teams or the Developer Portal):
 * manifests/teams/manifest.json with its ${{VARIABLE}} slots filled from the environment, and
 * the two icons, at the root of the zip.
 *
 *   MicrosoftAppId=<bot app id> TEAMS_APP_WEBSITE_URL=https://… npx tsx scripts/package-teams-app.ts [out.zip]
 *
 * Variables: MicrosoftAppId (required: the Azure Bot's app id, used as app id and bot id),
 * TEAMS_APP_WEBSITE_URL (required, https), TEAMS_APP_PRIVACY_URL and TEAMS_APP_TERMS_URL
 * (default: the website URL), TEAMS_APP_DEVELOPER_NAME (default "CRM Audit Bot"),
 * TEAMS_APP_VERSION (default: package.json's version).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { z } from "zod";
import { APP_VERSION } from "../src/version.js";

const MANIFEST_DIR = path.resolve("manifests/teams");

const PackageEnv = z.object({
  MicrosoftAppId: z.uuid({ message: "must be the Azure Bot's Microsoft App ID (a GUID)" }),
  TEAMS_APP_WEBSITE_URL: z.url({ protocol: /^https$/, message: "must be an https URL" }),
  TEAMS_APP_PRIVACY_URL: z.url({ protocol: /^https$/, message: "must be an https URL" }).optional(),
  TEAMS_APP_TERMS_URL: z.url({ protocol: /^https$/, message: "must be an https URL" }).optional(),
  TEAMS_APP_DEVELOPER_NAME: z.string().min(1).max(32).default("CRM Audit Bot"),
  TEAMS_APP_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, "must look like 1.2.3")
    .optional(),
});

/** The manifest text with every ${{NAME}} replaced; throws naming the first bad variable. */
export function fillManifest(template: string, env: NodeJS.ProcessEnv, defaultVersion: string): string {
  const parsed = PackageEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${String(issue.path[0])}: ${issue.message}`);
  }
  const vars = parsed.data;
  const values: Record<string, string> = {
    MicrosoftAppId: vars.MicrosoftAppId,
    TEAMS_APP_WEBSITE_URL: vars.TEAMS_APP_WEBSITE_URL,
    TEAMS_APP_PRIVACY_URL: vars.TEAMS_APP_PRIVACY_URL ?? vars.TEAMS_APP_WEBSITE_URL,
    TEAMS_APP_TERMS_URL: vars.TEAMS_APP_TERMS_URL ?? vars.TEAMS_APP_WEBSITE_URL,
    TEAMS_APP_DEVELOPER_NAME: vars.TEAMS_APP_DEVELOPER_NAME,
    TEAMS_APP_VERSION: vars.TEAMS_APP_VERSION ?? defaultVersion,
  };
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest uses an unknown variable \${{${name}}}`);
    // Values go into JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  JSON.parse(filled);
  return filled;
}

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A minimal zip writer (deflate, no directories, no zip64): enough for a three-file app package. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // DOS date/time fields: a fixed 1980-01-01 00:00 keeps the package byte-for-byte reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = zlib.deflateRawSync(entry.data);
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export function buildTeamsAppPackage(env: NodeJS.ProcessEnv, manifestDir = MANIFEST_DIR): Buffer {
  const manifest = fillManifest(fs.readFileSync(path.join(manifestDir, "manifest.json"), "utf8"), env, APP_VERSION);
  return zip([
    { name: "manifest.json", data: Buffer.from(manifest, "utf8") },
    { name: "color.png", data: fs.readFileSync(path.join(manifestDir, "color.png")) },
    { name: "outline.png", data: fs.readFileSync(path.join(manifestDir, "outline.png")) },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.argv[2] ?? "teams-app/crm-audit-teams-app.zip");
  try {
    const pkg = buildTeamsAppPackage(process.env);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, pkg);
    console.log(
      `Teams app package written to ${out} (${pkg.length} bytes). Upload it in Teams: Apps → Manage your apps → Upload an app.`,
    );
  } catch (error) {
    console.error(`Cannot build the Teams app package: ${(error as Error).message}`);
    process.exit(1);
  }
}
