import { noticeMessage } from "../../messages/help.js";
import { findingRecordsOf } from "../audit-views.js";
import { defineAction } from "../define.js";

export default defineAction({
  id: "findings.records",
  async run({ audit, stores, request, value, out }) {
    const run = await audit.get(request.workspaceId, value.runId);
    const finding = run?.findings.find((f) => f.checkId === value.checkId);
    if (!run || !finding) return out.reply(noticeMessage("That audit run is no longer stored."));
    const message = await findingRecordsOf(stores.records, run, finding, value.page);
    // Page 0 opens a new message, unless reached with "Previous", which turns the page in place.
    return value.page === 0 && !value.back ? out.reply(message) : out.update(message);
  },
});
