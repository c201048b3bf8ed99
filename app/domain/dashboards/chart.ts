// Signed agreements per month of a school year (September to August), in
// Brussels time. Pure: the caller passes the moments.

const MONTH_LABELS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

const monthFormat = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Brussels", year: "numeric", month: "2-digit" });

/** "2026-09" for an instant, in Brussels time. */
export function brusselsMonth(instant: Date): string {
  const parts = monthFormat.formatToParts(instant);
  const year = parts.find((p) => p.type === "year")?.value ?? "0000";
  const month = parts.find((p) => p.type === "month")?.value ?? "01";
  return `${year}-${month}`;
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
