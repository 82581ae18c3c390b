/**
 * How long contact.invalid-phone takes per number (libphonenumber-js "max" metadata through
 * src/core/dataset/phone.ts). Numbers are distinct, so the per-run memo does not help: half are
 * real-looking numbers (Google's example mobile numbers of ten countries with new last digits,
 * written nationally as a CRM shows them, e.g. "07400 123456"), half random digit strings.
 * Run: npx tsx bench/phone-validation.ts [count]
 */
import examples from "libphonenumber-js/mobile/examples";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import invalidPhone from "../src/core/checks/contact/invalid-phone.js";
import type { AuditRows } from "../src/core/checks/types.js";

const count = Number(process.argv[2] ?? 200_000);
const countries: CountryCode[] = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "AU", "CA", "IN"];
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;

const template = {
  firstName: null,
  lastName: null,
  email: null,
  jobTitle: null,
  companyId: null,
  ownerId: null,
  lifecycleStage: null,
  street: null,
  city: null,
  postcode: null,
  state: null,
  consent: null,
  consentAt: null,
  tags: null,
  createdAt: 0,
  updatedAt: 0,
  lastActivityAt: null,
  lastLinkedActivityAt: null,
} satisfies Omit<AuditRows["contacts"], "id" | "phone" | "country">;

const contacts: AuditRows["contacts"][] = [];
for (let i = 0; i < count; i++) {
  const country = countries[i % countries.length]!;
  let phone: string;
  if (i % 2 === 0) {
    const example = (examples as Record<string, string>)[country]!;
    const tail = String(Math.floor(random() * 10_000)).padStart(4, "0");
    const national = example.slice(0, -4) + tail;
    phone = parsePhoneNumberFromString(national, country)?.formatNational() ?? national;
  } else {
    let digits = "";
    for (let k = 0; k < 10; k++) digits += Math.floor(random() * 10);
    phone = `+${digits}`;
  }
  contacts.push({ ...template, id: String(i), phone, country });
}

let reported = 0;
const visitors = invalidPhone.create({
  asOf: Date.now(),
  thresholds: {},
  counts: { users: 0, companies: 0, contacts: count, deals: 0, tasks: 0, activities: 0, customer_feedback: 0 },
  previousCounts: null,
  report: () => void reported++,
  reportGroup: () => undefined,
});
const started = performance.now();
for (const contact of contacts) visitors.contacts!(contact);
const ms = performance.now() - started;
console.log(
  `contact.invalid-phone: ${count} numbers in ${(ms / 1000).toFixed(2)} s = ${((ms * 1000) / count).toFixed(1)} µs/number ` +
    `(${reported} invalid); 1M numbers ≈ ${((ms / count) * 1000).toFixed(1)} s`,
);
