// The evaluation chart as the server renders it: at one moment and at ten.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BouwsteenChart } from "./bouwsteen-chart";

const BLOCKS = [
  { id: "relatie", label: "Relatie" },
  { id: "communicatie", label: "Communicatie" },
  { id: "vertrouwen", label: "Respect en vertrouwen" },
];
const point = (date: string, scores: Record<string, number | null>) => ({
  id: `r-${date}`,
  label: "Evaluatie",
  date,
  schoolYear: "2026-2027",
  scores: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { score, text: "" }])),
});
const render = (history: ReturnType<typeof point>[]) => renderToString(createElement(BouwsteenChart, { history, blocks: BLOCKS }));

describe("BouwsteenChart", () => {
  it("one moment: a labelled value per block, no loose dots", () => {
    const html = render([point("2027-02-04", { relatie: 2, communicatie: 4, vertrouwen: null })]);
    expect(html).not.toContain("<circle");
    expect(html).not.toContain("<polyline");
    expect(html).toMatch(/Relatie<\/span>.*2 van 5/);
    expect(html).toMatch(/Communicatie<\/span>.*4 van 5/);
    expect(html).toContain("geen score");
  });

  it("ten moments: lines, and the legend is HTML text below the drawing, not SVG text", () => {
    const dates = ["2026-10-16", "2027-02-04", "2027-05-14", "2027-10-15", "2028-02-03", "2028-05-12", "2028-10-13", "2029-02-01", "2029-05-11", "2029-10-12"];
    const html = render(dates.map((d, i) => point(d, { relatie: 3, communicatie: 3, vertrouwen: 1 + (i % 5) })));
    expect(html.match(/<polyline/g)).toHaveLength(3);
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    for (const block of BLOCKS) expect(svg).not.toContain(`>${block.label}<`);
    const legend = html.slice(html.indexOf('class="score-legend"'));
    for (const block of BLOCKS) expect(legend).toContain(block.label);
    // The table with the same numbers stays: one row per moment.
    expect(html.match(/<tr>/g)!.length).toBe(11);
  });
});
