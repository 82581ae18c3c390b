import { parsePhone } from "../../dataset/phone.js";
import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

/**
 * The importer stores whether each number is valid (`phoneValid`), so audits read that flag.
 * Rows stored before the importer did so have it null: for those the number is parsed here.
 * Parsing with libphonenumber-js costs ~16-20 µs a number (it compiles its patterns on every
 * call), so verdicts are memoised per run: shared numbers (switchboards, duplicates, imports that
 * repeat a placeholder) are parsed once. The cache is bounded so a million unique numbers do not
 * hold a million entries.
 */
const MEMO_LIMIT = 100_000;

export default defineCheck({
  meta: {
    id: "contact.invalid-phone",
    title: "Contacts with an invalid phone number",
    category: "data-quality",
    severity: "low",
    entity: "contacts",
    shape: "records",
    requires: ["contacts.phone"],
    why: "Calls and texts to an invalid number fail, and the number cannot be matched to incoming calls.",
    fix: "Store the number in international form (+country code), correct its digits, or clear the field.",
  },
  thresholds: noThresholds,
  create(context) {
    const memo = new Map<string, boolean>();
    const isValid = (phone: string, country: string | null): boolean => {
      const key = `${country ?? ""}|${phone}`;
      let valid = memo.get(key);
      if (valid === undefined) {
        valid = parsePhone(phone, country).valid;
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(key, valid);
      }
      return valid;
    };
    return {
      contacts(contact) {
        if (isBlank(contact.phone)) return;
        const valid =
          contact.phoneValid === undefined || contact.phoneValid === null
            ? isValid(contact.phone!, contact.country)
            : contact.phoneValid;
        if (!valid) context.report(contact.id);
      },
    };
  },
});
