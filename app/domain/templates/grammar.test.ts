// What the clause library produces must read as correct Dutch at its edges:
// every clause of every document type, rendered with the smallest, one, typical
// and largest values (and every option of every choice), is checked for counts
// that disagree with their noun, doubled words and loose punctuation.
import { describe, expect, it } from "vitest";
import { countOf } from "~/domain/language/count";
import { loadTemplateLibrary } from "./load-templates.server";
import { blockText, renderLibrary, type RenderedBlock } from "./render-library";
import { everyChoice, SAMPLE_SETS } from "./sample-values";
import type { ClauseTemplate } from "./schema";

const library = loadTemplateLibrary();
const clauses = [...library.clauses.values()];

/** Unit forms used in the library whose singular and plural differ, plus nouns that templates write after a number. */
function nounForms(): { one: Set<string>; other: Set<string> } {
  // ("keer", "uur" and "jaar" stay singular after a number in Dutch: "drie keer", "twee uur".)
  const one = new Set<string>(["school", "leerling", "dag", "week", "maand", "brugfiguur", "partner"]);
  const other = new Set<string>(["scholen", "leerlingen", "dagen", "weken", "maanden", "brugfiguren", "partners"]);
  for (const clause of clauses) {
    for (const def of clause.variables) {
      if (def.type !== "number" || def.unit === undefined || typeof def.unit === "string") continue;
      if (def.unit.one === def.unit.other) continue;
      one.add(def.unit.one.split(" ").at(-1)!);
      other.add(def.unit.other.split(" ").at(-1)!);
    }
  }
  for (const word of one) other.delete(word);
  return { one, other };
}
const NOUNS = nounForms();
const MANY = "(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\\d*[02-9]|\\d+[0-9]\\d*)";

/** Problems in a text: each as a short description with the words around it. */
export function grammarProblems(text: string): string[] {
  const problems: string[] = [];
  const around = (index: number) => JSON.stringify(text.slice(Math.max(0, index - 30), index + 40));
  for (const m of text.matchAll(/(?<![\p{L}\d,.])(één|1) (?:halve )?(\p{L}+)/giu)) {
    if (NOUNS.other.has(m[2]!.toLowerCase())) problems.push(`"${m[0]}": enkelvoud na 1 — ${around(m.index!)}`);
  }
  for (const m of text.matchAll(new RegExp(`(?<![\\p{L}\\d,.])${MANY} (?:halve )?(\\p{L}+)`, "giu"))) {
    if (NOUNS.one.has(m[1]!.toLowerCase()) && !NOUNS.other.has(m[1]!.toLowerCase())) {
      problems.push(`"${m[0]}": meervoud na ${m[0].split(" ")[0]} — ${around(m.index!)}`);
    }
  }
  for (const m of text.matchAll(/(?<!\p{L})(\p{L}+)[^\S\n]+\1(?!\p{L})/giu)) {
    problems.push(`"${m[0]}": woord twee keer — ${around(m.index!)}`);
  }
  for (const m of text.matchAll(/[^\S\n]{2,}(?=\S)|(?<=\S)[^\S\n]+[.,;:!?)]|\(\s*\)/gu)) {
    if (/^\s*$/.test(text.slice(text.lastIndexOf("\n", m.index!) + 1, m.index!))) continue; // indentation
    problems.push(`losse spatie of leesteken — ${around(m.index!)}`);
  }
  return problems;
}

function problemsIn(blocks: RenderedBlock[]): string[] {
  return blocks.flatMap((block) => grammarProblems(blockText(block)).map((p) => `${block.documentTypeId}/${block.clauseId}: ${p}`));
}

describe("the checks themselves", () => {
  it("catch the mistakes they are for and let correct text through", () => {
    expect(grammarProblems("gedurende 1 schooljaren")).toHaveLength(1);
    expect(grammarProblems("een opzegtermijn van één maanden")).toHaveLength(1);
    expect(grammarProblems("binnen drie week")).toHaveLength(1);
    expect(grammarProblems("organiseert het het overleg")).toHaveLength(1);
    expect(grammarProblems("Dit is klaar .")).toHaveLength(1);
    expect(grammarProblems("Twee  spaties")).toHaveLength(1);
    expect(grammarProblems("gedurende één schooljaar, drie schooljaren, 12 werkdagen, 1,5 uur per week")).toEqual([]);
    expect(grammarProblems(`binnen ${countOf(1, { one: "week", other: "weken" })}`)).toEqual([]);
  });
});

describe.each(SAMPLE_SETS)("every clause of every document type with %s values", (set) => {
  const blocks = renderLibrary(library, set);

  it("renders every clause of every type", () => {
    const expected = [...library.documentTypes.keys()].reduce((n, id) => n + library.clausesForDocumentType(id).length, 0);
    expect(blocks).toHaveLength(expected);
    expect(new Set(blocks.map((b) => b.documentTypeId))).toEqual(new Set(library.documentTypes.keys()));
  });

  it("fills every placeholder", () => {
    const left = blocks.filter((b) => b.rendered.missing.length > 0 || /\{\{|\[nog in te vullen/.test(blockText(b)));
    expect(left.map((b) => `${b.documentTypeId}/${b.clauseId}: ${b.rendered.missing.join(", ")}`)).toEqual([]);
  });

  it("has counts that agree with their noun, no doubled words and no loose punctuation", () => {
    expect(problemsIn(blocks)).toEqual([]);
  });
});

describe("every option of every choice", () => {
  it("fits the sentence it is inserted into", () => {
    const blocks = clauses.flatMap((clause: ClauseTemplate) =>
      clause.documentTypes.flatMap((documentTypeId) =>
        everyChoice(clause).flatMap((values) =>
          renderLibrary(library, "typical", { documentTypeId, values: (id) => (id === clause.id ? values : undefined) }).filter(
            (b) => b.clauseId === clause.id,
          ),
        ),
      ),
    );
    expect(blocks.length).toBeGreaterThan(0);
    expect(problemsIn(blocks)).toEqual([]);
  });
});
