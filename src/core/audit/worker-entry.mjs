// Plain-JS entry of the audit worker. A worker thread does not inherit the parent's tsx
// loader (node:worker_threads starts a fresh module graph), so it registers tsx itself and
// then loads the TypeScript worker. Works under `node bin/crm-audit.js` and under vitest.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
