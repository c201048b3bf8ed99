import { describe, expect, it } from "vitest";
import { loadBouwstenen } from "~/domain/commitments/bouwstenen.server";
import { BOUWSTENEN } from "./schema";

// templates/bouwstenen.yaml against the brochure on the six building blocks.
describe("the reflection questions of the six bouwstenen", () => {
  const blocks = loadBouwstenen();

  it("has every block once, in the brochure's order", () => {
    expect(blocks.map((b) => b.id)).toEqual([...BOUWSTENEN]);
  });

  it("ends every block with the brochure's two closing questions: the voices of children and parents, and the other blocks", () => {
    for (const b of blocks) {
      const [voices, others] = b.questions.slice(-2);
      expect(voices, b.id).toMatch(/stem van kinderen en ouders.*Wie horen we nog niet\?/);
      expect(others, b.id).toMatch(/^Welke andere bouwstenen kunnen .* versterken\?$/);
    }
  });

  it("spells SMART out as the brochure does", () => {
    const doel = blocks.find((b) => b.id === "gemeenschappelijk-doel")!;
    expect(doel.questions.join(" ")).toContain("specifiek, meetbaar, actief, realistisch en tijdsgebonden");
  });

  it("keeps the brochure's questions that the earlier file dropped", () => {
    const text = (id: string) => blocks.find((b) => b.id === id)!.questions.join(" ");
    expect(text("gemeenschappelijk-doel")).toContain("grenswerker");
    expect(text("betrokkenheid")).toMatch(/micro.*meso.*macro/);
    expect(text("betrokkenheid")).toContain("netwerkkaart");
    expect(text("respect-vertrouwen")).toContain("bemiddelen");
    expect(text("afstemming-taakafbakening")).toMatch(/rol opnemen en de taken/);
    expect(text("communicatie")).toContain("lichaamstaal");
  });
});
