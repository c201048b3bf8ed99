// Which dashboard a user gets, and loading it from the query string.
import { onboardingServices } from "~/domain/onboarding/service-schools.server";
import { organisationsAllowing } from "~/domain/access/policy";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import type { PrismaClient } from "~/generated/prisma/client";
import type { SessionUser } from "~/domain/access/actor";
import { citiesOf, loadCityDashboard, type CityDashboard } from "./city-dashboard.server";
import { clbsOf, loadClbDashboard, type ClbDashboard } from "./clb-dashboard.server";
import { loadCoordinatorDashboard, type CoordinatorDashboard } from "./coordinator-dashboard.server";
import { pageParam, parseFilters, schoolYearOptions, type DashboardFilters } from "./filters";
import type { DashboardKind } from "./kinds";
import { agreementsWithoutContact, type MissingContacts } from "./missing-contacts.server";
import { loadSchoolDashboard, schoolsOf, type SchoolDashboard } from "./school-dashboard.server";
import { DASHBOARD_STATUSES, SCHOOL_AGREEMENT_STATUSES } from "~/domain/onboarding/school-status";

export { DASHBOARD_KIND_LABELS, type DashboardKind } from "./kinds";

/** The dashboards the user's roles give, in this order. */
export function dashboardKinds(user: SessionUser): DashboardKind[] {
  const kinds: DashboardKind[] = [];
  if (onboardingServices(user).length > 0) kinds.push("dienst");
  if (clbsOf(user).length > 0) kinds.push("clb");
  if (citiesOf(user).length > 0) kinds.push("stad");
  if (schoolsOf(user).length > 0) kinds.push("school");
  return kinds;
}

export type LoadedDashboard =
  | { kind: "dienst"; data: CoordinatorDashboard }
  | { kind: "clb"; data: ClbDashboard }
  | { kind: "stad"; data: CityDashboard }
  | { kind: "school"; data: SchoolDashboard };

export type DashboardPage = {
  kinds: DashboardKind[];
  filters: DashboardFilters;
  schoolYears: string[];
  today: string;
  dashboard: LoadedDashboard | null;
  /** Agreements of the dashboard's organisations in which a party named no contact person. */
  withoutContact: MissingContacts;
};

/** The organisations a dashboard is about. */
function organisationsOf(user: SessionUser, kind: DashboardKind): string[] {
  if (kind === "dienst") return organisationsAllowing(user.memberships, "organisation:onboard-schools");
  return (kind === "clb" ? clbsOf(user) : schoolsOf(user)).map((o) => o.id);
}

/** The user's dashboard (`?rol=` picks one when there are several), filtered by the query string. */
export async function loadDashboardPage(options: { user: SessionUser; params: URLSearchParams; now?: Date; client?: PrismaClient }): Promise<DashboardPage> {
  const { user, params, client } = options;
  const now = options.now ?? new Date();
  const today = brusselsDate(now);
  const kinds = dashboardKinds(user);
  const asked = params.get("rol");
  const kind = kinds.find((k) => k === asked) ?? kinds[0];
  const statuses = kind === "school" ? SCHOOL_AGREEMENT_STATUSES : DASHBOARD_STATUSES;
  const filters = parseFilters(params, today, statuses);
  const none = { items: [], more: false };
  if (!kind) return { kinds, filters, schoolYears: schoolYearOptions(today), today, dashboard: null, withoutContact: none };
  const base = {
    kinds,
    filters,
    schoolYears: schoolYearOptions(today),
    today,
    withoutContact: await agreementsWithoutContact({ organisationIds: organisationsOf(user, kind), schoolYear: filters.schoolYear, client }),
  };
  if (kind === "dienst") {
    const data = await loadCoordinatorDashboard({
      user,
      serviceId: params.get("dienst"),
      filters,
      pages: { schools: pageParam(params), evaluations: pageParam(params, "pagina_evaluaties"), unsigned: pageParam(params, "pagina_ondertekening") },
      today,
      now,
      client,
    });
    return { ...base, dashboard: { kind, data } };
  }
  if (kind === "clb") {
    const data = await loadClbDashboard({
      user,
      clbId: params.get("clb"),
      filters,
      pages: { schools: pageParam(params), evaluations: pageParam(params, "pagina_evaluaties") },
      today,
      client,
    });
    return { ...base, dashboard: { kind, data } };
  }
  if (kind === "stad") {
    const data = await loadCityDashboard({ user, cityId: params.get("bestuur"), filters, pages: { schools: pageParam(params) }, today, client });
    return { ...base, dashboard: { kind, data } };
  }
  const data = await loadSchoolDashboard({
    user,
    filters,
    pages: { agreements: pageParam(params), signatures: pageParam(params, "pagina_ondertekenen"), commitments: pageParam(params, "pagina_afspraken"), overdue: pageParam(params, "pagina_over_tijd") },
    today,
    client,
  });
  return { ...base, dashboard: { kind, data } };
}
