/**
 * HubSpot CRM exports (Contacts, Companies, Deals, Tasks → Export, CSV) onto the canonical
 * bundle. Column names are HubSpot's default property labels as they appear in export headers.
 * Files are recognised by their header (a saved view's export is named after the view), else
 * by name (`hubspot-crm-exports-all-contacts-2026-05-01.csv`).
 *
 * Value conversions: owners ("Contact owner" etc., a name or an email) become derived users
 * (see owners.ts); "Country/Region" names → ISO alpha-2; association lists ("123;456") → the
 * primary/first id; Deal Stage "Closed won"/"Closed lost" (any pipeline) or the
 * "Is Closed Won"/"Is closed" flags → status, and for closed deals Close Date → closed_at;
 * "Amount" with currency symbols or thousands separators → a plain number; the contact's
 * consent from "Unsubscribed from all email" (withdrawn) or a "Legal basis for processing
 * contact's data" (granted); a contact without a company id is linked by "Company Name" or
 * e-mail domain (company-links.ts). A mapping file's `deal_stages` decides first which stages
 * are closed; a stage that neither it, HubSpot's default pipeline nor an "Is closed" column
 * places is taken as open, with a warning. HubSpot writes dates as `2026-05-01 14:30` in the
 * portal's time zone; they are read in the import's time zone (default UTC: the export does
 * not say which zone it used). Close Date is a date property that exports as `2026-06-30 00:00`:
 * it is read as the day it names (docs/import.md, "Dates without a time").
 */
import { CompanyLinker } from "./company-links.js";
import {
  configuredStatus,
  outcomeByStageName,
  UnknownStages,
  type DealStageConfig,
  type DealStatus,
} from "./deal-stages.js";
import { createOwnerDirectory } from "./owners.js";
import { readPresetSource, type Preset, type PresetReadOptions } from "./preset-source.js";
import { countryCode, domainFromWebsite, firstId, isTrue, plainNumber } from "./transforms.js";
import type { CsvFile } from "../csv-reader.js";
import type { ColumnRule, RowContext } from "../source-table.js";
import type { SourceResult } from "../types.js";

const CREATED = ["Create Date", "Created Date", "Object create date/time", "Created at"];
const MODIFIED = ["Last Modified Date"];
const COMPANY_IDS = ["Primary Associated Company ID", "Associated Company IDs", "Associated Company ID"];

/** `2026-06-30 00:00` of a date property → `2026-06-30`, so it compares as a calendar day. */
function dayOf(value: string): string {
  const v = value.trim();
  return /^\d{4}-\d{2}-\d{2}[ T]00:00(?::00(?:\.0+)?)?$/.test(v) ? v.slice(0, 10) : v;
}

/** The stages of HubSpot's default sales pipeline that are open, by label. */
const DEFAULT_OPEN_STAGES = new Set([
  "appointment scheduled",
  "qualified to buy",
  "presentation scheduled",
  "decision maker bought-in",
  "contract sent",
]);

export interface PresetConfig {
  /** Which deal stages are won, lost or open (a mapping file's `deal_stages`). */
  dealStages?: DealStageConfig;
  /** The export column that holds the lost reason (a mapping file's `lost_reason`). */
  lostReason?: string;
}

/** HubSpot task status: "Completed" (or COMPLETED) is done, every other status is open. */
function taskStatus(cell: string): string {
  return cell.trim().toLowerCase() === "completed" ? "done" : "open";
}

function contactConsent(_: string, row: RowContext): string {
  if (isTrue(row.get("Unsubscribed from all email"))) return "withdrawn";
  if (row.get("Legal basis for processing contact's data").trim() !== "") return "granted";
  return "";
}

