/** The *Change a check* form (messages/config.ts): admins change one setting and/or turn a check on or off. */
import { configChangedMessage } from "../messages/config.js";
import { setCheckEnabled, setCheckSetting } from "./check-config.js";
import { actorName, type ChatServices } from "./define.js";
import type { FormResult, FormSubmission } from "./types.js";

export async function submitConfigForm(
  services: Pick<ChatServices, "stores" | "checks" | "fileSettings">,
  submission: FormSubmission,
): Promise<FormResult> {
  if (!submission.actor.isAdmin) return { ok: false, errors: { check: "Only admins can change check settings." } };
  const str = (id: string) => {
    const v = submission.values[id];
    return v === undefined || v === "" ? undefined : String(v).trim();
  };
  const check = services.checks.find((c) => c.meta.id === (str("check") ?? ""));
  if (!check) return { ok: false, errors: { check: "Choose one of the listed checks." } };
  const enabled = str("enabled") ?? "keep";
  if (!["keep", "on", "off"].includes(enabled))
    return { ok: false, errors: { enabled: "Choose on, off or leave as is." } };
  const key = str("key");
  const value = str("value");
  if (key && value === undefined) return { ok: false, errors: { value: `Enter a value for ${key}.` } };
  if (!key && value !== undefined) return { ok: false, errors: { key: "Which setting should take this value?" } };
  if (!key && enabled === "keep")
    return { ok: false, errors: { key: "Choose a setting to change, or turn the check on or off." } };
  const by = actorName(submission);
  const store = services.stores.checkOverrides;
  const file = services.fileSettings[check.meta.id];
  let config;
  if (key && value !== undefined) {
    // Thresholds first: they are the change that can be refused, and a refusal must write nothing.
    const result = await setCheckSetting(store, submission.workspaceId, check, key, value, by, file);
    if (!result.ok) return { ok: false, errors: { [result.field]: result.error } };
    config = result.config;
  }
  if (enabled !== "keep")
    ({ config } = await setCheckEnabled(store, submission.workspaceId, check, enabled === "on", by, file));
  return { ok: true, message: configChangedMessage(config!, by) };
}
