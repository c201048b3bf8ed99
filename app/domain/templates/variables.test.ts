import { describe, expect, it } from "vitest";
import { loadTemplateLibrary } from "./load-templates.server";
import { variableDefSchema, type VariableDef } from "./schema";
import {
  agreementValues,
  defaultValues,
  MESSAGES,
  parseDutchDate,
  revalidateStoredValues,
  validateVariableValue,
  validateVariableValues,
  variableValueToRaw,
} from "./variables";

function def(input: Record<string, unknown>): VariableDef {
  return variableDefSchema.parse({ name: "veld", label: "Veld", ...input });
}

function ok(d: VariableDef, raw: string) {
  const r = validateVariableValue(d, raw);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(raw)}, got: ${r.message}`);
  return r.value;
}

function err(d: VariableDef, raw: string | null | undefined) {
  const r = validateVariableValue(d, raw);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(raw)}, got ${JSON.stringify(r.value)}`);
  return r.message;
}

describe("text", () => {
  const d = def({ type: "text" });
  it("trims and collapses whitespace", () => {
    expect(ok(d, "  Het   lokaal \n naast het secretariaat ")).toBe("Het lokaal naast het secretariaat");
  });
  it("rejects empty required input and overly long text", () => {
    expect(err(d, "   ")).toBe(MESSAGES.required);
    expect(err(d, null)).toBe(MESSAGES.required);
    expect(err(d, "x".repeat(501))).toBe("Gebruik hoogstens 500 tekens.");
    expect(ok(d, "x".repeat(500))).toHaveLength(500);
  });
  it("gives null for an empty optional field", () => {
    expect(ok(def({ type: "text", required: false }), "")).toBeNull();
  });
});

describe("longtext", () => {
  const d = def({ type: "longtext" });
  it("keeps line breaks and normalises CRLF", () => {
    expect(ok(d, " Eerste regel.\r\nTweede regel. ")).toBe("Eerste regel.\nTweede regel.");
  });
  it("rejects more than 5000 characters", () => {
    expect(err(d, "a".repeat(5001))).toBe("Gebruik hoogstens 5000 tekens.");
    expect(ok(d, "a".repeat(5000))).toHaveLength(5000);
  });
});

describe("date", () => {
  const d = def({ type: "date" });
  it("accepts dd/mm/jjjj, d/m/jjjj, dd-mm-jjjj and ISO", () => {
    expect(ok(d, "01/09/2026")).toBe("2026-09-01");
    expect(ok(d, "1/9/2026")).toBe("2026-09-01");
    expect(ok(d, "15-06-2027")).toBe("2027-06-15");
    expect(ok(d, "2026-09-01")).toBe("2026-09-01");
    expect(ok(d, "29/02/2028")).toBe("2028-02-29");
  });
  it("rejects impossible or malformed dates", () => {
    for (const bad of ["31/02/2026", "29/02/2027", "2026-13-01", "1 september 2026", "09/2026", "abc", "00/01/2026"]) {
      expect(err(d, bad)).toBe("Vul een geldige datum in (dd/mm/jjjj of jjjj-mm-dd).");
    }
    expect(err(d, "")).toBe(MESSAGES.date);
  });
  it("parseDutchDate returns null for nonsense", () => {
    expect(parseDutchDate("32/01/2026")).toBeNull();
  });
});

describe("schoolYear", () => {
  const d = def({ type: "schoolYear" });
  it("accepts consecutive years in several notations", () => {
    expect(ok(d, "2026-2027")).toBe("2026-2027");
    expect(ok(d, "2026 – 2027")).toBe("2026-2027");
    expect(ok(d, "2026/2027")).toBe("2026-2027");
  });
  it("rejects non-consecutive years and other formats", () => {
    expect(err(d, "2026-2028")).toBe(MESSAGES.schoolYearConsecutive);
    expect(err(d, "2027-2026")).toBe(MESSAGES.schoolYearConsecutive);
    expect(err(d, "26-27")).toBe(MESSAGES.schoolYearFormat);
    expect(err(d, "2026")).toBe(MESSAGES.schoolYearFormat);
  });
});

describe("number", () => {
  const d = def({ type: "number", min: 1, max: 10 });
  it("accepts whole numbers in range", () => {
    expect(ok(d, "1")).toBe(1);
    expect(ok(d, " 10 ")).toBe(10);
  });
  it("rejects out-of-range and non-numbers with the range message", () => {
    expect(err(d, "0")).toBe("Vul een getal in tussen 1 en 10.");
    expect(err(d, "11")).toBe("Vul een getal in tussen 1 en 10.");
    expect(err(d, "drie")).toBe("Vul een getal in tussen 1 en 10.");
    expect(err(d, "")).toBe("Vul een getal in tussen 1 en 10.");
  });
  it("rejects decimals unless integer is false", () => {
    expect(err(d, "2,5")).toBe(MESSAGES.integer);
    const hours = def({ type: "number", min: 0, integer: false });
    expect(ok(hours, "2,5")).toBe(2.5);
    expect(ok(hours, "2.5")).toBe(2.5);
    expect(ok(hours, "1 500")).toBe(1500);
    expect(err(hours, "-1")).toBe("Vul een getal in van minstens 0.");
  });
  it("without bounds asks for a number", () => {
    expect(err(def({ type: "number" }), "x")).toBe(MESSAGES.number);
  });
});

