#!/usr/bin/env node
// Runs the JavaScript that `npm install` built into dist/ (see scripts/build.mjs). When dist/ is
// missing or older than a source file (a developer edited src/ since), the TypeScript sources
// run directly through tsx instead, so what runs is always what src/ says.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function builtIsCurrent() {
  let built;
  try {
    built = fs.statSync(`${root}dist/BUILT`).mtimeMs;
  } catch {
    return false;
  }
  // An installation that ships dist/ without src/ has nothing to compare with.
  if (!fs.existsSync(`${root}src`)) return true;
  for (const entry of fs.readdirSync(`${root}src`, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && fs.statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > built) return false;
  }
  return true;
}

async function load() {
  if (process.env.CRM_AUDIT_FROM_SOURCE !== "1" && builtIsCurrent()) return import("../dist/cli/main.js");
  const { register } = await import("tsx/esm/api");
  register();
  return import("../src/cli/main.ts");
}

// main() returns the exit code; the process ends once its work is done.
const { main } = await load();
process.exitCode = await main();
