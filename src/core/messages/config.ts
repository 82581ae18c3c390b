/** The check settings view and the form admins change them with. */
import type { EffectiveCheckConfig } from "../commands/check-config.js";
import { truncate } from "./format.js";
import type { Block, Form, Message } from "./model.js";

export const CONFIG_FORM_ID = "config.check";

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function thresholdText(config: EffectiveCheckConfig): string {
  return Object.entries(config.thresholds)
    .map(([k, v]) => `${k}=${formatValue(v)}${config.overridden.includes(k) ? "*" : ""}`)
    .join(", ");
}

export function configForm(configs: readonly EffectiveCheckConfig[]): Form {
  return {
    formId: CONFIG_FORM_ID,
    title: "Change a check",
    submitLabel: "Save",
    inputs: [
      {
        kind: "select",
        id: "check",
        label: "Check",
        options: configs.map((c) => ({ value: c.meta.id, label: truncate(c.meta.id, 75) })),
      },
      {
        kind: "select",
        id: "enabled",
        label: "Enabled",
        optional: true,
        options: [
          { value: "keep", label: "Leave as is" },
          { value: "on", label: "On" },
          { value: "off", label: "Off" },
        ],
        initial: "keep",
      },
      { kind: "text", id: "key", label: "Setting", placeholder: "e.g. days", optional: true, maxLength: 60 },
      { kind: "text", id: "value", label: "New value", placeholder: "e.g. 180", optional: true, maxLength: 200 },
    ],
  };
}

export function configMessage(configs: readonly EffectiveCheckConfig[], isAdmin: boolean): Message {
  const rows = configs.map((c) => [c.meta.id, c.enabled ? "on" : "off", c.severity, thresholdText(c) || "—"]);
  const blocks: Block[] = [
    { type: "heading", text: "Check settings" },
    { type: "table", columns: ["Check", "On", "Severity", "Settings"], rows },
    { type: "context", text: "* set for this workspace; the rest are defaults." },
  ];
  if (isAdmin) {
    blocks.push({ type: "form", form: configForm(configs), openLabel: "Change a check" });
    blocks.push({
      type: "context",
      text: "Or type `/crm-audit config set <check> <key> <value>` / `config enable|disable <check>`.",
    });
  } else {
    blocks.push({ type: "context", text: "Only admins can change settings." });
  }
  return { text: `Settings of ${configs.length} checks`, visibility: "private", blocks };
}

export function configChangedMessage(config: EffectiveCheckConfig, by: string): Message {
  const text = `${config.meta.id} is now ${config.enabled ? "on" : "off"}${
    Object.keys(config.thresholds).length ? ` (${thresholdText(config)})` : ""
  }.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "text", text },
      { type: "context", text: `Changed by ${by}. The next audit uses it.` },
    ],
  };
}
