import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../../src/core/checks/types.js";
import contactedAfterWithdrawal from "../../../src/core/checks/contact/contacted-after-withdrawal.js";
import invalidEmail from "../../../src/core/checks/contact/invalid-email.js";
import invalidPhone from "../../../src/core/checks/contact/invalid-phone.js";
import missingCompany from "../../../src/core/checks/contact/missing-company.js";
import missingConsent from "../../../src/core/checks/contact/missing-consent.js";
import missingEmailAndPhone from "../../../src/core/checks/contact/missing-email-and-phone.js";
import missingLifecycleStage from "../../../src/core/checks/contact/missing-lifecycle-stage.js";
import missingOwner from "../../../src/core/checks/contact/missing-owner.js";
import retentionExceeded from "../../../src/core/checks/contact/retention-exceeded.js";
import stale from "../../../src/core/checks/contact/stale.js";
import { activity, at, contact, runCheck } from "./run-check.js";

const T = at("2026-05-01T12:00:00Z");
const asOf = T;

describe("contact.missing-email-and-phone", () => {
  it("reports contacts with neither, counting whitespace as blank", () => {
    const contacts = [
      contact({ id: "c1" }),
      contact({ id: "c2", email: "a@example.com" }),
      contact({ id: "c3", phone: "+44 20 7183 8750" }),
      contact({ id: "c4", email: "  ", phone: "" }),
    ];
    expect(runCheck(missingEmailAndPhone, { contacts }, { asOf }).ids).toEqual(["c1", "c4"]);
  });
});

describe("contact.missing-owner / missing-company / missing-lifecycle-stage", () => {
  const contacts = [
    contact({ id: "c1", ownerId: "u1", companyId: "k1", lifecycleStage: "lead" }),
    contact({ id: "c2" }),
    contact({ id: "c3", ownerId: "u1" }),
    contact({ id: "c4", companyId: "k1", lifecycleStage: " " }),
  ];
  it("reports each missing field", () => {
    expect(runCheck(missingOwner, { contacts }, { asOf }).ids).toEqual(["c2", "c4"]);
    expect(runCheck(missingCompany, { contacts }, { asOf }).ids).toEqual(["c2", "c3"]);
    expect(runCheck(missingLifecycleStage, { contacts }, { asOf }).ids).toEqual(["c2", "c3", "c4"]);
  });
});

describe("contact.invalid-email", () => {
  it("reports present but malformed addresses only", () => {
    const contacts = [
      contact({ id: "ok", email: "ann.lee+crm@example.co.uk" }),
      contact({ id: "padded", email: " ann@example.com " }),
      contact({ id: "blank", email: null }),
      contact({ id: "no-at", email: "ann.example.com" }),
      contact({ id: "no-tld", email: "ann@example" }),
      contact({ id: "space", email: "ann lee@example.com" }),
      contact({ id: "two-at", email: "ann@@example.com" }),
    ];
    expect(runCheck(invalidEmail, { contacts }, { asOf }).ids).toEqual(["no-at", "no-tld", "space", "two-at"]);
  });
});

describe("contact.invalid-phone", () => {
  it("trusts the validity stored at import, and parses rows stored before it was", () => {
    const contacts = [
      // Parsing would accept this number: only the stored flag can make it reported.
      contact({ id: "stored-invalid", phone: "+44 20 7183 8750", country: "GB", phoneValid: false }),
      // Parsing would reject this one: the stored flag says valid.
      contact({ id: "stored-valid", phone: "+44 20 71", country: "GB", phoneValid: true }),
      // No stored flag (imported before the flag existed): parsed here.
      contact({ id: "legacy-invalid", phone: "+44 20 71", country: "GB", phoneValid: null }),
      contact({ id: "legacy-valid", phone: "+44 20 7183 8750", country: "GB" }),
    ];
    expect(runCheck(invalidPhone, { contacts }, { asOf }).ids).toEqual(["legacy-invalid", "stored-invalid"]);
  });

  it("reads numbers without + for the contact's country", () => {
    const contacts = [
      contact({ id: "e164", phone: "+44 20 7183 8750", country: null }),
      contact({ id: "gb-national", phone: "020 7183 8750", country: "GB" }),
      contact({ id: "us-national", phone: "(201) 555-0123", country: "US" }),
      // A valid London number is not a valid number when read as German.
      contact({ id: "gb-as-de", phone: "020 7183 8750", country: "DE" }),
      contact({ id: "no-country", phone: "020 7183 8750", country: null }),
      contact({ id: "too-short", phone: "+44 20 71", country: "GB" }),
      contact({ id: "letters", phone: "call reception", country: "GB" }),
      contact({ id: "blank", phone: " ", country: "GB" }),
    ];
    expect(runCheck(invalidPhone, { contacts }, { asOf }).ids).toEqual([
      "gb-as-de",
      "letters",
      "no-country",
      "too-short",
    ]);
  });

  it("gives a repeated number the same verdict for each contact (memoised per country)", () => {
    const contacts = [
      contact({ id: "a", phone: "020 7183 8750", country: "GB" }),
      contact({ id: "b", phone: "020 7183 8750", country: "DE" }),
      contact({ id: "c", phone: "020 7183 8750", country: "GB" }),
      contact({ id: "d", phone: "020 7183 8750", country: "DE" }),
    ];
    expect(runCheck(invalidPhone, { contacts }, { asOf }).ids).toEqual(["b", "d"]);
  });
});

