// Sample values for every variable of a clause, in four sets, to read and test
// what the templates produce: "min" (the smallest allowed values; optional
// fields left empty), "one" (every count at 1 where allowed), "typical" (the
// defaults) and "max" (the largest values, long lists, the last option).
// Pure: used by `npm run templates:render` and the grammar tests.
import type { ClauseTemplate, VariableDef, VariableValue, VariableValues } from "./schema";

export const SAMPLE_SETS = ["min", "one", "typical", "max"] as const;
export type SampleSet = (typeof SAMPLE_SETS)[number];

const ORGANISATIONS: Record<string, string> = {
  school: "VBS De Wereldreiziger",
  clb: "Vrij CLB Reynaertland",
  brugfiguren: "Brugfiguren Sint-Niklaas",
  lokaal_bestuur: "Stad Sint-Niklaas",
  welzijnspartner: "CAW Oost-Vlaanderen",
};
const PEOPLE = ["An Peeters", "Bram Claes", "Chloë Maes", "Daan Janssens", "Els Wouters", "Fatima El Amrani"];
const LIST_ITEMS = [
  "het onthaal van nieuwe ouders",
  "het overleg met de zorgcoördinator",
  "de contacten met het OCMW",
  "de werking van de ouderraad",
  "de samenwerking met de buurtwerking",
  "de opvolging van afwezigheden",
];

function clamp(value: number, def: Extract<VariableDef, { type: "number" }>): number {
  return Math.min(def.max ?? Number.POSITIVE_INFINITY, Math.max(def.min ?? Number.NEGATIVE_INFINITY, value));
}

function numberFor(def: Extract<VariableDef, { type: "number" }>, set: SampleSet): number {
  switch (set) {
    case "min":
      return def.min ?? (def.integer ? 0 : 0.5);
    case "one":
      return clamp(1, def);
    case "typical":
      return def.default ?? clamp(3, def);
    case "max":
      return def.max ?? 250;
  }
}

function sampleFor(def: VariableDef, set: SampleSet): VariableValue | null {
  if (set === "min" && !def.required) return null;
  switch (def.type) {
    case "number":
      return numberFor(def, set);
    case "choice":
      return set === "max" ? def.options[def.options.length - 1]! : set === "typical" ? (def.default ?? def.options[0]!) : def.options[0]!;
    case "list": {
      const count = set === "max" ? LIST_ITEMS.length : set === "typical" ? 2 : 1;
      return set === "typical" && def.default?.length ? def.default : LIST_ITEMS.slice(0, count);
    }
    case "date":
      return set === "max" ? "2027-06-30" : set === "min" ? "2026-09-01" : (def.default ?? "2027-02-04");
    case "schoolYear":
      return def.default ?? "2026-2027";
    case "partyOrganisation":
      return ORGANISATIONS[def.partyRole] ?? `Organisatie (${def.partyRole})`;
    case "partyPerson":
      return PEOPLE[Math.abs(def.name.length) % PEOPLE.length]!;
    // Free text: its label between « », so a reader sees where a value stands.
    case "text":
      return def.default ?? `«${def.label}»`;
    case "longtext":
      return def.default ?? (set === "max" ? `«${def.label}».\nWe bekijken het opnieuw bij de evaluatie.` : `«${def.label}».`);
  }
}

/** Values for every variable of the clause in the given set. */
export function sampleValues(clause: Pick<ClauseTemplate, "variables">, set: SampleSet): VariableValues {
  const values: Record<string, VariableValue | null> = {};
  for (const def of clause.variables) values[def.name] = sampleFor(def, set);
  return values;
}

/** Every option of every choice variable in turn (other variables typical): one value set per option. */
export function everyChoice(clause: Pick<ClauseTemplate, "variables">): VariableValues[] {
  const typical = sampleValues(clause, "typical");
  return clause.variables.flatMap((def) =>
    def.type === "choice" ? def.options.map((option) => ({ ...typical, [def.name]: option })) : [],
  );
}