export function hubspotPreset(config: PresetConfig = {}): Preset {
  const owners = createOwnerDirectory();
  const companies = new CompanyLinker();
  const unknownStages = new UnknownStages();

  function dealStatus(row: RowContext, note = false): DealStatus {
    const stage = row.get("Deal Stage");
    const configured = configuredStatus(config.dealStages, stage, row.get("Pipeline"));
    if (configured) return configured;
    const s = stage.trim().toLowerCase();
    if (isTrue(row.get("Is Closed Won")) || /closed\s*won|^won$/.test(s)) return "won";
    if (/closed\s*lost|^lost$/.test(s)) return "lost";
    const isClosed = row.get("Is closed").trim();
    if (isClosed !== "") return isTrue(isClosed) ? "lost" : "open";
    if (note && s !== "" && !DEFAULT_OPEN_STAGES.has(s)) unknownStages.note(stage, "Deal Stage", row.file, row.line);
    return outcomeByStageName(stage) ?? "open";
  }

  function collectCompanies(csv: CsvFile): void {
    const column = (...names: string[]) => {
      for (const name of names) {
        const i = csv.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
        if (i >= 0) return i;
      }
      return -1;
    };
    const [id, name, domain, website] = [
      column("Record ID", "Company ID"),
      column("Company name", "Name"),
      column("Company Domain Name"),
      column("Website URL"),
    ];
    if (id < 0) return;
    for (const { cells } of csv.records) {
      const at = (i: number) => (i >= 0 ? (cells[i] ?? "") : "");
      const companyId = at(id).trim();
      if (companyId) companies.addCompany(companyId, at(name), domainFromWebsite(at(domain) || at(website)));
    }
  }

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
        collect: collectCompanies,
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
                from: [...COMPANY_IDS, "Company Name", "Associated Company"],
                reads: COMPANY_IDS,
                keep: ["Company Name", "Associated Company"],
                value: (_, row) => {
                  for (const column of COMPANY_IDS) {
                    const id = firstId(row.get(column));
                    if (id) return id;
                  }
                  const dates: [string, string] = [
                    CREATED.map((c) => row.get(c)).find((v) => v.trim() !== "") ?? "",
                    row.get(MODIFIED[0]!),
                  ];
                  const name = row.get("Company Name").trim() || row.get("Associated Company").trim();
                  return companies.link(name, row.get("Email"), row, dates);
                },
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
                reads: ["Is Closed Won", "Is closed", "Pipeline"],
                value: (_, row) => dealStatus(row, true),
              },
              { target: "amount", from: ["Amount"], value: plainNumber },
              { target: "currency", from: ["Currency", "Deal currency code"] },
              { target: "expected_close_date", from: ["Close Date"], value: dayOf },
              {
                target: "closed_at",
                from: ["Close Date"],
                value: (cell, row) => (dealStatus(row) === "open" ? "" : dayOf(cell)),
              },
              { target: "lost_reason", from: config.lostReason ? [config.lostReason] : ["Closed Lost Reason"] },
              { target: "created_at", from: CREATED },
              { target: "updated_at", from: MODIFIED },
              { target: "stage_entered_at", from: ["Date entered current stage"] },
              { target: "last_activity_at", from: ["Last Activity Date"] },
            ],
          },
        ],
      },
      {
        label: "HubSpot tasks export",
        name: /task/i,
        signature: ["Record ID", "Task Title"],
        rules: [
          {
            entity: "tasks",
            columns: [
              { target: "id", from: ["Record ID", "Task ID"] },
              { target: "subject", from: ["Task Title", "Title", "Subject"] },
              { ...owner("Assigned to", "Task owner", "Activity assigned to"), target: "assignee_id" },
              { target: "due_at", from: ["Due Date", "Due date", "Task due date"] },
              { target: "status", from: ["Task Status", "Status"], value: taskStatus },
              { target: "completed_at", from: ["Completed at", "Task completed at", "Completion date"] },
              { target: "deal_id", from: ["Associated Deal IDs", "Associated Deal ID"], value: firstId },
              { target: "contact_id", from: ["Associated Contact IDs", "Associated Contact ID"], value: firstId },
              { target: "company_id", from: COMPANY_IDS.slice(1), value: firstId },
              { target: "created_at", from: CREATED },
            ],
          },
        ],
      },
    ],
    derivedTables: () => [...owners.tables(), ...companies.tables()],
    finish: () => ({ warnings: unknownStages.warnings(), notes: companies.notes() }),
  };
}

export function readHubspotSource(
  source: string,
  options: PresetReadOptions = {},
  config: PresetConfig = {},
): Promise<SourceResult> {
  return readPresetSource(source, hubspotPreset(config), options);
}
