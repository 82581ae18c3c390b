/**
 * action_ids the Slack layer owns, and how the core's action ids travel through Block Kit.
 * Slack rejects two elements with the same action_id in one block, while the core may reuse
 * one id for many buttons ("show records" on every finding), so each rendered id gets a
 * "~n" suffix that is stripped again when the click arrives.
 */
export const FORM_OPEN_ACTION = "slack.form.open";
export const SHOW_MORE_ACTION = "slack.show_more";
/** callback_id of every modal that carries a core Form. */
export const FORM_CALLBACK_ID = "crm_form";
/** callback_id of a modal that only shows a result (no submission). */
export const RESULT_CALLBACK_ID = "crm_result";
/** action_id of the single element inside each modal input block (block_id = input id). */
export const INPUT_ACTION_ID = "value";

const SUFFIX = /~\d+$/;

export function withSuffix(actionId: string, n: number): string {
  return `${actionId}~${n}`;
}

export function stripSuffix(actionId: string): string {
  return actionId.replace(SUFFIX, "");
}
