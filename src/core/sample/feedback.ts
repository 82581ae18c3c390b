/** Customer feedback: CSAT (1–5) and NPS (0–10) answers, mostly favourable, some with comments. */
import type { CompanyTable } from "./companies.js";
import { contactId, type ContactTable } from "./contacts.js";
import { makeId, openEntityCsv, type SampleContext } from "./context.js";
import { daysBefore, isoUtc } from "./time.js";

const COMMENTS = [
  "Great support, quick answers.",
  "Onboarding took longer than promised, but the team was helpful.",
  'The "export to CSV" button is hard to find',
  "Pricing is high for what we use",
  "Love the reports.\nWould like a mobile app.",
  "Slow page loads, especially on Mondays",
  "Our account manager changed three times this year",
];

export async function generateFeedback(
  ctx: SampleContext,
  companies: CompanyTable,
  contacts: ContactTable,
): Promise<number> {
  const { rng, asOf } = ctx;
  const n = ctx.counts.customer_feedback;
  const out = await openEntityCsv(ctx, "customer_feedback");
  for (let i = 0; i < n; i++) {
    const csat = rng.chance(0.6);
    const score = csat
      ? rng.weighted([1, 2, 3, 4, 5], [3, 5, 12, 40, 40])
      : rng.weighted([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [2, 1, 1, 2, 2, 4, 6, 14, 20, 26, 22]);
    const contact = rng.chance(0.9) ? rng.int(contacts.count) : -1;
    const company = contact >= 0 ? (contacts.company[contact] as number) : rng.int(companies.count);
    await out.write([
      makeId("F", i, 7),
      score,
      csat ? "csat5" : "nps10",
      isoUtc(daysBefore(rng, asOf, 0.1, 365)),
      contact >= 0 ? contactId(contact) : null,
      company >= 0 ? companies.ids[company] : null,
      rng.chance(0.35) ? rng.pick(COMMENTS) : null,
    ]);
  }
  await out.close();
  return n;
}
