import { describe, expect, it } from "vitest";
import type { VariableDef } from "~/domain/templates/schema";
import { inlineLines } from "./inline-values";

const defs = [
  { name: "contactPersoon", label: "Contactpersoon", type: "text", required: true },
  { name: "startDatum", label: "Startdatum", type: "date", required: true },
] as VariableDef[];

describe("inlineLines: a clause body as a fill-in text", () => {
  it("puts an input at a value's first place, its value (as the text shows it) at later places, lists as items", () => {
    const body = "Wij spreken af met {{contactPersoon}} vanaf {{startDatum}}.\n\n- Vraag {{contactPersoon}} om raad\n- Een gewone lijn";
    const lines = inlineLines(body, { contactPersoon: "An", startDatum: "2027-01-11" }, defs);
    expect(lines).toEqual([
      {
        bullet: false,
        parts: [
          { kind: "text", text: "Wij spreken af met " },
          { kind: "input", name: "contactPersoon" },
          { kind: "text", text: " vanaf " },
          { kind: "input", name: "startDatum" },
          { kind: "text", text: "." },
        ],
      },
      { bullet: true, parts: [{ kind: "text", text: "Vraag " }, { kind: "value", name: "contactPersoon", text: "An" }, { kind: "text", text: " om raad" }] },
      { bullet: true, parts: [{ kind: "text", text: "Een gewone lijn" }] },
    ]);
  });

  it("a later place of a value not filled in yet says what is missing, by label", () => {
    const lines = inlineLines("{{contactPersoon}} en nog eens {{contactPersoon}}", {}, defs);
    expect(lines[0]!.parts.at(-1)).toEqual({ kind: "value", name: "contactPersoon", text: "[nog in te vullen: Contactpersoon]" });
  });
});
