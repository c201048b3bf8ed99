// The download response of a CSV export and its filters from the query string.
import { AGREEMENT_FILTER_STATUSES } from "~/domain/agreements/status";
import { parseSchoolYear } from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import type { ExportFilters } from "./exports.server";

export function exportFilters(params: URLSearchParams): ExportFilters {
  let schoolYear: string | null = params.get("schooljaar");
  try {
    if (schoolYear) parseSchoolYear(schoolYear);
  } catch {
    schoolYear = null;
  }
  const status = params.get("status");
  return { schoolYear: schoolYear || null, status: status && (AGREEMENT_FILTER_STATUSES as readonly string[]).includes(status) ? status : null };
}

export function csvResponse(csv: string, base: string, now = new Date()): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-${brusselsDate(now)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
