// Plain-JS entry of the audit threads. A worker thread does not inherit the parent's tsx loader
// (node:worker_threads starts a fresh module graph), so when the thread's module is TypeScript
// (running from src/, or under vitest) it registers tsx itself; built JavaScript (dist/) loads as is.
import { workerData } from "node:worker_threads";

if (workerData.entry.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
