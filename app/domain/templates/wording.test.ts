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

describe("variables that are naturally optional or come from elsewhere", () => {
  const empty = renderLibrary(library, "min");
  const minText = (documentTypeId: string, clauseId: string) =>
    blockText(empty.find((b) => b.documentTypeId === documentTypeId && b.clauseId === clauseId)!);

  it("may be left empty, and then leave no lead-in or half sentence behind", () => {
    const optional = [
      ["engagementsverklaring-ouders", "ouders-heldere-communicatie", "kanalen", /op de hoogte via:/],
      ["engagementsverklaring-ouders", "ouders-nederlands-ondersteuning", "aanbodVoorOuders", /Wilt u zelf Nederlands leren/],
      ["engagementsverklaring-brugfiguren", "brugfiguur-zichtbaar", "kanalen", /ook voor via:/],
      ["engagementsverklaring-brugfiguren", "rollen-brugfiguur", "accentRol", /accent op de rol/],
      ["afsprakennota", "domein-leren-en-studeren", "accentLeren", /extra in op:/],
      ["afsprakennota", "domein-psychisch-en-sociaal-functioneren", "accentWelbevinden", /extra in op:/],
    ] as const;
    for (const [type, clauseId, variable, leadIn] of optional) {
      const def = library.clauses.get(clauseId)!.variables.find((v) => v.name === variable)!;
      expect(def.required, `${clauseId}.${variable}`).toBe(false);
      const text = minText(type, clauseId);
      expect(text, clauseId).not.toMatch(leadIn);
      expect(text, clauseId).not.toMatch(/nog in te vullen/);
    }
  });

  it("never asks for a budget of 0 euro", () => {
    for (const clause of library.clauses.values()) {
      for (const v of clause.variables) {
        if (v.type !== "number" || v.unit === undefined) continue;
        const unit = typeof v.unit === "string" ? v.unit : v.unit.other;
        if (/euro/.test(unit)) expect(v.min ?? 0, `${clause.id}.${v.name}`).toBeGreaterThan(0);
      }
    }
  });

  it("takes the period from the agreement instead of asking for it again", () => {
    for (const id of ["engagement-meerdere-schooljaren", "looptijd-samenwerking"]) {
      const vars = library.clauses.get(id)!.variables;
      expect(vars.find((v) => v.name === "startSchooljaar"), id).toMatchObject({ fromAgreement: "firstSchoolYear" });
      expect(vars.find((v) => v.name === "aantalSchooljaren"), id).toMatchObject({ fromAgreement: "yearCount" });
    }
    expect(library.clauses.get("afbouw-en-overdracht")!.variables.find((v) => v.name === "afbouwVanaf")).toMatchObject({
      fromAgreement: "lastSchoolYear",
    });
  });
});
