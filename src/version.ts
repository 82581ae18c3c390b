/** The bot's version, from package.json: one constant for `crm-audit --version`, /healthz and the start-up line. */
import fs from "node:fs";

export const APP_VERSION: string = (
  JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
