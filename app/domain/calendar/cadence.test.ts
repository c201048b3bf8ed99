import { describe, expect, it } from "vitest";
import { CADENCE_LABELS, CADENCES, cadenceLabel } from "./cadence";
import { EVALUATION_RHYTHM_LABELS, EVALUATION_RHYTHMS } from "./evaluation-rhythm";

// One label per concept: the afspraken page, the CSV, the signing page and the PDF say the same
// (tests/integration/vocabulary.test.ts holds those places to these labels).
describe("how often: cadences and evaluation rhythms", () => {
  it("every cadence has its own label", () => {
    for (const cadence of CADENCES) expect(CADENCE_LABELS[cadence], cadence).toMatch(/^\p{Lu}/u);
    expect(new Set(Object.values(CADENCE_LABELS)).size).toBe(CADENCES.length);
    expect(Object.keys(CADENCE_LABELS).sort()).toEqual([...CADENCES].sort());
    expect(CADENCE_LABELS["per-trimester"]).toBe("Elk trimester");
  });

  it("a stored cadence the vocabulary does not know is shown as it is", () => {
    expect(cadenceLabel("per-semester")).toBe(CADENCE_LABELS["per-semester"]);
    expect(cadenceLabel("om de twee weken")).toBe("om de twee weken");
  });

  it("every evaluation rhythm has a label, and a rhythm that is also a cadence says the cadence's words", () => {
    for (const rhythm of EVALUATION_RHYTHMS) expect(EVALUATION_RHYTHM_LABELS[rhythm], rhythm).toMatch(/^\p{Lu}/u);
    expect(new Set(Object.values(EVALUATION_RHYTHM_LABELS)).size).toBe(EVALUATION_RHYTHMS.length);
    expect(EVALUATION_RHYTHM_LABELS["per-trimester"]).toBe(CADENCE_LABELS["per-trimester"]);
    expect(EVALUATION_RHYTHM_LABELS["per-semester"]).toBe(CADENCE_LABELS["per-semester"]);
    expect(EVALUATION_RHYTHM_LABELS.yearly).toBe(CADENCE_LABELS.jaarlijks);
  });
});
