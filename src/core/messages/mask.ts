/**
 * Personal data masking for messages seen by a whole channel. Emails and phone numbers are
 * shown in full only in private replies to the person who asked; everything posted with
 * visibility "channel" passes through `maskMessage` (the chat core applies it to every
 * message it sends, so no builder can forget it).
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import type { Block, FindingItem, Message } from "./model.js";

/**
 * What stands for the hidden characters: bullets, which no markdown dialect reads (Teams cards,
 * Slack mrkdwn, the console). Asterisks paired up across two masked addresses into bold italics.
 */
const HIDDEN = "\u2022\u2022\u2022";

/** "ann.lee@example.com" → "a.•••@example.com": the domain stays (it says which company). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return HIDDEN;
  return `${email[0]}.${HIDDEN}${email.slice(at)}`;
}

/** "+44 20 7183 8750" → "+44 •••••• 750": country code and the last three digits stay. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const last = digits.length > 6 ? digits.slice(-3) : "";
  const parsed = phone.trim().startsWith("+") ? parsePhoneNumberFromString(phone.trim()) : undefined;
  const prefix = parsed ? `+${parsed.countryCallingCode} ` : "";
  return `${prefix}${HIDDEN}${HIDDEN}${last ? " " + last : ""}`;
}

// An email is a word with something before and after an "@" (valid or not: a malformed address
// is still personal data). Slack mentions such as <@U123> have nothing before the "@" and stay.
// Words are split first and searched by hand: one pattern for the whole address retried from
// every position and took seconds on long texts without a match.
const WORD = /[^\s<>|,;:()"']+/g;

/** The word with its address masked: it runs from the first non-"@" to the last non-dot. */
function maskEmailIn(word: string): string {
  let start = 0;
  while (word[start] === "@") start++;
  const at = word.indexOf("@", start);
  let end = word.length;
  while (end > at + 1 && word[end - 1] === ".") end--;
  if (at < 0 || end <= at + 1) return word;
  return word.slice(0, start) + maskEmail(word.slice(start, end)) + word.slice(end);
}
// Digit runs with the separators phone numbers use. Whether a run is a phone is decided in
// `looksLikePhone` so that dates, amounts and record ids are left alone.
const PHONE_CANDIDATE = /(?<![\w+.-])\+?\(?\d[\d ().-]{5,}\d(?![\w])/g;

function looksLikePhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  if (/^\d{4}-\d{2}-\d{2}/.test(candidate)) return false; // an ISO date
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(candidate)) return false; // an amount
  return candidate.startsWith("+") ? digits >= 7 : digits >= 9;
}

/** Masks every email address and phone number in free text. */
export function maskText(text: string): string {
  return text.replace(WORD, maskEmailIn).replace(PHONE_CANDIDATE, (m) => (looksLikePhone(m) ? maskPhone(m) : m));
}

function maskFinding(item: FindingItem): FindingItem {
  return { ...item, title: maskText(item.title), samples: item.samples.map(maskText), fix: maskText(item.fix) };
}

function maskBlock(block: Block): Block {
  switch (block.type) {
    case "heading":
    case "text":
    case "context":
      return { ...block, text: maskText(block.text) };
    case "fields":
      return { ...block, fields: block.fields.map((f) => ({ label: f.label, value: maskText(f.value) })) };
    case "findings":
      return { ...block, items: block.items.map(maskFinding) };
    case "chart":
      return block.chart.spec ? { ...block, chart: { ...block.chart, spec: maskStrings(block.chart.spec) } } : block;
    case "table":
      return {
        ...block,
        rows: block.rows.map((row) => row.map(maskText)),
        ...(block.caption !== undefined ? { caption: maskText(block.caption) } : {}),
      };
    default:
      return block;
  }
}

/**
 * The one rule: a message for a channel has its emails and phones masked; a private message is
 * returned unchanged. Button values are not shown to users and carry ids only.
 */
export function maskMessage(message: Message): Message {
  if (message.visibility !== "channel") return message;
  return {
    ...message,
    text: maskText(message.text),
    blocks: message.blocks.map(maskBlock),
    ...(message.file ? { file: maskStrings(message.file) } : {}),
  };
}

/**
 * Every string inside plain data masked (a chart spec, a report model attached as a file):
 * whatever section a module adds to them later is covered too.
 */
export function maskStrings<T>(value: T): T {
  if (typeof value === "string") return maskText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskStrings(v)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v)])) as T;
  }
  return value;
}
