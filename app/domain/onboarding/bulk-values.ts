// The values of a bulk engagementsverklaring: which variables of the default
// clause set are shared by all schools, which differ per school, and how the
// form input is checked. Pure (no database); the clause library is passed in.
import { z } from "zod";
import type { DocumentType, VariableDef } from "~/domain/templates/schema";
import { validateVariableValue } from "~/domain/templates/variables";
import type { SchoolSignatoryField } from "./bulk-fields";
import { mapColumns, parseCsvTable } from "./csv-input";
import { normaliseInstellingsnummer } from "./school-fields";
import { SignatorySchema } from "~/domain/drafting/schemas";

export const BULK_DOCUMENT_TYPE = "engagementsverklaring-brugfiguren";

export type BulkVariable = VariableDef & {
  sectionId: string;
  sectionTitle: string;
  /** Filled in per school (the school's contact person), not in the shared form. */
  perSchool: boolean;
  /** Filled in by Akkoord (organisation names); not in the form. */
  automatic: boolean;
};

/** The variables of the document type's default clauses, in document order, each once. */
export function bulkVariables(type: DocumentType, defaultClauses: ReadonlyArray<{ section: string; variables: readonly VariableDef[] }>): BulkVariable[] {
  const order = new Map(type.sections.map((s, i) => [s.id, i]));
  const clauses = [...defaultClauses].sort((a, b) => (order.get(a.section) ?? 999) - (order.get(b.section) ?? 999));
  const seen = new Map<string, BulkVariable>();
  for (const clause of clauses) {
    const section = type.sections.find((s) => s.id === clause.section);
    for (const def of clause.variables) {
      if (seen.has(def.name)) continue;
      seen.set(def.name, {
        ...def,
        sectionId: clause.section,
        sectionTitle: section?.title ?? clause.section,
        perSchool: def.type === "partyPerson" && def.partyRole === "school",
        automatic: def.type === "partyOrganisation",
      });
    }
  }
  return [...seen.values()];
}

/** May be left empty in the shared form: Akkoord then uses the agreement's school year. */
export function isAutoFillable(def: BulkVariable): boolean {
  return def.type === "schoolYear";
}

/** Checks the shared values; returns the raw strings to save, or a Dutch message per variable. */
export function checkSharedValues(
  defs: readonly BulkVariable[],
  raw: Readonly<Record<string, string | undefined>>
): { ok: true; values: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    if (def.perSchool || def.automatic) continue;
    // Not sent at all: the template's default applies.
    if (raw[def.name] === undefined && def.default !== undefined) continue;
    const input = raw[def.name] ?? "";
    if (input.trim() === "" && (isAutoFillable(def) || def.type === "partyPerson")) continue;
    const result = validateVariableValue(def, input);
    if (!result.ok) errors[def.name] = result.message;
    else if (input.trim() !== "") values[def.name] = input;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

// ─── Per school ───────────────────────────────────────────────────────────

export const SchoolSignatorySchema = SignatorySchema.pick({ name: true, functionTitle: true, email: true }).extend({
  contact: z
    .string()
    .trim()
    .max(200, "Gebruik hoogstens 200 tekens.")
    .optional()
    .transform((v) => v || undefined),
});
export type SchoolSignatory = z.infer<typeof SchoolSignatorySchema>;
export type { SchoolSignatoryField };

export const SIGNATORY_COLUMNS = {
  instellingsnummer: ["instellingsnummer", "instellingsnr", "nummer"],
  name: ["naam", "naam ondertekenaar", "ondertekenaar", "directeur"],
  functionTitle: ["functie", "functie ondertekenaar"],
  email: ["e-mail", "email", "e-mailadres", "emailadres", "mail"],
  contact: ["aanspreekpunt", "contactpersoon", "aanspreekpersoon"],
} as const;

/**
 * Reads per-school signatories from a CSV (instellingsnummer;naam;functie;e-mail;aanspreekpunt).
 * Returns the raw values per instellingsnummer, or a Dutch message.
 */
export function parseSignatoriesCsv(text: string): { ok: true; byNumber: Map<string, Record<SchoolSignatoryField, string>> } | { ok: false; message: string } {
  const table = parseCsvTable(text);
  if (!table.ok) return table;
  const { columns } = mapColumns(table.headers, SIGNATORY_COLUMNS);
  if (columns.instellingsnummer === undefined || columns.name === undefined || columns.email === undefined) {
    return { ok: false, message: "De eerste rij moet de kolomnamen bevatten: instellingsnummer;naam;functie;e-mail (en eventueel aanspreekpunt)." };
  }
  const byNumber = new Map<string, Record<SchoolSignatoryField, string>>();
  for (const row of table.rows) {
    const cell = (field: keyof typeof SIGNATORY_COLUMNS) => {
      const index = columns[field];
      return index === undefined ? "" : (row.cells[index] ?? "").trim();
    };
    byNumber.set(normaliseInstellingsnummer(cell("instellingsnummer")), {
      name: cell("name"),
      functionTitle: cell("functionTitle"),
      email: cell("email"),
      contact: cell("contact"),
    });
  }
  return { ok: true, byNumber };
}
