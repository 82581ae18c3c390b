/** A check named in chat (any case, a unique suffix or a title: checks/select.ts), or the usage error saying why not. */
import { CheckSelectionError, resolveCheckId } from "../checks/select.js";
import type { Check } from "../checks/types.js";
import type { Message } from "../messages/model.js";

export function checkNamed(
  checks: readonly Check[],
  name: string,
  usage: (error: string) => Message,
): { check: Check } | { message: Message } {
  try {
    const id = resolveCheckId(
      checks.map((c) => c.meta),
      name,
    );
    return { check: checks.find((c) => c.meta.id === id)! };
  } catch (error) {
    if (!(error instanceof CheckSelectionError)) throw error;
    return { message: usage(error.message) };
  }
}
