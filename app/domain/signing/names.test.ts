import { describe, expect, it } from "vitest";
import { namesMatch, normaliseName } from "./names";

describe("namesMatch", () => {
  it.each([
    ["Anaïs Verbeke", "anais verbeke"],
    ["Joëlle De Smet", "JOELLE DE SMET"],
    ["Zoë Van den Broeck-Peeters", "zoe van den broeck peeters"],
    ["Nadia El Amrani", "  Nadia   El Amrani "],
    ["Séverine D'Hondt", "Severine D’Hondt"],
    ["Søren Ærø", "soren aero"],
  ])("%s matches %s", (expected, typed) => {
    expect(namesMatch(typed, expected)).toBe(true);
  });

  it.each([
    ["Anaïs Verbeke", "Anaïs Peeters"],
    ["Anaïs Verbeke", "Verbeke"],
    ["Anaïs Verbeke", ""],
    ["Anaïs Verbeke", " - "],
  ])("%s does not match %j", (expected, typed) => {
    expect(namesMatch(typed, expected)).toBe(false);
  });

  it("normalises to lower case letters and single spaces", () => {
    expect(normaliseName("  Van DEN  Broeck-Peeters ")).toBe("van den broeck peeters");
  });
});
