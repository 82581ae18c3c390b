import { noticeMessage } from "../../messages/help.js";
import { findingsListOf } from "../audit-views.js";
import { defineAction } from "../define.js";

export default defineAction({
  id: "findings.list",
  async run({ audit, stores, request, value, out }) {
    const run = await audit.get(request.workspaceId, value.runId);
    if (!run) return out.reply(noticeMessage("That audit run is no longer stored."));
    const message = await findingsListOf(stores.records, run, value.offset);
    return value.offset === 0 ? out.reply(message) : out.update(message);
  },
});
