import { describe, expect, it } from "vitest";
import { EVALUATION_RHYTHM_LABELS as CALENDAR_RHYTHM_LABELS } from "~/domain/calendar";
import { CADENCE_LABELS as COMMITMENT_CADENCE_LABELS } from "~/domain/commitments/vocabulary";
import { CADENCE_LABELS, EVALUATION_RHYTHM_LABELS } from "./schema";

// One label per concept: the afspraken page, the CSV, the signing page and the PDF say the same.
describe("how-often labels", () => {
  it("are one vocabulary for commitments, wherever they are shown", () => {
    expect(COMMITMENT_CADENCE_LABELS).toEqual(CADENCE_LABELS);
    expect(CALENDAR_RHYTHM_LABELS).toEqual(EVALUATION_RHYTHM_LABELS);
  });

  it("use the same words for the same rhythm in cadences and evaluation rhythms", () => {
    expect(EVALUATION_RHYTHM_LABELS["per-trimester"]).toBe(CADENCE_LABELS["per-trimester"]);
    expect(EVALUATION_RHYTHM_LABELS["per-semester"]).toBe(CADENCE_LABELS["per-semester"]);
    expect(EVALUATION_RHYTHM_LABELS.yearly).toBe(CADENCE_LABELS.jaarlijks);
  });
});
