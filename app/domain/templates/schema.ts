// Schemas for the clause library in templates/: document types (YAML), clause
// templates (Markdown with a YAML front-matter header) and the glossary.
// Pure: no file system access here; the loader lives in load-templates.server.ts.

import { z } from "zod";
import { CADENCES } from "../calendar/cadence";
import { EVALUATION_RHYTHMS } from "../calendar/evaluation-rhythm";
import { ORGANISATION_KINDS } from "../organisations/kinds";

// ---------------------------------------------------------------------------
// Vocabulary

/** The document types the product knows about; the library must define each. */
export const DOCUMENT_TYPE_IDS = [
  "afsprakennota",
  "engagementsverklaring-brugfiguren",
  "samenwerkingsovereenkomst",
  "engagementsverklaring-ouders",
] as const;
export type KnownDocumentTypeId = (typeof DOCUMENT_TYPE_IDS)[number];

/** The six building blocks of collaboration (brochure "Zes bouwstenen"). */
export const BOUWSTENEN = [
  "gemeenschappelijk-doel",
  "relatie",
  "betrokkenheid",
  "respect-vertrouwen",
  "afstemming-taakafbakening",
  "communicatie",
] as const;
export type Bouwsteen = (typeof BOUWSTENEN)[number];

export const BOUWSTEEN_LABELS: Record<Bouwsteen, string> = {
  "gemeenschappelijk-doel": "Werken aan een gemeenschappelijk doel",
  relatie: "Werken aan relatie",
  betrokkenheid: "Werken aan betrokkenheid op verschillende niveaus",
  "respect-vertrouwen": "Werken aan respect en vertrouwen",
  "afstemming-taakafbakening": "Werken aan afstemming en taakafbakening",
  communicatie: "Werken aan communicatie",
};

export const VARIABLE_TYPES = [
  "text",
  "longtext",
  "date",
  "schoolYear",
  "number",
  "choice",
  "partyOrganisation",
  "partyPerson",
  "list",
] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** RASCI: Responsible, Accountable, Supportive, Consulted, Informed. */
export const RASCI_LETTERS = ["R", "A", "S", "C", "I"] as const;
export type RasciLetter = (typeof RASCI_LETTERS)[number];

export const RASCI_LABELS: Record<RasciLetter, string> = {
  R: "Voert uit (Responsible)",
  A: "Eindverantwoordelijk (Accountable)",
  S: "Ondersteunt (Supportive)",
  C: "Wordt geraadpleegd (Consulted)",
  I: "Wordt geïnformeerd (Informed)",
};

/** The levels of education a school offers: basisonderwijs, secundair onderwijs, buitengewoon onderwijs. */
export const EDUCATION_LEVELS = ["basis", "secundair", "buitengewoon"] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const DEFAULT_EDUCATION_LEVEL: EducationLevel = "basis";

export function isEducationLevel(value: string): value is EducationLevel {
  return (EDUCATION_LEVELS as readonly string[]).includes(value);
}

export const EDUCATION_LEVEL_LABELS: Record<EducationLevel, string> = {
  basis: "Basisonderwijs",
  secundair: "Secundair onderwijs",
  buitengewoon: "Buitengewoon onderwijs",
};

/**
 * Which clauses a new agreement starts from: the type's short set (`leanClauses`, what the networks
 * recommend: a good conversation, not filling in documents) or all its default clauses.
 */
export const CLAUSE_SETS = ["kort", "volledig"] as const;
export type ClauseSet = (typeof CLAUSE_SETS)[number];

/** The most clauses a short set may hold, for any level. */
export const LEAN_MAX_CLAUSES = 15;

