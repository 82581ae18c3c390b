/**
 * The load generator for bench/slack-load.ts, run as a separate process so its work does not
 * share the server's event loop: sends `count` signed `/crm-audit status` commands at `rate`
 * per second to `url` and prints the acknowledgement latencies as one JSON line.
 *
 * Usage: node --import tsx bench/slack-load-client.ts <url[,url…]> <secret> <count> <rate> <responseUrlBase> <teamId>
 * Several URLs (bot instances on one database) take the requests in turn: a round-robin balancer.
 */
import crypto from "node:crypto";
import http from "node:http";

const [url, secret, countArg, rateArg, responseUrlBase, teamId] = process.argv.slice(2);
if (!url || !secret || !countArg || !rateArg || !responseUrlBase || !teamId) {
  console.error("usage: slack-load-client.ts <url> <secret> <count> <rate> <responseUrlBase> <teamId>");
  process.exit(2);
}
const count = Number(countArg);
const rate = Number(rateArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const urls = url.split(",");

function body(i: number): string {
  return new URLSearchParams({
    token: "unused",
    team_id: teamId!,
    team_domain: "bench",
    channel_id: "C_BENCH",
    channel_name: "bench",
    user_id: `U_BENCH${i % 20}`,
    user_name: "bench",
    command: "/crm-audit",
    text: "status",
    api_app_id: "A_BENCH",
    is_enterprise_install: "false",
    response_url: `${responseUrlBase}/bench-${i}`,
    trigger_id: `${i}.${Date.now()}.${crypto.randomBytes(4).toString("hex")}`,
  }).toString();
}

function send(i: number): Promise<{ status: number; ms: number }> {
  const payload = body(i);
  const ts = Math.floor(Date.now() / 1000);
  const signature = "v0=" + crypto.createHmac("sha256", secret!).update(`v0:${ts}:${payload}`).digest("hex");
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.request(
      urls[i % urls.length]!,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(payload),
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on("error", () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(payload);
  });
}

const results: Promise<{ status: number; ms: number }>[] = [];
const started = Date.now();
await new Promise<void>((done) => {
  let i = 0;
  // Schedule against the wall clock so timer drift does not lower the rate.
  const tick = () => {
    const due = Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000) + 1);
    while (i < due) results.push(send(i++));
    if (i >= count) return done();
    setTimeout(tick, 2);
  };
  tick();
});
const all = await Promise.all(results);
const sendSeconds = (Date.now() - started) / 1000;
agent.destroy();
console.log(JSON.stringify({ statuses: all.map((r) => r.status), latencies: all.map((r) => r.ms), sendSeconds }));
