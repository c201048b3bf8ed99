// The school list as a CSV: columns instellingsnummer;naam;straat;postcode;gemeente
// and optionally bestuur;bestuursnummer;net;niveau;scholengemeenschap;clb
// (header names without regard to case; Dutch). Pure: checks each row on its
// own and against the other rows; the database checks come in import-schools.server.ts.
import { mapColumns, parseCsvTable } from "./csv-input";
import { normaliseInstellingsnummer, SchoolDetailsSchema, type SchoolDetails } from "./school-fields";

export const SCHOOL_COLUMNS = {
  instellingsnummer: ["instellingsnummer", "instellingsnr", "instelling", "nummer"],
  name: ["naam", "schoolnaam", "naam school", "naam van de school", "school"],
  street: ["straat", "adres", "straat en nummer", "straat + nr"],
  postalCode: ["postcode", "postnummer"],
  municipality: ["gemeente", "plaats", "stad", "deelgemeente"],
  boardName: ["bestuur", "schoolbestuur", "inrichtende macht", "naam bestuur"],
  boardNumber: ["bestuursnummer", "nummer bestuur", "instellingsnummer bestuur"],
  onderwijsnet: ["net", "onderwijsnet"],
  educationLevel: ["niveau", "onderwijsniveau"],
  scholengemeenschap: ["scholengemeenschap"],
  /** The CLB's instellingsnummer (5 or 6 digits) or its name. */
  clb: ["clb"],
} as const;

type Column = keyof typeof SCHOOL_COLUMNS;

export type SchoolCsvRow = {
  rowNumber: number;
  values: Record<Column, string>;
  school: SchoolDetails | null;
  errors: string[];
};

export type SchoolCsvResult = { ok: true; rows: SchoolCsvRow[]; ignoredColumns: string[] } | { ok: false; message: string };

export function parseSchoolsCsv(text: string): SchoolCsvResult {
  const table = parseCsvTable(text);
  if (!table.ok) return table;
  const { columns, unknown } = mapColumns(table.headers, SCHOOL_COLUMNS);
  const missing = [columns.instellingsnummer === undefined ? "instellingsnummer" : null, columns.name === undefined ? "naam" : null].filter(Boolean);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `De eerste rij moet de kolomnamen bevatten. Niet gevonden: ${missing.join(" en ")}. Verwacht: instellingsnummer;naam;straat;postcode;gemeente.`,
    };
  }
  if (table.rows.length === 0) return { ok: false, message: "Het bestand heeft geen rijen met scholen." };

  const firstRowOf = new Map<string, number>();
  const rows = table.rows.map((row): SchoolCsvRow => {
    const cell = (field: Column) => {
      const index = columns[field];
      return index === undefined ? "" : (row.cells[index] ?? "").trim();
    };
    const values = {
      instellingsnummer: cell("instellingsnummer"),
      name: cell("name"),
      street: cell("street"),
      postalCode: cell("postalCode"),
      municipality: cell("municipality"),
      boardName: cell("boardName"),
      boardNumber: cell("boardNumber"),
      onderwijsnet: cell("onderwijsnet"),
      educationLevel: cell("educationLevel"),
      scholengemeenschap: cell("scholengemeenschap"),
      clb: cell("clb"),
    };
    const errors: string[] = [];
    // The clb column holds the CLB's instellingsnummer or its name.
    const clbIsNumber = /^\d{5,6}$/.test(normaliseInstellingsnummer(values.clb));
    const { clb, ...fields } = values;
    const parsed = SchoolDetailsSchema.safeParse({ ...fields, clbInstellingsnummer: clbIsNumber ? clb : undefined, clbName: clbIsNumber ? undefined : clb });
    let school: SchoolDetails | null = null;
    if (parsed.success) {
      school = parsed.data;
      const earlier = firstRowOf.get(school.instellingsnummer);
      if (earlier !== undefined) {
        errors.push(`Dit instellingsnummer staat ook al in rij ${earlier}.`);
      } else {
        firstRowOf.set(school.instellingsnummer, row.rowNumber);
      }
    } else {
      for (const issue of parsed.error.issues) if (!errors.includes(issue.message)) errors.push(issue.message);
    }
    if (row.cells.length > table.headers.length && row.cells.slice(table.headers.length).some((c) => c.trim() !== "")) {
      errors.push("Deze rij heeft meer kolommen dan de kolomnamen. Staat er een ; of , in een naam zonder aanhalingstekens?");
    }
    return { rowNumber: row.rowNumber, values, school: errors.length === 0 ? school : null, errors };
  });
  return { ok: true, rows, ignoredColumns: unknown };
}