describe("choice", () => {
  const d = def({ type: "choice", options: ["elke week", "elke maand"] });
  it("accepts an option (case-insensitively) and returns the canonical spelling", () => {
    expect(ok(d, "elke maand")).toBe("elke maand");
    expect(ok(d, " Elke Week ")).toBe("elke week");
  });
  it("rejects anything else", () => {
    expect(err(d, "elk jaar")).toBe("Kies een van de mogelijke waarden.");
    expect(err(d, "")).toBe("Kies een van de mogelijke waarden.");
  });
});

describe("partyOrganisation and partyPerson", () => {
  const org = def({ type: "partyOrganisation", partyRole: "school" });
  const person = def({ type: "partyPerson", partyRole: "clb" });
  it("accept a non-empty id or name", () => {
    expect(ok(org, " org_123 ")).toBe("org_123");
    expect(ok(person, "de zorgcoördinator")).toBe("de zorgcoördinator");
  });
  it("reject empty values with their own message", () => {
    expect(err(org, "")).toBe(MESSAGES.organisation);
    expect(err(person, "  ")).toBe(MESSAGES.person);
    expect(err(org, "x".repeat(201))).toBe(MESSAGES.partyTooLong);
  });
});

describe("list", () => {
  const d = def({ type: "list" });
  it("splits lines, drops bullets and empty lines", () => {
    expect(ok(d, "- eerste\n\n* tweede\r\n• derde\n1. vierde\n  vijfde  ")).toEqual([
      "eerste",
      "tweede",
      "derde",
      "vierde",
      "vijfde",
    ]);
  });
  it("needs at least one item", () => {
    expect(err(d, "\n  \n-")).toBe("Vul minstens één item in (één per regel).");
    expect(err(d, "")).toBe(MESSAGES.list);
  });
  it("limits item length and count", () => {
    expect(err(d, "x".repeat(501))).toBe(MESSAGES.listItemTooLong);
    expect(err(d, Array.from({ length: 51 }, (_, i) => `item ${i}`).join("\n"))).toBe(MESSAGES.listTooLong);
  });
});

describe("helpers", () => {
  const defs = [
    def({ name: "datum", type: "date" }),
    def({ name: "aantal", type: "number", min: 1, max: 5, default: 3 }),
    def({ name: "lijst", type: "list", default: ["a", "b"] }),
  ];
  it("validateVariableValues collects values and errors per field", () => {
    const r = validateVariableValues(defs, { datum: "31/02/2026", aantal: "2", lijst: "x" });
    expect(r.ok).toBe(false);
    expect(r.values).toEqual({ aantal: 2, lijst: ["x"] });
    if (!r.ok) expect(r.errors).toEqual({ datum: MESSAGES.date });
  });
  it("round-trips typed values through the form representation", () => {
    const [date, num, list] = defs as [VariableDef, VariableDef, VariableDef];
    expect(variableValueToRaw(date, "2026-09-01")).toBe("01/09/2026");
    expect(ok(date, variableValueToRaw(date, "2026-09-01"))).toBe("2026-09-01");
    expect(variableValueToRaw(num, 2.5)).toBe("2,5");
    expect(variableValueToRaw(list, ["a", "b"])).toBe("a\nb");
    expect(variableValueToRaw(list, null)).toBe("");
  });
  it("defaultValues gives the validated defaults", () => {
    expect(defaultValues(defs)).toEqual({ aantal: 3, lijst: ["a", "b"] });
  });
  it("revalidateStoredValues drops values that no longer fit", () => {
    const stored = { datum: "2026-09-01", aantal: 9, lijst: ["a"], onbekend: "x" };
    expect(revalidateStoredValues(defs, stored)).toEqual({ datum: "2026-09-01", lijst: ["a"] });
    expect(revalidateStoredValues(defs, "nonsense")).toEqual({});
  });
});

describe("agreementValues", () => {
  const defs = [
    { name: "start", label: "Start", required: true, type: "schoolYear", fromAgreement: "firstSchoolYear" },
    { name: "afbouw", label: "Afbouw", required: true, type: "schoolYear", fromAgreement: "lastSchoolYear" },
    { name: "jaren", label: "Jaren", required: true, type: "number", integer: true, min: 1, max: 6, fromAgreement: "yearCount" },
    { name: "los", label: "Los", required: true, type: "schoolYear" },
  ] as VariableDef[];

  it("takes the first and last school year and the number of years from the agreement", () => {
    expect(agreementValues(defs, { schoolYear: "2026-2027", yearCount: 3 })).toEqual({ start: "2026-2027", afbouw: "2028-2029", jaren: 3 });
    expect(agreementValues(defs, { schoolYear: "2026-2027", yearCount: 1 })).toEqual({ start: "2026-2027", afbouw: "2026-2027", jaren: 1 });
  });

  it("leaves out a value the variable itself would refuse", () => {
    expect(agreementValues(defs, { schoolYear: "2026-2027", yearCount: 9 })).toEqual({ start: "2026-2027", afbouw: "2034-2035" });
  });

  it("lets the brugfiguren afbouw start in the last school year of the verklaring, not the first", () => {
    const clause = loadTemplateLibrary().clauses.get("afbouw-en-overdracht")!;
    expect(agreementValues(clause.variables, { schoolYear: "2026-2027", yearCount: 3 })).toEqual({ afbouwVanaf: "2028-2029" });
  });
});
