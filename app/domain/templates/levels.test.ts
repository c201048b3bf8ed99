// The short nota and the variants per level of education (issue 15), and the clause library's
// summaries (issue 17), on the real templates.
import { describe, expect, it } from "vitest";
import { loadTemplateLibrary } from "./load-templates.server";
import { blockText, renderLibrary } from "./render-library";
import { SAMPLE_SETS } from "./sample-values";
import { EDUCATION_LEVELS, LEAN_MAX_CLAUSES } from "./schema";
import { clauseSummary } from "./summary";

const library = loadTemplateLibrary();
const nota = library.documentTypes.get("afsprakennota")!;

describe("the short afsprakennota", () => {
  it.each(EDUCATION_LEVELS)("has at most 15 clauses for %s, covering every required section", (level) => {
    const short = library.defaultClausesFor("afsprakennota", { set: "kort", level });
    expect(short.length).toBeLessThanOrEqual(LEAN_MAX_CLAUSES);
    const sections = new Set(short.map((c) => c.section));
    for (const s of nota.sections.filter((s) => s.required)) expect(sections, s.id).toContain(s.id);
    // What the decree and the networks ask first: reachability, room, who does what, which questions.
    for (const id of ["clb-bereikbaarheid", "clb-lokaal", "wie-zet-welke-stappen", "clb-vragen-wel-en-niet"]) expect(short.map((c) => c.id)).toContain(id);
    expect(short.length).toBeLessThan(library.defaultClausesFor("afsprakennota", { level }).length);
  });
});

describe("variants per level of education", () => {
  it.each(SAMPLE_SETS)("secundair: no boekentas or kleuter anywhere in the clauses that fit it (%s values)", (set) => {
    for (const block of renderLibrary(library, set, { level: "secundair" })) {
      const note = library.clauses.get(block.clauseId)!.note;
      expect(`${blockText(block)}\n${note}`, block.clauseId).not.toMatch(/boekentas|kleuter/i);
    }
  });

  it("secundair has exam periods and its own onderwijsloopbaan, in the short and the full nota; basis has neither", () => {
    for (const set of ["kort", "volledig"] as const) {
      const secundair = library.defaultClausesFor("afsprakennota", { set, level: "secundair" }).map((c) => c.id);
      expect(secundair).toEqual(expect.arrayContaining(["examenperiodes-en-klassenraden", "domein-onderwijsloopbaan-secundair"]));
      const basis = library.defaultClausesFor("afsprakennota", { set, level: "basis" }).map((c) => c.id);
      expect(basis).toContain("domein-onderwijsloopbaan");
      expect(basis).not.toContain("examenperiodes-en-klassenraden");
      expect(basis).not.toContain("domein-onderwijsloopbaan-secundair");
      expect(library.defaultClausesFor("afsprakennota", { set, level: "buitengewoon" }).map((c) => c.id)).toContain("buitengewoon-overleg-met-pbd");
    }
  });

  it("without a level every default clause comes along (other callers keep the full set)", () => {
    expect(library.defaultClausesFor("afsprakennota").map((c) => c.id)).toEqual(nota.defaultClauses);
  });
});

describe("clause summaries for the library", () => {
  it("never show a {{placeholder}}, whatever the draft has filled in", () => {
    for (const clause of library.clauses.values()) {
      expect(clauseSummary(clause), clause.id).not.toMatch(/\{\{|\}\}/);
      const nothing = Object.fromEntries(clause.variables.map((v) => [v.name, null]));
      expect(clauseSummary(clause, nothing), clause.id).not.toMatch(/\{\{|\}\}/);
    }
  });

  it("use the draft's values, '…' where a required value is missing, and stay short", () => {
    const clause = library.clauses.get("clb-bereikbaarheid")!;
    const empty = clauseSummary(clause);
    expect(empty).toContain("telefoon: …");
    expect(empty).not.toContain("nog in te vullen");
    expect(empty).toContain("binnen twee werkdagen");
    expect(clauseSummary(clause, { clbTelefoon: "03 123 45 67", antwoordTermijn: 1 })).toContain("telefoon: 03 123 45 67");
    expect(clauseSummary(clause, { antwoordTermijn: 1 })).toContain("binnen één werkdag");
    for (const c of library.clauses.values()) expect(clauseSummary(c).length, c.id).toBeLessThanOrEqual(281);
    expect(clauseSummary(clause, {}, 60)).toMatch(/^.{1,60}…$/);
  });
});
