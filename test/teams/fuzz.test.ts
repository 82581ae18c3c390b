/**
 * Hostile Teams traffic against the running app (`crm-audit serve` in a child process, on
 * 127.0.0.1): seeded, bounded batches of malformed activities (bad JSON, nulls, wrong types,
 * missing from/conversation/recipient, huge text, foreign serviceUrls and tenants, unknown
 * types). With an app id every request is unauthenticated and must get 401; in local mode
 * (TEAMS=on, no app id) anything but a 5xx is fine. Either way the process stays up, /healthz
 * answers and its memory stays bounded. Replies go to a fake connector on 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_TENANT_ID } from "../../src/config.js";
import { tempDir } from "../helpers/tmp.js";
import { Rng } from "../../src/core/sample/prng.js";
import { startFakeConnector, type FakeConnector } from "./fake-connector.js";

const BIN = path.resolve("bin/crm-audit.js");
const PER_MODE = 520;
const CONCURRENCY = 8;

/** The project's seeded PRNG (the sample generator's), as a function of no arguments. */
function prng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

async function serve(env: Record<string, string>): Promise<Served> {
  const dir = tempDir("teams-fuzz");
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${path.join(dir, "crm.db")}`,
      PORT: "0",
      HOST: "127.0.0.1",
      SAMPLE_CONTACTS: "0",
      CONSOLE: "off",
      LOG_LEVEL: "error",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString();
      const match = /HTTP: +(http:\/\/[^\s]+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** One hostile request: headers and a raw body. */
function hostileRequest(
  random: () => number,
  connectorUrl: string,
  authenticated: boolean,
): { body: string; headers: Record<string, string> } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const elsewhere = connectorUrl.replace("127.0.0.1", "0.0.0.0");
  const tenant = pick([PLAYGROUND_TENANT_ID, PLAYGROUND_TENANT_ID, "tenant-foreign", "", null, 7]);
  const text = pick([
    "help",
    "status",
    "overdue",
    "findings contact.missing-email 2",
    "config set x y z",
    "history 9999999",
    "<at>CRM Audit</at> status",
    "a@".repeat(5000),
    "x".repeat(Math.floor(random() * 200_000)),
    "\u0000\u202e\ud800",
    null,
    42,
    { nested: true },
  ]);
  const activity: Record<string, unknown> = {
    id: pick([`fuzz-${Math.floor(random() * 1e9)}`, null, 12, undefined]),
    type: pick([
      "message",
      "message",
      "invoke",
      "conversationUpdate",
      "installationUpdate",
      "typing",
      "event",
      "x",
      5,
      null,
    ]),
    channelId: pick(["msteams", "msteams", "emulator", "", null]),
    serviceUrl: pick([connectorUrl, connectorUrl, connectorUrl, elsewhere, "not a url", "ftp://127.0.0.1/", null, 3]),
    timestamp: pick([new Date().toISOString(), "yesterday", 0, null]),
    from: pick([
      { id: "29:fuzz", aadObjectId: "aad-fuzz", name: "Fuzz" },
      { id: null },
      "29:fuzz",
      null,
      undefined,
      [],
    ]),
    recipient: pick([{ id: "28:bot", name: "CRM Audit" }, null, undefined, 1]),
    conversation: pick([
      { id: "a:fuzz", conversationType: "personal", tenantId: tenant },
      { id: "19:channel", conversationType: "channel", tenantId: tenant },
      { id: null },
      null,
      undefined,
      "a:fuzz",
    ]),
    channelData: pick([{ tenant: { id: tenant } }, { tenant: null }, null, "x", undefined]),
    text,
    entities: pick([undefined, null, [{ type: "mention", mentioned: null, text: 5 }], "x"]),
    value: pick([
      undefined,
      null,
      { action: { type: "Action.Execute", verb: "audit.run", data: { crmAuditValue: "{" } } },
      { action: null },
      { crmAuditAction: "__proto__", crmAuditValue: "x" },
      [1, 2],
    ]),
    name: pick([undefined, "adaptiveCard/action", "composeExtension/query", "signin/verifyState", 9]),
    membersAdded: pick([undefined, null, [{ id: "28:bot" }], [null], "x"]),
  };
  if (random() < 0.45) {
    // Well formed around hostile content, so the handlers (not only the edge check) are exercised.
    Object.assign(activity, {
      channelId: "msteams",
      serviceUrl: connectorUrl,
      from: { id: "29:fuzz", aadObjectId: "aad-fuzz", name: "Fuzz" },
      recipient: { id: "28:bot", name: "CRM Audit" },
      conversation: {
        id: pick(["a:fuzz", "19:channel"]),
        conversationType: pick(["personal", "channel"]),
        tenantId: tenant,
      },
      type: pick(["message", "message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "x"]),
      text: typeof text === "string" ? text : undefined,
      entities: pick([undefined, [{ type: "mention", mentioned: { id: "28:bot" }, text: "<at>CRM Audit</at>" }], [{}]]),
      membersAdded: pick([undefined, [{ id: "28:bot" }], [{ id: "29:someone" }]]),
    });
  }
  const json = JSON.stringify(activity);
  const body = pick([
    json,
    json,
    json,
    json,
    json,
    json.slice(0, Math.floor(random() * json.length)),
    "null",
    "[]",
    "",
    '{"type":',
    "\u00ff\u00fe{",
    JSON.stringify({ type: "message" }),
    `{"type":"message","text":"${"y".repeat(1_100_000)}"}`,
  ]);
  const headers: Record<string, string> = {
    "content-type": pick(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
  };
  if (authenticated || random() < 0.3) {
    // Never a token with a Bot Framework issuer: validating one would fetch Microsoft's keys.
    const fakeJwt = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString("base64url")}.${Buffer.from(
      '{"iss":"https://issuer.invalid","aud":"app"}',
    ).toString("base64url")}.c2ln`;
    const authorization = pick(["", "Bearer", "Bearer not-a-token", `Bearer ${fakeJwt}`, "Basic YTpi", undefined]);
    if (authorization !== undefined) headers.authorization = authorization;
  }
  return { body, headers };
}

