import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgressBar } from "../../src/cli/progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  Object.assign(stream, { isTTY, columns: 100, text: () => text });
  return stream;
}

describe("createProgressBar", () => {
  it("draws the bar on a terminal", async () => {
    const stream = fakeStream(true);
    const bar = createProgressBar("importing", stream);
    bar.onProgress(0, 200);
    bar.onProgress(200, 200);
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(stream.text()).toContain("importing [");
    expect(stream.text()).toContain("200/200");
  });

  it("stays silent when the output is not a terminal", async () => {
    const stream = fakeStream(false);
    const bar = createProgressBar("importing", stream);
    bar.onProgress(0, 200);
    bar.onProgress(200, 200);
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(stream.text()).toBe("");
  });
});
