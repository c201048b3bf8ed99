// The coordinator's dashboard: every school the brugfiguren service works with
// × the status of its engagementsverklaring in the chosen school year, overdue
// evaluations, agreements unsigned for more than 14 days, commitment totals and
// signed agreements per month. A fixed number of queries, whatever the number
// of schools or agreements (pass `client` to count them).
import { schoolYearOf, type IsoDate } from "~/domain/calendar";
import { BULK_DOCUMENT_TYPE } from "~/domain/onboarding/bulk-values";
import { requireService, serviceSchoolsWhere, type Service } from "~/domain/onboarding/service-schools.server";
import { COMMITMENT_STATUSES, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { createReadCache } from "~/utils/read-cache.server";
import type { SessionUser } from "~/utils/session.server";
import { monthlyCounts, schoolYearInstants, type MonthCount } from "./chart";
import { paginate, pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { countByStatus, statusForSchoolYear, type DashboardStatus } from "./status";

export const UNSIGNED_AFTER_DAYS = 14;
const SIGNING_COMPLETED = "signing.completed";

export type SchoolStatusRow = {
  id: string;
  name: string;
  instellingsnummer: string | null;
  municipality: string | null;
  status: DashboardStatus;
  agreement: { id: string; title: string; schoolYear: string } | null;
  hasIntake: boolean;
};

export type CoordinatorDashboard = {
  service: { id: string; name: string };
  schools: Page<SchoolStatusRow>;
  statusTotals: Record<DashboardStatus, number>;
  municipalities: string[];
  overdueEvaluations: Page<{ id: string; date: string; label: string; agreementId: string; title: string; school: string }>;
  unsigned: Page<{ agreementId: string; title: string; versionNumber: number; sentOn: Date | null; waitingFor: string[] }>;
  commitmentTotals: Record<CommitmentStatus, number>;
  signedPerMonth: MonthCount[];
};

const collator = new Intl.Collator("nl-BE", { sensitivity: "base", numeric: true });

/** The schools of the service with their status; one list for the dashboard and the school pages. */
export async function listServiceSchoolStatuses(options: {
  serviceId: string;
  schoolYear: string;
  /** The school year running today (default: the one asked for). */
  currentSchoolYear?: string;
  client?: PrismaClient;
}): Promise<SchoolStatusRow[]> {
  const client = options.client ?? db;
  const where = await serviceSchoolsWhere([options.serviceId], client);
  const schools = await client.organisation.findMany({
    where,
    select: {
      id: true,
      name: true,
      instellingsnummer: true,
      municipality: true,
      intakeNotes: true,
      parties: {
        where: { agreement: { documentType: BULK_DOCUMENT_TYPE, parties: { some: { organisationId: options.serviceId } } } },
        select: { agreement: { select: { id: true, title: true, status: true, schoolYear: true, yearCount: true } } },
      },
    },
  });
  return schools
    .map((s): SchoolStatusRow => {
      const { status, agreement } = statusForSchoolYear(
        s.parties.map((p) => p.agreement),
        options.schoolYear,
        options.currentSchoolYear
      );
      return {
        id: s.id,
        name: s.name,
        instellingsnummer: s.instellingsnummer,
        municipality: s.municipality,
        status,
        agreement: agreement ? { id: agreement.id, title: agreement.title, schoolYear: agreement.schoolYear } : null,
        hasIntake: Boolean(s.intakeNotes?.trim()),
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

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
const cache = createReadCache<CoordinatorDashboard>({ max: 500, ttlMs: 60_000 });

export async function loadCoordinatorDashboard(options: DashboardOptions & { user: SessionUser; serviceId?: string | null }): Promise<CoordinatorDashboard> {
  const service = requireService(options.user, options.serviceId);
  // A caller's own client (tests counting queries) always computes afresh.
  if (options.client) return computeCoordinatorDashboard(service, options);
  const key = JSON.stringify([service.id, options.filters, options.pages, options.today]);
  return cache.get(key, () => computeCoordinatorDashboard(service, options));
}

async function computeCoordinatorDashboard(service: Service, options: DashboardOptions): Promise<CoordinatorDashboard> {
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const { filters } = options;
  // The service's agreements (in the chosen municipality), as one list of ids:
  // the queries below then use indexed agreementId lookups instead of nested
  // relation filters, which SQLite evaluates per row at Flanders scale.
  const serviceAgreements = await client.agreement.findMany({
    where: {
      parties: { some: { organisationId: service.id } },
      ...(filters.municipality ? { AND: [{ parties: { some: { organisation: { kind: "school", municipality: filters.municipality } } } }] } : {}),
    },
    select: { id: true, status: true },
  });
  const agreementIds = serviceAgreements.map((a) => a.id);
  const runningIds = serviceAgreements.filter((a) => a.status === "ondertekend" || a.status === "verlopen").map((a) => a.id);
  const agreementWhere = { id: { in: agreementIds } };

  const all = await listServiceSchoolStatuses({
    serviceId: service.id,
    schoolYear: filters.schoolYear,
    currentSchoolYear: schoolYearOf(options.today),
    client,
  });
  const municipalities = [...new Set(all.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort(collator.compare);
  const inPlace = filters.municipality ? all.filter((s) => s.municipality === filters.municipality) : all;
  const statusTotals = countByStatus(inPlace.map((s) => s.status));
  const shown = filters.status ? inPlace.filter((s) => s.status === filters.status) : inPlace;

  const overdueWhere = { status: "gepland", date: { lt: options.today }, agreementId: { in: runningIds } };
  const cutoff = new Date(now.getTime() - UNSIGNED_AFTER_DAYS * 86_400_000);
  const waitingIds = serviceAgreements.filter((a) => a.status === "ter_ondertekening").map((a) => a.id);
  const unsignedWhere = {
    status: "ter_ondertekening",
    agreementId: { in: waitingIds },
    signingRequests: { some: { invitedAt: { lt: cutoff } } },
  };
  const { from, to } = schoolYearInstants(filters.schoolYear);
  const evaluationsWindow = pageWindow(options.pages.evaluations);
  const unsignedWindow = pageWindow(options.pages.unsigned);

  const [overdueTotal, overdue, unsignedTotal, unsigned, commitmentGroups, completed] = await Promise.all([
    client.evaluationMoment.count({ where: overdueWhere }),
    client.evaluationMoment.findMany({
      where: overdueWhere,
      orderBy: [{ date: "asc" }, { id: "asc" }],
      ...evaluationsWindow,
      select: {
        id: true,
        date: true,
        label: true,
        agreement: {
          select: { id: true, title: true, parties: { where: { organisation: { kind: "school" } }, select: { organisation: { select: { name: true } } } } },
        },
      },
    }),
    client.agreementVersion.count({ where: unsignedWhere }),
    client.agreementVersion.findMany({
      where: unsignedWhere,
      orderBy: [{ frozenAt: "asc" }, { id: "asc" }],
      ...unsignedWindow,
      select: {
        number: true,
        agreement: { select: { id: true, title: true } },
        signingRequests: {
          select: { status: true, invitedAt: true, signatory: { select: { name: true } } },
          orderBy: { invitedAt: "asc" },
        },
      },
    }),
    client.commitment.groupBy({
      by: ["status"],
      where: { agreementId: { in: runningIds } },
      _count: { _all: true },
    }),
    client.auditEvent.findMany({
      where: { agreementId: agreementWhere.id, action: SIGNING_COMPLETED, createdAt: { gte: from, lt: to } },
      select: { createdAt: true },
    }),
  ]);

  const commitmentTotals = Object.fromEntries(COMMITMENT_STATUSES.map((s) => [s, 0])) as Record<CommitmentStatus, number>;
  for (const group of commitmentGroups) {
    if (group.status in commitmentTotals) commitmentTotals[group.status as CommitmentStatus] = group._count._all;
  }

  return {
    service,
    schools: paginate(shown, options.pages.schools, "pagina"),
    statusTotals,
    municipalities,
    overdueEvaluations: pageOf(
      overdue.map((m) => ({
        id: m.id,
        date: m.date,
        label: m.label,
        agreementId: m.agreement.id,
        title: m.agreement.title,
        school: m.agreement.parties.map((p) => p.organisation.name).join(", "),
      })),
      overdueTotal,
      options.pages.evaluations,
      "pagina_evaluaties"
    ),
    unsigned: pageOf(
      unsigned.map((v) => ({
        agreementId: v.agreement.id,
        title: v.agreement.title,
        versionNumber: v.number,
        sentOn: v.signingRequests.find((r) => r.invitedAt)?.invitedAt ?? null,
        waitingFor: v.signingRequests.filter((r) => r.status === "verstuurd" || r.status === "wachtend").map((r) => r.signatory.name),
      })),
      unsignedTotal,
      options.pages.unsigned,
      "pagina_ondertekening"
    ),
    commitmentTotals,
    signedPerMonth: monthlyCounts(
      completed.map((e) => e.createdAt),
      filters.schoolYear
    ),
  };
}
