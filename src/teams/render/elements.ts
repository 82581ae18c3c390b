/** The small slice of the Adaptive Card 1.5 schema this renderer produces, typed as plain JSON. */
export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: "Action.Execute" | "Action.Submit" | "Action.ShowCard" };

export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardAction[];
  msteams?: {
    width: "Full";
    /** Mentions in the card's text (<at>name</at>), so Teams notifies those people. */
    entities?: { type: "mention"; text: string; mentioned: { id: string; name: string } }[];
  };
  /** Shown by clients that cannot render the card. */
  fallbackText?: string;
}

export const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Keys of Action.Execute / Action.Submit data that carry routing, not user input. */
export const DATA_KEYS = {
  /** A button's value (Action.Execute: the verb is the action id). */
  value: "crmAuditValue",
  /** A button's action id, needed by the Action.Submit fallback which has no verb. */
  actionId: "crmAuditAction",
  /** A form round trip: the serialised Form, so errors can be shown on the same form. */
  form: "crmAuditForm",
} as const;
