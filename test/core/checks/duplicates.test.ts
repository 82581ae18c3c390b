import { describe, expect, it } from "vitest";
import companyDuplicate from "../../../src/core/checks/company/duplicate.js";
import contactDuplicate from "../../../src/core/checks/contact/duplicate.js";
import { at, company, contact, runCheck } from "./run-check.js";

const asOf = at("2026-05-01T12:00:00Z");

describe("contact.duplicate", () => {
  it("reports groups of contacts that describe the same person, and nobody else", () => {
    const companies = [company({ id: "k1", name: "Acme Ltd" })];
    const ann = { firstName: "Ann", lastName: "Lee", companyId: "k1", country: "GB", city: "London" };
    const contacts = [
      contact({ id: "c1", ...ann, email: "ann.lee@acme.co.uk", phone: "+44 20 7183 8750" }),
      contact({ id: "c2", ...ann, firstName: "ann", email: "Ann.Lee+crm@acme.co.uk", phone: "020 7183 8750" }),
      contact({ id: "c3", firstName: "Bruno", lastName: "Martins", email: "bruno@example.pt", country: "PT" }),
      contact({ id: "c4", firstName: "Chloé", lastName: "Dubois", email: "chloe.dubois@example.fr", country: "FR" }),
    ];
    const outcome = runCheck(contactDuplicate, { companies, contacts }, { asOf });
    expect(outcome.groups).toEqual([["c1", "c2"]]);
    expect(outcome.ids).toEqual([]);
  });
});

describe("company.duplicate", () => {
  it("reports groups of companies that describe the same organisation", () => {
    const companies = [
      company({ id: "k1", name: "Acme Ltd", domain: "acme.co.uk", phone: "+44 20 7183 8750", country: "GB" }),
      company({ id: "k2", name: "ACME Limited", domain: "acme.co.uk", phone: "020 7183 8750", country: "GB" }),
      company({ id: "k3", name: "Globex GmbH", domain: "globex.de", country: "DE" }),
    ];
    expect(runCheck(companyDuplicate, { companies }, { asOf }).groups).toEqual([["k1", "k2"]]);
  });
});
