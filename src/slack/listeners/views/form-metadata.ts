/** What a form modal carries through its round trip in private_metadata (at most 3000 characters). */
import { z } from "zod";

const MetadataSchema = z.object({
  f: z.string().min(1),
  s: z.string().optional(),
  n: z.array(z.string()),
  c: z.string(),
});

export interface FormMetadata {
  formId: string;
  state: string | undefined;
  /** Inputs whose answers are numbers. */
  numeric: string[];
  /** Where the form was opened from (a channel, or the user's id for the Home tab). */
  channelId: string;
}

export function encodeFormMetadata(m: FormMetadata): string {
  return JSON.stringify({
    f: m.formId,
    ...(m.state === undefined ? {} : { s: m.state }),
    n: m.numeric,
    c: m.channelId,
  });
}

export function decodeFormMetadata(raw: string): FormMetadata {
  const m = MetadataSchema.parse(JSON.parse(raw));
  return { formId: m.f, state: m.s, numeric: m.n, channelId: m.c };
}