describe("contact.stale", () => {
  const days = (n: number) => T - n * DAY_MS;
  it("uses the latest of updated_at, last_activity_at and linked activity, strictly more than 365 days", () => {
    const contacts = [
      contact({ id: "exactly-365", updatedAt: days(365) }),
      contact({ id: "365-and-1ms", updatedAt: days(365) - 1 }),
      contact({ id: "recent-activity-field", updatedAt: days(800), lastActivityAt: days(10) }),
      contact({ id: "recent-linked", updatedAt: days(800), lastLinkedActivityAt: days(364) }),
      contact({ id: "all-old", updatedAt: days(400), lastActivityAt: days(500), lastLinkedActivityAt: days(366) }),
    ];
    expect(runCheck(stale, { contacts }, { asOf }).ids).toEqual(["365-and-1ms", "all-old"]);
  });

  it("compares instants, whatever offset the source timestamp was written with", () => {
    // 2025-05-01T13:30:00+02:00 is 11:30Z: more than 365 days before T (12:00Z on 2026-05-01).
    const contacts = [
      contact({ id: "offset-old", updatedAt: at("2025-05-01T13:30:00+02:00") }),
      // 2025-05-01T08:30:00-04:00 is 12:30Z: less than 365 days before T.
      contact({ id: "offset-new", updatedAt: at("2025-05-01T08:30:00-04:00") }),
    ];
    expect(runCheck(stale, { contacts }, { asOf }).ids).toEqual(["offset-old"]);
  });

  it("honours a configured threshold", () => {
    const contacts = [contact({ id: "c1", updatedAt: days(100) }), contact({ id: "c2", updatedAt: days(20) })];
    expect(runCheck(stale, { contacts }, { asOf, thresholds: { days: 30 } }).ids).toEqual(["c1"]);
  });
});

describe("contact.retention-exceeded", () => {
  it("means last touch strictly more than 3 × 365 days before T", () => {
    const contacts = [
      contact({ id: "exactly-1095", updatedAt: T - 1095 * DAY_MS }),
      contact({ id: "1095-and-1ms", updatedAt: T - 1095 * DAY_MS - 1 }),
      contact({ id: "old-but-touched", updatedAt: T - 2000 * DAY_MS, lastLinkedActivityAt: T - 5 * DAY_MS }),
      contact({ id: "very-old", updatedAt: T - 2000 * DAY_MS }),
    ];
    expect(runCheck(retentionExceeded, { contacts }, { asOf }).ids).toEqual(["1095-and-1ms", "very-old"]);
    expect(runCheck(retentionExceeded, { contacts }, { asOf, thresholds: { years: 5 } }).ids).toEqual(["very-old"]);
  });
});

describe("contact.missing-consent", () => {
  it("reports blank consent in EU/EEA/GB countries only", () => {
    const contacts = [
      contact({ id: "de-blank", country: "DE" }),
      contact({ id: "gb-lower", country: "gb" }),
      contact({ id: "no-blank", country: "NO" }),
      contact({ id: "fr-granted", country: "FR", consent: "granted" }),
      contact({ id: "ie-withdrawn", country: "IE", consent: "withdrawn" }),
      contact({ id: "us-blank", country: "US" }),
      contact({ id: "ch-blank", country: "CH" }),
      contact({ id: "no-country" }),
    ];
    expect(runCheck(missingConsent, { contacts }, { asOf }).ids).toEqual(["de-blank", "gb-lower", "no-blank"]);
  });

  it("takes a configured country list", () => {
    const contacts = [contact({ id: "ch", country: "CH" }), contact({ id: "de", country: "DE" })];
    expect(runCheck(missingConsent, { contacts }, { asOf, thresholds: { countries: ["CH"] } }).ids).toEqual(["ch"]);
  });
});

describe("contact.contacted-after-withdrawal", () => {
  it("reports withdrawn contacts with a linked activity after consent_at and not after T", () => {
    const withdrew = at("2026-03-01T00:00:00Z");
    const contacts = [
      contact({ id: "after", consent: "withdrawn", consentAt: withdrew }),
      contact({ id: "before", consent: "withdrawn", consentAt: withdrew }),
      contact({ id: "same-instant", consent: "withdrawn", consentAt: withdrew }),
      contact({ id: "granted", consent: "granted", consentAt: withdrew }),
      contact({ id: "only-future", consent: "withdrawn", consentAt: withdrew }),
      contact({ id: "no-date", consent: "withdrawn", consentAt: null }),
      contact({ id: "no-date-no-activity", consent: "withdrawn", consentAt: null }),
    ];
    const activities = [
      activity({ id: "a1", contactId: "after", occurredAt: withdrew + 1 }),
      activity({ id: "a2", contactId: "after", occurredAt: withdrew + 2 }),
      activity({ id: "a3", contactId: "before", occurredAt: withdrew - 1 }),
      activity({ id: "a4", contactId: "same-instant", occurredAt: withdrew }),
      activity({ id: "a5", contactId: "granted", occurredAt: withdrew + 1 }),
      activity({ id: "a6", contactId: "only-future", occurredAt: T + 1 }),
      activity({ id: "a7", contactId: "no-date", occurredAt: at("2019-01-01T00:00:00Z") }),
    ];
    expect(runCheck(contactedAfterWithdrawal, { contacts, activities }, { asOf }).ids).toEqual(["after", "no-date"]);
  });
});
