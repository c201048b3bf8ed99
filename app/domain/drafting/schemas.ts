import { z } from "zod";

// Form schemas of the drafting screens (shared by browser and server).

export const CLAUSE_TEXT_MAX = 20_000;
export const MANDATE_MAX = 200;

export const ClauseTextSchema = z.object({
  title: z
    .string({ required_error: "Geef de clausule een titel." })
    .trim()
    .min(2, "Geef de clausule een titel.")
    .max(200, "De titel mag hoogstens 200 tekens hebben."),
  body: z
    .string({ required_error: "De tekst van de clausule mag niet leeg zijn." })
    .trim()
    .min(1, "De tekst van de clausule mag niet leeg zijn.")
    .max(CLAUSE_TEXT_MAX, `De tekst mag hoogstens ${CLAUSE_TEXT_MAX.toLocaleString("nl-BE")} tekens hebben.`)
    .refine((text) => !/<\s*\/?\s*[a-zA-Z!][^>]*>/.test(text), {
      message: "Gebruik gewone tekst. HTML-code zoals <script> of <b> is niet toegelaten.",
    }),
});

export const SignatorySchema = z.object({
  partyId: z.string({ required_error: "Kies de partij." }).min(1, "Kies de partij.").max(100),
  name: z.string({ required_error: "Vul de naam in." }).trim().min(2, "Vul de volledige naam in.").max(120, "De naam is te lang."),
  functionTitle: z
    .string({ required_error: "Vul de functie in, zoals directeur." })
    .trim()
    .min(2, "Vul de functie in, zoals directeur.")
    .max(120, "De functie is te lang."),
  email: z
    .string({ required_error: "Vul het e-mailadres in." })
    .trim()
    .toLowerCase()
    .max(254, "Dit e-mailadres is te lang.")
    .email("Vul een geldig e-mailadres in."),
  kind: z.enum(["signer", "cc"], { errorMap: () => ({ message: "Kies ondertekenaar of ter info." }) }).default("signer"),
  /** The checkbox "tekent namens het schoolbestuur" (only for a party with a board). */
  onBehalfOfBoard: z.literal("on", { errorMap: () => ({ message: "Vink aan of laat leeg." }) }).optional(),
  /** The mandate, e.g. "gemandateerd door de raad van bestuur van 12 juni 2026". */
  mandate: z
    .string()
    .trim()
    .max(MANDATE_MAX, `Het mandaat mag hoogstens ${MANDATE_MAX} tekens hebben.`)
    .refine((text) => !/[<>]/.test(text), { message: "Gebruik gewone tekst, zonder < of >." })
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, " ") : undefined)),
});
export type SignatoryInput = z.infer<typeof SignatorySchema>;

