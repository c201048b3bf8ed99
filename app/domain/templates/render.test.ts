import { describe, expect, it } from "vitest";
import { loadTemplateLibrary } from "./load-templates.server";
import {
  describePeriod,
  formatDateNlBe,
  glossaryTermsIn,
  joinDutch,
  renderClause,
  renderClauseText,
  renderDocumentTitle,
} from "./render";
import { commitmentsForDocumentType, variableDefSchema, type VariableDef, type VariableValues } from "./schema";
import { validateVariableValue } from "./variables";

function defs(...inputs: Record<string, unknown>[]): VariableDef[] {
  return inputs.map((i) => variableDefSchema.parse(i));
}

describe("renderClauseText", () => {
  const variables = defs(
    { name: "datum", label: "Startdatum", type: "date" },
    { name: "items", label: "Taken", type: "list" },
    { name: "aantal", label: "Aantal", type: "number", unit: { one: "week", other: "weken" } },
    { name: "bedrag", label: "Bedrag", type: "number", integer: false },
    { name: "uitleg", label: "Uitleg", type: "longtext" },
    { name: "extra", label: "Extra", type: "text", required: false },
  );

  it("formats dates as d/m/yyyy and numbers nl-BE with their unit in the right form", () => {
    const r = renderClauseText("Start op {{datum}}, binnen {{aantal}}; {{bedrag}} euro.", {
      datum: "2026-09-01",
      aantal: 4,
      bedrag: 1250.5,
    }, { variables });
    expect(r.text).toBe("Start op 1 september 2026, binnen vier weken; 1.250,5 euro.");
    expect(r.missing).toEqual([]);
    expect(renderClauseText("binnen {{aantal}}", { aantal: 1 }, { variables }).text).toBe("binnen één week");
    expect(renderClauseText("binnen {{aantal}}", { aantal: 14 }, { variables }).text).toBe("binnen 14 weken");
  });

  it("refuses a unit without its singular when the value can be 1", () => {
    const unitOnly = { name: "n", label: "Aantal", type: "number", unit: "weken" };
    expect(variableDefSchema.safeParse({ ...unitOnly, min: 1 }).success).toBe(false);
    expect(variableDefSchema.safeParse(unitOnly).success).toBe(false);
    expect(variableDefSchema.safeParse({ ...unitOnly, min: 2 }).success).toBe(true);
  });

  it("renders a list inline as 'a, b en c' and as bullets when alone on a line", () => {
    const values = { items: ["lezen", "rekenen", "spelen"] };
    expect(renderClauseText("Taken: {{items}}.", values, { variables }).text).toBe("Taken: lezen, rekenen en spelen.");
    expect(renderClauseText("Taken:\n\n  {{ items }}\n\nEinde.", values, { variables }).text).toBe(
      "Taken:\n\n  - lezen\n  - rekenen\n  - spelen\n\nEinde.",
    );
    expect(joinDutch(["a"])).toBe("a");
    expect(joinDutch(["a", "b"])).toBe("a en b");
    expect(joinDutch([])).toBe("");
  });

  it("keeps multi-line text on its own line and flattens it inside a sentence", () => {
    const values = { uitleg: "Regel een.\nRegel twee." };
    expect(renderClauseText("{{uitleg}}", values, { variables }).text).toBe("Regel een.\nRegel twee.");
    expect(renderClauseText("Dus: {{uitleg}}", values, { variables }).text).toBe("Dus: Regel een. Regel twee.");
  });

  it("marks missing required values with their label and lists them once", () => {
    const r = renderClauseText("Vanaf {{datum}} tot {{datum}}: {{items}} ({{onbekend}})", { items: [] }, { variables });
    expect(r.text).toBe(
      "Vanaf [nog in te vullen: Startdatum] tot [nog in te vullen: Startdatum]: [nog in te vullen: Taken] ([nog in te vullen: onbekend])",
    );
    expect(r.missing).toEqual(["datum", "items", "onbekend"]);
  });

  it("drops the line of an empty optional value: a sentence without its value makes no sense", () => {
    // (Before issue 15 the inline case left "Laatste ." behind.)
    const r = renderClauseText("Eerste.\n{{extra}}\nLaatste {{extra}}.\nSlot.", { extra: null }, { variables });
    expect(r.text).toBe("Eerste.\nSlot.");
    expect(r.missing).toEqual([]);
  });

  it("drops the lead-in of an empty optional list, and keeps it when the list has items", () => {
    const body = "Wij houden u op de hoogte via:\n\n{{extra}}\n\nBegrijpt u iets niet? Vraag het ons.";
    expect(renderClauseText(body, { extra: null }, { variables }).text).toBe("Begrijpt u iets niet? Vraag het ons.");
    expect(renderClauseText(body, { extra: "de app" }, { variables }).text).toBe(
      "Wij houden u op de hoogte via:\n\nde app\n\nBegrijpt u iets niet? Vraag het ons.",
    );
  });

  it("uses custom formatters and never produces HTML", () => {
    const r = renderClauseText("{{datum}} <b>", { datum: "2026-09-01" }, {
      variables,
      formatters: { date: (iso) => `datum ${iso}` },
    });
    expect(r.text).toBe("datum 2026-09-01 <b>");
  });
});

