import { noticeMessage } from "../../messages/help.js";
import { parseUserRef, UsageError, type UserRef } from "../args.js";
import { defineCommand } from "../define.js";
import { findPerson, personLabel } from "../people.js";

export default defineCommand({
  meta: {
    name: "link",
    usage: ["link <email> [@user]"],
    summary: "link your chat account to the CRM user with that email (admins: someone else's)",
    who: "anyone",
    whoNote: "anyone for themselves (their own email when the platform gives one), admins for others",
    readOnly: false,
    category: "people",
  },
  args(tokens) {
    if (tokens.length === 0) throw new UsageError("which CRM user? e.g. link ann.lee@example.com");
    if (tokens.length > 2) throw new UsageError(`unexpected "${tokens[2]}"`);
    const crm = parseUserRef(tokens[0]!);
    if (!crm || crm.kind !== "crm") throw new UsageError(`"${tokens[0]}" is not a CRM user's email or id`);
    let chatUser: Extract<UserRef, { kind: "mention" }> | null = null;
    if (tokens[1] !== undefined) {
      const ref = parseUserRef(tokens[1]);
      if (ref?.kind !== "mention") throw new UsageError(`"${tokens[1]}" is not a chat user (mention them)`);
      chatUser = ref;
    }
    return { kind: "link" as const, crm, chatUser };
  },
  adminOnly: (args) => (args.chatUser ? "Only admins can link someone else. `link <email>` links you." : null),
  async run(ctx) {
    const { stores, request, out, args } = ctx;
    const { actor, workspaceId } = request;
    const found = await findPerson(ctx, request, args.crm, "link");
    if ("message" in found) return out.reply(found.message);
    const { person } = found;
    // A platform that vouches for an email decides who someone is; only admins may say otherwise.
    if (!args.chatUser && !actor.isAdmin && actor.email && actor.email.toLowerCase() !== person.email.toLowerCase()) {
      return out.reply(
        noticeMessage(`Your chat account's email is ${actor.email}, not ${person.email}: ask an admin to link you.`),
      );
    }
    const key = args.chatUser
      ? { platform: actor.platform, tenantId: actor.tenantId, userId: args.chatUser.userId }
      : { platform: actor.platform, tenantId: actor.tenantId, userId: actor.userId };
    const linked = await stores.identities.link(key, workspaceId, person.id);
    if (!linked)
      return out.reply(noticeMessage("That person has not used the bot here yet, so they cannot be linked."));
    const who = args.chatUser ? "They are" : "You are";
    return out.reply(
      noticeMessage(
        `${who} now linked to ${personLabel(person)}.`,
        "`overdue` without a name shows that person's items.",
      ),
    );
  },
});
