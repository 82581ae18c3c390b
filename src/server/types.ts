import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A route on the one HTTP server (health, Slack, Teams share PORT). The server does not read
 * bodies: Slack's signature check needs the raw bytes, botbuilder wants parsed JSON, so each
 * route reads its own.
 */
export interface HttpRoute {
  method: "GET" | "POST";
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}
