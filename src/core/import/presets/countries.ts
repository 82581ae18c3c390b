/**
 * Country names as CRMs export them ("Germany", "United States", "Deutschland") → ISO 3166
 * alpha-2, the canonical `country`. The name table comes from the ICU data Node ships
 * (Intl.DisplayNames) in a few languages, plus the aliases exports commonly use. The one
 * country normaliser of the project: the importer applies it to every source's `country`
 * column (src/core/import/row-schema.ts), presets included.
 */
const LOCALES = ["en", "de", "fr", "es", "it", "nl", "pt"];
// ICU also names unions, reserved and withdrawn codes (DD = East Germany would win "Germany").
const NOT_COUNTRIES = new Set(
  "AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ".split(" "),
);
const ALIASES: Record<string, string> = {
  usa: "US",
  "united states of america": "US",
  us: "US",
  // "U.S.", "U.S.A.", "U.K." after punctuation becomes spaces.
  "u s": "US",
  "u s a": "US",
  america: "US",
  uk: "GB",
  "u k": "GB",
  "great britain": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "czech republic": "CZ",
  holland: "NL",
  "south korea": "KR",
  "republic of korea": "KR",
  russia: "RU",
  "russian federation": "RU",
  uae: "AE",
  "ivory coast": "CI",
  turkey: "TR",
  "viet nam": "VN",
};

function normalise(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

let byName: Map<string, string> | null = null;
let codes: Set<string> | null = null;

function tables(): { byName: Map<string, string>; codes: Set<string> } {
  if (!byName || !codes) {
    byName = new Map();
    codes = new Set();
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (const locale of LOCALES) {
      const names = new Intl.DisplayNames([locale], { type: "region", fallback: "none" });
      for (const a of letters) {
        for (const b of letters) {
          const code = a + b;
          if (NOT_COUNTRIES.has(code) || (a === "X" && code !== "XK")) continue;
          const name = names.of(code);
          if (!name || name === code) continue;
          codes.add(code);
          const key = normalise(name);
          if (!byName.has(key)) byName.set(key, code);
        }
      }
    }
    for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  }
  return { byName, codes };
}

/** The alpha-2 code for a country name or code; the trimmed input when it is not recognised. */
export function countryCode(value: string): string {
  const trimmed = value.trim();
  if (trimmed === "") return "";
  const { byName, codes } = tables();
  const alias = ALIASES[normalise(trimmed)];
  if (alias) return alias;
  if (/^[A-Za-z]{2}$/.test(trimmed) && codes.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return byName.get(normalise(trimmed)) ?? trimmed;
}
