// The CLB's dashboard: every school of the CLB (linked by hand or from the
// lookup, or sharing a nota) × the status of the afsprakennota in the chosen
// school year and the next, and the evaluation moments coming up.
// A fixed number of queries, whatever the number of schools.
import { nextSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { membershipsAllow } from "~/domain/access/policy";
import { pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { listPartnerSchoolStatuses, PARTNER_DOCUMENT_TYPES } from "~/domain/onboarding/partner-school-statuses.server";
import { partnerSchoolsSection, type PartnerSchoolsSection } from "./partner-schools-section";

const CLB_ROLES = ["clb_medewerker", "clb_directeur"];

export type ClbDashboard = {
  /** The CLB shown (`?clb=` picks one of the user's CLBs). */
  clb: { id: string; name: string };
  clbs: Array<{ id: string; name: string }>;
  /** The user may draft for the CLB: each school without a nota gets "Nota opstellen". */
  canStart: boolean;
  documentType: string;
  schoolYear: string;
  nextSchoolYear: string;
  upcomingEvaluations: Page<{ id: string; date: string; label: string; agreementId: string; title: string; school: string }>;
} & PartnerSchoolsSection;

export function clbsOf(user: SessionUser): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of user.memberships) {
    if (CLB_ROLES.includes(m.role) && m.organisationKind === "clb") seen.set(m.organisationId, m.organisationName);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** The CLB's evaluation moments still planned from today on, in signed notas (of schools in the municipality). */
export function upcomingEvaluationsWhere(clbId: string, today: IsoDate, municipality: string | null) {
  return {
    status: "gepland",
    date: { gte: today },
    agreement: {
      parties: { some: { organisationId: clbId } },
      status: "ondertekend",
      ...(municipality ? { AND: [{ parties: { some: { organisation: { kind: "school", municipality } } } }] } : {}),
    },
  } satisfies Prisma.EvaluationMomentWhereInput;
}

export async function loadClbDashboard(options: {
  user: SessionUser;
  clbId?: string | null;
  filters: DashboardFilters;
  pages: { schools: number; evaluations: number };
  today: IsoDate;
  client?: PrismaClient;
}): Promise<ClbDashboard> {
  const client = options.client ?? db;
  const clbs = clbsOf(options.user);
  if (clbs.length === 0) throw forbidden("Dit overzicht is voor CLB-medewerkers.");
  const clb = clbs.find((c) => c.id === options.clbId) ?? clbs[0]!;
  const { filters } = options;

  const evaluationWhere = upcomingEvaluationsWhere(clb.id, options.today, filters.municipality);
  const window = pageWindow(options.pages.evaluations);
  const [all, upcomingTotal, upcoming] = await Promise.all([
    listPartnerSchoolStatuses({ partnerId: clb.id, documentType: PARTNER_DOCUMENT_TYPES.clb, schoolYear: filters.schoolYear, currentSchoolYear: schoolYearOf(options.today), client }),
    client.evaluationMoment.count({ where: evaluationWhere }),
    client.evaluationMoment.findMany({
      where: evaluationWhere,
      orderBy: [{ date: "asc" }, { id: "asc" }],
      ...window,
      select: {
        id: true,
        date: true,
        label: true,
        agreement: {
          select: { id: true, title: true, parties: { where: { organisation: { kind: "school" } }, select: { organisation: { select: { name: true } } } } },
        },
      },
    }),
  ]);

  return {
    clb,
    clbs,
    canStart: membershipsAllow(options.user.memberships, "agreement:create", [clb.id]),
    documentType: PARTNER_DOCUMENT_TYPES.clb,
    schoolYear: filters.schoolYear,
    nextSchoolYear: nextSchoolYear(filters.schoolYear),
    ...partnerSchoolsSection(all, filters, options.pages.schools),
    upcomingEvaluations: pageOf(
      upcoming.map((m) => ({
        id: m.id,
        date: m.date,
        label: m.label,
        agreementId: m.agreement.id,
        title: m.agreement.title,
        school: m.agreement.parties.map((p) => p.organisation.name).join(", "),
      })),
      upcomingTotal,
      options.pages.evaluations,
      "pagina_evaluaties"
    ),
  };
}
