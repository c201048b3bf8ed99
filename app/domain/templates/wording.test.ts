// The clause library speaks one language: the reader is "u" (or "we" for the partners), a
// commitment is an "afspraak", and the wording fixes of issue 15 stay fixed.
import { describe, expect, it } from "vitest";
import { loadTemplateLibrary } from "./load-templates.server";
import { blockText, renderLibrary } from "./render-library";

const library = loadTemplateLibrary();
const blocks = renderLibrary(library, "typical");
const textOf = (documentTypeId: string, clauseId: string) =>
  blockText(blocks.find((b) => b.documentTypeId === documentTypeId && b.clauseId === clauseId)!);

describe("the words of the clause library", () => {
  it("never says je, jij or jouw in a document: the reader is u", () => {
    for (const block of blocks) expect(blockText(block), block.clauseId).not.toMatch(/\b(je|jij|jou|jouw)\b/i);
  });

  it("calls a commitment an afspraak, not an engagement (the engagementsverklaring keeps its name)", () => {
    for (const block of blocks) {
      // (The heading line names the clause id, e.g. engagement-meerdere-schooljaren.)
      const text = blockText(block).split("\n").slice(1).join("\n").replace(/engagementsverklaring\w*/gi, "");
      expect(text, block.clauseId).not.toMatch(/\bengagement(en)?\b/i);
    }
  });

  it("writes bekend, not gekend", () => {
    for (const block of blocks) expect(blockText(block), block.clauseId).not.toMatch(/\bgekend\b/);
  });

  it("tells parents that they sign the schoolreglement voor akkoord and are asked again after a change", () => {
    const text = textOf("engagementsverklaring-ouders", "ouders-geldigheid");
    expect(text).not.toMatch(/niet te ondertekenen/);
    expect(text).toMatch(/schoolreglement voor akkoord/);
    expect(text).toMatch(/opnieuw om akkoord/);
  });

  it("puts the brugfiguur in the school's organogram among the partners outside the team, in both clauses", () => {
    const type = "engagementsverklaring-brugfiguren";
    for (const id of ["brugfiguur-zichtbaar", "brugfiguur-neutrale-positie"]) {
      const text = textOf(type, id);
      expect(text, id).toMatch(/organogram van de school(, | staat de brugfiguur daarom )bij de partners buiten het schoolteam/);
      expect(text, id).not.toMatch(/organogram van het schoolteam/);
    }
  });

  it("says plainly what the brugfiguur is not asked to do, without a double reading", () => {
    const text = textOf("engagementsverklaring-brugfiguren", "geen-schoolse-taken");
    expect(text).not.toMatch(/vraagt de brugfiguur geen/);
    expect(text).toMatch(/geeft de brugfiguur (daarom )?geen schoolse taken/);
  });

  it("does not tell parents they need not be ashamed", () => {
    expect(textOf("engagementsverklaring-ouders", "ouders-drempels-verlagen")).not.toMatch(/schamen/);
  });

  it("keeps number agreement in the beroepsgeheim clause", () => {
    expect(textOf("afsprakennota", "beroepsgeheim-afspraken")).not.toMatch(/Personeel van de school heeft ambtsgeheim\. Ze /);
  });

  it("says how far a question is, not where the worker stands", () => {
    expect(textOf("afsprakennota", "stavaza-terugkoppeling")).toMatch(/hoe ver de vraag staat/);
  });
});