describe("document titles", () => {
  const library = loadTemplateLibrary();
  it("fills the afsprakennota title pattern", () => {
    const dt = library.documentTypes.get("afsprakennota");
    expect(dt).toBeDefined();
    if (!dt) return;
    expect(
      renderDocumentTitle(dt, { schoolYear: "2026-2027", parties: { school: ["GO! Basisschool De Brug"], clb: ["CLB Gent"] } }),
    ).toBe("Afsprakennota 2026-2027 — GO! Basisschool De Brug × CLB Gent");
    expect(renderDocumentTitle(dt, {})).toBe(
      "Afsprakennota [nog in te vullen: schooljaar] — [nog in te vullen: School] × [nog in te vullen: CLB]",
    );
  });
  it("describes multi-year periods", () => {
    expect(describePeriod("2026-2027", 3)).toBe("2026-2027 t/m 2028-2029");
    expect(describePeriod("2026-2027", 1)).toBe("2026-2027");
    const dt = library.documentTypes.get("engagementsverklaring-brugfiguren");
    if (!dt) throw new Error("missing type");
    expect(renderDocumentTitle(dt, { schoolYear: "2026-2027", parties: { school: ["A"], brugfiguren: ["B"] } })).toBe(
      "Engagementsverklaring brugfiguren 2026-2027 t/m 2028-2029 — A × B",
    );
  });
});

/** A raw (form) value that is valid for the definition. */
function sampleRaw(def: VariableDef): string {
  switch (def.type) {
    case "text":
      return "Voorbeeldtekst";
    case "longtext":
      return "Eerste regel van de voorbeeldtekst.\nTweede regel.";
    case "date":
      return "01/09/2026";
    case "schoolYear":
      return "2026-2027";
    case "number":
      return String(def.min ?? 1);
    case "choice":
      return def.options[0] ?? "";
    case "partyOrganisation":
      return "Voorbeeldorganisatie";
    case "partyPerson":
      return "Voorbeeldpersoon";
    case "list":
      return "eerste punt\ntweede punt\nderde punt";
  }
}

describe("every clause of the real library renders", () => {
  const library = loadTemplateLibrary();

  for (const clause of library.clauses.values()) {
    it(`${clause.id} renders with sample values and no missing values`, () => {
      const values: Record<string, VariableValues[string]> = {};
      for (const def of clause.variables) {
        const result = validateVariableValue(def, sampleRaw(def));
        expect(result, `${clause.id}.${def.name}`).toMatchObject({ ok: true });
        if (result.ok) values[def.name] = result.value;
      }
      for (const documentTypeId of clause.documentTypes) {
        const rendered = renderClause(clause, values, { documentTypeId });
        expect(rendered.missing).toEqual([]);
        expect(rendered.text).not.toMatch(/\{\{|\}\}|nog in te vullen/);
        expect(rendered.text.length).toBeGreaterThan(40);
        expect(rendered.commitments).toHaveLength(commitmentsForDocumentType(clause, documentTypeId).length);
        for (const c of rendered.commitments) {
          expect(`${c.text} ${c.evaluation} ${c.dueHint ?? ""}`).not.toMatch(/\{\{|\}\}|nog in te vullen/);
        }
      }
    });
  }

  it("lists exactly the required variables as missing when no values are given", () => {
    for (const clause of library.clauses.values()) {
      const rendered = renderClause(clause, {});
      const required = clause.variables.filter((v) => v.required).map((v) => v.name);
      expect(new Set(rendered.missing)).toEqual(new Set(required));
    }
  });

  it("keeps sentences short (plain language)", () => {
    const tooLong: string[] = [];
    for (const clause of library.clauses.values()) {
      const limit = clause.documentTypes.includes("engagementsverklaring-ouders") ? 22 : 28;
      const texts = [clause.body, ...clause.commitments.map((c) => c.text)];
      for (const text of texts) {
        for (const sentence of text.replace(/\n+/g, " ").split(/(?<=[.?!:;])\s+/)) {
          const words = sentence.split(/\s+/).filter(Boolean).length;
          if (words > limit) tooLong.push(`${clause.id}: (${words} woorden) ${sentence}`);
        }
      }
    }
    expect(tooLong).toEqual([]);
  });

  it("links glossary terms found in a text", () => {
    const found = glossaryTermsIn("De ankerfiguur van het CLB komt naar het MDO.", library.glossary).map((g) => g.term);
    expect(found).toEqual(expect.arrayContaining(["CLB", "ankerfiguur", "MDO"]));
    expect(glossaryTermsIn("Geen vaktermen hier.", library.glossary)).toEqual([]);
  });
});

describe("formatDateNlBe", () => {
  it("writes dates out, as documents for parents need: 11 januari 2027", () => {
    expect(formatDateNlBe("2027-01-11")).toBe("11 januari 2027");
    expect(formatDateNlBe("2026-12-01")).toBe("1 december 2026");
    expect(formatDateNlBe("2026-13-01")).toBe("2026-13-01");
    expect(formatDateNlBe("morgen")).toBe("morgen");
  });
});
