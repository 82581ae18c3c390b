/**
 * Slack's Socket Mode side, for tests: answers apps.connections.open with a ws:// URL and
 * speaks just enough RFC 6455 (handshake, unmasked text frames out, masked frames in, ping →
 * pong, close) to send envelopes to the app and collect its acknowledgements.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : Buffer.from([0x80 | opcode, 126, (length >> 8) & 0xff, length & 0xff]);
  if (length >= 65536) throw new Error("frame too large for this fake");
  return Buffer.concat([header, payload]);
}

export class FakeSocketMode {
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private ackWaiters: (() => void)[] = [];
  private socket: Duplex | null = null;
  private server!: http.Server;
  private connected!: Promise<void>;
  private onConnected!: () => void;
  url = "";

  async start(): Promise<this> {
    this.connected = new Promise((resolve) => (this.onConnected = resolve));
    this.server = http.createServer((_req, res) => res.writeHead(404).end());
    this.server.on("upgrade", (req, socket) => {
      const key = req.headers["sec-websocket-key"];
      const accept = crypto.createHash("sha1").update(`${key}${GUID}`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      let buffered: Buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        buffered = this.readFrames(buffered, socket) as Buffer;
      });
      socket.on("error", () => undefined);
      this.send({ type: "hello", num_connections: 1, connection_info: { app_id: "A0CRMAUDIT" } });
      this.onConnected();
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
    return this;
  }

  /** Resolves once the client has acknowledged the envelope. */
  async waitForAck(envelopeId: string): Promise<void> {
    while (!this.acks.some((a) => a.envelope_id === envelopeId))
      await new Promise<void>((resolve) => this.ackWaiters.push(resolve));
  }

  waitForConnection(): Promise<void> {
    return this.connected;
  }

  send(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Parses complete client frames (always masked) and returns what is left over. */
  private readFrames(data: Buffer, socket: Duplex): Buffer {
    let rest: Buffer = data;
    while (rest.length >= 2) {
      const opcode = rest[0]! & 0x0f;
      let length = rest[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (rest.length < 4) break;
        length = rest.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (rest.length < 10) break;
        length = Number(rest.readBigUInt64BE(2));
        offset = 10;
      }
      if (rest.length < offset + 4 + length) break;
      const mask = rest.subarray(offset, offset + 4);
      const payload = Buffer.from(rest.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      rest = rest.subarray(offset + 4 + length);
      if (opcode === 0x1) {
        this.acks.push(JSON.parse(payload.toString("utf8")) as { envelope_id: string });
        for (const wake of this.ackWaiters.splice(0)) wake();
      } else if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x8) socket.end(frame(0x8, Buffer.alloc(0)));
    }
    return rest;
  }
}
