import { z } from "zod";
import { MAX_SIGNING_GROUP, SIGNING_ORDERS } from "~/domain/drafting/signing-order";

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


/** How the signers take turns; with "groepen" one group number per signatory (fields `group:<signatoryId>`). */
export const SigningOrderSchema = z.enum(SIGNING_ORDERS, { errorMap: () => ({ message: "Kies hoe er ondertekend wordt." }) });

export const SigningGroupSchema = z.coerce
  .number({ invalid_type_error: "Vul als groep een getal in, zoals 1 of 2." })
  .int("Vul als groep een geheel getal in, zoals 1 of 2.")
  .min(1, "De groep is minstens 1.")
  .max(MAX_SIGNING_GROUP, `De groep is hoogstens ${MAX_SIGNING_GROUP}.`);

/** The form field of a signatory's group. */
export const GROUP_FIELD_PREFIX = "group:";

/**
 * The signing-order form: the order, and with "groepen" a group per
 * signatory. Errors per field (`signingOrder`, `group:<id>`); groups sent
 * with another order are ignored.
 */
export function parseSigningOrderForm(
  form: Iterable<[string, FormDataEntryValue]>,
): { ok: true; order: z.infer<typeof SigningOrderSchema>; groups: Record<string, number> } | { ok: false; fieldErrors: Record<string, string[]> } {
  const entries = [...form].map(([k, v]) => [k, typeof v === "string" ? v : ""] as const);
  const fieldErrors: Record<string, string[]> = {};
  const order = SigningOrderSchema.safeParse(entries.find(([k]) => k === "signingOrder")?.[1]);
  if (!order.success) fieldErrors.signingOrder = [order.error.issues[0]!.message];
  const groups: Record<string, number> = {};
  if (order.success && order.data === "groepen") {
    for (const [key, raw] of entries) {
      if (!key.startsWith(GROUP_FIELD_PREFIX)) continue;
      const group = SigningGroupSchema.safeParse(raw.trim());
      if (group.success) groups[key.slice(GROUP_FIELD_PREFIX.length)] = group.data;
      else fieldErrors[key] = [group.error.issues[0]!.message];
    }
  }
  if (!order.success || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, order: order.data, groups };
}
