// The city's (lokaal bestuur's) dashboard: every school it works with (linked
// or party to one of its agreements) × the status of its samenwerkings-
// overeenkomst in the chosen school year. Three queries whatever the number of
// schools (listPartnerSchoolStatuses).
import { nextSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { membershipsAllow } from "~/domain/access/policy";
import { partnerOrganisations, type Partner } from "~/domain/onboarding/service-schools.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import type { DashboardFilters } from "./filters";
import { listPartnerSchoolStatuses, PARTNER_DOCUMENT_TYPES } from "~/domain/onboarding/partner-school-statuses.server";
import { partnerSchoolsSection, type PartnerSchoolsSection } from "./partner-schools-section";

export type CityDashboard = {
  city: Partner;
  cities: Partner[];
  /** The user may draft for the city: each school without one gets a "start" button. */
  canStart: boolean;
  documentType: string;
  schoolYear: string;
  nextSchoolYear: string;
} & PartnerSchoolsSection;

/** The lokaal besturen whose schools the user keeps (their coordinator). */
export function citiesOf(user: SessionUser): Partner[] {
  return partnerOrganisations(user, ["lokaal_bestuur"]);
}

export async function loadCityDashboard(options: {
  user: SessionUser;
  cityId?: string | null;
  filters: DashboardFilters;
  pages: { schools: number };
  today: IsoDate;
  client?: PrismaClient;
}): Promise<CityDashboard> {
  const cities = citiesOf(options.user);
  if (cities.length === 0) throw forbidden("Dit overzicht is voor de coördinator van een lokaal bestuur.");
  const city = cities.find((c) => c.id === options.cityId) ?? cities[0]!;
  const documentType = PARTNER_DOCUMENT_TYPES.lokaal_bestuur;
  const all = await listPartnerSchoolStatuses({
    partnerId: city.id,
    documentType,
    schoolYear: options.filters.schoolYear,
    currentSchoolYear: schoolYearOf(options.today),
    client: options.client,
  });
  return {
    city,
    cities,
    canStart: membershipsAllow(options.user.memberships, "agreement:create", [city.id]),
    documentType,
    schoolYear: options.filters.schoolYear,
    nextSchoolYear: nextSchoolYear(options.filters.schoolYear),
    ...partnerSchoolsSection(all, options.filters, options.pages.schools),
  };
}