export const PERIOD_KINDS = ["schooljaar", "meerdere-schooljaren"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

// ---------------------------------------------------------------------------
// Small building blocks

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SNAKE = /^[a-z]+(?:_[a-z]+)*$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

const kebabId = z
  .string()
  .regex(KEBAB, "moet in kebab-case staan (kleine letters, cijfers en koppeltekens)");
const roleId = z
  .string()
  .regex(SNAKE, "moet een rol-id zijn in kleine letters met underscores, bv. lokaal_bestuur");
const dutchText = z.string().trim().min(1, "mag niet leeg zijn");
const version = z.number().int("moet een geheel getal zijn").min(1, "moet minstens 1 zijn");

// ---------------------------------------------------------------------------
// Variables

const variableBase = {
  name: z.string().regex(CAMEL, "moet in camelCase staan, bv. schoolJaar"),
  label: dutchText,
  required: z.boolean().default(true),
  help: dutchText.optional(),
};

const textVariable = z
  .object({ ...variableBase, type: z.literal("text"), default: z.string().optional() })
  .strict();
const longtextVariable = z
  .object({ ...variableBase, type: z.literal("longtext"), default: z.string().optional() })
  .strict();
const dateVariable = z
  .object({
    ...variableBase,
    type: z.literal("date"),
    default: z.string().optional(),
    /**
     * This date is an evaluation moment of the signed agreement, with this label
     * ("Tussentijdse evaluatie"): the typed date wins over the type's rhythm.
     */
    evaluationMoment: dutchText.optional(),
  })
  .strict();
/**
 * Values the agreement already knows, so nobody types them twice: its first or last school year,
 * or how many school years it runs. Used when the drafters saved no value of their own.
 */
export const AGREEMENT_VALUE_SOURCES = ["firstSchoolYear", "lastSchoolYear", "yearCount"] as const;
export type AgreementValueSource = (typeof AGREEMENT_VALUE_SOURCES)[number];

const schoolYearVariable = z
  .object({
    ...variableBase,
    type: z.literal("schoolYear"),
    default: z.string().optional(),
    fromAgreement: z.enum(["firstSchoolYear", "lastSchoolYear"]).optional(),
  })
  .strict();
/** A unit in its two forms, e.g. { one: schooljaar, other: schooljaren }; invariant units repeat it. */
const unitForms = z.object({ one: dutchText, other: dutchText }).strict();
const numberVariable = z
  .object({
    ...variableBase,
    type: z.literal("number"),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Whole numbers only (default). Set to false for amounts such as hours or euros. */
    integer: z.boolean().default(true),
    /**
     * Shown after the value in the right form: "één schooljaar", "drie schooljaren".
     * A plain text is allowed only when the value can never be 1 (min 2 or more).
     */
    unit: z.union([unitForms, dutchText]).optional(),
    default: z.number().optional(),
    fromAgreement: z.literal("yearCount").optional(),
  })
  .strict();
const choiceVariable = z
  .object({
    ...variableBase,
    type: z.literal("choice"),
    options: z.array(dutchText).min(2, "moet minstens 2 keuzes hebben"),
    default: z.string().optional(),
  })
  .strict();
const partyOrganisationVariable = z
  .object({
    ...variableBase,
    type: z.literal("partyOrganisation"),
    partyRole: roleId,
    default: z.string().optional(),
  })
  .strict();
const partyPersonVariable = z
  .object({
    ...variableBase,
    type: z.literal("partyPerson"),
    partyRole: roleId,
    default: z.string().optional(),
  })
  .strict();
const listVariable = z
  .object({
    ...variableBase,
    type: z.literal("list"),
    default: z.array(z.string()).optional(),
  })
  .strict();

export const variableDefSchema = z.discriminatedUnion("type", [
  textVariable,
  longtextVariable,
  dateVariable,
  schoolYearVariable,
  numberVariable,
  choiceVariable,
  partyOrganisationVariable,
  partyPersonVariable,
  listVariable,
])
  .superRefine((def, ctx) => {
    // A unit that can follow the number 1 needs its singular.
    if (def.type === "number" && typeof def.unit === "string" && (def.min === undefined || def.min < 2)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["unit"],
        message: `geef enkelvoud en meervoud (unit: { one: …, other: … }): de waarde kan 1 zijn, en "1 ${def.unit}" klopt niet`,
      });
    }
  });
