import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { createHttpServer, listen, type RunningServer } from "../../src/server/http.js";
import { countedAudits, Metrics, metrics } from "../../src/server/metrics.js";
import type { AuditService } from "../../src/core/audit/types.js";

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("GET /metrics", () => {
  it("counts requests by route and status class in Prometheus' text format, never by raw path", async () => {
    const server = createHttpServer({
      version: "0",
      logger: silentLogger,
      checkDatabase: () => true,
      routes: [{ method: "POST", path: "/slack/events", handle: async (_q, r) => void r.writeHead(200).end() }],
    });
    running = await listen(server, 0, "127.0.0.1");
    const before = metrics.value("crm_audit_http_requests_total", { route: "/slack/events", status: "2xx" });
    await fetch(`${running.url}/slack/events`, { method: "POST" });
    await fetch(`${running.url}/healthz`);
    await fetch(`${running.url}/wp-admin/${Math.random()}`);
    const response = await fetch(`${running.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();
    expect(text).toContain("# TYPE crm_audit_http_requests_total counter");
    expect(text).toMatch(/^crm_audit_http_requests_total\{route="\/healthz",status="2xx"\} \d+$/m);
    expect(text).toMatch(/^crm_audit_http_requests_total\{route="other",status="4xx"\} \d+$/m);
    expect(text).not.toContain("wp-admin");
    expect(text).toMatch(/^crm_audit_uptime_seconds \d+$/m);
    expect(metrics.value("crm_audit_http_requests_total", { route: "/slack/events", status: "2xx" })).toBe(before + 1);
  });

  it("counts audits by trigger and outcome", async () => {
    const fake = {
      run: async (options: { trigger: string }) => {
        if (options.trigger === "bad") throw new Error("no");
        return {} as never;
      },
    } as unknown as AuditService;
    const audits = countedAudits(fake);
    const before = metrics.value("crm_audit_audits_total", { trigger: "chat", outcome: "finished" });
    await audits.run({ workspaceId: "w", trigger: "chat" });
    await expect(audits.run({ workspaceId: "w", trigger: "bad" })).rejects.toThrow("no");
    expect(metrics.value("crm_audit_audits_total", { trigger: "chat", outcome: "finished" })).toBe(before + 1);
    expect(metrics.value("crm_audit_audits_total", { trigger: "bad", outcome: "failed" })).toBe(1);
  });

  it("escapes label values", () => {
    const m = new Metrics();
    m.inc("x_total", "help", { v: 'a"b\\c\nd' });
    expect(m.render()).toContain('x_total{v="a\\"b\\\\c\\nd"} 1');
  });
});
