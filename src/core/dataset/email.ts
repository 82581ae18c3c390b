/**
 * Email addresses: a practical validity rule (what a CRM can send to) and the normal form
 * used to compare addresses.
 */

// One "@", a dot-atom local part (RFC 5322 without quoted strings or comments, which CRMs
// never hold legitimately), and a domain of LDH labels with a TLD of 2+ letters or an
// internationalised TLD in its ASCII form ("xn--p1ai" for .рф). docs/checks.md lists where
// this deliberately differs from the RFCs.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{0,58}[A-Za-z0-9])$/;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email) && email.indexOf("@") <= 64;
}

/** Lower case, trimmed, without a "+tag" in the local part: "Ann+crm@X.com" → "ann@x.com". */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed;
  // "s": "." takes line breaks too, so a cell with many "+" and a line break is not
  // rescanned from each of them.
  const local = trimmed.slice(0, at).replace(/\+.*$/s, "");
  return `${local}@${trimmed.slice(at + 1)}`;
}
