/**
 * The load side of bench/import-while-serving.ts, in its own process so a stalled server
 * cannot also stall the measurement: one signed `/crm-audit status` every `commandEveryMs`
 * and a GET /healthz every `healthEveryMs`, until its stdin closes; then it waits for the
 * outstanding requests and prints the latencies as one JSON line.
 *
 * Usage: node --import tsx bench/import-while-serving-probe.ts <baseUrl> <secret> <teamId> <responseUrlBase> <commandEveryMs> <healthEveryMs>
 */
import crypto from "node:crypto";
import http from "node:http";

const [baseUrl, secret, teamId, responseUrlBase, commandEveryArg, healthEveryArg] = process.argv.slice(2);
if (!baseUrl || !secret || !teamId || !responseUrlBase || !commandEveryArg || !healthEveryArg) {
  console.error(
    "usage: import-while-serving-probe.ts <baseUrl> <secret> <teamId> <responseUrlBase> <commandEveryMs> <healthEveryMs>",
  );
  process.exit(2);
}
// Separate pools: a command waiting for its acknowledgement must not queue /healthz behind it.
const commandAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(
  agent: http.Agent,
  method: string,
  path: string,
  payload?: string,
  headers: Record<string, string | number> = {},
): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const req = http.request(`${baseUrl}${path}`, { method, agent, headers, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: ms() }));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, ms: ms() }));
    req.end(payload);
  });
}

function command(i: number): Promise<{ status: number; ms: number }> {
  const payload = new URLSearchParams({
    token: "unused",
    team_id: teamId!,
    team_domain: "bench",
    channel_id: "C_BENCH",
    channel_name: "bench",
    user_id: "U_BENCH",
    user_name: "bench",
    command: "/crm-audit",
    text: "status",
    api_app_id: "A_BENCH",
    is_enterprise_install: "false",
    response_url: `${responseUrlBase}/${i}`,
    trigger_id: `${i}.${Date.now()}.${crypto.randomBytes(4).toString("hex")}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return request(commandAgent, "POST", "/slack/events", payload, {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": Buffer.byteLength(payload),
    "x-slack-request-timestamp": ts,
    "x-slack-signature": "v0=" + crypto.createHmac("sha256", secret!).update(`v0:${ts}:${payload}`).digest("hex"),
  });
}

const commands: Promise<{ status: number; ms: number }>[] = [];
const health: Promise<{ status: number; ms: number }>[] = [];
let i = 0;
const commandTimer = setInterval(() => commands.push(command(i++)), Number(commandEveryArg));
const healthTimer = setInterval(() => health.push(request(healthAgent, "GET", "/healthz")), Number(healthEveryArg));
process.stdin.resume();
await new Promise((resolve) => process.stdin.on("end", resolve));
clearInterval(commandTimer);
clearInterval(healthTimer);
const [c, h] = await Promise.all([Promise.all(commands), Promise.all(health)]);
commandAgent.destroy();
healthAgent.destroy();
console.log(JSON.stringify({ commands: c, health: h }));
