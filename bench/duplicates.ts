/**
 * Duplicate-detection scaling benchmark: synthetic contacts at 100k and 1M (or the sizes given
 * as arguments), about 5% of them near-copies of another contact. Prints seconds, candidate
 * pairs compared, peak RSS and the growth ratio between sizes. Usage:
 *   npx tsx bench/duplicates.ts [100000 1000000]
 */
import { detectDuplicatePeople } from "../src/core/duplicates/index.js";
import type { PersonLike } from "../src/core/duplicates/types.js";
import { pairwiseScores } from "../scripts/duplicates-eval/metrics.js";

// Deterministic PRNG (mulberry32) so runs are comparable.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = (
  "james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan " +
  "joseph jessica thomas sarah charles karen chris nancy daniel lisa matthew betty anthony helen mark sandra donald " +
  "ashley steven kimberly paul donna andrew emily joshua carol kenneth michelle kevin amanda brian melissa george " +
  "deborah edward stephanie ronald rebecca timothy laura jason sharon jeffrey cynthia ryan kathleen jacob amy gary " +
  "shirley nicholas angela eric anna jonathan ruth stephen brenda larry pamela justin nicole scott katherine brandon " +
  "samantha frank christine benjamin emma gregory catherine samuel debra raymond rachel patrick carolyn alexander " +
  "janet jack virginia dennis maria jerry heather tyler diane aaron julie jose joyce henry victoria adam kelly " +
  "douglas christina nathan joan peter evelyn zachary lauren kyle judith walter olivia harold martha jeremy cheryl " +
  "ethan megan carl andrea keith hannah roger jacqueline gerald ann christian jean terry alice sean kathryn arthur " +
  "gloria austin teresa noah doris lawrence sara jesse janice joe julia bryan marie billy madison jordan grace " +
  "albert judy dylan theresa bruce beverly willie denise gabriel marilyn alan amber juan danielle logan abigail " +
  "wayne brittany ralph rose roy diana eugene natalie louis sophia russell alexis vincent lori philip kayla bobby " +
  "jane johnny charlotte bradley lucy"
).split(" ");
const SYLLABLES = (
  "an ber cal dor el fen gar hal in jor kel lan mor nor ol pen quin ros sel tor ul van wes yor zan " +
  "ash bri cro dun ev fal gil hen ing jas kin lor mac nel ot par ric sto thom und vil wil xan yel zel"
).split(" ");
const ENDINGS = ["son", "ton", "ley", "man", "er", "ford", "well", "wood", "berg", "stein", "ski", "ez", "ins", "ham"];
const CITIES = Array.from({ length: 400 }, (_, i) => `City ${SYLLABLES[i % SYLLABLES.length]}${ENDINGS[i % 14]} ${i}`);
const DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com"];

function surname(rnd: () => number): string {
  const s = SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]! + SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!;
  return s[0]!.toUpperCase() + s.slice(1) + ENDINGS[Math.floor(rnd() * ENDINGS.length)]!;
}

function typo(s: string, rnd: () => number): string {
  if (s.length < 3) return s;
  const i = 1 + Math.floor(rnd() * (s.length - 2));
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

export function syntheticPeople(
  count: number,
  seed = 42,
): { records: PersonLike[]; injectedDuplicates: number; truth: Map<string, string> } {
  const rnd = prng(seed);
  const records: PersonLike[] = [];
  // Record id → the generated person it describes (a near-copy shares its source's person).
  const truth = new Map<string, string>();
  let injectedDuplicates = 0;
  while (records.length < count) {
    const id = `c${records.length}`;
    const source = records.length > 100 && rnd() < 0.05 ? records[Math.floor(rnd() * records.length)]! : null;
    truth.set(id, source ? truth.get(source.id)! : id);
    if (source) {
      // A near-copy: re-typed name, email with other case and a +tag, phone in national format.
      injectedDuplicates++;
      const r = rnd();
      records.push({
        ...source,
        id,
        firstName: r < 0.3 ? typo(source.firstName ?? "", rnd) : source.firstName,
        lastName: r >= 0.3 && r < 0.5 ? typo(source.lastName ?? "", rnd) : (source.lastName?.toUpperCase() ?? null),
        email: source.email && rnd() < 0.7 ? source.email.replace("@", "+crm@").toUpperCase() : null,
        phone: source.phone && rnd() < 0.5 ? source.phone.replace("+44 ", "0") : source.phone,
      });
      continue;
    }
    const first = FIRST[Math.floor(rnd() * FIRST.length)]!;
    const last = surname(rnd);
    const n = Math.floor(rnd() * 100_000);
    records.push({
      id,
      firstName: first[0]!.toUpperCase() + first.slice(1),
      lastName: last,
      email: rnd() < 0.9 ? `${first}.${last.toLowerCase()}${n}@${DOMAINS[Math.floor(rnd() * DOMAINS.length)]}` : null,
      phone: rnd() < 0.7 ? `+44 7${String(Math.floor(rnd() * 1e9)).padStart(9, "0")}` : null,
      country: "GB",
      city: rnd() < 0.6 ? CITIES[Math.floor(rnd() * CITIES.length)]! : null,
      postcode: rnd() < 0.5 ? `P${Math.floor(rnd() * 20000)}` : null,
      companyName: rnd() < 0.5 ? `${surname(rnd)} Ltd` : null,
    });
  }
  return { records, injectedDuplicates, truth };
}

if (process.argv[1]?.endsWith("duplicates.ts")) main();

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  let previous: { n: number; cpuSeconds: number; pairs: number } | null = null;
  console.log(
    "records  injected  wall s  CPU s  pairs compared  pairs/record  groups  precision  recall  peak RSS MiB  growth (CPU / pairs vs records)",
  );
  for (const n of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
    const { records, injectedDuplicates, truth } = syntheticPeople(n);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { groups, stats } = detectDuplicatePeople(records);
    const seconds = (performance.now() - started) / 1000;
    // CPU time as well as wall time: on a shared machine the wall clock includes waiting for a core.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    // Peak RSS of the whole process, the generated records included.
    const rss = process.resourceUsage().maxRSS / 1024;
    const scores = pairwiseScores(groups, truth);
    const growth = previous
      ? `${(cpuSeconds / previous.cpuSeconds).toFixed(1)}x / ${(stats.pairsCompared / previous.pairs).toFixed(1)}x for ${(n / previous.n).toFixed(0)}x`
      : "-";
    console.log(
      [
        String(n).padStart(7),
        String(injectedDuplicates).padStart(9),
        seconds.toFixed(2).padStart(7),
        cpuSeconds.toFixed(2).padStart(6),
        String(stats.pairsCompared).padStart(15),
        (stats.pairsCompared / n).toFixed(2).padStart(13),
        String(groups.length).padStart(7),
        scores.precision.toFixed(3).padStart(10),
        scores.recall.toFixed(3).padStart(7),
        rss.toFixed(0).padStart(13),
        " " + growth,
      ].join(" "),
    );
    previous = { n, cpuSeconds, pairs: stats.pairsCompared };
  }
}