export type VariableDef = z.infer<typeof variableDefSchema>;
export type VariableDefOf<T extends VariableType> = Extract<VariableDef, { type: T }>;

/**
 * A typed variable value, as produced by validateVariableValue:
 * text/longtext/choice/partyOrganisation/partyPerson → string; date → ISO "yyyy-mm-dd";
 * schoolYear → "2026-2027"; number → number; list → string[].
 */
export type VariableValue = string | number | string[];
/** Values per variable name. `undefined` = not filled in yet; `null` = optional and left empty. */
export type VariableValues = Readonly<Record<string, VariableValue | null | undefined>>;

// ---------------------------------------------------------------------------
// Commitments

export const rasciSchema = z.record(roleId, z.enum(RASCI_LETTERS));

export const commitmentSchema = z
  .object({
    id: kebabId,
    text: dutchText,
    bearer: roleId,
    /**
     * The bearer's role has many parties (e.g. the schools of a samenwerkingsovereenkomst):
     * `true` binds each of them on its own (one commitment per party, each with its own
     * status); absent or `false`, they carry it together (one commitment, their letter on each).
     */
    each: z.boolean().optional(),
    rasci: rasciSchema,
    cadence: z.enum(CADENCES),
    evaluation: dutchText,
    dueHint: dutchText.optional(),
    /** The clause's date variable whose value is the commitment's due date ("tegen {{doelDatum}}"). */
    dueFrom: z.string().regex(CAMEL, "moet de naam van een datumvariabele zijn").optional(),
    /**
     * The clause's choice variable that sets how often ("elk trimester"): each option maps to a
     * cadence; an option not listed keeps `cadence`.
     */
    cadenceFrom: z
      .object({
        variable: z.string().regex(CAMEL, "moet de naam van een keuzevariabele zijn"),
        options: z.record(z.string(), z.enum(CADENCES)),
      })
      .strict()
      .optional(),
    /**
     * Limits the commitment to some of the clause's document types (for shared
     * clauses where the bearer differs per type). Absent: all of them.
     */
    documentTypes: z.array(kebabId).min(1).optional(),
  })
  .strict();
export type Commitment = z.infer<typeof commitmentSchema>;

// ---------------------------------------------------------------------------
// Clauses

export const clauseFrontMatterSchema = z
  .object({
    id: kebabId,
    version,
    title: dutchText,
    section: kebabId,
    documentTypes: z.array(kebabId).min(1, "moet minstens één documenttype noemen"),
    bouwsteen: z.enum(BOUWSTENEN),
    /** The levels of education the clause fits. Absent: all of them. */
    levels: z.array(z.enum(EDUCATION_LEVELS)).min(1, "moet minstens één onderwijsniveau noemen").optional(),
    variables: z.array(variableDefSchema).default([]),
    commitments: z.array(commitmentSchema).default([]),
    note: dutchText,
  })
  .strict();
export type ClauseFrontMatter = z.infer<typeof clauseFrontMatterSchema>;

export interface ClauseTemplate extends ClauseFrontMatter {
  /** Clause text in Markdown-like plain text, with `{{variableName}}` placeholders. */
  body: string;
  /** Path for messages, e.g. "templates/clauses/clb-bereikbaarheid.md". */
  file: string;
  /** sha256 (hex) of the file's content: lets an agreement prove which text it used. */
  contentHash: string;
}

// ---------------------------------------------------------------------------
// Document types

/** The `max` of a party role without an upper limit. */
export const UNBOUNDED = "unbounded";

