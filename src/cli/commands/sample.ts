/** `crm-audit sample`: writes the seeded sample dataset (docs/sample-data.md). */
import path from "node:path";
import { Command } from "commander";
import { integer } from "../args.js";

export function sampleCommand(): Command {
  return (
    new Command("sample")
      .description("write the seeded sample dataset (a canonical CSV bundle with known defects and its ground truth)")
      // The generator checks its own minimum (and says so); here only the shape of the number.
      .option("--contacts <n>", "number of contacts (at most 1000000)", integer(1, 1_000_000), 2000)
      .option("--seed <n>", "random seed: the same seed gives the same data", integer(0, 0xffffffff), 42)
      .option("--out <dir>", "output folder", "sample-data")
      .action(async (opts: { contacts: number; seed: number; out: string }) => {
        // faker's data is large: loaded only when a sample is written.
        const { writeSampleBundle } = await import("../../core/sample/index.js");
        const summary = await writeSampleBundle(path.resolve(opts.out), { contacts: opts.contacts, seed: opts.seed });
        const counts = Object.entries(summary.counts)
          .map(([entity, n]) => `${entity} ${n.toLocaleString("en")}`)
          .join(", ");
        console.log(
          `wrote ${opts.out}: ${counts} (as of ${summary.asOf}) in ${(summary.durationMs / 1000).toFixed(1)} s`,
        );
        console.log(`ground truth: ${summary.groundTruthPath}`);
      })
  );
}
