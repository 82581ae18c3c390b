/**
 * Oracles written from the standards and public numbering plans, not from the validators: the
 * sample generator's truth, the reference checks and the checks all call `isValidEmail` and
 * `parsePhone`, so only tables like these notice when a validator itself goes wrong. Where the
 * project deliberately differs from a standard, the case is listed as such (docs/checks.md).
 */
import { describe, expect, it } from "vitest";
import { isValidEmail } from "../../../src/core/dataset/email.js";
import { parsePhone } from "../../../src/core/dataset/phone.js";

describe("emails from RFC 5321, RFC 5322 and RFC 3696", () => {
  it.each([
    // RFC 5322 §3.4.1 / §3.2.3: a dot-atom local part; atext includes ! # $ % & ' * + / = ? ^ _ ` { | } ~ -
    "simple@example.com",
    "very.common@example.com",
    "x@example.com",
    "user.name+tag+sorting@example.com",
    "user-@example.org",
    "mailhost!username@example.org",
    "user%example.com@example.org",
    "{braces}|pipe~tilde`@example.com",
    // RFC 3696 §3 examples
    "customer/department=shipping@example.com",
    "$A12345@example.com",
    "!def!xyz%abc@example.com",
    "_somename@example.com",
    // RFC 1035 / RFC 5321 §4.1.2: LDH labels, digits allowed anywhere but the TLD; A-labels (RFC 5890)
    "john@123.example.com",
    "example-indeed@strange-example.com",
    "ann@xn--bcher-kva.example",
    "ann@example.xn--p1ai",
    // RFC 5321 §4.5.3.1.1: a local part of 64 octets; §4.5.3.1.2: a label of 63
    `${"a".repeat(64)}@example.com`,
    `a@${"b".repeat(63)}.com`,
    // RFC 5321 §4.5.3.1.3 (path of 256 with its brackets, RFC 3696 erratum 1690): 254 in all
    `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`,
  ])("accepts %s", (email) => {
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    ["no @", "Abc.example.com"],
    ["more than one @ outside quotes (RFC 5322 §3.4.1)", "A@b@c@example.com"],
    ["specials outside quotes (RFC 5322 §3.2.3)", 'a"b(c)d,e:f;g<h>i[j\\k]l@example.com'],
    ["quotes inside a dot-atom", 'just"not"right@example.com'],
    ["a space", 'this is"not\\allowed@example.com'],
    ["two dots in a row (dot-atom)", "john..doe@example.com"],
    ["a leading dot", ".john@example.com"],
    ["a trailing dot before @", "john.@example.com"],
    ["a label starting with a hyphen (RFC 1035 §2.3.1)", "john@-example.com"],
    ["a label ending with a hyphen", "john@example-.com"],
    ["an empty label", "john@example..com"],
    ["an underscore in the domain", "john@exam_ple.com"],
    ["a trailing dot after the domain", "john@example.com."],
    ["an all-numeric TLD (RFC 3696 §2)", "user@example.123"],
    ["a one-letter TLD", "a@b.c"],
    ["an empty local part", "@example.com"],
    ["an empty domain", "john@"],
    ["nothing", ""],
    ["a local part of 65 octets", `${"a".repeat(65)}@example.com`],
    ["a label of 64 octets", `a@${"b".repeat(64)}.com`],
    ["255 octets in all", `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`],
  ])("rejects %s: %s", (_why, email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  // Valid by the RFCs, refused on purpose (docs/checks.md): a CRM cannot send to them reliably.
  it.each([
    ["a quoted local part (RFC 5322 §3.2.4)", '"john..doe"@example.org'],
    ["a quoted space", '" "@example.org'],
    ["a quoted @", '"Abc@def"@example.com'],
    ["a backslash escape (RFC 3696 §3)", "Joe.\\Blow@example.com"],
    ["an address literal (RFC 5321 §4.1.3)", "user@[192.168.2.1]"],
    ["an IPv6 address literal", "user@[IPv6:2001:db8::1]"],
    ["a dotless domain", "admin@mailserver1"],
    ["UTF-8 in the local part (RFC 6531)", "josé@example.com"],
    ["a U-label domain (RFC 6531)", "用户@例子.广告"],
  ])("deliberately rejects %s: %s", (_why, email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});

describe("phone numbers from the national numbering plans", () => {
  // [number as written, the record's country, E.164]
  it.each([
    // NANP (NANPA): NPA and NXX both start with 2-9; 555-0100…0199 is set aside for fiction but
    // keeps the plan's shape; 555-1212 is directory assistance.
    ["+1 212 555 0123", null, "+12125550123"],
    ["(212) 555-0100", "US", "+12125550100"],
    ["+1 201 555 0199", null, "+12015550199"],
    ["+1 212 555 1212", null, "+12125551212"],
    ["+1 800 555 0199", null, "+18005550199"],
    ["+1 416 555 0123", null, "+14165550123"],
    ["613 555 0100", "CA", "+16135550100"],
    // UK (Ofcom): London 020 + 8 digits; Ofcom's drama range 020 7946 0xxx; freephone 0800
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 20 7946 0958", null, "+442079460958"],
    ["+44 800 123 4567", null, "+448001234567"],
    // Germany (BNetzA): area code 30 (Berlin), subscriber numbers of varying length; mobile 151
    ["030 901820", "DE", "+4930901820"],
    ["+49 151 23456789", null, "+4915123456789"],
    // France (ARCEP): ten digits, 01 Île-de-France, 06 mobile
    ["01 23 45 67 89", "FR", "+33123456789"],
    ["+33 6 12 34 56 78", null, "+33612345678"],
    // Australia (ACMA): 02 + 8 digits; ACMA's fiction ranges 0491 570 xxx and 02 5550 xxxx
    ["(02) 9876 5432", "AU", "+61298765432"],
    ["+61 491 570 156", null, "+61491570156"],
    ["+61 2 5550 4321", null, "+61255504321"],
    // India (TRAI): ten-digit mobiles start with 6-9
    ["+91 98765 43210", null, "+919876543210"],
    // Brazil (Anatel): mobiles 9 + 8 digits after the area code; fixed lines start with 2-5
    ["+55 11 91234 5678", null, "+5511912345678"],
    ["+55 11 3456 7890", null, "+551134567890"],
    // Japan (MIC): Tokyo 03 + 8 digits, mobile 090 + 8 digits
    ["03-1234-5678", "JP", "+81312345678"],
    ["+81 90 1234 5678", null, "+819012345678"],
  ])("accepts %s (%s) as %s", (raw, country, e164) => {
    expect(parsePhone(raw, country)).toEqual({ e164, valid: true });
  });

  it.each([
    ["an area code starting with 1 (NANP)", "+1 123 456 7890", null],
    ["an exchange starting with 1 (NANP)", "+1 212 123 4567", null],
    ["an N11 service code as area code (NANP)", "+1 911 555 1234", null],
    ["555 as area code (NANP: not a geographic code)", "+1 555 555 5555", null],
    ["one digit short (UK London)", "+44 20 7946 095", null],
    ["too short (Germany)", "+49 30 1", null],
    ["nine digits (France)", "+33 1 23 45 67 8", null],
    ["seven digits after 02 (Australia)", "+61 2 9876 543", null],
    ["a fixed line starting with 1 (Brazil)", "+55 11 1234 5678", null],
    ["seven digits after 03 (Japan)", "+81 3 1234 567", null],
    ["an unassigned country code", "+999 1234 5678", null],
    ["five digits", "12345", "US"],
    ["text", "not a phone", "US"],
    ["a national number without a country", "020 7946 0958", null],
    // Ofcom's drama range for mobiles (07700 900000-900999) is never allocated.
    ["Ofcom's drama mobile range", "+44 7700 900123", null],
  ])("rejects %s: %s", (_why, raw, country) => {
    expect(parsePhone(raw, country).valid).toBe(false);
  });
});