export const partyRoleSchema = z
  .object({
    id: roleId,
    label: dutchText,
    organisationKinds: z
      .array(z.enum(ORGANISATION_KINDS))
      .min(1, "moet minstens één soort organisatie noemen"),
    min: z.number().int().min(0),
    /** Always stated: a number, or "unbounded" for a role without an upper limit (see roleMax). */
    max: z.union([z.number().int().min(1), z.literal(UNBOUNDED)], {
      errorMap: () => ({ message: `een getal van minstens 1, of "${UNBOUNDED}"` }),
    }),
    signs: z.boolean(),
    signatoryFunctions: z.array(dutchText).default([]),
  })
  .strict();
export type PartyRole = z.infer<typeof partyRoleSchema>;

export const sectionSchema = z
  .object({
    id: kebabId,
    title: dutchText,
    required: z.boolean(),
    /** Optional one-line explanation for the drafter. */
    help: dutchText.optional(),
  })
  .strict();
export type Section = z.infer<typeof sectionSchema>;

export const periodSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("schooljaar"),
      defaultYears: z.literal(1).default(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal("meerdere-schooljaren"),
      defaultYears: z.number().int().min(2, "moet minstens 2 zijn"),
      maxYears: z.number().int().min(2).optional(),
    })
    .strict(),
]);
export type Period = z.infer<typeof periodSchema>;

export const documentTypeSchema = z
  .object({
    id: kebabId,
    version,
    label: dutchText,
    description: dutchText,
    period: periodSchema,
    parties: z.array(partyRoleSchema).min(1, "moet minstens één partij hebben"),
    sections: z.array(sectionSchema).min(1, "moet minstens één sectie hebben"),
    defaultClauses: z.array(kebabId).default([]),
    /**
     * The short set a new agreement starts from (at most LEAN_MAX_CLAUSES per level); the full set
     * (defaultClauses) stays one click away. Absent: a new agreement starts from defaultClauses.
     */
    leanClauses: z.array(kebabId).optional(),
    evaluationRhythm: z.enum(EVALUATION_RHYTHMS),
    /** e.g. "Afsprakennota {schoolYear} — {party:school} × {party:clb}"; also {period}. */
    titlePattern: dutchText,
  })
  .strict();
export type DocumentType = z.infer<typeof documentTypeSchema>;

// ---------------------------------------------------------------------------
// Glossary

export const glossaryEntrySchema = z
  .object({
    term: dutchText,
    aliases: z.array(dutchText).default([]),
    explanation: dutchText,
  })
  .strict();
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

export const glossarySchema = z.array(glossaryEntrySchema).min(1, "mag niet leeg zijn");

// ---------------------------------------------------------------------------
// The loaded library

export interface TemplateLibrary {
  /** Absolute path of the templates directory this library was loaded from. */
  dir: string;
  documentTypes: ReadonlyMap<string, DocumentType>;
  /** All clauses by id, sorted by id. */
  clauses: ReadonlyMap<string, ClauseTemplate>;
  glossary: readonly GlossaryEntry[];
  /** Current version of a clause, or undefined for an unknown id. */
  clauseVersion(clauseId: string): number | undefined;
  /** Clauses usable in a document type, ordered by the type's sections, then title. */
  clausesForDocumentType(documentTypeId: string): ClauseTemplate[];
  /**
   * The type's default clauses, in their configured order: the full set, or the short one
   * (`set: "kort"`, where the type has one); with a level, only the clauses that fit it.
   */
  defaultClausesFor(documentTypeId: string, options?: { set?: ClauseSet; level?: EducationLevel }): ClauseTemplate[];
}

/** Whether a clause fits a level of education (a clause without levels fits all). */
export function clauseFitsLevel(clause: Pick<ClauseTemplate, "levels">, level: EducationLevel | undefined): boolean {
  return level === undefined || clause.levels === undefined || clause.levels.includes(level);
}

/** The commitments of a clause that apply in one document type. */
export function commitmentsForDocumentType(
  clause: Pick<ClauseTemplate, "commitments">,
  documentTypeId: string,
): Commitment[] {
  return clause.commitments.filter(
    (c) => c.documentTypes === undefined || c.documentTypes.includes(documentTypeId),
  );
}
