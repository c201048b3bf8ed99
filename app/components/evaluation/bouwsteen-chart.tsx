// Building-block scores (1–5) across evaluation moments and years, as an SVG
// line chart with the same numbers in a table (for screen readers and print).

type Point = { id: string; label: string; date: string; schoolYear: string; scores: Record<string, { score: number | null; text: string }> };
type Block = { id: string; label: string };

const COLOURS = ["#0b5cad", "#b42318", "#1a7f37", "#8a4b00", "#6f42c1", "#0e7490"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];

export function BouwsteenChart({ history, blocks }: { history: Point[]; blocks: Block[] }) {
  if (history.length === 0) return <p>Nog geen evaluaties met scores.</p>;
  const width = 640;
  const height = 260;
  const pad = { left: 36, right: 16, top: 16, bottom: 56 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (history.length === 1 ? innerW / 2 : (i * innerW) / (history.length - 1));
  const y = (score: number) => pad.top + ((5 - score) * innerH) / 4;
  const formatDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title" style={{ width: "100%", maxWidth: width, height: "auto" }}>
        <title id="chart-title">Scores per bouwsteen (1 tot 5) per evaluatiemoment</title>
        {[1, 2, 3, 4, 5].map((s) => (
          <g key={s}>
            <line x1={pad.left} x2={width - pad.right} y1={y(s)} y2={y(s)} stroke="#d0d7de" />
            <text x={pad.left - 8} y={y(s) + 4} textAnchor="end" fontSize="12">
              {s}
            </text>
          </g>
        ))}
        {history.map((p, i) => (
          <text key={p.id} x={x(i)} y={height - pad.bottom + 18} textAnchor="middle" fontSize="11">
            {formatDate(p.date)}
          </text>
        ))}
        {blocks.map((block, b) => {
          const points = history
            .map((p, i) => {
              const score = p.scores[block.id]?.score;
              return typeof score === "number" ? { x: x(i), y: y(score) } : null;
            })
            .filter((p): p is { x: number; y: number } => p !== null);
          if (points.length === 0) return null;
          return (
            <g key={block.id}>
              <polyline
                points={points.map((p) => `${p.x},${p.y}`).join(" ")}
                fill="none"
                stroke={COLOURS[b % COLOURS.length]}
                strokeWidth={2.5}
                strokeDasharray={DASHES[b % DASHES.length]}
              />
              {points.map((p, i) => (
                <circle key={i} cx={p.x} cy={p.y} r={4} fill={COLOURS[b % COLOURS.length]} />
              ))}
            </g>
          );
        })}
        {blocks.map((block, b) => (
          <g key={block.id} transform={`translate(${pad.left + (b % 3) * 200}, ${height - 26 + Math.floor(b / 3) * 14})`}>
            <line x1={0} x2={18} y1={-4} y2={-4} stroke={COLOURS[b % COLOURS.length]} strokeWidth={2.5} strokeDasharray={DASHES[b % DASHES.length]} />
            <text x={24} y={0} fontSize="11">
              {block.label}
            </text>
          </g>
        ))}
      </svg>
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
