import { z } from "zod";
import { CADENCES } from "~/domain/calendar/cadence";
import { COMMITMENT_STATUSES, RASCI_LETTERS } from "./vocabulary";

// Form schemas for commitments and evaluations (browser and server).

export const StatusSchema = z.enum(COMMITMENT_STATUSES, {
  errorMap: () => ({ message: "Kies een geldige status." }),
});

const optionalUrl = z
  .string()
  .trim()
  .max(500, "De link is te lang.")
  .refine((v) => v === "" || /^https?:\/\/\S+$/i.test(v), "Geef een link die begint met https://.")
  .optional();

export const CommitmentUpdateSchema = z.object({
  commitmentId: z.string().min(1).max(100),
  status: StatusSchema,
  note: z.string().trim().max(2000, "De notitie mag hoogstens 2000 tekens hebben.").optional(),
  evidenceNote: z.string().trim().max(2000, "Het bewijs mag hoogstens 2000 tekens hebben.").optional(),
  evidenceUrl: optionalUrl,
});
export type CommitmentUpdateInput = z.infer<typeof CommitmentUpdateSchema>;

export const NewCommitmentSchema = z.object({
  what: z.string({ required_error: "Beschrijf wat er beloofd wordt." }).trim().min(5, "Beschrijf wat er beloofd wordt.").max(1000, "Hoogstens 1000 tekens."),
  howMeasured: z.string().trim().max(1000, "Hoogstens 1000 tekens.").optional(),
  dueDate: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Kies een datum.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  cadence: z.enum(CADENCES, { errorMap: () => ({ message: "Kies hoe vaak." }) }),
  bearerPartyId: z.string({ required_error: "Kies wie de afspraak draagt." }).min(1, "Kies wie de afspraak draagt.").max(100),
});
export type NewCommitmentInput = z.infer<typeof NewCommitmentSchema>;

export const RasciSchema = z.enum(RASCI_LETTERS);

export const ScoreSchema = z.coerce
  .number({ invalid_type_error: "Geef een score van 1 tot 5." })
  .int("Geef een score van 1 tot 5.")
  .min(1, "Geef een score van 1 tot 5.")
  .max(5, "Geef een score van 1 tot 5.");

export const MomentDateSchema = z.object({
  momentId: z.string().min(1).max(100),
  date: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "Kies een datum."),
});
