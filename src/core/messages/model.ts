/**
 * The platform-neutral message model. Features (audit results, reminders, surveys) build
 * these; the Slack, Teams and console layers only render them. Nothing here knows a platform.
 *
 * Text uses a small markdown subset every surface can render: *bold*, _italic_, `code`,
 * and <url|label> links.
 */

import type { ChartSpec } from "../charts/spec.js";
import type { ReportModel } from "../report/model.js";

export type Visibility = "private" | "channel";

export interface Button {
  /** Routes the click: one handler per action id (see src/core/commands/actions.ts). */
  actionId: string;
  label: string;
  /** Opaque, at most 2000 characters (Slack's limit); parsed with zod when clicked. */
  value: string;
  style?: "primary" | "danger";
}

export interface FindingItem {
  checkId: string;
  title: string;
  severity: "low" | "medium" | "high" | "critical";
  count: number;
  /** "+3" / "-5" since the previous run, when there was one. */
  change?: number | null;
  /** A few affected record labels (already masked for channel posts). */
  samples: string[];
  fix: string;
  button?: Button;
}

/**
 * A person to notify, by their chat user id on the platform the message goes to. Each surface
 * writes it its own way (Slack <@U…>, a Teams <at> mention entity, "@name" in the console).
 */
export interface Mention {
  userId: string;
  /** Shown where the platform cannot resolve the id (the console, Teams' <at> text). */
  name: string;
}

export interface Chart {
  kind: "bar" | "line";
  title: string;
  labels: string[];
  values: number[];
  /** A PNG or SVG data URL or an https URL; surfaces that cannot show images use the table. */
  imageUrl?: string;
  /**
   * The chart as data (src/core/charts): surfaces that show images draw it (src/render) and
   * attach it (Slack upload, Teams card image, console PNG file); `labels`/`values` stay the
   * text fallback (docs/charts.md).
   */
  spec?: ChartSpec;
}

/**
 * A file that goes with a message, as data: the platform layer renders it (src/render) and
 * posts it (Slack files.uploadV2, the console writes it and prints the path). Masked with the
 * message when it goes to a channel.
 */
export type MessageFile = { kind: "report"; format: "pdf"; filename: string; title: string; report: ReportModel };

export type InputSpec =
  | {
      kind: "text";
      id: string;
      label: string;
      placeholder?: string;
      initial?: string;
      multiline?: boolean;
      optional?: boolean;
      maxLength?: number;
    }
  | { kind: "number"; id: string; label: string; initial?: number; min?: number; max?: number; optional?: boolean }
  | {
      kind: "select";
      id: string;
      label: string;
      options: { value: string; label: string }[];
      /** Several may be chosen; the value comes back comma-separated (option values hold no commas). */
      multiple?: boolean;
      /** For `multiple`, the values comma-separated. */
      initial?: string;
      optional?: boolean;
    }
  | { kind: "rating"; id: string; label: string; min: number; max: number; optional?: boolean };

export interface Form {
  /** Routes the submission (see src/core/commands/config-form.ts). */
  formId: string;
  title: string;
  /** Shown above the inputs (a survey's first screen says whether it is anonymous). */
  intro?: string;
  submitLabel: string;
  inputs: InputSpec[];
  /** Opaque state carried through the round trip (e.g. a survey id). */
  state?: string;
}

export type Block =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "context"; text: string }
  | { type: "divider" }
  | { type: "score"; label: string; value: number; delta?: number | null }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "findings"; items: FindingItem[] }
  | { type: "table"; columns: string[]; rows: string[][]; caption?: string }
  | { type: "chart"; chart: Chart }
  | { type: "actions"; buttons: Button[] }
  /** "label @a @b": people mentioned so their platform notifies them (a digest's owners). */
  | { type: "mentions"; label: string; people: Mention[] }
  /** A button that opens a form (a Slack modal, a Teams task module or inline card inputs). */
  | { type: "form"; form: Form; openLabel: string };

export interface Message {
  /** Plain-text fallback for notifications and screen readers. */
  text: string;
  blocks: Block[];
  visibility: Visibility;
  /** A document posted with the message (the audit report's PDF). */
  file?: MessageFile;
}
