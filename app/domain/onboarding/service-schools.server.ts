// Which schools a brugfiguren service works with: the schools it onboarded
// (an audit event "school.onboarded" names the service and the school; no extra
// table) and the schools that are party to an agreement with it.
import { organisationsAllowing } from "~/domain/access/policy";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";

export const ONBOARDED_ACTION = "school.onboarded";

type Client = PrismaClient | Prisma.TransactionClient;

/** Matches the JSON data of audit events that name this key and value. */
export function jsonFieldFilter(key: string, value: string): { contains: string } {
  return { contains: JSON.stringify({ [key]: value }).slice(1, -1) };
}

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
 * The condition "a school this service works with", for organisation queries.
 * One query, whatever the number of schools: the schools named by the
 * service's onboarding events (indexed by action) and the schools that share
 * an agreement with it (through the service's own party rows).
 */
export async function serviceSchoolsWhere(serviceIds: readonly string[], client: Client = db): Promise<Prisma.OrganisationWhereInput> {
  if (serviceIds.length === 0) return { id: { in: [] } };
  const services = Prisma.join(serviceIds);
  const rows = await client.$queryRaw<Array<{ id: string | null }>>`
    SELECT json_extract("data", '$.schoolId') AS "id" FROM "AuditEvent"
    WHERE "action" = ${ONBOARDED_ACTION} AND (CASE WHEN json_valid("data") THEN json_extract("data", '$.serviceId') END) IN (${services})
    UNION
    SELECT partner."organisationId" FROM "AgreementParty" own
    JOIN "AgreementParty" partner ON partner."agreementId" = own."agreementId"
    JOIN "Organisation" o ON o."id" = partner."organisationId" AND o."kind" = 'school'
    WHERE own."organisationId" IN (${services})`;
  const ids = rows.map((r) => r.id).filter((id): id is string => typeof id === "string");
  return { kind: "school", id: { in: ids } };
}

export function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A school the user's service works with; 404 otherwise (existence doesn't leak). */
export async function findSchoolForService(options: { user: SessionUser; schoolId: string; serviceId?: string | null }) {
  const service = requireService(options.user, options.serviceId);
  const where = await serviceSchoolsWhere([service.id]);
  const school = await db.organisation.findFirst({ where: { AND: [where, { id: options.schoolId }] } });
  if (!school) throw notFound("Deze school bestaat niet of hoort niet bij uw brugfigurenwerking.");
  return { school, service };
}
