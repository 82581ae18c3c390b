/**
 * Rows in PostgreSQL's COPY text format (the default of `COPY … FROM STDIN`): columns separated
 * by a tab, a row ended by a newline, NULL spelled `\N`. In a value, backslash, tab, newline and
 * carriage return are the only characters COPY reads specially, so exactly they are escaped;
 * everything else (quotes, other control characters, any Unicode) passes as it is, in the
 * connection's UTF-8. An empty string stays empty, distinct from `\N`.
 */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value as COPY text reads it back unchanged. */
export function copyTextValue(value: string | null): string {
  if (value === null) return "\\N";
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** One row, newline included. */
export function copyTextRow(values: readonly (string | null)[]): string {
  let line = copyTextValue(values[0] ?? null);
  for (let i = 1; i < values.length; i++) line += "\t" + copyTextValue(values[i] ?? null);
  return line + "\n";
}
