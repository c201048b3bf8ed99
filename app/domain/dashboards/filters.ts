// Dashboard filters and pages from the query string (GET parameters). Pure.
// Anything odd in the URL falls back to a default: a filter never causes an error.
import { z } from "zod";
import { nextSchoolYear, parseSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { EDUCATION_LEVELS, type EducationLevel } from "~/domain/templates/schema";
import { DASHBOARD_STATUSES, type DashboardStatus } from "~/domain/onboarding/school-status";

export const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;

export type DashboardFilters = {
  schoolYear: string;
  municipality: string | null;
  status: string | null;
  /** A school's onderwijsniveau (Organisation.educationLevel). */
  level?: EducationLevel | null;
  /** A school's onderwijsnet as stored (Organisation.onderwijsnet). */
  net?: string | null;
};

function validSchoolYear(value: string | null): string | null {
  if (!value) return null;
  try {
    parseSchoolYear(value);
    return value;
  } catch {
    return null;
  }
}

/** The school years offered in the filter: two back, the current one and the next. */
export function schoolYearOptions(today: IsoDate): string[] {
  const current = schoolYearOf(today);
  const start = Number(current.slice(0, 4));
  const years = [`${start - 2}-${start - 1}`, `${start - 1}-${start}`, current, nextSchoolYear(current)];
  return years;
}

const text = z.string().trim().min(1).max(100);

export function parseFilters(params: URLSearchParams, today: IsoDate, statuses: readonly string[] = DASHBOARD_STATUSES): DashboardFilters {
  const municipality = text.safeParse(params.get("gemeente") ?? "");
  const status = params.get("status");
  const level = params.get("niveau");
  const net = text.safeParse(params.get("net") ?? "");
  return {
    schoolYear: validSchoolYear(params.get("schooljaar")) ?? schoolYearOf(today),
    municipality: municipality.success ? municipality.data : null,
    status: status && statuses.includes(status) ? status : null,
    level: (EDUCATION_LEVELS as readonly string[]).includes(level ?? "") ? (level as EducationLevel) : null,
    net: net.success ? net.data : null,
  };
}

export function isDashboardStatus(value: string | null): value is DashboardStatus {
  return value !== null && (DASHBOARD_STATUSES as readonly string[]).includes(value);
}

/** A page number from the query string (1 when absent or odd). */
export function pageParam(params: URLSearchParams, name = "pagina"): number {
  const value = Number(params.get(name) ?? "1");
  return Number.isInteger(value) && value > 0 && value <= MAX_PAGE ? value : 1;
}

export type Page<T> = { items: T[]; page: number; pageCount: number; total: number; param: string };

/** One page of an in-memory list; a page past the end shows the last page. */
export function paginate<T>(all: readonly T[], page: number, param: string, size = PAGE_SIZE): Page<T> {
  const pageCount = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(page, pageCount);
  return { items: all.slice((current - 1) * size, current * size), page: current, pageCount, total: all.length, param };
}

/** skip/take for a database page; the caller clamps with the total. */
export function pageWindow(page: number, size = PAGE_SIZE): { skip: number; take: number } {
  return { skip: (page - 1) * size, take: size };
}

export function pageOf<T>(items: T[], total: number, page: number, param: string, size = PAGE_SIZE): Page<T> {
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / size)), param };
}
