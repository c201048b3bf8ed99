// The filtered, counted and paged school list of a partner's dashboard.
import { countByStatus, type DashboardStatus } from "~/domain/onboarding/school-status";
import type { SchoolStatusRow } from "~/domain/onboarding/partner-school-statuses.server";
import { paginate, type DashboardFilters, type Page } from "./filters";

const collator = new Intl.Collator("nl-BE", { sensitivity: "base", numeric: true });

export type PartnerSchoolsSection = {
  schools: Page<SchoolStatusRow>;
  /** Per status, within the municipality, level and net chosen (not the status). */
  statusTotals: Record<DashboardStatus, number>;
  municipalities: string[];
  nets: string[];
};

const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort(collator.compare);

/** The filtered, counted and paged school list of a dashboard. */
export function partnerSchoolsSection(all: readonly SchoolStatusRow[], filters: DashboardFilters, page: number): PartnerSchoolsSection {
  const inScope = all.filter(
    (s) =>
      (!filters.municipality || s.municipality === filters.municipality) &&
      (!filters.level || s.educationLevel === filters.level) &&
      (!filters.net || s.onderwijsnet === filters.net)
  );
  const shown = filters.status ? inScope.filter((s) => s.status === filters.status) : inScope;
  return {
    schools: paginate(shown, page, "pagina"),
    statusTotals: countByStatus(inScope.map((s) => s.status)),
    municipalities: distinct(all.map((s) => s.municipality)),
    nets: distinct(all.map((s) => s.onderwijsnet)),
  };
}
