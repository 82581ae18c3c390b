/** The app's shared HTTP server in miniature: the Teams routes on node:http, port 0. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpRoute } from "../../src/server/types.js";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRoutes(routes: HttpRoute[]): Promise<RunningServer> {
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.method === request.method && r.path === path);
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    Promise.resolve(route.handle(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ActivityOptions {
  serviceUrl: string;
  conversationId?: string;
  conversationType?: "personal" | "groupChat" | "channel";
  tenantId?: string;
  fromId?: string;
  aadObjectId?: string;
}

let activitySeq = 0;

/** A Bot Framework activity as Teams sends it (the fields botbuilder and our layer read). */
export function teamsActivity(options: ActivityOptions, fields: Record<string, unknown>): Record<string, unknown> {
  const tenantId = options.tenantId ?? "tenant-1";
  return {
    id: `incoming-${++activitySeq}-${Date.now()}`,
    channelId: "msteams",
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: options.fromId ?? "29:user-ana", aadObjectId: options.aadObjectId ?? "aad-ana", name: "Ana Lima" },
    recipient: { id: "28:crm-audit-bot", name: "CRM Audit" },
    conversation: {
      id: options.conversationId ?? "a:personal-ana",
      conversationType: options.conversationType ?? "personal",
      tenantId,
    },
    channelData: { tenant: { id: tenantId } },
    ...fields,
  };
}

export async function postActivity(
  serverUrl: string,
  activity: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${serverUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}
