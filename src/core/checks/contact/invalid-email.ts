import { isValidEmail } from "../../dataset/email.js";
import { defineCheck } from "../types.js";
import { isBlank, noThresholds } from "../util.js";

export default defineCheck({
  meta: {
    id: "contact.invalid-email",
    title: "Contacts with an invalid email address",
    category: "data-quality",
    severity: "medium",
    entity: "contacts",
    shape: "records",
    effort: "per-record",
    // Depends on the records and settings only, never on T: reused while the data is unchanged.
    outcomeCached: true,
    requires: ["contacts.email"],
    reads: { contacts: ["email"] },
    why: "Mail to a malformed address bounces, and bounces hurt the sender reputation of every campaign.",
    fix: "Correct the address (typos, spaces, missing domain) or clear the field.",
  },
  thresholds: noThresholds,
  create(context) {
    return {
      contacts(contact) {
        // Surrounding whitespace is an import artefact, not what makes an address undeliverable.
        if (!isBlank(contact.email) && !isValidEmail(contact.email!.trim())) context.report(contact.id);
      },
    };
  },
});
