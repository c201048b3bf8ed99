// Which schools a brugfiguren service works with: the schools it linked (a
// ServiceSchool row, with the service's own intake) and the schools that are
// party to an agreement with it. Both are relation filters, so every query is
// one statement with subqueries, whatever the number of schools.
import { organisationsAllowing } from "~/domain/access/policy";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";

/** The audit trail of a link (the link itself is the ServiceSchool row). */
export const ONBOARDED_ACTION = "school.onboarded";

type Client = PrismaClient | Prisma.TransactionClient;

export type Service = { id: string; name: string };

/** The organisations in which the user may onboard schools (their brugfiguren services). */
export function onboardingServices(user: SessionUser): Service[] {
  const ids = organisationsAllowing(user.memberships, "organisation:onboard-schools");
  return ids.map((id) => ({ id, name: user.memberships.find((m) => m.organisationId === id)?.organisationName ?? "" }));
}

/**
 * The service the user acts for: the one asked for when the user may onboard
 * there, else the first. 403 when the user may onboard nowhere.
 */
export function requireService(user: SessionUser, serviceId?: string | null): Service {
  const services = onboardingServices(user);
  if (services.length === 0) throw forbidden("Alleen een coördinator van een brugfigurenwerking kan scholen beheren.");
  return services.find((s) => s.id === serviceId) ?? services[0]!;
}

/**
 * The condition "a school this service works with", for organisation queries:
 * linked by the service, or party to an agreement with it. Relation filters
 * (subqueries), never a list of ids.
 */
export function serviceSchoolsWhere(serviceId: string): Prisma.OrganisationWhereInput {
  return {
    kind: "school",
    OR: [
      { schoolServices: { some: { serviceId } } },
      { parties: { some: { agreement: { parties: { some: { organisationId: serviceId } } } } } },
    ],
  };
}

export const SCHOOL_NOT_FOUND = "Deze school bestaat niet of hoort niet bij uw brugfigurenwerking.";

/** A school the user's service works with; 404 otherwise (existence doesn't leak). */
export async function findSchoolForService(options: { user: SessionUser; schoolId: string; serviceId?: string | null; client?: Client }) {
  const service = requireService(options.user, options.serviceId);
  const client = options.client ?? db;
  const school = await client.organisation.findFirst({ where: { AND: [serviceSchoolsWhere(service.id), { id: options.schoolId }] } });
  if (!school) throw notFound(SCHOOL_NOT_FOUND);
  return { school, service };
}

/** The service's own link to the school (with its intake), if it has one. */
export function findServiceSchoolLink(serviceId: string, schoolId: string, client: Client = db) {
  return client.serviceSchool.findUnique({ where: { serviceId_schoolId: { serviceId, schoolId } } });
}

/** A school of the user's service with that service's own intake (never another service's). */
export async function findSchoolWithIntake(options: { user: SessionUser; schoolId: string; serviceId?: string | null }) {
  const { school, service } = await findSchoolForService(options);
  const link = await findServiceSchoolLink(service.id, school.id);
  return { school, service, intakeNotes: link?.intakeNotes ?? null };
}
