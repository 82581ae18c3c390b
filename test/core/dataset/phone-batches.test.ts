import { describe, expect, it } from "vitest";
import { PhoneReader, phoneFacts, type PhoneFacts } from "../../../src/core/dataset/phone-batches.js";

const NUMBERS: [string | null, string | null][] = [
  ["+44 20 7946 0018", null],
  ["020 7946 0018", "GB"],
  ["030 1234567", "DE"],
  ["not a phone", "US"],
  ["", "FR"],
  [null, null],
  ["   ", "GB"],
  ["(415) 555-2671", "US"],
  ["0049 30 1234567", "DE"],
  ["12", "Atlantis"],
];

/** Every number, many times over, so several batches are in flight at once. */
function inputs(times: number): [string | null, string | null][] {
  const out: [string | null, string | null][] = [];
  for (let i = 0; i < times; i++) for (const [phone, country] of NUMBERS) out.push([phone, country]);
  return out;
}

describe("PhoneReader", () => {
  it("gives, on its thread, the facts parsePhone gives, in the order the numbers came", () => {
    const given = inputs(300);
    const got: PhoneFacts[] = [];
    const reader = new PhoneReader({ inlineFirst: 5, batchSize: 64, maxInFlight: 3 });
    for (const [phone, country] of given) reader.add(phone, country, (facts) => got.push(facts));
    reader.finish();
    expect(got).toEqual(given.map(([phone, country]) => phoneFacts(phone, country)));
    // A real number and a blank, as the importer stores them.
    expect(got[0]).toEqual({ phoneE164: "+442079460018", phoneValid: true });
    expect(got[4]).toEqual({ phoneE164: null, phoneValid: null });
  });

  it("answers at once while under its inline share (no thread for a small import)", () => {
    const reader = new PhoneReader({ inlineFirst: 100 });
    const got: PhoneFacts[] = [];
    for (const [phone, country] of NUMBERS) reader.add(phone, country, (facts) => got.push(facts));
    expect(got).toHaveLength(NUMBERS.length);
    reader.finish();
  });

  it("drops what is unanswered when closed, and calls nothing afterwards", () => {
    const reader = new PhoneReader({ inlineFirst: 0, batchSize: 8 });
    let calls = 0;
    for (const [phone, country] of inputs(2)) reader.add(phone, country, () => calls++);
    reader.close();
    const before = calls;
    reader.finish();
    expect(calls).toBe(before);
  });

  it("reads the numbers itself when its thread never answers", () => {
    const given = inputs(30);
    const got: PhoneFacts[] = [];
    // A thread module that listens to nothing: every batch stalls.
    const silent = "data:text/javascript,export {}";
    const reader = new PhoneReader({ inlineFirst: 0, batchSize: 16, stallMs: 300, threadModule: silent });
    for (const [phone, country] of given) reader.add(phone, country, (facts) => got.push(facts));
    reader.finish();
    expect(got).toEqual(given.map(([phone, country]) => phoneFacts(phone, country)));
  });
});
