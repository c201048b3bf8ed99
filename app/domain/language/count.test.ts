import { describe, expect, it } from "vitest";
import { countInDigits, countOf, nounFor, numberInWords } from "./count";

const SCHOOLJAAR = { one: "schooljaar", other: "schooljaren" };

describe("counting in Dutch", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(nounFor(1, SCHOOLJAAR)).toBe("schooljaar");
    for (const n of [0, 2, 3, 1.5, 12, 13]) expect(nounFor(n, SCHOOLJAAR)).toBe("schooljaren");
  });

  it("writes whole numbers up to twelve in words, others in nl-BE digits", () => {
    expect(countOf(1, SCHOOLJAAR)).toBe("één schooljaar");
    expect(countOf(3, { one: "week", other: "weken" })).toBe("drie weken");
    expect(countOf(12, { one: "maand", other: "maanden" })).toBe("twaalf maanden");
    expect(countOf(13, { one: "werkdag", other: "werkdagen" })).toBe("13 werkdagen");
    expect(countOf(1.5, { one: "uur per week", other: "uur per week" })).toBe("1,5 uur per week");
    expect(numberInWords(0)).toBe("nul");
  });

  it("keeps money and page figures in digits", () => {
    expect(countOf(1250, { one: "euro", other: "euro" })).toBe("1.250 euro");
    expect(countOf(1, { one: "euro", other: "euro" })).toBe("1 euro");
    expect(countInDigits(1, { one: "school", other: "scholen" })).toBe("1 school");
    expect(countInDigits(40, { one: "school", other: "scholen" })).toBe("40 scholen");
  });
});
