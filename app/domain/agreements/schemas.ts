import { z } from "zod";
import { parseSchoolYear } from "~/domain/calendar";
import { CLAUSE_SETS, DOCUMENT_TYPE_IDS, EDUCATION_LEVELS } from "~/domain/templates/schema";
import { SIGNING_ORDERS } from "~/domain/drafting/signing-order";

// Form schemas for agreements, with Dutch messages. Routes parse submissions
// with these (Conform's parseWithZod); use cases receive the typed result.

const schoolYear = z
  .string({ required_error: "Kies een schooljaar." })
  .trim()
  .refine(
    (value) => {
      try {
        parseSchoolYear(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: "Vul een schooljaar in zoals 2026-2027." },
  );

const title = z
  .string({ required_error: "Geef de overeenkomst een titel." })
  .trim()
  .min(3, "De titel is te kort (minstens 3 tekens).")
  .max(200, "De titel is te lang (hoogstens 200 tekens).");

const id = (message: string) => z.string({ required_error: message }).trim().min(1, message).max(100, message);

export const CreateAgreementSchema = z.object({
  documentType: z.enum(DOCUMENT_TYPE_IDS, {
    errorMap: () => ({ message: "Kies een soort overeenkomst." }),
  }),
  schoolYear,
  ownOrganisationId: id("Kies de organisatie waarvoor u werkt."),
  counterpartOrganisationId: z.string().trim().max(100).optional(),
  title: title.optional(),
  /** The short nota (default) or the full set of default clauses. */
  clauseSet: z.enum(CLAUSE_SETS, { errorMap: () => ({ message: "Kies een korte of een volledige nota." }) }).optional(),
  /** Which clauses fit: basisonderwijs (default), secundair or buitengewoon onderwijs. */
  educationLevel: z.enum(EDUCATION_LEVELS, { errorMap: () => ({ message: "Kies het onderwijsniveau." }) }).optional(),
});
export type CreateAgreementInput = z.infer<typeof CreateAgreementSchema>;

const days = (label: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${label}: vul een getal in.` })
    .int(`${label}: vul een geheel getal in.`)
    .min(1, `${label}: minstens 1.`)
    .max(max, `${label}: hoogstens ${max}.`);

export const UpdateAgreementSchema = z.object({
  title,
  schoolYear,
  signingOrder: z.enum(SIGNING_ORDERS, { errorMap: () => ({ message: "Kies hoe er ondertekend wordt." }) }).default("parallel"),
  reminderFirstDays: days("Eerste herinnering", 30).default(5),
  reminderIntervalDays: days("Daarna elke", 30).default(3),
  reminderMax: z.coerce
    .number({ invalid_type_error: "Aantal herinneringen: vul een getal in." })
    .int("Aantal herinneringen: vul een geheel getal in.")
    .min(0, "Aantal herinneringen: minstens 0.")
    .max(10, "Aantal herinneringen: hoogstens 10.")
    .default(4),
  revision: z.coerce.number({ invalid_type_error: "Ongeldige versie van het formulier." }).int().min(0),
});
export type UpdateAgreementInput = z.infer<typeof UpdateAgreementSchema>;
