/**
 * The identity of a Slack request, for the delivery store (src/server/deliveries.ts): a retry
 * (X-Slack-Retry-Num) or a replay of the same signed request carries the same key and is
 * handled once.
 */
interface DeliveryBody {
  team_id?: unknown;
  team?: { id?: unknown } | null;
  enterprise_id?: unknown;
  event_id?: unknown;
  trigger_id?: unknown;
}

/**
 * `slack:{team}:event:{event_id}`, `slack:{team}:trigger:{trigger_id}`, or, for a request with
 * neither, `slack:{team}:signature:{signature}`: a replayed request keeps its signature, which
 * is only accepted within the five-minute window, and keys are kept longer than that. Null
 * when there is no identity at all (Socket Mode has no signature).
 */
export function deliveryKey(body: DeliveryBody, signature?: unknown): string | null {
  const team = String(body.team_id ?? body.team?.id ?? body.enterprise_id ?? "-");
  if (typeof body.event_id === "string" && body.event_id) return `slack:${team}:event:${body.event_id}`;
  if (typeof body.trigger_id === "string" && body.trigger_id) return `slack:${team}:trigger:${body.trigger_id}`;
  if (typeof signature === "string" && signature) return `slack:${team}:signature:${signature}`;
  return null;
}
