/**
 * Runs the fake Slack Web API (test/slack/fake-slack.ts) in its own process for
 * bench/slack-load.ts, so its work does not count against the bot's event loop (in production
 * Slack's servers are elsewhere too). Prints its URL as one JSON line, then serves until killed.
 *
 * Usage: node --import tsx bench/slack-fake-server.ts <teamId> <botToken>
 */
import { FakeSlack } from "../test/slack/fake-slack.js";

const [teamId, botToken] = process.argv.slice(2);
if (!teamId || !botToken) {
  console.error("usage: slack-fake-server.ts <teamId> <botToken>");
  process.exit(2);
}
const users = Array.from({ length: 20 }, (_, i) => ({
  id: `U_BENCH${i}`,
  name: `Bench ${i}`,
  email: `bench${i}@example.com`,
}));
const fake = await new FakeSlack({ teams: { [teamId]: { botToken, users } } }).start();
console.log(JSON.stringify({ url: fake.url, apiUrl: fake.apiUrl }));
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
