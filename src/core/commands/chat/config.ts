import { configChangedMessage, configMessage, configResetMessage } from "../../messages/config.js";
import { noticeMessage } from "../../messages/help.js";
import { checkName, expectArg, settingName, UsageError } from "../args.js";
import { checkNamed } from "../check-named.js";
import { readCheckConfigs, resetCheckSetting, setCheckEnabled, setCheckSetting } from "../check-config.js";
import { actorName, defineCommand } from "../define.js";

type ConfigArgs =
  | { kind: "config" }
  /** `value` as typed: the setting's schema decides how to read it (commands/check-config.ts). */
  | { kind: "config-set"; checkId: string; key: string; value: string }
  | { kind: "config-enable"; checkId: string; enabled: boolean }
  | { kind: "config-reset"; checkId: string; key: string | null };

export default defineCommand({
  meta: {
    name: "config",
    usage: [
      "config",
      "config set <check> <setting> <value>",
      "config set <check> severity <low|medium|high|critical>",
      "config enable|disable <check>",
      "config reset <check> [setting]",
    ],
    summary: "check settings; admins may change, enable, disable or reset them",
    who: "anyone",
    whoNote: "show: anyone; change: admins",
    readOnly: false,
    category: "settings",
  },
  args(tokens): ConfigArgs {
    const [verb, ...rest] = tokens;
    if (verb === undefined) return { kind: "config" };
    if (verb === "set") {
      // A list may be typed with spaces ("DE FR"): everything after the setting is the value.
      if (rest.length < 3) throw new UsageError("config set needs <check> <setting> <value>");
      return {
        kind: "config-set",
        checkId: expectArg(checkName, rest[0]!, "check"),
        key: expectArg(settingName, rest[1]!, "setting"),
        value: rest.slice(2).join(" "),
      };
    }
    if (verb === "enable" || verb === "disable") {
      if (rest.length !== 1) throw new UsageError(`config ${verb} needs one <check>`);
      return { kind: "config-enable", checkId: expectArg(checkName, rest[0]!, "check"), enabled: verb === "enable" };
    }
    if (verb === "reset") {
      if (rest.length < 1 || rest.length > 2) throw new UsageError("config reset needs <check> [setting]");
      const key = rest[1] === undefined ? null : expectArg(settingName, rest[1], "setting");
      return { kind: "config-reset", checkId: expectArg(checkName, rest[0]!, "check"), key };
    }
    throw new UsageError(`unknown config action "${verb}"`);
  },
  readOnly: (args) => args.kind === "config",
  adminOnly: (args) => (args.kind === "config" ? null : "Only admins can change check settings."),
  async run(ctx) {
    const { stores, request, out, args, checks, fileSettings } = ctx;
    const { workspaceId, actor } = request;
    const overrides = stores.checkOverrides;
    if (args.kind === "config") {
      return out.reply(
        configMessage(await readCheckConfigs(overrides, workspaceId, checks, fileSettings), actor.isAdmin),
      );
    }
    const named = checkNamed(checks, args.checkId, ctx.usage);
    if ("message" in named) return out.reply(named.message);
    const { check } = named;
    const file = fileSettings[check.meta.id];
    const by = actorName(request);
    if (args.kind === "config-enable") {
      const { config, changed } = await setCheckEnabled(overrides, workspaceId, check, args.enabled, by, file);
      if (!changed) return out.reply(noticeMessage(`${check.meta.id} is already ${config.enabled ? "on" : "off"}.`));
      return out.reply(configChangedMessage(config, by));
    }
    if (args.kind === "config-reset") {
      const reset = await resetCheckSetting(overrides, workspaceId, check, args.key ?? undefined, by, file);
      if (!reset.ok) return out.reply(ctx.usage(reset.error));
      return out.reply(configResetMessage(reset.config, args.key, reset.removed, by));
    }
    const result = await setCheckSetting(overrides, workspaceId, check, args.key, args.value, by, file);
    if (!result.ok) return out.reply(ctx.usage(result.error));
    return out.reply(configChangedMessage(result.config, by));
  },
});