async function fuzz(server: Served, connectorUrl: string, authenticated: boolean, seed: number) {
  const random = prng(seed);
  const counts: Record<number, number> = {};
  const baseline = rssMiB(server.child.pid!);
  let peak = baseline;
  for (let sent = 0; sent < PER_MODE; sent += CONCURRENCY) {
    const batch = Array.from({ length: CONCURRENCY }, () => hostileRequest(random, connectorUrl, authenticated));
    const statuses = await Promise.all(
      batch.map(async ({ body, headers }) => {
        const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers, body });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    peak = Math.max(peak, rssMiB(server.child.pid!));
  }
  const health = await fetch(`${server.url}/healthz`);
  return { counts, health: health.status, baseline, peak, alive: server.child.exitCode === null };
}

let connector: FakeConnector;
const running: Served[] = [];

beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(async () => {
  for (const server of running) server.child.kill("SIGKILL");
  await connector?.close();
});

describe.skipIf(process.platform !== "linux")("Teams endpoint under hostile traffic", () => {
  it(`with an app id: ${PER_MODE} unauthenticated hostile requests all get 401`, { timeout: 180_000 }, async () => {
    const server = await serve({
      MicrosoftAppId: "00000000-0000-0000-0000-0000000000aa",
      MicrosoftAppPassword: "not-used",
      MicrosoftAppTenantId: "tenant-1",
    });
    running.push(server);
    const result = await fuzz(server, connector.url, true, 20261202);
    console.info("teams fuzz, app id:", JSON.stringify(result));
    expect(result.counts).toEqual({ 401: PER_MODE });
    expect(result).toMatchObject({ health: 200, alive: true });
    expect(result.peak - result.baseline).toBeLessThan(200);
    expect(connector.received).toHaveLength(0);
  });

  it(
    `in local mode (TEAMS=on): ${PER_MODE} hostile requests, no 5xx, the process stays up`,
    { timeout: 180_000 },
    async () => {
      const server = await serve({ TEAMS: "on" });
      running.push(server);
      const result = await fuzz(server, connector.url, false, 7);
      console.info("teams fuzz, local mode:", JSON.stringify(result));
      if (process.env.FUZZ_DEBUG) console.info(server.stderr());
      const served = Object.values(result.counts).reduce((a, b) => a + b, 0);
      expect(served).toBe(PER_MODE);
      expect(Object.keys(result.counts).filter((status) => Number(status) >= 500)).toEqual([]);
      expect(result).toMatchObject({ health: 200, alive: true });
      expect(result.peak - result.baseline).toBeLessThan(300);
      expect(server.stderr()).not.toMatch(/unhandled|uncaught/i);
    },
  );
});
