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

/**
 * A chat platform plugged into the app (Slack, Teams). Built by its layer from the config and
 * the ChatCore; the app mounts its routes on the shared server and starts/stops it.
 */
export interface ChatIntegration {
  name: "slack" | "teams";
  routes: HttpRoute[];
  /** Connect what is not HTTP (e.g. Slack Socket Mode). */
  start(): Promise<void>;
  stop(): Promise<void>;
}
