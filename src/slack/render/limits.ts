/**
 * Slack's Block Kit limits, as numbers the renderer fits into and as a zod schema that tests
 * (and the fake Slack API) run every payload through, so a too-large message fails a test
 * instead of being rejected by Slack with `invalid_blocks` in production.
 * Source: Block Kit reference (blocks, block elements, composition objects, views).
 */
import { z } from "zod";

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  buttonLabel: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  imageAltText: 2000,
  imageUrl: 3000,
  inputLabel: 2000,
  placeholder: 150,
  plainTextInputMax: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  messageText: 40000,
} as const;

const plainText = (max: number) =>
  z.object({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) => z.object({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max) });
const textObject = (max: number) => z.union([plainText(max), mrkdwn(max)]);

const actionId = z.string().min(1).max(LIMITS.actionId);
const blockId = z.string().min(1).max(LIMITS.blockId).optional();

export const ButtonSchema = z.object({
  type: z.literal("button"),
  text: plainText(LIMITS.buttonLabel),
  action_id: actionId,
  value: z.string().max(LIMITS.buttonValue).optional(),
  url: z.string().max(3000).optional(),
  style: z.enum(["primary", "danger"]).optional(),
});

const OptionSchema = z.object({ text: plainText(LIMITS.optionText), value: z.string().min(1).max(LIMITS.optionValue) });

const InputElementSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("plain_text_input"),
    action_id: actionId,
    placeholder: plainText(LIMITS.placeholder).optional(),
    initial_value: z.string().max(LIMITS.plainTextInputMax).optional(),
    multiline: z.boolean().optional(),
    max_length: z.number().int().min(1).max(LIMITS.plainTextInputMax).optional(),
  }),
  z.object({
    type: z.literal("number_input"),
    action_id: actionId,
    is_decimal_allowed: z.boolean(),
    initial_value: z.string().optional(),
    min_value: z.string().optional(),
    max_value: z.string().optional(),
  }),
  z.object({
    type: z.literal("static_select"),
    action_id: actionId,
    options: z.array(OptionSchema).min(1).max(LIMITS.selectOptions),
    initial_option: OptionSchema.optional(),
    placeholder: plainText(LIMITS.placeholder).optional(),
  }),
  z.object({
    type: z.literal("multi_static_select"),
    action_id: actionId,
    options: z.array(OptionSchema).min(1).max(LIMITS.selectOptions),
    initial_options: z.array(OptionSchema).min(1).optional(),
    placeholder: plainText(LIMITS.placeholder).optional(),
  }),
  z.object({
    type: z.literal("radio_buttons"),
    action_id: actionId,
    options: z.array(OptionSchema).min(1).max(10),
    initial_option: OptionSchema.optional(),
  }),
]);

/** action_ids must be unique within a block, or Slack rejects the payload. */
const uniqueActionIds = (elements: { action_id: string }[]) =>
  new Set(elements.map((e) => e.action_id)).size === elements.length;

export const BlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("header"), block_id: blockId, text: plainText(LIMITS.headerText) }),
  z.object({ type: z.literal("divider"), block_id: blockId }),
  z
    .object({
      type: z.literal("section"),
      block_id: blockId,
      text: textObject(LIMITS.sectionText).optional(),
      fields: z.array(textObject(LIMITS.fieldText)).min(1).max(LIMITS.sectionFields).optional(),
      accessory: ButtonSchema.optional(),
    })
    .refine((b) => b.text !== undefined || b.fields !== undefined, "a section needs text or fields"),
  z.object({
    type: z.literal("context"),
    block_id: blockId,
    elements: z.array(textObject(LIMITS.contextText)).min(1).max(LIMITS.contextElements),
  }),
  z.object({
    type: z.literal("actions"),
    block_id: blockId,
    elements: z.array(ButtonSchema).min(1).max(LIMITS.actionsElements).refine(uniqueActionIds, "duplicate action_id"),
  }),
  z.object({
    type: z.literal("image"),
    block_id: blockId,
    image_url: z
      .string()
      .max(LIMITS.imageUrl)
      .refine((u) => u.startsWith("https://"), "image_url must be https"),
    alt_text: z.string().min(1).max(LIMITS.imageAltText),
    title: plainText(2000).optional(),
  }),
  z.object({
    type: z.literal("input"),
    block_id: blockId,
    label: plainText(LIMITS.inputLabel),
    element: InputElementSchema,
    optional: z.boolean().optional(),
  }),
]);

export type SlackBlock = z.input<typeof BlockSchema>;

const uniqueBlockIds = (blocks: { block_id?: string | undefined }[]) => {
  const ids = blocks.map((b) => b.block_id).filter((id): id is string => id !== undefined);
  return new Set(ids).size === ids.length;
};

const blockList = (max: number) => z.array(BlockSchema).max(max).refine(uniqueBlockIds, "duplicate block_id");

/** chat.postMessage / chat.update / response_url payloads. */
export const MessagePayloadSchema = z.object({
  text: z.string().max(LIMITS.messageText),
  blocks: blockList(LIMITS.messageBlocks),
});

/** views.open / views.update / response_action: "update" payloads. */
export const ModalViewSchema = z.object({
  type: z.literal("modal"),
  callback_id: z.string().max(LIMITS.callbackId).optional(),
  title: plainText(LIMITS.modalTitle),
  submit: plainText(LIMITS.modalButton).optional(),
  close: plainText(LIMITS.modalButton).optional(),
  private_metadata: z.string().max(LIMITS.privateMetadata).optional(),
  blocks: blockList(LIMITS.viewBlocks),
});

/** views.publish payloads. */
export const HomeViewSchema = z.object({
  type: z.literal("home"),
  private_metadata: z.string().max(LIMITS.privateMetadata).optional(),
  blocks: blockList(LIMITS.viewBlocks),
});
