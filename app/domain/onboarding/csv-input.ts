// Reading a CSV the way Excel in nl-BE writes it: ";" as separator (also ","
// or tab), with or without a UTF-8 BOM, "CSV UTF-8" or the older ANSI
// (Windows-1252) encoding, quoted fields holding ";" or line breaks. Pure.
import { parse } from "csv-parse/sync";

export const CSV_MAX_BYTES = 1024 * 1024;
export const CSV_MAX_ROWS = 2_000;

/** Bytes to text: UTF-8 (BOM removed) when valid, else Windows-1252 (Excel's "CSV" in nl-BE). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** The separator used in the header line: the most frequent of ; , and tab outside quotes. */
export function detectDelimiter(text: string): ";" | "," | "\t" {
  const counts = { ";": 0, ",": 0, "\t": 0 };
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  if (counts[";"] >= counts[","] && counts[";"] >= counts["\t"] && counts[";"] > 0) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return counts[","] > 0 ? "," : ";";
}

/** Header names compared without case, accents, spaces or punctuation: "E-mailadres" → "emailadres". */
export function headerKey(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

export type CsvRow = { rowNumber: number; cells: string[] };
export type CsvTable = { ok: true; headers: string[]; rows: CsvRow[] } | { ok: false; message: string };

/** Parses the text into a header and data rows (rowNumber counts the header as row 1, like Excel). */
export function parseCsvTable(text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, "");
  if (clean.trim() === "") return { ok: false, message: "Het bestand is leeg." };
  let records: Array<{ record: string[]; info: { records: number } }>;
  try {
    records = parse(clean, {
      delimiter: detectDelimiter(clean),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
      to: CSV_MAX_ROWS + 2,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      message: `Het bestand kon niet gelezen worden${
        line ? ` (rond regel ${line})` : ""
      }: controleer de aanhalingstekens. Bewaar het in Excel als “CSV (gescheiden door lijstscheidingsteken)” of “CSV UTF-8”.`,
    };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, message: "Het bestand is leeg." };
  if (data.length > CSV_MAX_ROWS) return { ok: false, message: `Het bestand heeft te veel rijen: hoogstens ${CSV_MAX_ROWS} per keer.` };
  return {
    ok: true,
    headers: header.record.map((h) => h.trim()),
    rows: data.map((r) => ({ rowNumber: r.info.records, cells: r.record })),
  };
}

/** Finds each wanted column by its accepted header names; returns the column index per field. */
export function mapColumns<F extends string>(
  headers: readonly string[],
  aliases: Record<F, readonly string[]>
): { columns: Partial<Record<F, number>>; unknown: string[] } {
  const columns: Partial<Record<F, number>> = {};
  const unknown: string[] = [];
  headers.forEach((header, index) => {
    const key = headerKey(header);
    const field = (Object.keys(aliases) as F[]).find((f) => aliases[f].some((a) => headerKey(a) === key));
    if (field && columns[field] === undefined) columns[field] = index;
    else if (header.trim() !== "") unknown.push(header);
  });
  return { columns, unknown };
}
