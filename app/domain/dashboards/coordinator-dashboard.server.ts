// The coordinator's dashboard: every school the brugfiguren service works with
// × the status of its engagementsverklaring in the chosen school year, overdue
// evaluations, agreements unsigned for more than 14 days, commitment totals and
// signed agreements per month. A fixed number of queries, whatever the number
// of schools or agreements (pass `client` to count them).
import { schoolYearOf, type IsoDate } from "~/domain/calendar";
import { membershipsAllow } from "~/domain/access/policy";
import { requireService, type Service } from "~/domain/onboarding/service-schools.server";
import { COMMITMENT_STATUSES, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { createReadCache } from "~/utils/read-cache.server";
import type { SessionUser } from "~/domain/access/actor";
import { monthlyCounts, schoolYearInstants, type MonthCount } from "./chart";
import { pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { listServiceSchoolStatuses, type SchoolStatusRow } from "~/domain/onboarding/partner-school-statuses.server";
import { partnerSchoolsSection, type PartnerSchoolsSection } from "./partner-schools-section";

export const UNSIGNED_AFTER_DAYS = 14;
const SIGNING_COMPLETED = "signing.completed";

export type { SchoolStatusRow };

export type CoordinatorDashboard = {
  service: { id: string; name: string };
  /** The user may draft for the service: each school without one gets a "start" button. */
  canStart: boolean;
} & PartnerSchoolsSection & {
  overdueEvaluations: Page<{ id: string; date: string; label: string; agreementId: string; title: string; school: string }>;
  unsigned: Page<{ agreementId: string; title: string; versionNumber: number; sentOn: Date | null; waitingFor: string[] }>;
  commitmentTotals: Record<CommitmentStatus, number>;
  signedPerMonth: MonthCount[];
};

type DashboardOptions = {
  filters: DashboardFilters;
  pages: { schools: number; evaluations: number; unsigned: number };
  today: IsoDate;
  now?: Date;
  client?: PrismaClient;
};

// The figures are the same for every coordinator of a service; they are
// computed once per data version (see read-cache.server.ts). A minute bounds
// the only clock-driven figure, "unsigned for more than 14 days".
const cache = createReadCache<Omit<CoordinatorDashboard, "canStart">>({ max: 500, ttlMs: 60_000 });

export async function loadCoordinatorDashboard(options: DashboardOptions & { user: SessionUser; serviceId?: string | null }): Promise<CoordinatorDashboard> {
  const service = requireService(options.user, options.serviceId);
  const canStart = membershipsAllow(options.user.memberships, "agreement:create", [service.id]);
  // A caller's own client (tests counting queries) always computes afresh.
  if (options.client) return { ...(await computeCoordinatorDashboard(service, options)), canStart };
  const key = JSON.stringify([service.id, options.filters, options.pages, options.today]);
  return { ...(await cache.get(key, () => computeCoordinatorDashboard(service, options))), canStart };
}

/**
 * The service's agreements (in the chosen municipality) as the table `sa`
 * (id, status, title), found from the service's own party rows (indexed). The
 * figures below join it, so every query costs what the service has, not what
 * Flanders has, and no query carries hundreds of ids.
 */
function serviceAgreements(serviceId: string, municipality: string | null): Prisma.Sql {
  const inPlace = municipality
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM "AgreementParty" sp JOIN "Organisation" o ON o."id" = sp."organisationId"
        WHERE sp."agreementId" = a."id" AND o."kind" = 'school' AND o."municipality" = ${municipality})`
    : Prisma.empty;
  return Prisma.sql`WITH sa AS (
    SELECT a."id", a."status", a."title" FROM "Agreement" a
    WHERE a."id" IN (SELECT "agreementId" FROM "AgreementParty" WHERE "organisationId" = ${serviceId}) ${inPlace})`;
}

const RUNNING = Prisma.sql`sa."status" IN ('ondertekend', 'verlopen')`;

/** DateTime as the SQLite adapter stores it (ISO 8601 with "+00:00"). */
const sqlInstant = (instant: Date) => instant.toISOString().replace("Z", "+00:00");

type Counted = { n: number | bigint };

/** The service's overdue evaluations and versions unsigned for more than 14 days, as FROM … WHERE over `sa`. */
function figures(serviceId: string, municipality: string | null, today: IsoDate, now: Date) {
  const sa = serviceAgreements(serviceId, municipality);
  const overdue = Prisma.sql`FROM sa JOIN "EvaluationMoment" m ON m."agreementId" = sa."id"
    WHERE ${RUNNING} AND m."status" = 'gepland' AND m."date" < ${today}`;
  const cutoff = sqlInstant(new Date(now.getTime() - UNSIGNED_AFTER_DAYS * 86_400_000));
  const unsigned = Prisma.sql`FROM sa JOIN "AgreementVersion" v ON v."agreementId" = sa."id"
    WHERE sa."status" = 'ter_ondertekening' AND v."status" = 'ter_ondertekening'
      AND EXISTS (SELECT 1 FROM "SigningRequest" r WHERE r."versionId" = v."id" AND r."invitedAt" < ${cutoff})`;
  return { sa, overdue, unsigned };
}

/** The totals of the dashboard's overdue evaluations and unsigned versions (no municipality chosen): two queries. */
export async function countOverdueAndUnsigned(options: { serviceId: string; today: IsoDate; now: Date; client?: PrismaClient }) {
  const client = options.client ?? db;
  const { sa, overdue, unsigned } = figures(options.serviceId, null, options.today, options.now);
  const [overdueTotal, unsignedTotal] = await Promise.all([
    client.$queryRaw<Counted[]>`${sa} SELECT COUNT(*) AS "n" ${overdue}`,
    client.$queryRaw<Counted[]>`${sa} SELECT COUNT(*) AS "n" ${unsigned}`,
  ]);
  return { overdueEvaluations: Number(overdueTotal[0]?.n ?? 0), unsigned: Number(unsignedTotal[0]?.n ?? 0) };
}

async function computeCoordinatorDashboard(service: Service, options: DashboardOptions): Promise<Omit<CoordinatorDashboard, "canStart">> {
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const { filters } = options;
  const { sa, overdue, unsigned } = figures(service.id, filters.municipality, options.today, now);

  const all = await listServiceSchoolStatuses({
    serviceId: service.id,
    schoolYear: filters.schoolYear,
    currentSchoolYear: schoolYearOf(options.today),
    client,
  });
  const section = partnerSchoolsSection(all, filters, options.pages.schools);

  const { from, to } = schoolYearInstants(filters.schoolYear);
  const evaluationsWindow = pageWindow(options.pages.evaluations);
  const unsignedWindow = pageWindow(options.pages.unsigned);

  const [overdueTotal, overduePage, unsignedTotal, unsignedPage, commitmentGroups, completed] = await Promise.all([
    client.$queryRaw<Counted[]>`${sa} SELECT COUNT(*) AS "n" ${overdue}`,
    client.$queryRaw<Array<{ id: string; date: string; label: string; agreementId: string; title: string; school: string | null }>>`${sa}
      SELECT m."id", m."date", m."label", sa."id" AS "agreementId", sa."title",
        (SELECT group_concat(o."name", ', ') FROM "AgreementParty" sp JOIN "Organisation" o ON o."id" = sp."organisationId"
          WHERE sp."agreementId" = sa."id" AND o."kind" = 'school') AS "school"
      ${overdue} ORDER BY m."date", m."id" LIMIT ${evaluationsWindow.take} OFFSET ${evaluationsWindow.skip}`,
    client.$queryRaw<Counted[]>`${sa} SELECT COUNT(*) AS "n" ${unsigned}`,
    client.$queryRaw<Array<{ id: string; number: number | bigint; agreementId: string; title: string }>>`${sa}
      SELECT v."id", v."number", sa."id" AS "agreementId", sa."title"
      ${unsigned} ORDER BY v."frozenAt", v."id" LIMIT ${unsignedWindow.take} OFFSET ${unsignedWindow.skip}`,
    client.$queryRaw<Array<{ status: string; n: number | bigint }>>`${sa}
      SELECT c."status", COUNT(*) AS "n" FROM sa JOIN "Commitment" c ON c."agreementId" = sa."id" WHERE ${RUNNING} GROUP BY c."status"`,
    client.$queryRaw<Array<{ createdAt: string | Date }>>`${sa}
      SELECT e."createdAt" FROM sa JOIN "AuditEvent" e ON e."agreementId" = sa."id"
      WHERE e."action" = ${SIGNING_COMPLETED} AND e."createdAt" >= ${sqlInstant(from)} AND e."createdAt" < ${sqlInstant(to)}`,
  ]);
  // Who still has to sign, for the page of unsigned versions only.
  const requests = await client.signingRequest.findMany({
    where: { versionId: { in: unsignedPage.map((v) => v.id) } },
    select: { versionId: true, status: true, invitedAt: true, signatory: { select: { name: true } } },
    orderBy: [{ invitedAt: "asc" }, { id: "asc" }],
  });

  const commitmentTotals = Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 0])) as Record<CommitmentStatus, number>;
  for (const group of commitmentGroups) {
    if (group.status in commitmentTotals) commitmentTotals[group.status as CommitmentStatus] = Number(group.n);
  }

  return {
    service,
    ...section,
    overdueEvaluations: pageOf(
      overduePage.map((m) => ({ id: m.id, date: m.date, label: m.label, agreementId: m.agreementId, title: m.title, school: m.school ?? "" })),
      Number(overdueTotal[0]?.n ?? 0),
      options.pages.evaluations,
      "pagina_evaluaties"
    ),
    unsigned: pageOf(
      unsignedPage.map((v) => {
        const own = requests.filter((r) => r.versionId === v.id);
        return {
          agreementId: v.agreementId,
          title: v.title,
          versionNumber: Number(v.number),
          sentOn: own.find((r) => r.invitedAt)?.invitedAt ?? null,
          waitingFor: own.filter((r) => r.status === "verstuurd" || r.status === "wachtend").map((r) => r.signatory.name),
        };
      }),
      Number(unsignedTotal[0]?.n ?? 0),
      options.pages.unsigned,
      "pagina_ondertekening"
    ),
    commitmentTotals,
    signedPerMonth: monthlyCounts(
      completed.map((e) => new Date(e.createdAt)),
      filters.schoolYear
    ),
  };
}
