/** The check settings view and the form admins change them with. */
import type { EffectiveCheckConfig } from "../commands/check-config.js";
import { button } from "../commands/actions.js";
import { truncate } from "./format.js";
import type { Block, Form, Message } from "./model.js";

export const CONFIG_FORM_ID = "config.check";

/** Checks per page of the settings table: a Teams card shows 20 rows at most, a phone far fewer. */
export const CONFIG_PAGE = 10;

/** A list reads as it is typed in `config set` ("DE, FR"), not as JSON over many lines. */
function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => formatValue(v)).join(", ");
  return JSON.stringify(value);
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

/** One page of the settings table (from `offset`), with Previous / Next buttons and the `*` legend. */
export function configMessage(configs: readonly EffectiveCheckConfig[], isAdmin: boolean, offset = 0): Message {
  const start = offset < configs.length ? offset : 0;
  const page = configs.slice(start, start + CONFIG_PAGE);
  const rows = page.map((c) => [c.meta.id, c.enabled ? "on" : "off", c.severity, thresholdText(c) || "—"]);
  const last = start + page.length;
  const caption = configs.length > CONFIG_PAGE ? `Checks ${start + 1} to ${last} of ${configs.length}` : undefined;
  const blocks: Block[] = [
    { type: "heading", text: "Check settings" },
    { type: "table", columns: ["Check", "On", "Severity", "Settings"], rows, ...(caption ? { caption } : {}) },
    { type: "context", text: "* set for this workspace; the rest are defaults." },
  ];
  const pages = [
    ...(start > 0 ? [button("config.page", "Previous page", { offset: Math.max(0, start - CONFIG_PAGE) })] : []),
    ...(last < configs.length ? [button("config.page", "Next page", { offset: last })] : []),
  ];
  if (pages.length) blocks.push({ type: "actions", buttons: pages });
  if (isAdmin) {
    blocks.push({ type: "form", form: configForm(configs), openLabel: "Change a check" });
    blocks.push({
      type: "context",
      text: "Or type `/crm-audit config set <check> <setting|severity> <value>` / `config enable|disable <check>` / `config reset <check> [setting]`.",
    });
  } else {
    blocks.push({ type: "context", text: "Only admins can change settings." });
  }
  return { text: `Settings of ${configs.length} checks`, visibility: "private", blocks };
}

/** "on, severity high (days=30*)": a check's settings as one phrase. */
function settingsText(config: EffectiveCheckConfig): string {
  const thresholds = Object.keys(config.thresholds).length ? ` (${thresholdText(config)})` : "";
  return `${config.enabled ? "on" : "off"}, severity ${config.severity}${thresholds}`;
}

export function configChangedMessage(config: EffectiveCheckConfig, by: string): Message {
  const text = `${config.meta.id} is now ${settingsText(config)}.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "text", text },
      { type: "context", text: `Changed by ${by}. The next audit uses it.` },
    ],
  };
}

/** After `config reset`: what was removed and what applies now. */
export function configResetMessage(
  config: EffectiveCheckConfig,
  key: string | null,
  removed: boolean,
  by: string,
): Message {
  const what = key === null ? "workspace settings" : `workspace setting for ${key}`;
  const head = removed ? `${config.meta.id}: ${what} removed.` : `${config.meta.id} had no ${what}.`;
  const text = `${head} Now ${settingsText(config)}.`;
  return {
    text,
    visibility: "private",
    blocks: [
      { type: "text", text },
      { type: "context", text: removed ? `Changed by ${by}. The next audit uses it.` : "Nothing changed." },
    ],
  };
}
