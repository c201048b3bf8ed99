import { describe, expect, it } from "vitest";
import { defaultSigningGroup, nextToInvite } from "./signing-order";

const waiting = [
  { id: "a", position: 1 },
  { id: "b", position: 1 },
  { id: "c", position: 2 },
  { id: "d", position: 3 },
];

describe("whose turn it is", () => {
  it("groups: the whole lowest group; parallel: everyone; sequential: the first", () => {
    expect(nextToInvite("groepen", waiting).map((w) => w.id)).toEqual(["a", "b"]);
    expect(nextToInvite("groepen", waiting.slice(2)).map((w) => w.id)).toEqual(["c"]);
    expect(nextToInvite("parallel", waiting).map((w) => w.id)).toEqual(["a", "b", "c", "d"]);
    expect(nextToInvite("sequentieel", waiting).map((w) => w.id)).toEqual(["a"]);
    expect(nextToInvite("groepen", [])).toEqual([]);
  });

  it("by default the lokaal bestuur signs last, schools and partners first", () => {
    expect(["school", "welzijnspartner", "clb", "lokaal_bestuur"].map(defaultSigningGroup)).toEqual([1, 1, 1, 2]);
  });
});
