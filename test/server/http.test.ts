import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, listen, type RunningServer } from "../../src/server/http.js";
import { silentLogger } from "../../src/logger.js";
import { freshDatabase } from "../helpers/db.js";

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("HTTP server", () => {
  it("answers /healthz with 200 while the database answers and 503 once it does not", async () => {
    const db = freshDatabase("http");
    const server = createHttpServer({
      version: "1.2.3",
      logger: silentLogger,
      checkDatabase: () => db.sqlite.prepare("SELECT 1 AS ok").get() !== undefined,
    });
    running = await listen(server, 0, "127.0.0.1");
    const ok = await fetch(`${running.url}/healthz`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { uptimeSeconds: number };
    expect(body).toMatchObject({ status: "ok", database: "ok", version: "1.2.3" });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    await db.close(); // the database goes away under the running server
    const down = await fetch(`${running.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "degraded", database: "error" });
  });

  it("mounts integration routes and answers 404 for anything else", async () => {
    const server = createHttpServer({
      version: "0",
      logger: silentLogger,
      checkDatabase: () => true,
      routes: [
        {
          method: "POST",
          path: "/slack/events",
          handle: async (request, response) => {
            let body = "";
            for await (const chunk of request) body += chunk;
            response.writeHead(200, { "content-type": "text/plain" }).end(`got ${body}`);
          },
        },
        {
          method: "GET",
          path: "/boom",
          handle: () => {
            throw new Error("route failed");
          },
        },
      ],
    });
    running = await listen(server, 0, "127.0.0.1");
    const posted = await fetch(`${running.url}/slack/events`, { method: "POST", body: "raw=1" });
    expect(await posted.text()).toBe("got raw=1");
    expect((await fetch(`${running.url}/slack/events`)).status).toBe(404);
    expect((await fetch(`${running.url}/nope`)).status).toBe(404);
    expect((await fetch(`${running.url}/boom`)).status).toBe(500);
  });

  it("names the port and the setting when the port is taken", async () => {
    const options = { version: "0", logger: silentLogger, checkDatabase: () => true };
    running = await listen(createHttpServer(options), 0, "127.0.0.1");
    await expect(listen(createHttpServer(options), running.port, "127.0.0.1")).rejects.toThrow(
      `port ${running.port} on 127.0.0.1 is already in use: stop the other program or set PORT to a free port`,
    );
  });
});
