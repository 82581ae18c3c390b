/**
 * A "form" block becomes a button; the click must open the form as a modal within the
 * trigger's 3 seconds, and nothing about the form may live in one process's memory (several
 * instances serve one app). So the form travels in the button's value: JSON, deflated and
 * base64url-encoded to fit Slack's 2000 characters, parsed with zod when it comes back.
 */
import zlib from "node:zlib";
import type { Form } from "../../core/messages/model.js";
import { LIMITS } from "./limits.js";
import { FormSchema } from "../../core/messages/form-schema.js";

/** The form as a button value, or null when even compressed it exceeds Slack's 2000 characters. */
export function encodeForm(form: Form): string | null {
  const value = zlib.deflateRawSync(Buffer.from(JSON.stringify(form))).toString("base64url");
  return value.length <= LIMITS.buttonValue ? value : null;
}

/** The form from a clicked button's value; throws on anything that is not one we encoded. */
export function decodeForm(value: string): Form {
  const json = zlib.inflateRawSync(Buffer.from(value, "base64url"), { maxOutputLength: 1_000_000 }).toString("utf8");
  return FormSchema.parse(JSON.parse(json));
}
