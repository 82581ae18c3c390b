/**
 * Every pattern that reads user input, timed against the input that made its old form backtrack
 * for seconds or minutes. The bound is generous on purpose (100k characters in under a second,
 * where the old forms took 2.5 s to 229 s): it catches a return to quadratic or worse time, not
 * a slow machine. This is the only timed test in the suite.
 */
import type { TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { renderInline } from "../src/console/render.js";
import { ownerUserId } from "../src/core/import/presets/owners.js";
import { dateFormat, dateWithFormats, domainFromWebsite, plainNumber } from "../src/core/import/presets/transforms.js";
import { normalizeEmail } from "../src/core/dataset/email.js";
import { normaliseDomain } from "../src/core/duplicates/normalise.js";
import { maskText } from "../src/core/messages/mask.js";
import { toMrkdwn, toPlain } from "../src/slack/render/text.js";
import { commandTextOf } from "../src/teams/command-text.js";
import { teamsProfile, type MemberDirectory } from "../src/teams/identity.js";
import { toCardMarkdown, toPlainText } from "../src/teams/render/markdown.js";

const N = 100_000;
const BOUND_MS = 1_000;

/** Runs `f` once and fails when it takes longer than the bound; returns its result. */
async function timed<T>(f: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await f();
  expect(performance.now() - start).toBeLessThan(BOUND_MS);
  return result;
}

/** Compares long strings without printing 100k characters on failure. */
const same = (actual: string, expected: string) => expect(actual === expected, `${actual.slice(0, 60)}…`).toBe(true);

const fill = (unit: string, tail = "") => unit.repeat(Math.ceil((N - tail.length) / unit.length)) + tail;

describe("patterns that see input run in linear time (100k characters under a second)", () => {
  it("import: the owner email in a HubSpot owner cell", async () => {
    // No dot after an "@": not an email, so the id is the slug of the name.
    same(await timed(() => ownerUserId(fill("a@"))), `owner:${fill("a-").slice(0, -1)}`);
    same(await timed(() => ownerUserId(fill("a@.", "a"))), `owner:${fill("a@.", "a")}`);
  });

  it("import: dates in a mapping file's formats", async () => {
    const formats = ["D MMM YYYY h:mm A", "YYYY-MM-DD HH:mm", "MMMM D YYYY"].map(dateFormat);
    for (const text of [fill("1 "), `2026-01-01${fill(" ", "x")}`, fill("a", " 1 2026"), fill("1")])
      same(await timed(() => dateWithFormats(text, formats)), text.trim());
  });

  it("import: plain numbers with a unit around them", async () => {
    expect(await timed(() => plainNumber(fill("a", "1")))).toBe("1");
    expect(await timed(() => plainNumber(fill("a", "1x")))).toBe("1");
    const unitsBetween = "1" + "a".repeat(N) + "1";
    same(await timed(() => plainNumber(unitsBetween)), unitsBetween);
  });

  it("import and matching: email tags and website paths cut at the first separator", async () => {
    same(await timed(() => normalizeEmail(fill("+", "\nx@x.com"))), "@x.com");
    same(await timed(() => domainFromWebsite("acme.com" + fill("/", "\nx"))), "acme.com");
    same(await timed(() => normaliseDomain("acme.com" + fill("/", "\nx"))), "acme.com");
  });

  it("messages: masking emails and phones in channel text", async () => {
    same(await timed(() => maskText(fill("a"))), fill("a"));
    const dots = "a".repeat(N / 2) + "@" + ".".repeat(N / 2);
    same(await timed(() => maskText(dots)), dots);
    same(await timed(() => maskText(fill("a@"))), "a.•••@");
    await timed(() => maskText(fill("1 ", "1a")));
    await timed(() => maskText(fill("+(1-", "x")));
  });

  it("Slack: links in mrkdwn and plain text", async () => {
    for (const text of [fill("<http://a|"), fill("<http://", " >"), fill("<mailto:")]) {
      same(await timed(() => toMrkdwn(text)), text.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
      await timed(() => toPlain(text));
    }
  });

  it("Teams: links and bold in card markdown and plain text", async () => {
    for (const text of [fill("<http://a|"), fill("<http://", " >"), fill(" *a"), fill("*a ")]) {
      await timed(() => toCardMarkdown(text));
      await timed(() => toPlainText(text));
    }
    same(await timed(() => toCardMarkdown(fill("<http://a|"))), fill("<http://a|"));
  });

  it("Teams: the command text of a message", async () => {
    same(await timed(() => commandTextOf(fill("<a"))), fill("<a"));
    same(await timed(() => commandTextOf(fill("<at>"))), "");
    // A tag has no "<" inside: only the last "<x>" is markup.
    same(await timed(() => commandTextOf(fill("<x", ">"))), fill("<x", ">").slice(0, -3));
  });

  it("Teams: the profile email from the member lookup", async () => {
    const email = "a@" + fill(".a", "@");
    const context = { activity: { from: { id: "29:u" }, conversation: { tenantId: "t" } } } as unknown as TurnContext;
    const directory = { member: () => Promise.resolve({ id: "29:u", email, name: "U" }) } as unknown as MemberDirectory;
    expect((await timed(() => teamsProfile(context, directory))).email).toBeNull();
  });

  it("console: links in terminal text", async () => {
    await timed(() => renderInline(fill("<http://a|")));
    await timed(() => renderInline(fill("<http:", " >")));
  });
});
