/**
 * Which CRM export a CSV header looks like, so an import without `--preset` can say which
 * preset to use instead of "no bundle files found" or a list of missing columns.
 */
import { hubspotPreset } from "./hubspot.js";
import type { ExportFile, Preset } from "./preset-source.js";
import { salesforcePreset } from "./salesforce.js";

export interface PresetGuess {
  preset: "hubspot" | "salesforce";
  /** "a HubSpot contacts export", "a Salesforce export (Account.csv)". */
  what: string;
}

/** The export file of `preset` whose signature the header carries (the most specific one). */
export function exportFileOfHeader(preset: Preset, header: readonly string[]): ExportFile | undefined {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  return preset.files
    .filter((f) => f.signature.length > 0 && f.signature.every((s) => names.has(s.toLowerCase())))
    .sort((a, b) => b.signature.length - a.signature.length)[0];
}

export function guessPreset(header: readonly string[]): PresetGuess | null {
  for (const [preset, make] of [
    ["hubspot", hubspotPreset],
    ["salesforce", salesforcePreset],
  ] as const) {
    const made = make();
    const file = exportFileOfHeader(made, header);
    if (!file) continue;
    const { title } = made;
    const what = file.label.startsWith(`${title} `) ? `a ${file.label}` : `a ${title} export (${file.label})`;
    return { preset, what };
  }
  return null;
}

export function presetHint(guess: PresetGuess): string {
  return `the header looks like ${guess.what}: import it with --preset ${guess.preset}`;
}
