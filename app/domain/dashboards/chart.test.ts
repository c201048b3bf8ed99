import { describe, expect, it } from "vitest";
import { labelExtent, labelsApart, SCORE_CHART, scoreChartLayout, shortDateLabel, type ScoreMoment } from "./chart";

const BLOCKS = ["vertrouwen", "communicatie", "rollen", "afspraken", "ouders", "leerlingen"];

function moment(date: string, scores: Record<string, number | null>): ScoreMoment {
  return { id: `m-${date}`, date, scores: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { score }])) };
}

/** Ten moments over three school years, each block a different path. */
const TEN = ["2026-10-16", "2027-02-04", "2027-05-14", "2027-10-15", "2028-02-03", "2028-05-12", "2028-10-13", "2029-02-01", "2029-05-11", "2029-10-12"].map(
  (date, i) => moment(date, Object.fromEntries(BLOCKS.map((id, b) => [id, 1 + ((i + b) % 5)]))),
);

describe("the evaluation chart at one moment", () => {
  it("is a labelled value per block, not loose dots", () => {
    const layout = scoreChartLayout([moment("2027-02-04", { vertrouwen: 4, communicatie: 4, rollen: null })], ["vertrouwen", "communicatie", "rollen"]);
    expect(layout).toEqual({
      kind: "values",
      momentId: "m-2027-02-04",
      date: "2027-02-04",
      values: [
        { blockId: "vertrouwen", score: 4, share: 0.8 },
        { blockId: "communicatie", score: 4, share: 0.8 },
        { blockId: "rollen", score: null, share: 0 },
      ],
    });
  });

  it("counts only moments with a score: a second moment without scores keeps the value list", () => {
    const layout = scoreChartLayout([moment("2027-02-04", { vertrouwen: 3 }), moment("2027-05-14", { vertrouwen: null })], ["vertrouwen"]);
    expect(layout.kind).toBe("values");
    expect(scoreChartLayout([moment("2027-02-04", { vertrouwen: null })], ["vertrouwen"])).toEqual({ kind: "empty" });
  });

  it("ignores a score outside 1–5", () => {
    const layout = scoreChartLayout([moment("2027-02-04", { vertrouwen: 7, rollen: 2 })], ["vertrouwen", "rollen"]);
    expect(layout.kind === "values" && layout.values.map((v) => v.score)).toEqual([null, 2]);
  });
});

describe("the evaluation chart at several moments", () => {
  it("equal scores at a moment are drawn apart, each near its true height; different scores exactly on it", () => {
    const layout = scoreChartLayout(
      [moment("2027-02-04", { a: 3, b: 3, c: 3, d: 5 }), moment("2027-05-14", { a: 2, b: 4, c: 3, d: 5 })],
      ["a", "b", "c", "d"],
    );
    if (layout.kind !== "lines") throw new Error(layout.kind);
    const at = (block: string, i: number) => layout.series.find((s) => s.blockId === block)!.points[i]!;
    const ys = ["a", "b", "c"].map((b) => at(b, 0).y);
    expect(new Set(ys).size).toBe(3);
    const sorted = [...ys].sort((p, q) => p - q);
    expect(sorted[1]! - sorted[0]!).toBeGreaterThanOrEqual(4);
    expect(sorted[2]! - sorted[1]!).toBeGreaterThanOrEqual(4);
    // Within a quarter of a score step of the true height (the middle one on it).
    const step = (SCORE_CHART.height - SCORE_CHART.pad.top - SCORE_CHART.pad.bottom) / 4;
    const trueY = at("d", 0).y + 2 * step; // d scores 5, they score 3
    for (const y of ys) expect(Math.abs(y - trueY)).toBeLessThanOrEqual(step / 4);
    expect(at("b", 0).y).toBeCloseTo(trueY);
    // At the second moment all differ: no offsets.
    expect(at("a", 1).y).toBeCloseTo(trueY + step);
    expect(at("b", 1).y).toBeCloseTo(trueY - step);
  });

  it("six blocks with the same score at ten moments: six distinct lines", () => {
    const same = TEN.map((m) => moment(m.date, Object.fromEntries(BLOCKS.map((id) => [id, 4]))));
    const layout = scoreChartLayout(same, BLOCKS);
    if (layout.kind !== "lines") throw new Error(layout.kind);
    const step = (SCORE_CHART.height - SCORE_CHART.pad.top - SCORE_CHART.pad.bottom) / 4;
    for (let i = 0; i < 10; i++) {
      const ys = layout.series.map((s) => s.points[i]!.y);
      expect(new Set(ys).size).toBe(6);
      // Still read as a 4: within a quarter of a step of its height.
      expect(Math.max(...ys) - Math.min(...ys)).toBeLessThanOrEqual(step / 2);
    }
  });

  it("ten moments fit the drawing, and the date labels never overlap nor run off the edge", () => {
    const layout = scoreChartLayout(TEN, BLOCKS);
    if (layout.kind !== "lines") throw new Error(layout.kind);
    expect(layout.series.every((s) => s.points.length === 10)).toBe(true);
    for (const s of layout.series) {
      for (const p of s.points) {
        expect(p.x).toBeGreaterThanOrEqual(SCORE_CHART.pad.left);
        expect(p.x).toBeLessThanOrEqual(layout.width - SCORE_CHART.pad.right);
        // Markers stay inside the drawing and clear of the date labels below.
        expect(p.y - SCORE_CHART.markerRadius).toBeGreaterThanOrEqual(0);
        expect(p.y + SCORE_CHART.markerRadius).toBeLessThanOrEqual(layout.xLabelY - layout.fontSize);
      }
    }
    expect(labelsApart(layout.xTicks, layout.fontSize)).toBe(true);
    for (const tick of layout.xTicks) {
      const { from, to } = labelExtent(tick, layout.fontSize);
      expect(from).toBeGreaterThanOrEqual(0);
      expect(to).toBeLessThanOrEqual(layout.width);
    }
    // Some dates are left out, the first is shown, and there is more than one.
    expect(layout.xTicks.length).toBeLessThan(10);
    expect(layout.xTicks.length).toBeGreaterThan(1);
    expect(layout.xTicks[0]).toMatchObject({ label: "16/10/26", anchor: "start" });
  });

  it("two moments: both dates shown, the first starting and the last ending at its moment", () => {
    const layout = scoreChartLayout(TEN.slice(0, 2), BLOCKS);
    if (layout.kind !== "lines") throw new Error(layout.kind);
    expect(layout.xTicks.map((t) => [t.label, t.anchor])).toEqual([
      ["16/10/26", "start"],
      ["4/2/27", "end"],
    ]);
  });

  it("text in the drawing is about a phone's pixel size: ≥ 13 px when the chart is 350 px wide", () => {
    const layout = scoreChartLayout(TEN, BLOCKS);
    if (layout.kind !== "lines") throw new Error(layout.kind);
    expect((layout.fontSize * 350) / layout.width).toBeGreaterThanOrEqual(13);
  });

  it("short date labels", () => {
    expect(shortDateLabel("2027-02-04")).toBe("4/2/27");
    expect(shortDateLabel("2026-10-16")).toBe("16/10/26");
  });
});
