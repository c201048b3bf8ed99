// Building-block scores (1–5) across evaluation moments and years, as a chart
// (score-chart.tsx) with the same numbers in a table (for screen readers and print).
import { ScoreChart } from "./score-chart";

type Point = { id: string; label: string; date: string; schoolYear: string; scores: Record<string, { score: number | null; text: string }> };
type Block = { id: string; label: string };

export function BouwsteenChart({ history, blocks }: { history: Point[]; blocks: Block[] }) {
  if (history.length === 0) return <p>Nog geen evaluaties met scores.</p>;
  const formatDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return (
    <figure className="chart">
      <ScoreChart history={history} blocks={blocks} titleId="chart-title" />
      <figcaption className="meta">De scores staan ook in de tabel hieronder.</figcaption>
      <table className="cards">
        <caption className="visually-hidden">Scores per bouwsteen per evaluatiemoment</caption>
        <thead>
          <tr>
            <th scope="col">Moment</th>
            {blocks.map((b) => (
              <th key={b.id} scope="col">
                {b.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {history.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.label} ({formatDate(p.date)}, {p.schoolYear})
              </th>
              {blocks.map((b) => (
                <td key={b.id} data-label={b.label}>
                  {p.scores[b.id]?.score ?? "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
