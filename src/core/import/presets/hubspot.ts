/**
 * HubSpot CRM exports (Contacts, Companies, Deals → Export, CSV) onto the canonical bundle.
 * Column names are HubSpot's default property labels as they appear in export headers.
 * Files are recognised by name (HubSpot names them like
 * `hubspot-crm-exports-all-contacts-2026-05-01.csv`) or, for a single file, by its header.
 *
 * Value conversions: owners ("Contact owner" etc., a name or an email) become derived users
 * (see owners.ts); "Country/Region" names → ISO alpha-2; association lists ("123;456") → the
 * primary/first id; Deal Stage "Closed won"/"Closed lost" (any pipeline) or the
 * "Is Closed Won"/"Is closed" flags → status, and for closed deals Close Date → closed_at;
 * "Amount" with currency symbols or thousands separators → a plain number; the contact's
 * consent from "Unsubscribed from all email" (withdrawn) or a "Legal basis for processing
 * contact's data" (granted). HubSpot writes dates as `2026-05-01 14:30` in the portal's time
 * zone; they are read in the import's time zone (default UTC: the export does not say which
 * zone it used). Close Date is a date property that exports as `2026-06-30 00:00`: it is read
 * as the day it names (docs/import.md, "Dates without a time").
 */
import { createOwnerDirectory } from "./owners.js";
import { readPresetSource, type Preset } from "./preset-source.js";
import { countryCode, domainFromWebsite, firstId, isTrue, plainNumber } from "./transforms.js";
import type { ColumnRule, RowContext } from "../source-table.js";
import type { ImportEncoding, SourceResult } from "../types.js";

const CREATED = ["Create Date", "Created Date", "Object create date/time"];
const MODIFIED = ["Last Modified Date"];

/** `2026-06-30 00:00` of a date property → `2026-06-30`, so it compares as a calendar day. */
function dayOf(value: string): string {
  const v = value.trim();
  return /^\d{4}-\d{2}-\d{2}[ T]00:00(?::00(?:\.0+)?)?$/.test(v) ? v.slice(0, 10) : v;
}

function dealStatus(row: RowContext): string {
  const stage = row.get("Deal Stage").toLowerCase();
  if (isTrue(row.get("Is Closed Won")) || /closed\s*won|^won$/.test(stage)) return "won";
  if (/closed\s*lost|^lost$/.test(stage)) return "lost";
  if (isTrue(row.get("Is closed"))) return "lost";
  return "open";
}

function contactConsent(_: string, row: RowContext): string {
  if (isTrue(row.get("Unsubscribed from all email"))) return "withdrawn";
  if (row.get("Legal basis for processing contact's data").trim() !== "") return "granted";
  return "";
}

export function hubspotPreset(): Preset {
  const owners = createOwnerDirectory();
  const owner = (...from: string[]): ColumnRule => ({
    target: "owner_id",
    from: [...from, "HubSpot Owner", "Owner"],
    value: (cell, row) => owners.idFor(cell, row),
  });
  const address: ColumnRule[] = [
    { target: "street", from: ["Street Address", "Address"] },
    { target: "city", from: ["City"] },
    { target: "postcode", from: ["Postal Code", "Zip", "Zip Code"] },
    { target: "state", from: ["State/Region", "State"] },
    { target: "country", from: ["Country/Region", "Country"], value: countryCode },
  ];
  return {
    title: "HubSpot",
    files: [
      {
        label: "HubSpot companies export",
        name: /compan/i,
        signature: ["Record ID", "Company name"],
        rules: [
          {
            entity: "companies",
            columns: [
              { target: "id", from: ["Record ID", "Company ID"] },
              { target: "name", from: ["Company name", "Name"] },
              { target: "domain", from: ["Company Domain Name", "Website URL"], value: domainFromWebsite },
              { target: "industry", from: ["Industry"] },
              { target: "phone", from: ["Phone Number"] },
              ...address,
              owner("Company owner"),
              { target: "lifecycle_stage", from: ["Lifecycle Stage"] },
              { target: "created_at", from: CREATED },
              { target: "updated_at", from: MODIFIED },
            ],
          },
        ],
      },
      {
        label: "HubSpot contacts export",
        name: /contact/i,
        signature: ["Record ID", "First Name", "Last Name"],
        rules: [
          {
            entity: "contacts",
            columns: [
              { target: "id", from: ["Record ID", "Contact ID"] },
              { target: "first_name", from: ["First Name"] },
              { target: "last_name", from: ["Last Name"] },
              { target: "email", from: ["Email"] },
              {
                target: "phone",
                from: ["Phone Number", "Mobile Phone Number"],
                reads: ["Mobile Phone Number"],
                value: (cell, row) => cell.trim() || row.get("Mobile Phone Number").trim(),
              },
              { target: "job_title", from: ["Job Title"] },
              {
                target: "company_id",
                from: ["Primary Associated Company ID", "Associated Company IDs", "Associated Company ID"],
                value: firstId,
              },
              owner("Contact owner"),
              { target: "lifecycle_stage", from: ["Lifecycle Stage"] },
              ...address,
              {
                target: "consent",
                from: ["Unsubscribed from all email", "Legal basis for processing contact's data"],
                reads: ["Legal basis for processing contact's data"],
                value: contactConsent,
                // Without the legal basis the export says who unsubscribed, never who consented.
                aspects: {
                  granted: {
                    from: ["Legal basis for processing contact's data"],
                    hint: `add the property "Legal basis for processing contact's data" to the contacts export`,
                  },
                },
              },
              { target: "created_at", from: CREATED },
              { target: "updated_at", from: MODIFIED },
              { target: "last_activity_at", from: ["Last Activity Date"] },
            ],
          },
        ],
      },
      {
        label: "HubSpot deals export",
        name: /deal/i,
        signature: ["Record ID", "Deal Name", "Deal Stage"],
        rules: [
          {
            entity: "deals",
            columns: [
              { target: "id", from: ["Record ID", "Deal ID"] },
              { target: "name", from: ["Deal Name"] },
              { target: "company_id", from: ["Associated Company IDs", "Associated Company ID"], value: firstId },
              { target: "contact_id", from: ["Associated Contact IDs", "Associated Contact ID"], value: firstId },
              owner("Deal owner"),
              { target: "stage", from: ["Deal Stage"] },
              {
                target: "status",
                from: ["Deal Stage"],
                reads: ["Is Closed Won", "Is closed"],
                value: (_, row) => dealStatus(row),
              },
              { target: "amount", from: ["Amount"], value: plainNumber },
              { target: "currency", from: ["Currency", "Deal currency code"] },
              { target: "expected_close_date", from: ["Close Date"], value: dayOf },
              {
                target: "closed_at",
                from: ["Close Date"],
                value: (cell, row) => (dealStatus(row) === "open" ? "" : dayOf(cell)),
              },
              { target: "lost_reason", from: ["Closed Lost Reason"] },
              { target: "created_at", from: CREATED },
              { target: "updated_at", from: MODIFIED },
              { target: "stage_entered_at", from: ["Date entered current stage"] },
              { target: "last_activity_at", from: ["Last Activity Date"] },
            ],
          },
        ],
      },
    ],
    derivedTables: () => owners.tables(),
  };
}

export function readHubspotSource(source: string, encoding?: ImportEncoding): Promise<SourceResult> {
  return readPresetSource(source, hubspotPreset(), encoding);
}
