import fs from "node:fs";
import { Ajv } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { buildTeamsAppPackage } from "../../scripts/package-teams-app.js";
import { unzip } from "../helpers/unzip.js";

/**
 * The manifests against the vendors' own JSON schemas (test/fixtures/manifest-schemas/, with
 * their sources in SOURCES.md there): what Slack checks when an app is created from a manifest,
 * and what Teams checks when a package is uploaded.
 */
// CommonJS modules whose default export TypeScript sees one level down under NodeNext.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const schema = (file: string) => JSON.parse(fs.readFileSync(`test/fixtures/manifest-schemas/${file}`, "utf8"));

function errorsOf(validate: { errors?: unknown }): string {
  return JSON.stringify(validate.errors, null, 2);
}

describe("Slack app manifests", () => {
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  const validate = ajv.compile(schema("slack-manifest.schema.1.0.0.json"));
  for (const file of ["manifest.yml", "manifest.socket-mode.yml"]) {
    it(`${file} is valid against Slack's manifest schema`, () => {
      const manifest = YAML.parse(fs.readFileSync(`manifests/slack/${file}`, "utf8"));
      expect(validate(manifest), errorsOf(validate)).toBe(true);
    });
  }

  it("the schema rejects what Slack rejects (so a pass above means something)", () => {
    const manifest = YAML.parse(fs.readFileSync("manifests/slack/manifest.yml", "utf8"));
    manifest.display_information.description = "x".repeat(200); // Slack allows 140
    expect(validate(manifest)).toBe(false);
  });
});

describe("Teams app manifest", () => {
  const ajv = addFormats(new AjvDraft04({ allErrors: true, strict: false }));
  const validate = ajv.compile(schema("teams-manifest.schema.v1.22.json"));
  const env = { MicrosoftAppId: "8c3f5a2e-1b2c-4d5e-8f90-123456789abc", TEAMS_APP_WEBSITE_URL: "https://x.example" };
  const packaged = () => JSON.parse(unzip(buildTeamsAppPackage(env)).get("manifest.json")!.toString("utf8"));

  it("the manifest inside the generated package is valid against the Teams v1.22 schema", () => {
    const manifest = packaged();
    expect(manifest.manifestVersion).toBe("1.22");
    expect(validate(manifest), errorsOf(validate)).toBe(true);
  });

  it("the schema rejects what Teams rejects", () => {
    const manifest = packaged();
    manifest.name.short = "x".repeat(31); // Teams allows 30
    expect(validate(manifest)).toBe(false);
  });
});
