// Which schools a partner (a brugfiguren service, a CLB, a lokaal bestuur)
// works with: the schools it linked (a ServiceSchool row; a service keeps its
// own intake on it) and the schools that are party to an agreement with it.
// Both are relation filters, so every query is one statement with subqueries,
// whatever the number of schools. Decision record 003.
import { organisationsAllowing, type Permission } from "~/domain/access/policy";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

/** The audit trail of a link (the link itself is the ServiceSchool row). */
export const ONBOARDED_ACTION = "school.onboarded";

type Client = PrismaClient | Prisma.TransactionClient;

export type Service = { id: string; name: string };

/** The kinds of organisation that keep a list of schools. */
export const PARTNER_KINDS = ["brugfiguren", "clb", "lokaal_bestuur"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export type Partner = Service & { kind: PartnerKind };

const isPartnerKind = (kind: string): kind is PartnerKind => (PARTNER_KINDS as readonly string[]).includes(kind);

/** The user's organisations of these kinds in which a membership allows the permission. */
function organisationsFor(user: SessionUser, permission: Permission, kinds: readonly PartnerKind[]): Partner[] {
  return organisationsAllowing(user.memberships, permission).flatMap((id) => {
    const m = user.memberships.find((x) => x.organisationId === id);
    return m && isPartnerKind(m.organisationKind) && kinds.includes(m.organisationKind) ? [{ id, name: m.organisationName, kind: m.organisationKind }] : [];
  });
}

/** The organisations in which the user may onboard schools (their brugfiguren services). */
export function onboardingServices(user: SessionUser): Service[] {
  return organisationsFor(user, "organisation:onboard-schools", ["brugfiguren"]).map(({ id, name }) => ({ id, name }));
}

/** The partner organisations whose list of schools the user keeps (their service, CLB or city). */
export function partnerOrganisations(user: SessionUser, kinds: readonly PartnerKind[] = PARTNER_KINDS): Partner[] {
  return organisationsFor(user, "organisation:partner-schools", kinds);
}

/**
 * The partner the user acts for: the one asked for when the user keeps its
 * list, else the first. 403 when the user keeps no partner's list.
 */
export function requirePartner(user: SessionUser, partnerId?: string | null, kinds: readonly PartnerKind[] = PARTNER_KINDS): Partner {
  const partners = partnerOrganisations(user, kinds);
  if (partners.length === 0) throw forbidden("Alleen een CLB, een brugfigurenwerking of een lokaal bestuur houdt een lijst van scholen bij.");
  return partners.find((p) => p.id === partnerId) ?? partners[0]!;
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
    OR: [{ schoolServices: { some: { serviceId } } }, { parties: { some: { agreement: { parties: { some: { organisationId: serviceId } } } } } }],
  };
}

/** The same condition for any partner (a CLB's or a city's schools). */
export const partnerSchoolsWhere = serviceSchoolsWhere;

export const SCHOOL_NOT_FOUND = "Deze school bestaat niet of hoort niet bij uw brugfigurenwerking.";
export const PARTNER_SCHOOL_NOT_FOUND = "Deze school bestaat niet of hoort niet bij uw scholen.";

/** A school the user's partner works with; 404 otherwise (existence doesn't leak). */
export async function findSchoolForPartner(options: { user: SessionUser; schoolId: string; partnerId?: string | null; client?: Client }) {
  const partner = requirePartner(options.user, options.partnerId);
  const client = options.client ?? db;
  const school = await client.organisation.findFirst({ where: { AND: [partnerSchoolsWhere(partner.id), { id: options.schoolId }] } });
  if (!school) throw notFound(PARTNER_SCHOOL_NOT_FOUND);
  return { school, partner };
}

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

/** At most this many schools answer a search. */
export const SCHOOL_SEARCH_LIMIT = 20;

/**
 * Schools in Akkoord whose name, instellingsnummer or municipality matches
 * (for adding one to the partner's list), with whether the partner already
 * linked it. Schools are public institutions: any partner may find them.
 */
export async function searchSchools(options: { partnerId: string; query: string; client?: Client }) {
  const query = options.query.trim().slice(0, 100);
  if (query.length < 2) return [];
  const client = options.client ?? db;
  const schools = await client.organisation.findMany({
    where: {
      kind: "school",
      OR: [{ name: { contains: query } }, { instellingsnummer: { startsWith: query } }, { municipality: { contains: query } }],
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: SCHOOL_SEARCH_LIMIT,
    select: {
      id: true,
      name: true,
      municipality: true,
      instellingsnummer: true,
      schoolServices: { where: { serviceId: options.partnerId }, select: { id: true } },
    },
  });
  return schools.map(({ schoolServices, ...school }) => ({ ...school, linked: schoolServices.length > 0 }));
}
