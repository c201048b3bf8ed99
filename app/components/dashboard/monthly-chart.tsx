import type { MonthCount } from "~/domain/dashboards/chart";

/** Signed agreements per month: a bar chart in SVG, with the same numbers in a table. */
export function MonthlyChart(props: { id: string; title: string; months: MonthCount[] }) {
  const max = Math.max(1, ...props.months.map((m) => m.count));
  const width = 600;
  const height = 200;
  const left = 28;
  const bottom = 24;
  const barSpace = (width - left) / props.months.length;
  const barHeight = (count: number) => ((height - bottom - 16) * count) / max;
  const total = props.months.reduce((sum, m) => sum + m.count, 0);
  return (
    <figure className="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        <strong>{props.title}</strong> — {total} in totaal
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${props.id}-svg-title`} focusable="false">
        <title id={`${props.id}-svg-title`}>
          {props.title}: {props.months.map((m) => `${m.label} ${m.count}`).join(", ")}
        </title>
        <line className="axis" x1={left} y1={height - bottom} x2={width} y2={height - bottom} />
        <text x={left - 6} y={16} textAnchor="end">
          {max}
        </text>
        <text x={left - 6} y={height - bottom} textAnchor="end">
          0
        </text>
        {props.months.map((m, i) => {
          const h = barHeight(m.count);
          const x = left + i * barSpace + barSpace * 0.15;
          return (
            <g key={m.month}>
              <rect className="bar" x={x} y={height - bottom - h} width={barSpace * 0.7} height={h} />
              {m.count > 0 ? (
                <text x={x + barSpace * 0.35} y={height - bottom - h - 4} textAnchor="middle">
                  {m.count}
                </text>
              ) : null}
              <text x={x + barSpace * 0.35} y={height - 6} textAnchor="middle">
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
      {/* Twelve months side by side: on a phone this table scrolls, so the keyboard can reach it. */}
      <div className="table-wrap scroll-region" tabIndex={0} role="region" aria-label={`${props.title}, per maand (tabel)`}>
        <table>
          <caption className="visually-hidden">{props.title}, per maand</caption>
          <thead>
            <tr>
              <th scope="row">Maand</th>
              {props.months.map((m) => (
                <th key={m.month} scope="col">
                  {m.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Ondertekend</th>
              {props.months.map((m) => (
                <td key={m.month}>{m.count}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </figure>
  );
}
