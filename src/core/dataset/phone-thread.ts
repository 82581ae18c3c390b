/**
 * The thread behind PhoneReader (phone-batches.ts): reads batches of phone numbers with
 * parsePhone and answers each on the same port, bumping a shared counter so the owner, which
 * waits synchronously, wakes up.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { parsePhone } from "./phone.js";

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

port.on("message", (batch: { id: number; phones: (string | null)[]; countries: (string | null)[] }) => {
  const e164: (string | null)[] = [];
  const valid: (boolean | null)[] = [];
  for (let i = 0; i < batch.phones.length; i++) {
    const phone = batch.phones[i]!;
    const parsed = phone === null ? null : parsePhone(phone, batch.countries[i]!);
    e164.push(parsed ? parsed.e164 : null);
    valid.push(parsed ? parsed.valid : null);
  }
  port.postMessage({ id: batch.id, e164, valid });
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
