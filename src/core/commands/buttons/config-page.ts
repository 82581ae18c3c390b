import { configMessage } from "../../messages/config.js";
import { readCheckConfigs } from "../check-config.js";
import { defineAction } from "../define.js";

export default defineAction({
  id: "config.page",
  async run({ stores, request, value, out, checks, fileSettings }) {
    const configs = await readCheckConfigs(stores.checkOverrides, request.workspaceId, checks, fileSettings);
    return out.update(configMessage(configs, request.actor.isAdmin, value.offset));
  },
});
