// The picture of the building-block scores (layout rules in
// ~/domain/dashboards/chart): one moment as a labelled value per block, more
// moments as lines. The legend is HTML text beside the picture, not SVG text
// that shrinks with it; the numbers themselves are in the table of the caller.
import { SCORE_CHART, SCORE_MAX, scoreChartLayout, type ScoreMoment } from "~/domain/dashboards/chart";

const COLOURS = ["#0b5cad", "#b42318", "#1a7f37", "#8a4b00", "#6f42c1", "#0e7490"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
/** One marker shape per block, so lines that meet stay apart without colour. */
const MARKERS = ["circle", "square", "diamond", "triangle", "circle-open", "square-open"] as const;

type Block = { id: string; label: string };

const colour = (i: number) => COLOURS[i % COLOURS.length]!;
const dash = (i: number) => DASHES[i % DASHES.length]!;
const formatDay = (d: string) => `${Number(d.slice(8, 10))}/${Number(d.slice(5, 7))}/${d.slice(0, 4)}`;

function Marker({ index, x, y, label }: { index: number; x: number; y: number; label: string }) {
  const fill = colour(index);
  const shape = MARKERS[index % MARKERS.length];
  const title = label ? <title>{label}</title> : null;
  if (shape === "square" || shape === "square-open")
    return (
      <rect x={x - 4} y={y - 4} width={8} height={8} fill={shape === "square" ? fill : "#fff"} stroke={fill} strokeWidth={2}>
        {title}
      </rect>
    );
  if (shape === "diamond")
    return (
      <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={fill}>
        {title}
      </polygon>
    );
  if (shape === "triangle")
    return (
      <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} fill={fill}>
        {title}
      </polygon>
    );
  return (
    <circle cx={x} cy={y} r={4.5} fill={shape === "circle" ? fill : "#fff"} stroke={fill} strokeWidth={2}>
      {title}
    </circle>
  );
}

/** The legend's sample of a block's line and marker. */
function Swatch({ index }: { index: number }) {
  return (
    <svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true" focusable="false">
      <line x1={1} x2={33} y1={7} y2={7} stroke={colour(index)} strokeWidth={2.5} strokeDasharray={dash(index)} />
      <Marker index={index} x={17} y={7} label="" />
    </svg>
  );
}

export function ScoreChart({ history, blocks, titleId }: { history: ScoreMoment[]; blocks: Block[]; titleId: string }) {
  const layout = scoreChartLayout(
    history,
    blocks.map((b) => b.id),
  );
  if (layout.kind === "empty") return null;
  const labelOf = new Map(blocks.map((b) => [b.id, b.label]));

  if (layout.kind === "values") {
    return (
      <div className="score-chart">
        <p id={titleId} className="score-chart__title">
          Scores op {formatDay(layout.date)} (1 tot {SCORE_MAX})
        </p>
        <ul className="score-values">
          {layout.values.map((v, i) => (
            <li key={v.blockId}>
              <span className="score-values__label">{labelOf.get(v.blockId)}</span>
              <span className="score-values__track" aria-hidden="true">
                <span className="score-values__bar" style={{ width: `${v.share * 100}%`, background: colour(i) }} />
              </span>
              <strong className="score-values__number">{v.score === null ? "geen score" : `${v.score} van ${SCORE_MAX}`}</strong>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  const { width, height, fontSize } = layout;
  const { left, right } = SCORE_CHART.pad;
  return (
    <div className="score-chart">
      <p id={titleId} className="score-chart__title">
        Scores per bouwsteen (1 tot {SCORE_MAX}) per evaluatiemoment
      </p>
      <svg
        className="score-chart__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        focusable="false"
        style={{ maxWidth: width * 1.5 }}
      >
        {layout.yTicks.map((t) => (
          <g key={t.score}>
            <line x1={left} x2={width - right} y1={t.y} y2={t.y} stroke="#d0d7de" />
            <text x={left - 8} y={t.y + fontSize / 3} textAnchor="end" fontSize={fontSize}>
              {t.score}
            </text>
          </g>
        ))}
        {layout.xTicks.map((t) => (
          <text key={t.momentIndex} x={t.x} y={layout.xLabelY} textAnchor={t.anchor} fontSize={fontSize}>
            {t.label}
          </text>
        ))}
        {layout.series.map((s) =>
          s.points.length === 0 ? null : (
            <g key={s.blockId}>
              <polyline
                points={s.points.map((p) => `${p.x},${p.y}`).join(" ")}
                fill="none"
                stroke={colour(s.index)}
                strokeWidth={2.5}
                strokeDasharray={dash(s.index)}
              />
              {s.points.map((p) => (
                <Marker key={p.momentIndex} index={s.index} x={p.x} y={p.y} label={`${labelOf.get(s.blockId)}: ${p.score}`} />
              ))}
            </g>
          ),
        )}
      </svg>
      <ul className="score-legend" aria-label="Legende">
        {layout.series.map((s) => (
          <li key={s.blockId}>
            <Swatch index={s.index} />
            {labelOf.get(s.blockId)}
          </li>
        ))}
      </ul>
    </div>
  );
}
