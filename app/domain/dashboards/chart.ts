// Signed agreements per month of a school year (September to August), in
// Brussels time. Pure: the caller passes the moments.
import { brusselsDate } from "~/domain/calendar/brussels-time";

const MONTH_LABELS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/** "2026-09" for an instant, in Brussels time. */
export function brusselsMonth(instant: Date): string {
  return brusselsDate(instant).slice(0, 7);
}

export type MonthCount = { month: string; label: string; count: number };

/** Twelve months, September to August, each with its count. */
export function monthlyCounts(moments: readonly Date[], schoolYear: string): MonthCount[] {
  const start = Number(schoolYear.slice(0, 4));
  const months: MonthCount[] = [];
  for (let i = 0; i < 12; i++) {
    const monthIndex = (8 + i) % 12; // September first
    const year = monthIndex >= 8 ? start : start + 1;
    const key = `${year}-${String(monthIndex + 1).padStart(2, "0")}`;
    months.push({ month: key, label: `${MONTH_LABELS[monthIndex]} ${String(year).slice(2)}`, count: 0 });
  }
  const byKey = new Map(months.map((m) => [m.month, m]));
  for (const moment of moments) {
    const bucket = byKey.get(brusselsMonth(moment));
    if (bucket) bucket.count++;
  }
  return months;
}

/** The first and last instant of a school year (1 September – 31 August), generously in UTC. */
export function schoolYearInstants(schoolYear: string): { from: Date; to: Date } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: new Date(Date.UTC(start, 7, 31, 20)), to: new Date(Date.UTC(start + 1, 8, 1, 0)) };
}

// ─── The evaluation chart: building-block scores (1–5) across moments ───────
//
// Layout rules for a chart that stays readable at one moment and at ten, on a
// 390 px phone: one moment is a labelled value per building block (a dot alone
// says nothing); from two moments on, one line per block, with equal scores at
// a moment drawn a little apart so none hides another, and date labels thinned
// out so they never overlap. The legend and the numbers are HTML (the caller's).

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/**
 * The drawing's own units: about a phone's content width, so that text of
 * `fontSize` units shows at about that many pixels on a phone (and somewhat
 * larger on a desktop, where the SVG may grow to 1.5 times this).
 */
export const SCORE_CHART = {
  width: 360,
  height: 230,
  /** Room above and below the plot for lines drawn apart (up to ±2.5 tieGap) and their markers. */
  pad: { left: 28, right: 14, top: 20, bottom: 42 },
  fontSize: 14,
  /** Vertical distance between the lines of blocks with the same score at a moment. */
  tieGap: 4,
  /** Largest half-size of a marker. */
  markerRadius: 5,
} as const;

export type ScoreMoment = { id: string; date: string; scores: Record<string, { score: number | null } | undefined> };

export type ScoreValue = { blockId: string; score: number | null; /** score as a share of the maximum, 0–1 */ share: number };
export type ScorePoint = { x: number; y: number; score: number; momentIndex: number };

export type ScoreChartLayout =
  | { kind: "empty" }
  | { kind: "values"; momentId: string; date: string; values: ScoreValue[] }
  | {
      kind: "lines";
      width: number;
      height: number;
      fontSize: number;
      /** Baseline of the date labels. */
      xLabelY: number;
      yTicks: Array<{ score: number; y: number }>;
      /** `anchor`: the first label starts at its moment and the last ends there, so neither is cut off. */
      xTicks: Array<{ x: number; label: string; momentIndex: number; anchor: "start" | "middle" | "end" }>;
      series: Array<{ blockId: string; index: number; points: ScorePoint[] }>;
    };

const scoreOf = (moment: ScoreMoment, blockId: string): number | null => {
  const score = moment.scores[blockId]?.score;
  return typeof score === "number" && score >= SCORE_MIN && score <= SCORE_MAX ? score : null;
};

/** "2027-02-04" → "4/2/27": short enough for ten labels on a phone. */
export function shortDateLabel(date: string): string {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[4])}/${Number(m[3])}/${m[2]}` : date;
}

/** A generous estimate of a label's width in drawing units (digits and slashes are narrow). */
export const labelWidth = (label: string, fontSize: number) => label.length * fontSize * 0.6;

/** Where a label of the x axis lies, from its anchor. */
export function labelExtent(tick: { x: number; label: string; anchor: "start" | "middle" | "end" }, fontSize: number): { from: number; to: number } {
  const w = labelWidth(tick.label, fontSize);
  const from = tick.anchor === "start" ? tick.x : tick.anchor === "end" ? tick.x - w : tick.x - w / 2;
  return { from, to: from + w };
}

/** True when consecutive labels keep half a character apart. */
export function labelsApart(ticks: ReadonlyArray<{ x: number; label: string; anchor: "start" | "middle" | "end" }>, fontSize: number): boolean {
  return ticks.every((tick, i) => i === 0 || labelExtent(ticks[i - 1]!, fontSize).to + fontSize * 0.3 <= labelExtent(tick, fontSize).from);
}

/** The moments with at least one score, and the layout for them. */
export function scoreChartLayout(history: readonly ScoreMoment[], blockIds: readonly string[]): ScoreChartLayout {
  const moments = history.filter((m) => blockIds.some((id) => scoreOf(m, id) !== null));
  if (moments.length === 0) return { kind: "empty" };
  if (moments.length === 1) {
    const only = moments[0]!;
    return {
      kind: "values",
      momentId: only.id,
      date: only.date,
      values: blockIds.map((blockId) => {
        const score = scoreOf(only, blockId);
        return { blockId, score, share: score === null ? 0 : score / SCORE_MAX };
      }),
    };
  }

  const { width, height, pad, fontSize, tieGap } = SCORE_CHART;
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const spacing = innerW / (moments.length - 1);
  const x = (i: number) => pad.left + i * spacing;
  const y = (score: number) => pad.top + ((SCORE_MAX - score) * innerH) / (SCORE_MAX - SCORE_MIN);

  // Equal scores at one moment: spread around the true height, in block order.
  const offsets = moments.map((moment) => {
    const byScore = new Map<number, string[]>();
    for (const id of blockIds) {
      const score = scoreOf(moment, id);
      if (score !== null) byScore.set(score, [...(byScore.get(score) ?? []), id]);
    }
    const offset = new Map<string, number>();
    for (const ids of byScore.values()) ids.forEach((id, rank) => offset.set(id, (rank - (ids.length - 1) / 2) * tieGap));
    return offset;
  });

  // Every `step`-th date: the smallest step at which no two labels touch.
  const last = moments.length - 1;
  const anchor = (i: number) => (i === 0 ? "start" : i === last ? "end" : "middle") as "start" | "middle" | "end";
  const ticksEvery = (step: number) =>
    moments.flatMap((m, i) => (i % step === 0 ? [{ x: x(i), label: shortDateLabel(m.date), momentIndex: i, anchor: anchor(i) }] : []));
  let xTicks = ticksEvery(1);
  for (let step = 2; step <= moments.length && !labelsApart(xTicks, fontSize); step++) xTicks = ticksEvery(step);

  return {
    kind: "lines",
    width,
    height,
    fontSize,
    xLabelY: height - 8,
    yTicks: [1, 2, 3, 4, 5].map((score) => ({ score, y: y(score) })),
    xTicks,
    series: blockIds.map((blockId, index) => ({
      blockId,
      index,
      points: moments.flatMap((m, i) => {
        const score = scoreOf(m, blockId);
        return score === null ? [] : [{ x: x(i), y: y(score) + (offsets[i]!.get(blockId) ?? 0), score, momentIndex: i }];
      }),
    })),
  };
}
