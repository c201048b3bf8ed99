// The intake of a school that wants a brugfiguur: guided questions (why the
// school wants one, what it commits to in return — the engagementsverklaring's
// usual points), stored as JSON in Organisation.intakeNotes. Pure: shared by
// browser and server. No pupil or family data belongs here.
import { z } from "zod";

/** What schools commonly commit to in an engagementsverklaring (DOMAIN.md, L7795–7818). */
export const INTAKE_COMMITMENTS = [
  { id: "zichtbaar", label: "De brugfiguur staat op de website en in het organogram van de school." },
  { id: "contactpersoon", label: "De school duidt een vaste contactpersoon aan voor de brugfiguur." },
  { id: "personeelsvergadering", label: "Armoede staat minstens één keer per schooljaar op de personeelsvergadering." },
  { id: "overleg-scholen", label: "De school neemt deel aan overleg met andere scholen." },
  { id: "themas", label: "De school neemt thema's op die de brugfiguur aanbrengt." },
  { id: "mdo", label: "De brugfiguur mag het multidisciplinair overleg (MDO) bijwonen." },
  { id: "geen-schoolse-taken", label: "De school zet de brugfiguur niet in voor schoolse taken (toezicht, vervanging, facturen)." },
  { id: "lokaal", label: "De school zorgt voor een lokaal en materiaal." },
  { id: "evaluatie", label: "De school evalueert de samenwerking geregeld mee." },
] as const;
export type IntakeCommitmentId = (typeof INTAKE_COMMITMENTS)[number]["id"];
const COMMITMENT_IDS = INTAKE_COMMITMENTS.map((c) => c.id) as [IntakeCommitmentId, ...IntakeCommitmentId[]];

export const DIRECTIE_AKKOORD = { ja: "Ja", "nog-te-bespreken": "Nog te bespreken", nee: "Nee" } as const;
type DirectieAkkoord = keyof typeof DIRECTIE_AKKOORD;

export const INTAKE_QUESTIONS = {
  waarom: {
    label: "Waarom wil de school een brugfiguur?",
    hint: "Wat wil de school bereiken? Denk aan drempels voor ouders, schoolkosten, contact met gezinnen.",
  },
  drempels: {
    label: "Welke drempels ziet de school in het contact met gezinnen? (niet verplicht)",
    hint: "In het algemeen: geen namen en geen verhalen van gezinnen.",
  },
  andereEngagementen: { label: "Andere engagementen van de school (niet verplicht)", hint: "Bijvoorbeeld: de school engageert zich voor drie schooljaren." },
  contactpersoon: {
    label: "Vaste contactpersoon op school (niet verplicht)",
    hint: "Naam en functie van een personeelslid, bijvoorbeeld: Ann Peeters, zorgcoördinator.",
  },
  directieAkkoord: { label: "Staat de directie achter de samenwerking?", hint: undefined },
  startVanaf: { label: "Wanneer wil de school starten? (niet verplicht)", hint: "Bijvoorbeeld: vanaf 1 september of na de herfstvakantie." },
  opmerkingen: { label: "Andere afspraken of opmerkingen (niet verplicht)", hint: undefined },
} as const;

const longText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Gebruik hoogstens ${max} tekens.`)
    .transform((v) => v.replace(/\r\n?/g, "\n"));
const optionalLong = (max: number) =>
  longText(max)
    .optional()
    .transform((v) => v || undefined);

export const IntakeSchema = z.object({
  waarom: z
    .string({ required_error: "Beschrijf kort waarom de school een brugfiguur wil." })
    .trim()
    .min(10, "Beschrijf kort waarom de school een brugfiguur wil (minstens 10 tekens).")
    .max(3000, "Gebruik hoogstens 3000 tekens.")
    .transform((v) => v.replace(/\r\n?/g, "\n")),
  drempels: optionalLong(3000),
  engagementen: z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(COMMITMENT_IDS, { errorMap: () => ({ message: "Kies uit de lijst." }) })).max(COMMITMENT_IDS.length)
  ),
  andereEngagementen: optionalLong(3000),
  contactpersoon: optionalLong(200),
  directieAkkoord: z.enum(Object.keys(DIRECTIE_AKKOORD) as [DirectieAkkoord, ...DirectieAkkoord[]], {
    errorMap: () => ({ message: "Kies of de directie achter de samenwerking staat." }),
  }),
  startVanaf: optionalLong(200),
  opmerkingen: optionalLong(3000),
});
export type IntakeAnswers = z.infer<typeof IntakeSchema>;

export type StoredIntake = {
  formaat: 1;
  antwoorden: IntakeAnswers;
  bijgewerktOp: string;
  bijgewerktDoor: string;
};

const StoredSchema = z.object({
  formaat: z.literal(1),
  antwoorden: IntakeSchema,
  bijgewerktOp: z.string(),
  bijgewerktDoor: z.string(),
});

/** The stored intake; notes that are not our JSON come back as free text. */
export function parseStoredIntake(value: string | null): { intake: StoredIntake | null; freeText: string | null } {
  if (!value || value.trim() === "") return { intake: null, freeText: null };
  try {
    const parsed = StoredSchema.safeParse(JSON.parse(value));
    if (parsed.success) return { intake: parsed.data as StoredIntake, freeText: null };
  } catch {
    /* free text */
  }
  return { intake: null, freeText: value };
}

export function serialiseIntake(answers: IntakeAnswers, by: string, at: Date): string {
  const stored: StoredIntake = { formaat: 1, antwoorden: answers, bijgewerktOp: at.toISOString(), bijgewerktDoor: by };
  return JSON.stringify(stored);
}

/** All free-text answers, for the privacy check. */
export function intakeTexts(answers: IntakeAnswers): string {
  return [answers.waarom, answers.drempels, answers.andereEngagementen, answers.contactpersoon, answers.startVanaf, answers.opmerkingen]
    .filter(Boolean)
    .join("\n");
}

export const INTAKE_PRIVACY_NOTE =
  "Zet hier geen gegevens van leerlingen of gezinnen: geen namen, geen situaties, geen rijksregisternummers. De intake gaat over de school en de samenwerking.";
