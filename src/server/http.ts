/**
 * The one HTTP server of the app: `GET /healthz`, `GET /metrics` (Prometheus text) plus the routes of the chat integrations
 * (Slack's /slack/events, Teams' /api/messages) on the same PORT. Routes read their own
 * bodies; this only dispatches by method and path.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { METRIC, metrics } from "./metrics.js";
import type { HttpRoute } from "./types.js";

export interface Health {
  status: "ok" | "degraded";
  database: "ok" | "error";
  version: string;
  uptimeSeconds: number;
}

export interface HttpServerOptions {
  version: string;
  /** True when the database answers a trivial query. */
  checkDatabase: () => boolean | Promise<boolean>;
  /** Read on each request: the app adds its chat routes once the database is up. */
  routes?: readonly HttpRoute[];
  /** While true, unknown paths get 503 (the app is still waiting for its database), not 404. */
  starting?: () => boolean;
  logger: Logger;
}

export interface RunningServer {
  server: http.Server;
  port: number;
  /** http://host:port as a newcomer would open it (127.0.0.1 for a wildcard bind). */
  url: string;
  close(): Promise<void>;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

export function createHttpServer(options: HttpServerOptions): http.Server {
  const startedAt = Date.now();
  const findRoute = (method: string, path: string) =>
    options.routes?.find((r) => r.method === method && r.path === path);

  async function health(response: http.ServerResponse): Promise<void> {
    let database: Health["database"] = "error";
    try {
      database = (await options.checkDatabase()) ? "ok" : "error";
    } catch (error) {
      options.logger.warn("health check: database unreachable", { error: String(error) });
    }
    const body: Health = {
      status: database === "ok" ? "ok" : "degraded",
      database,
      version: options.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    sendJson(response, database === "ok" ? 200 : 503, body);
  }

  return http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const method = request.method ?? "GET";
    const route = findRoute(method, path);
    // Counted by route (never by raw path: a scanner's paths would grow the series without end).
    response.on("finish", () =>
      metrics.inc(...METRIC.requests, {
        route: path === "/healthz" || path === "/metrics" || route ? path : "other",
        status: `${Math.floor(response.statusCode / 100)}xx`,
      }),
    );
    const handle = async () => {
      if ((method === "GET" || method === "HEAD") && path === "/healthz") return health(response);
      if ((method === "GET" || method === "HEAD") && path === "/metrics") {
        const text = metrics.render([
          {
            name: "crm_audit_uptime_seconds",
            help: "Seconds since this instance started",
            value: Math.round((Date.now() - startedAt) / 1000),
          },
        ]);
        response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        return void response.end(text);
      }
      if (route) return route.handle(request, response);
      if (options.starting?.()) return sendJson(response, 503, { error: "starting: waiting for the database" });
      sendJson(response, 404, { error: "not found" });
    };
    handle().catch((error: unknown) => {
      options.logger.error("request failed", { method, path, error: String(error) });
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
      else response.end();
    });
  });
}

export async function listen(server: http.Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      // The bare EADDRINUSE/EACCES of node:net names neither the port nor the setting to change.
      if (error.code === "EADDRINUSE")
        reject(
          new Error(`port ${port} on ${host} is already in use: stop the other program or set PORT to a free port`),
        );
      else if (error.code === "EACCES")
        reject(new Error(`port ${port} on ${host} needs privileges this user lacks: set PORT to a port above 1023`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
        reject(new Error(`HOST ${host} is not an address of this machine: set HOST (e.g. 127.0.0.1)`));
      else reject(error);
    };
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
