import { describe, expect, it } from "vitest";
import { countSyllables, privacyWarnings, readability, writingAids } from "./writing-aids";

describe("readability (Flesch–Douma)", () => {
  it("counts Dutch syllables by vowel groups", () => {
    expect(countSyllables("school")).toBe(1);
    expect(countSyllables("leerlingenbegeleiding")).toBe(7);
    expect(countSyllables("uit")).toBe(1);
    expect(countSyllables("CLB")).toBe(1);
  });

  it("scores short plain sentences higher than long jargon", () => {
    const plain = readability("We bellen de ouders. We maken een afspraak. We gaan samen langs.");
    const hard = readability(
      "De multidisciplinaire leerlingenbegeleidingsorganisatie engageert zich tot de systematische operationalisering van geïntegreerde ondersteuningstrajecten binnen het zorgcontinuüm.",
    );
    expect(plain!.score).toBeGreaterThanOrEqual(60);
    expect(plain!.meetsTarget).toBe(true);
    expect(hard!.score).toBeLessThan(30);
    expect(hard!.label).toBe("zeer moeilijk");
  });

  it("returns null for text without words", () => {
    expect(readability("  ...  ")).toBeNull();
  });
});

describe("privacy warnings", () => {
  it("flags a rijksregisternummer, a private mobile number, a personal e-mail and a child's name", () => {
    const kinds = privacyWarnings(
      "Leerling Jonas Peeters (85.07.30-033.61) belt naar 0475 12 34 56 of mailt naar jan.peeters@gmail.com.",
    ).map((w) => w.kind);
    expect(kinds).toEqual(expect.arrayContaining(["rijksregisternummer", "telefoon", "e-mail", "naam"]));
  });

  it("does not flag organisation contacts and ordinary text", () => {
    expect(privacyWarnings("Mail naar zorg@wereldreiziger.be of bel het CLB op 03 776 12 34. De leerlingen krijgen uitleg.")).toEqual([]);
  });
});

describe("writing aids", () => {
  it("explains glossary terms found in the text", () => {
    const aids = writingAids("Het MDO komt drie keer per jaar samen.", [
      { term: "MDO", aliases: [], explanation: "Multidisciplinair overleg: een overleg met alle betrokkenen." },
    ]);
    expect(aids.glossary).toEqual([{ term: "MDO", explanation: "Multidisciplinair overleg: een overleg met alle betrokkenen." }]);
  });
});
