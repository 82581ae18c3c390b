/**
 * writeSampleBundle: the canonical CSV bundle of a seeded, realistic CRM with known defects,
 * and ground-truth.json listing, per check id, exactly the records the check must report.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { EntityName } from "../dataset/entities.js";
import { generateActivities, userTruthAfterActivities } from "./activities.js";
import { generateCompanies } from "./companies.js";
import { contactTruthAfterActivities, generateContacts } from "./contacts.js";
import type { SampleContext } from "./context.js";
import { dealTruthAfterActivities, generateDeals } from "./deals.js";
import { generateFeedback } from "./feedback.js";
import { TruthCollector, groundTruthSchema, type Defects, type GroundTruth } from "./ground-truth.js";
import { PhoneBook } from "./phones.js";
import { Rng } from "./prng.js";
import { DEFECT_RATES, entityCounts } from "./rates.js";
import { generateTasks } from "./tasks.js";
import { generateUsers } from "./users.js";
import { buildVocabulary } from "./vocabulary.js";

/** The default as-of instant T of sample bundles (their ground truth holds at this instant). */
export const DEFAULT_SAMPLE_AS_OF = new Date("2026-06-30T12:00:00Z");

/** Smallest supported bundle: enough records for every defect and boundary case to exist. */
export const MIN_SAMPLE_CONTACTS = 100;

export const GROUND_TRUTH_FILE = "ground-truth.json";
const GENERATOR = "crm-audit-sample/1";

export interface SampleOptions {
  contacts: number;
  seed: number;
  /** The instant the ground truth holds at; default DEFAULT_SAMPLE_AS_OF. */
  asOf?: Date;
}

export interface SampleSummary {
  counts: Record<EntityName, number>;
  /** ISO 8601 */
  asOf: string;
  groundTruthPath: string;
  durationMs: number;
}

export async function writeSampleBundle(outDir: string, options: SampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  const { contacts, seed } = options;
  if (!Number.isInteger(contacts) || contacts < MIN_SAMPLE_CONTACTS)
    throw new Error(`contacts must be an integer ≥ ${MIN_SAMPLE_CONTACTS} (got ${contacts})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new Error(`seed must be an integer between 0 and ${0xffffffff} (got ${seed})`);
  const asOfDate = options.asOf ?? DEFAULT_SAMPLE_AS_OF;
  const asOf = asOfDate.getTime();
  if (Number.isNaN(asOf)) throw new Error("asOf is not a valid date");

  await fs.mkdir(outDir, { recursive: true });
  const rng = new Rng(seed);
  const ctx: SampleContext = {
    dir: outDir,
    asOf,
    rng,
    vocab: buildVocabulary(seed),
    phones: new PhoneBook(),
    truth: new TruthCollector(),
    counts: entityCounts(contacts),
    boundaries: {},
    namesakes: [],
  };

  // Each stage draws from its own stream, so a change in one stage does not reshuffle the rest.
  const users = await generateUsers({ ...ctx, rng: rng.fork(1) });
  const companies = await generateCompanies({ ...ctx, rng: rng.fork(2) }, users);
  const contactTable = await generateContacts({ ...ctx, rng: rng.fork(3) }, users, companies);
  const deals = await generateDeals({ ...ctx, rng: rng.fork(4) }, users, companies, contactTable);
  await generateTasks({ ...ctx, rng: rng.fork(5) }, users, companies, contactTable, deals);
  const activities = await generateActivities({ ...ctx, rng: rng.fork(6) }, users, companies, contactTable, deals);
  await generateFeedback({ ...ctx, rng: rng.fork(7) }, companies, contactTable);

  contactTruthAfterActivities(ctx, contactTable);
  dealTruthAfterActivities(ctx, deals);
  userTruthAfterActivities(ctx, users);

  const counts = { ...ctx.counts, activities };
  const defects = ctx.truth.defects();
  const truth: GroundTruth = groundTruthSchema.parse({
    generator: GENERATOR,
    seed,
    contacts,
    asOf: asOfDate.toISOString(),
    counts,
    defects,
    rates: { ...DEFECT_RATES },
    boundaries: withAffectingChecks(ctx.boundaries, defects),
    namesakes: ctx.namesakes,
  });
  const groundTruthPath = path.join(outDir, GROUND_TRUTH_FILE);
  await fs.writeFile(groundTruthPath, JSON.stringify(truth, null, 1) + "\n");
  return { counts, asOf: truth.asOf, groundTruthPath, durationMs: Math.round(performance.now() - started) };
}

/** Fills each boundary's `checks` with the ids of the checks that list its record. */
function withAffectingChecks(boundaries: SampleContext["boundaries"], defects: Defects): SampleContext["boundaries"] {
  const out: SampleContext["boundaries"] = {};
  for (const [name, boundary] of Object.entries(boundaries)) {
    const checks = Object.entries(defects)
      .filter(([, list]) =>
        (list as (string | string[])[]).some((v) => v === boundary.id || (Array.isArray(v) && v.includes(boundary.id))),
      )
      .map(([check]) => check)
      .filter((check) => check.startsWith(checkPrefix(boundary.entity)));
    out[name] = { ...boundary, checks };
  }
  return out;
}

function checkPrefix(entity: EntityName): string {
  const prefixes: Record<EntityName, string> = {
    users: "user.",
    companies: "company.",
    contacts: "contact.",
    deals: "deal.",
    tasks: "task.",
    activities: "activity.",
    customer_feedback: "feedback.",
  };
  return prefixes[entity];
}
