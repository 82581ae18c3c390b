import { z } from "zod";
import { storedValidE164 } from "../../dataset/phone.js";
import { describeGroupEvidence, OrganisationDuplicateCollector } from "../../duplicates/index.js";
import { defineCheck } from "../types.js";

export default defineCheck({
  meta: {
    id: "company.duplicate",
    title: "Duplicate companies",
    category: "data-quality",
    severity: "medium",
    entity: "companies",
    shape: "groups",
    effort: "per-record",
    why: "One organisation in several records splits its contacts, deals and revenue reports.",
    fix: "Review each group and merge the companies in the CRM, keeping the most complete one.",
    heavy: true,
    outcomeCached: true,
    reads: {
      // prettier-ignore
      companies: ["name", "nameKey", "domain", "phone", "phoneE164", "phoneValid", "country", "street", "city", "postcode"],
    },
  },
  // Match score in [0, 1] above which two records are linked; unset: the detector's own default.
  thresholds: z.strictObject({ threshold: z.number().min(0).max(1).optional() }),
  create(context) {
    const organisations = new OrganisationDuplicateCollector(context.counts.companies);
    return {
      companies(company) {
        organisations.add(
          {
            id: company.id,
            name: company.name,
            domain: company.domain,
            phone: company.phone,
            phoneE164: storedValidE164(company),
            country: company.country,
            street: company.street,
            city: company.city,
            postcode: company.postcode,
          },
          company.nameKey,
        );
      },
      finish() {
        const { threshold } = context.thresholds;
        const notDuplicates = context.notDuplicates?.("companies");
        const { groups, evidence } = organisations.detect({
          ...(threshold === undefined ? {} : { threshold }),
          ...(notDuplicates ? { notDuplicates } : {}),
        });
        groups.forEach((group, g) => context.reportGroup(group, describeGroupEvidence(evidence[g]!)));
      },
    };
  },
});
