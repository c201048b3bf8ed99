// The short human reference of an agreement, e.g. "AN-2026-0042": a prefix per
// document type, the first year of the school year and a four-digit sequence
// per prefix and year. People see this, never a database id. Pure: the
// allocation (one counter row per prefix and year) is in reference.server.ts.
import { parseSchoolYear } from "~/domain/calendar";

/** Prefix per document type; the backfill migration (agreement_reference_and_organisation_logo) repeats this table. */
export const REFERENCE_PREFIXES: Record<string, string> = {
  afsprakennota: "AN",
  "engagementsverklaring-brugfiguren": "EV",
  samenwerkingsovereenkomst: "SO",
  "engagementsverklaring-ouders": "EO",
};
/** For a document type not in the table (none today). */
export const FALLBACK_REFERENCE_PREFIX = "OV";

export function referencePrefix(documentType: string): string {
  return REFERENCE_PREFIXES[documentType] ?? FALLBACK_REFERENCE_PREFIX;
}

/** First year of "2026-2027"; callers pass a validated school year. */
export function referenceYear(schoolYear: string): number {
  return parseSchoolYear(schoolYear).startYear;
}

/** "AN-2026-0042"; a sequence beyond 9999 simply gets more digits. */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, "0")}`;
}
