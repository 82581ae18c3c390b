/**
 * Phone facts (E.164 form and validity, phone.ts) for a stream of numbers, read on a second
 * thread while the caller goes on: libphonenumber is the largest single cost of a large import
 * (docs/performance.md, "Import"). The caller's loop is synchronous (the import's pass runs in
 * one database transaction), so answers are collected without the event loop: with
 * receiveMessageOnPort, and Atomics.wait on a counter the thread bumps.
 *
 * Answers come back in the order the numbers were given. The first `inlineFirst` numbers are
 * read on the caller's thread (a small import does not pay for starting a thread); after that,
 * in batches. A thread that does not answer for `stallMs` (it failed to start) is given up and
 * the rest is read on the caller's thread: the facts are the same either way.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { parsePhone } from "./phone.js";

export interface PhoneFacts {
  phoneE164: string | null;
  phoneValid: boolean | null;
}

type Done = (facts: PhoneFacts) => void;

const NO_PHONE: PhoneFacts = { phoneE164: null, phoneValid: null };

/** The stored facts for a phone cell and a country cell: both null when there is no number. */
export function phoneFacts(phone: string | null, country: string | null): PhoneFacts {
  if (phone === null || phone.trim() === "") return NO_PHONE;
  const parsed = parsePhone(phone, country);
  return { phoneE164: parsed.e164, phoneValid: parsed.valid };
}

interface Batch {
  id: number;
  phones: (string | null)[];
  countries: (string | null)[];
  done: Done[];
}

// A worker thread does not inherit tsx: the audit threads' plain-JS entry registers it.
const ENTRY = new URL("../audit/worker-entry.mjs", import.meta.url);

function threadModule(): string {
  const ts = new URL("./phone-thread.ts", import.meta.url);
  return fs.existsSync(fileURLToPath(ts)) ? ts.href : new URL("./phone-thread.js", import.meta.url).href;
}

export interface PhoneReaderOptions {
  /** Numbers read on the caller's thread before a thread is started. */
  inlineFirst?: number;
  batchSize?: number;
  /** Batches sent and not yet answered, at most (the caller waits): bounds memory. */
  maxInFlight?: number;
  stallMs?: number;
  /** The thread's module (URL); phone-thread by default. */
  threadModule?: string;
}

export class PhoneReader {
  private readonly inlineFirst: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly stallMs: number;
  private readonly module: string | undefined;
  private given = 0;
  private nextId = 0;
  private current: Batch | null = null;
  /** Sent, unanswered, in order. */
  private readonly inFlight: Batch[] = [];
  private thread: { worker: Worker; port: MessagePort; signal: Int32Array } | null = null;
  private failed = false;

  constructor(options: PhoneReaderOptions = {}) {
    this.inlineFirst = options.inlineFirst ?? 5000;
    this.batchSize = options.batchSize ?? 2048;
    this.maxInFlight = options.maxInFlight ?? 16;
    this.stallMs = options.stallMs ?? 30_000;
    this.module = options.threadModule;
  }

  /** Queues one number; `done` gets its facts, in the order of `add` calls. */
  add(phone: string | null, country: string | null, done: Done): void {
    const blank = phone === null || phone.trim() === "";
    if (
      this.inFlight.length === 0 &&
      this.current === null &&
      (blank || this.given < this.inlineFirst || this.failed)
    ) {
      if (!blank) this.given++;
      done(blank ? NO_PHONE : phoneFacts(phone, country));
      return;
    }
    if (!blank) this.given++;
    this.current ??= { id: this.nextId++, phones: [], countries: [], done: [] };
    this.current.phones.push(blank ? null : phone);
    this.current.countries.push(country);
    this.current.done.push(done);
    if (this.current.phones.length >= this.batchSize) this.send();
  }

  /** Blocks until every number given has been answered; then stops the thread. */
  finish(): void {
    if (this.current) this.send();
    while (this.inFlight.length) this.collect(true);
    this.close();
  }

  /** Stops the thread; numbers not answered yet are dropped (the caller is giving up). */
  close(): void {
    if (this.thread) {
      void this.thread.worker.terminate();
      this.thread.port.close();
      this.thread = null;
    }
    this.inFlight.length = 0;
    this.current = null;
  }

  private send(): void {
    const batch = this.current!;
    this.current = null;
    const thread = this.failed ? null : this.start();
    if (!thread) {
      this.inline(batch);
      return;
    }
    this.inFlight.push(batch);
    thread.port.postMessage({ id: batch.id, phones: batch.phones, countries: batch.countries });
    this.collect(false);
    while (this.inFlight.length > this.maxInFlight) this.collect(true);
  }

  private start(): PhoneReader["thread"] {
    if (this.thread) return this.thread;
    try {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(ENTRY, {
        workerData: { entry: this.module ?? threadModule(), port: port2, signal },
        transferList: [port2],
      });
      worker.unref();
      // A failure surfaces as a stall (collect); the event is only listened to so it is not unhandled.
      worker.on("error", () => {});
      this.thread = { worker, port: port1, signal };
      return this.thread;
    } catch {
      this.failed = true;
      return null;
    }
  }

  private inline(batch: Batch): void {
    for (let i = 0; i < batch.phones.length; i++) {
      const phone = batch.phones[i]!;
      batch.done[i]!(phone === null ? NO_PHONE : phoneFacts(phone, batch.countries[i]!));
    }
  }

  /** Applies the answers that have arrived; with `wait`, waits for at least one first. */
  private collect(wait: boolean): void {
    const thread = this.thread;
    if (!thread) return;
    let got = false;
    const started = Date.now();
    for (;;) {
      const seen = Atomics.load(thread.signal, 0);
      for (let m = receiveMessageOnPort(thread.port); m; m = receiveMessageOnPort(thread.port)) {
        const answer = m.message as { id: number; e164: (string | null)[]; valid: (boolean | null)[] };
        const batch = this.inFlight.shift()!;
        if (batch.id !== answer.id) throw new Error(`phone thread answered batch ${answer.id}, expected ${batch.id}`);
        for (let i = 0; i < batch.done.length; i++) {
          batch.done[i]!({ phoneE164: answer.e164[i]!, phoneValid: answer.valid[i]! });
        }
        got = true;
      }
      if (got || !wait || this.inFlight.length === 0) return;
      if (Date.now() - started > this.stallMs) {
        // The thread never answered: read what it holds here, and every later batch too.
        this.failed = true;
        const pending = this.inFlight.splice(0);
        this.close();
        for (const batch of pending) this.inline(batch);
        return;
      }
      Atomics.wait(thread.signal, 0, seen, 200);
    }
  }
}
