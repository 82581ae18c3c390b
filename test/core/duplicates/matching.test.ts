import { describe, expect, it } from "vitest";
import { findDuplicateOrganisations, findDuplicatePeople } from "../../../src/core/duplicates/index.js";
import type { OrganisationLike, PersonLike } from "../../../src/core/duplicates/types.js";

function person(id: string, fields: Partial<PersonLike>): PersonLike {
  return { id, firstName: null, lastName: null, email: null, phone: null, country: "GB", ...fields };
}

function org(id: string, fields: Partial<OrganisationLike>): OrganisationLike {
  return { id, name: "", domain: null, phone: null, country: "US", ...fields };
}

describe("people", () => {
  it("matches the same person written differently", () => {
    const groups = findDuplicatePeople([
      person("a", {
        firstName: "José",
        lastName: "García",
        email: "Jose.Garcia+news@Example.com",
        phone: "+44 20 7183 8750",
      }),
      person("b", { firstName: "Jose", lastName: "GARCIA", email: "jose.garcia@example.com", phone: "020 7183 8750" }),
      person("c", { firstName: "Bob", lastName: "Miller", email: "bob@miller.org", companyName: "Acme Ltd" }),
      person("d", { firstName: "Robert", lastName: "Miller", phone: "07700 900123", companyName: "ACME Limited" }),
      person("e", { firstName: "Robert", lastName: "Millar", phone: "+44 7700 900123", companyName: "Acme" }),
    ]);
    expect(groups).toEqual([
      ["a", "b"],
      ["c", "d", "e"],
    ]);
  });

  it("matches names entered in swapped fields", () => {
    const groups = findDuplicatePeople([
      person("1", { firstName: "Noah", lastName: "Watson", email: "matthew78@ballard.net", birthDate: "2008-03-23" }),
      person("2", { firstName: "Watson", lastName: "Noah", email: "matthew78@ballard.net", birthDate: "2008-03-23" }),
    ]);
    expect(groups).toEqual([["1", "2"]]);
  });

  it("does not match two different John Smiths", () => {
    const groups = findDuplicatePeople([
      person("x", {
        firstName: "John",
        lastName: "Smith",
        email: "john.smith@acme.com",
        phone: "+44 20 7946 0001",
        city: "London",
      }),
      person("y", {
        firstName: "John",
        lastName: "Smith",
        email: "jsmith@globex.com",
        phone: "+44 161 496 0002",
        city: "Manchester",
      }),
      person("z", { firstName: "John", lastName: "Smith" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("does not match people who only share an email domain or a city", () => {
    const groups = findDuplicatePeople([
      person("p", { firstName: "Anna", lastName: "Berg", email: "anna@gmail.com", city: "Oslo" }),
      person("q", { firstName: "Lars", lastName: "Dahl", email: "lars@gmail.com", city: "Oslo" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("does not match relatives who share a phone and address but not a name", () => {
    const groups = findDuplicatePeople([
      person("m", {
        firstName: "Mary",
        lastName: "Jones",
        phone: "+44 20 7946 0003",
        street: "1 High St",
        postcode: "N1 1AA",
      }),
      person("n", {
        firstName: "Peter",
        lastName: "Jones",
        phone: "+44 20 7946 0003",
        street: "1 High St",
        postcode: "N1 1AA",
      }),
    ]);
    expect(groups).toEqual([]);
  });

  it("needs more than a name and a town", () => {
    const groups = findDuplicatePeople([
      person("s", { firstName: "Ann", lastName: "Lee", city: "York" }),
      person("t", { firstName: "Ann", lastName: "Lee", city: "York", email: "ann@lee.net" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("honours a stricter threshold", () => {
    const records = [
      person("a", { firstName: "Ann", lastName: "Lee", city: "York", companyName: "Acme Ltd" }),
      person("b", { firstName: "Ann", lastName: "Lee", city: "York", companyName: "ACME Limited" }),
    ];
    expect(findDuplicatePeople(records)).toEqual([["a", "b"]]);
    expect(findDuplicatePeople(records, { threshold: 0.999 })).toEqual([]);
  });
});

describe("organisations", () => {
  it("matches the same company across legal suffixes, formats and missing area codes", () => {
    const groups = findDuplicateOrganisations([
      org("1", { name: "Acme Inc.", domain: "https://www.acme.com", phone: "(312) 386-5286" }),
      org("2", { name: "ACME, Incorporated", domain: "acme.com", phone: "386 5286" }),
      org("3", { name: "Jenner", street: "1119 N. Cleveland", phone: "5348440", postcode: "60610" }),
      org("4", {
        name: "Chicago Public Schools Jenner Academy of the Arts",
        street: "1119 North Cleveland Ave",
        phone: "534-8440",
        postcode: "60610",
      }),
    ]);
    expect(groups).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("keeps two sites of one chain apart", () => {
    const groups = findDuplicateOrganisations([
      org("a", { name: "Mary Crane Center (West)", street: "2820 N Leavitt", postcode: "60618", phone: "3485528" }),
      org("b", { name: "Mary Crane Center (North)", street: "2905 N Leavitt", postcode: "60618", phone: "9753322" }),
      org("c", { name: "Globex Ltd", domain: "globex.com" }),
      org("d", { name: "Globex Ltd", domain: "globex.co.uk" }),
    ]);
    expect(groups).toEqual([]);
  });
});

// Different records that score just under a cut-off today: loosening the link threshold
// (0.8) or a name similarity cut-off must make one of them link, so these fail on it.
describe("near misses just past each cut-off", () => {
  it("keeps apart two people who share an office inbox and a town (weight 9.5, just under the link threshold)", () => {
    const groups = findDuplicatePeople([
      person("a", { firstName: "Tom", lastName: "Hale", email: "info@hale-hall.example", city: "Leeds" }),
      person("b", { firstName: "Lisa", lastName: "Hall", email: "info@hale-hall.example", city: "Leeds" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps apart colleagues whose given names are a letter apart (Lena, Lina: Jaro-Winkler 0.85 < 0.88)", () => {
    const switchboard = { phone: "+44 20 7946 0100", companyName: "Acme Ltd" };
    const groups = findDuplicatePeople([
      person("a", { firstName: "Lena", lastName: "Olsen", email: "lena.olsen@acme.example", ...switchboard }),
      person("b", { firstName: "Lina", lastName: "Olsen", email: "lina.olsen@acme.example", ...switchboard }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps apart colleagues whose surnames are a letter apart (Berg, Burg: Jaro-Winkler 0.85 < 0.88)", () => {
    const switchboard = { phone: "+44 20 7946 0100", companyName: "Acme Ltd" };
    const groups = findDuplicatePeople([
      person("a", { firstName: "Anna", lastName: "Berg", email: "aberg@acme.example", ...switchboard }),
      person("b", { firstName: "Anna", lastName: "Burg", email: "anna.burg@acme.example", ...switchboard }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps apart sibling companies in one building (weight 9.5, just under the link threshold)", () => {
    const building = { street: "200 Park Ave", city: "New York", postcode: "10166" };
    const groups = findDuplicateOrganisations([
      org("a", { name: "Harbor Health Partners", phone: "+1 212 555 0100", ...building }),
      org("b", { name: "Harbor Wealth Partners", phone: "+1 212 555 0199", ...building }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps apart sibling companies in one building whose names share the first word (name cut-offs)", () => {
    const building = { street: "200 Park Ave", city: "New York", postcode: "10166" };
    const groups = findDuplicateOrganisations([
      org("a", { name: "Northgate Dental", ...building }),
      org("b", { name: "Northgate Digital", ...building }),
      org("c", { name: "Bluewater Marine", ...building, street: "1 Harbor Rd" }),
      org("d", { name: "Bluewater Mining", ...building, street: "1 Harbor Rd" }),
    ]);
    expect(groups).toEqual([]);
  });

  it("keeps apart companies behind one switchboard whose names only look alike (name cut-offs)", () => {
    const reception = { phone: "+1 212 555 0100", city: "New York", postcode: "10166" };
    const groups = findDuplicateOrganisations([
      org("a", { name: "Halden Foods", ...reception }),
      org("b", { name: "Holden Farms", ...reception }),
      org("c", { name: "Vantera", ...reception, phone: "+1 212 555 0142" }),
      org("d", { name: "Ventura", ...reception, phone: "+1 212 555 0142" }),
    ]);
    expect(groups).toEqual([]);
  });
});
