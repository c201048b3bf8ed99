import { z } from "zod";

// The fields of a school as the onboarding forms and the CSV import know them,
// with Dutch messages. Pure: shared by browser and server.

/** Onderwijs Vlaanderen's instellingsnummer: 5 or 6 digits (spaces and dots are ignored). */
export function normaliseInstellingsnummer(value: string): string {
  return value.replace(/[\s.]/g, "");
}

export const INSTELLINGSNUMMER_MESSAGE = "Een instellingsnummer heeft 5 of 6 cijfers, zoals 127341.";

export const instellingsnummerSchema = z
  .string({ required_error: "Vul het instellingsnummer in." })
  .transform(normaliseInstellingsnummer)
  .pipe(
    z
      .string()
      .min(1, "Vul het instellingsnummer in.")
      .regex(/^\d{5,6}$/, INSTELLINGSNUMMER_MESSAGE)
  );

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, " ") : undefined));

export const SchoolFieldsSchema = z.object({
  instellingsnummer: instellingsnummerSchema,
  name: z
    .string({ required_error: "Vul de naam van de school in." })
    .trim()
    .min(2, "Vul de naam van de school in.")
    .max(200, "De naam is te lang (hoogstens 200 tekens).")
    .transform((v) => v.replace(/\s+/g, " ")),
  street: optionalText(200, "De straat is te lang (hoogstens 200 tekens)."),
  postalCode: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^[1-9]\d{3}$/, "Een Belgische postcode heeft 4 cijfers, zoals 9100.")
        .optional()
    ),
  municipality: optionalText(100, "De gemeente is te lang (hoogstens 100 tekens)."),
});
export type SchoolFields = z.infer<typeof SchoolFieldsSchema>;

// ─── The board and what the lookup knows about the school ────────────────────

export const EDUCATION_LEVELS = ["basis", "secundair", "buitengewoon"] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EDUCATION_LEVEL_LABELS: Record<EducationLevel, string> = {
  basis: "basisonderwijs",
  secundair: "secundair onderwijs",
  buitengewoon: "buitengewoon onderwijs",
};

/**
 * Onderwijs Vlaanderen's onderwijsniveau (or what someone typed) as one of our
 * levels: "basisonderwijs" → basis, "secundair onderwijs" → secundair,
 * "buitengewoon …" → buitengewoon. Anything else: undefined.
 */
export function educationLevelOf(value: string | null | undefined): EducationLevel | undefined {
  const text = (value ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return undefined;
  if (text.startsWith("buitengewoon")) return "buitengewoon";
  if (text === "basis" || text === "basisonderwijs" || text === "gewoon basisonderwijs") return "basis";
  if (text === "secundair" || text === "secundair onderwijs" || text === "gewoon secundair onderwijs") return "secundair";
  return undefined;
}

export const BOARD_NAME_MAX = 200;
export const BOARD_NUMBER_MAX = 20;
export const ONDERWIJSNET_MAX = 100;
export const SCHOLENGEMEENSCHAP_MAX = 200;

/** A board number: Onderwijs Vlaanderen's bestuursnummer or a KBO number (digits, dots, spaces). */
export const BOARD_NUMBER_MESSAGE = "Een bestuursnummer bestaat uit cijfers, zoals 1234 of 0412.345.678 (hoogstens 20 tekens).";
export const boardNumberPattern = /^[0-9][0-9. ]{0,19}$/;

const optionalLevel = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const level = educationLevelOf(v);
    if (!level) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Kies het niveau: basis, secundair of buitengewoon." });
    return level;
  });

/** The board and the school's place in education, as typed in (all optional). */
export const BoardFieldsSchema = z.object({
  boardName: optionalText(BOARD_NAME_MAX, `De naam van het schoolbestuur is te lang (hoogstens ${BOARD_NAME_MAX} tekens).`),
  boardNumber: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().max(BOARD_NUMBER_MAX, BOARD_NUMBER_MESSAGE).regex(boardNumberPattern, BOARD_NUMBER_MESSAGE).optional()),
  educationLevel: optionalLevel,
  onderwijsnet: optionalText(ONDERWIJSNET_MAX, `Het onderwijsnet is te lang (hoogstens ${ONDERWIJSNET_MAX} tekens).`),
});
export type BoardFields = z.infer<typeof BoardFieldsSchema>;

/** What the lookup or the import adds: the scholengemeenschap and the school's CLB. */
export const SchoolLinksSchema = z.object({
  scholengemeenschap: optionalText(SCHOLENGEMEENSCHAP_MAX, `De scholengemeenschap is te lang (hoogstens ${SCHOLENGEMEENSCHAP_MAX} tekens).`),
  clbInstellingsnummer: z
    .string()
    .optional()
    .transform((v) => (v ? normaliseInstellingsnummer(v) : undefined))
    .pipe(z.string().regex(/^\d{5,6}$/, `Het CLB: ${INSTELLINGSNUMMER_MESSAGE}`).optional()),
  clbName: optionalText(200, "De naam van het CLB is te lang (hoogstens 200 tekens)."),
});

/** A school with everything the onboarding knows about it. */
export const SchoolDetailsSchema = SchoolFieldsSchema.merge(BoardFieldsSchema).merge(SchoolLinksSchema);
export type SchoolDetails = z.infer<typeof SchoolDetailsSchema>;
