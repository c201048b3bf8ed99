// CSV that Excel in nl-BE opens as a table: ";" between fields, a UTF-8 BOM so
// accents come out right, Windows line ends, fields with line breaks quoted.
// Cells that start like a formula get a leading apostrophe so a spreadsheet
// never runs them (CSV injection). Pure.
import { stringify } from "csv-stringify/sync";

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

/** Neutralises =, +, -, @, tab and CR at the start of a text cell. */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value).replace(".", ",");
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv<T>(rows: readonly T[], columns: ReadonlyArray<CsvColumn<T>>): string {
  const records = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => safeCell(c.value(row))))];
  return stringify(records, { delimiter: ";", bom: true, record_delimiter: "windows", quoted_match: /[\r\n]/ });
}
