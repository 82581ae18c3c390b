import check from "../../../../src/core/checks/company/duplicate.js";
import { T, testCheck } from "../check-tester.js";
import { company } from "../run-check.js";

const globex = company({ id: "k3", name: "Globex GmbH", domain: "globex.de", country: "DE" });
const acme = company({ id: "k1", name: "Acme Ltd", domain: "acme.co.uk", phone: "+44 20 7183 8750", country: "GB" });

testCheck(check, {
  asOf: T,
  valid: [{ name: "different organisations", tables: { companies: [acme, globex] } }],
  invalid: [
    {
      name: "the same organisation twice",
      tables: {
        companies: [
          acme,
          company({ id: "k2", name: "ACME Limited", domain: "acme.co.uk", phone: "020 7183 8750", country: "GB" }),
          globex,
        ],
      },
      groups: [["k1", "k2"]],
    },
  ],
});
