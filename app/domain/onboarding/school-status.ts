// Where a school stands for one school year, from its agreements of one kind
// (e.g. the engagementsverklaring with a brugfiguren service). Pure.
import { AGREEMENT_FILTER_STATUSES, AGREEMENT_STATUS_LABELS } from "~/domain/agreements/status";

export const DASHBOARD_STATUSES = ["geen", "concept", "ter_ondertekening", "ondertekend", "geevalueerd", "verlopen"] as const;
export type DashboardStatus = (typeof DASHBOARD_STATUSES)[number];

/** The agreement statuses a school's own list (and its CSV export) can be filtered on. */
export const SCHOOL_AGREEMENT_STATUSES = AGREEMENT_FILTER_STATUSES;

export const DASHBOARD_STATUS_LABELS: Record<DashboardStatus, string> = {
  geen: "Geen",
  concept: AGREEMENT_STATUS_LABELS.concept,
  ter_ondertekening: AGREEMENT_STATUS_LABELS.ter_ondertekening,
  ondertekend: AGREEMENT_STATUS_LABELS.ondertekend,
  geevalueerd: "Geëvalueerd",
  verlopen: AGREEMENT_STATUS_LABELS.verlopen,
};

export type AgreementForStatus = {
  id: string;
  title: string;
  status: string;
  schoolYear: string;
  yearCount: number;
  /** A completed evaluation moment in the school year asked for (signed agreements turn "geëvalueerd"). */
  evaluated?: boolean;
};

function startYear(schoolYear: string): number {
  const start = Number(schoolYear.slice(0, 4));
  return Number.isInteger(start) ? start : NaN;
}

/** True when the agreement runs in this school year (it may run several years). */
export function coversSchoolYear(agreement: Pick<AgreementForStatus, "schoolYear" | "yearCount">, schoolYear: string): boolean {
  const start = startYear(agreement.schoolYear);
  const year = startYear(schoolYear);
  return start <= year && year < start + Math.max(1, agreement.yearCount);
}

const PRIORITY: Record<string, number> = { ondertekend: 0, ter_ondertekening: 1, concept: 2, geweigerd: 3, verlopen: 4 };
const TO_DASHBOARD: Record<string, DashboardStatus> = {
  ondertekend: "ondertekend",
  ter_ondertekening: "ter_ondertekening",
  concept: "concept",
  geweigerd: "concept",
  verlopen: "verlopen",
};

/**
 * The school's status in `schoolYear`: the most advanced agreement that runs
 * that year; "verlopen" when none runs but an earlier one was signed (or
 * expired) — only for years that have started (up to `currentSchoolYear`);
 * otherwise "geen". A signed agreement evaluated in that year (its `evaluated`
 * flag) is "geevalueerd". Archived agreements don't count.
 */
export function statusForSchoolYear(
  agreements: readonly AgreementForStatus[],
  schoolYear: string,
  currentSchoolYear: string = schoolYear
): { status: DashboardStatus; agreement: AgreementForStatus | null } {
  const live = agreements.filter((a) => a.status in PRIORITY);
  const running = live
    .filter((a) => coversSchoolYear(a, schoolYear))
    .sort((a, b) => PRIORITY[a.status]! - PRIORITY[b.status]! || startYear(b.schoolYear) - startYear(a.schoolYear));
  if (running[0]) {
    const status = running[0].status === "ondertekend" && running[0].evaluated ? "geevalueerd" : TO_DASHBOARD[running[0].status]!;
    return { status, agreement: running[0] };
  }
  const year = startYear(schoolYear);
  if (year > startYear(currentSchoolYear)) return { status: "geen", agreement: null };
  const earlier = live
    .filter((a) => (a.status === "ondertekend" || a.status === "verlopen") && startYear(a.schoolYear) + Math.max(1, a.yearCount) <= year)
    .sort((a, b) => startYear(b.schoolYear) - startYear(a.schoolYear));
  if (earlier[0]) return { status: "verlopen", agreement: earlier[0] };
  return { status: "geen", agreement: null };
}

/** Counts per status, every status present (0 when none). */
export function countByStatus(statuses: readonly DashboardStatus[]): Record<DashboardStatus, number> {
  const counts = Object.fromEntries(DASHBOARD_STATUSES.map((s) => [s, 0])) as Record<DashboardStatus, number>;
  for (const s of statuses) counts[s]++;
  return counts;
}
