import check from "../../../../src/core/checks/contact/invalid-email.js";
import { T, testCheck } from "../check-tester.js";
import { contact } from "../run-check.js";

const email = (id: string, address: string | null) => ({ contacts: [contact({ id, email: address })] });

testCheck(check, {
  asOf: T,
  valid: [
    { name: "plus tag and two-part domain", tables: email("ok", "ann.lee+crm@example.co.uk") },
    { name: "surrounding whitespace", tables: email("padded", " ann@example.com ") },
    { name: "blank (contact.missing-email-and-phone's business)", tables: email("blank", null) },
  ],
  invalid: [
    { name: "no @", tables: email("no-at", "ann.example.com"), ids: ["no-at"] },
    { name: "no top-level domain", tables: email("no-tld", "ann@example"), ids: ["no-tld"] },
    { name: "space inside", tables: email("space", "ann lee@example.com"), ids: ["space"] },
    { name: "two @", tables: email("two-at", "ann@@example.com"), ids: ["two-at"] },
  ],
});
