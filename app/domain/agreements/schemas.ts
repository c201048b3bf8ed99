import { z } from "zod";
import { parseSchoolYear } from "~/domain/calendar";
import { DOCUMENT_TYPE_IDS } from "~/domain/templates/schema";

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
});
export type CreateAgreementInput = z.infer<typeof CreateAgreementSchema>;

export const UpdateAgreementSchema = z.object({
  title,
  schoolYear,
  revision: z.coerce.number({ invalid_type_error: "Ongeldige versie van het formulier." }).int().min(0),
});
export type UpdateAgreementInput = z.infer<typeof UpdateAgreementSchema>;
