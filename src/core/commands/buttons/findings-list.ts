import { noticeMessage } from "../../messages/help.js";
import { findingsListOf } from "../audit-views.js";
import { defineAction } from "../define.js";

export default defineAction({
  id: "findings.list",
  async run({ audit, stores, request, value, out }) {
    const run = await audit.get(request.workspaceId, value.runId);
    if (!run) return out.reply(noticeMessage("That audit run is no longer stored."));
    const message = await findingsListOf(stores.records, run, value.offset);
    // Page 0 opens a new message, unless reached with "Previous", which turns the page in place.
    return value.offset === 0 && !value.back ? out.reply(message) : out.update(message);
  },
});
