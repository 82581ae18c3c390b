import { helpMessage } from "../../messages/help.js";
import { tooMany } from "../args.js";
import { defineCommand } from "../define.js";

export default defineCommand({
  meta: {
    name: "help",
    usage: ["help"],
    summary: "this list",
    who: "anyone",
    readOnly: true,
    category: "audit",
  },
  args: (tokens) => (tooMany(tokens, 0), { kind: "help" as const }),
  run: async ({ out, commands }) => out.reply(helpMessage(commands)),
});
