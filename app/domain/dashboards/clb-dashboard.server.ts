// The CLB's dashboard: its schools × the status of the afsprakennota in the
// chosen school year and the next, and the evaluation moments coming up.
// A fixed number of queries, whatever the number of schools.
import { nextSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";
import { paginate, pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { countByStatus, statusForSchoolYear, type DashboardStatus } from "./status";

const CLB_ROLES = ["clb_medewerker", "clb_directeur"];
const DOCUMENT_TYPE = "afsprakennota";

export type ClbSchoolRow = {
  id: string;
  name: string;
  municipality: string | null;
  thisYear: { status: DashboardStatus; agreementId: string | null };
  nextYear: { status: DashboardStatus; agreementId: string | null };
};

export type ClbDashboard = {
  clbs: Array<{ id: string; name: string }>;
  schoolYear: string;
  nextSchoolYear: string;
  schools: Page<ClbSchoolRow>;
  statusTotals: Record<DashboardStatus, number>;
  municipalities: string[];
  upcomingEvaluations: Page<{ id: string; date: string; label: string; agreementId: string; title: string; school: string }>;
};

const collator = new Intl.Collator("nl-BE", { sensitivity: "base", numeric: true });

export function clbsOf(user: SessionUser): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of user.memberships) {
    if (CLB_ROLES.includes(m.role) && m.organisationKind === "clb") seen.set(m.organisationId, m.organisationName);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

export async function loadClbDashboard(options: {
  user: SessionUser;
  filters: DashboardFilters;
  pages: { schools: number; evaluations: number };
  today: IsoDate;
  client?: PrismaClient;
}): Promise<ClbDashboard> {
  const client = options.client ?? db;
  const clbs = clbsOf(options.user);
  if (clbs.length === 0) throw forbidden("Dit overzicht is voor CLB-medewerkers.");
  const clbIds = clbs.map((c) => c.id);
  const { filters } = options;
  const next = nextSchoolYear(filters.schoolYear);
  const current = schoolYearOf(options.today);
  const withClb = { documentType: DOCUMENT_TYPE, parties: { some: { organisationId: { in: clbIds } } } };

  const evaluationWhere = {
    status: "gepland",
    date: { gte: options.today },
    agreement: {
      parties: { some: { organisationId: { in: clbIds } } },
      status: "ondertekend",
      ...(filters.municipality ? { AND: [{ parties: { some: { organisation: { kind: "school", municipality: filters.municipality } } } }] } : {}),
    },
  };
  const window = pageWindow(options.pages.evaluations);
  const [schools, upcomingTotal, upcoming] = await Promise.all([
    client.organisation.findMany({
      where: { kind: "school", parties: { some: { agreement: withClb } } },
      select: {
        id: true,
        name: true,
        municipality: true,
        parties: {
          where: { agreement: withClb },
          select: { agreement: { select: { id: true, title: true, status: true, schoolYear: true, yearCount: true } } },
        },
      },
    }),
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

  const rows = schools
    .map((s): ClbSchoolRow => {
      const agreements = s.parties.map((p) => p.agreement);
      const thisYear = statusForSchoolYear(agreements, filters.schoolYear, current);
      const nextYear = statusForSchoolYear(agreements, next, current);
      return {
        id: s.id,
        name: s.name,
        municipality: s.municipality,
        thisYear: { status: thisYear.status, agreementId: thisYear.agreement?.id ?? null },
        nextYear: { status: nextYear.status, agreementId: nextYear.agreement?.id ?? null },
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
  const municipalities = [...new Set(rows.map((s) => s.municipality).filter((m): m is string => Boolean(m)))].sort(collator.compare);
  const inPlace = filters.municipality ? rows.filter((s) => s.municipality === filters.municipality) : rows;
  const shown = filters.status ? inPlace.filter((s) => s.thisYear.status === filters.status) : inPlace;

  return {
    clbs,
    schoolYear: filters.schoolYear,
    nextSchoolYear: next,
    schools: paginate(shown, options.pages.schools, "pagina"),
    statusTotals: countByStatus(inPlace.map((s) => s.thisYear.status)),
    municipalities,
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
