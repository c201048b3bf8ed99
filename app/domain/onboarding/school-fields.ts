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
