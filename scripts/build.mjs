// Compiles src/ to dist/ once (at `npm install`, through `prepare`), so every `crm-audit` call
// and `npm start` run plain JavaScript instead of compiling TypeScript at start-up (≈ 1 s per
// process). One output file per source file: modules keep their paths, so `import.meta.url`
// look-ups (package.json, prisma/migrations, the audit threads' modules) resolve as from src/.
// Type-checking is `npm run typecheck`; this only strips types.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = path.join(root, "src");
const dist = path.join(root, "dist");

const files = fs.readdirSync(src, { recursive: true, encoding: "utf8" }).map((f) => path.join(src, f));
const entryPoints = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));

// The stamp goes first, so a `crm-audit` started during the build runs the sources.
fs.rmSync(path.join(dist, "BUILT"), { force: true });
fs.rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: dist,
  outbase: src,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
// Plain-JS modules (the worker threads' entry) and data files read at run time (the duplicate
// detector's nickname lists) are copied as they are.
for (const file of files.filter((f) => f.endsWith(".mjs") || f.endsWith(".csv"))) {
  const out = path.join(dist, path.relative(src, file));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(file, out);
}
// Written last: bin/crm-audit.js runs dist/ only when this stamp is newer than every source file.
fs.writeFileSync(path.join(dist, "BUILT"), `${new Date().toISOString()}\n`);
console.log(`built ${entryPoints.length} modules into dist/`);
