import check from "../../../../src/core/checks/contact/duplicate.js";
import { T, testCheck } from "../check-tester.js";
import { company, contact } from "../run-check.js";

const companies = [company({ id: "k1", name: "Acme Ltd" })];
const ann = { firstName: "Ann", lastName: "Lee", companyId: "k1", country: "GB", city: "London" };
const others = [
  contact({ id: "c3", firstName: "Bruno", lastName: "Martins", email: "bruno@example.pt", country: "PT" }),
  contact({ id: "c4", firstName: "Chloé", lastName: "Dubois", email: "chloe.dubois@example.fr", country: "FR" }),
];

testCheck(check, {
  asOf: T,
  valid: [{ name: "different people", tables: { companies, contacts: others } }],
  invalid: [
    {
      name: "the same person twice, and nobody else",
      tables: {
        companies,
        contacts: [
          contact({ id: "c1", ...ann, email: "ann.lee@acme.co.uk", phone: "+44 20 7183 8750" }),
          contact({ id: "c2", ...ann, firstName: "ann", email: "Ann.Lee+crm@acme.co.uk", phone: "020 7183 8750" }),
          ...others,
        ],
      },
      groups: [["c1", "c2"]],
    },
  ],
});
