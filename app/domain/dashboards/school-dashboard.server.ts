// The dashboard of a school's directie or zorgcoördinator: the school's
// agreements, what waits for their own signature, and the commitments of the
// school's agreements in force that are overdue or due in the coming weeks.
// A fixed number of queries, whatever the number of agreements.
import { addDays, type IsoDate } from "~/domain/calendar";
import { PENDING_COMMITMENT_STATUSES } from "~/domain/commitments/vocabulary";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { paginate, pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { coversSchoolYear } from "~/domain/onboarding/school-status";

const SCHOOL_ROLES = ["directie", "zorgcoordinator"];

export type SchoolDashboard = {
  schools: Array<{ id: string; name: string }>;
  agreements: Page<{ id: string; title: string; documentType: string; schoolYear: string; yearCount: number; status: string; parties: string }>;
  awaitingSignature: Page<{ requestId: string; agreementId: string; title: string; versionNumber: number; expiresAt: Date; functionTitle: string }>;
  /** Still to be done, due from today to the end of the horizon. */
  commitmentsDue: Page<DueCommitment>;
  /** Still to be done, due before today (oldest first). */
  commitmentsOverdue: Page<DueCommitment>;
  upcoming: { from: IsoDate; to: IsoDate };
};

type DueCommitment = { id: string; agreementId: string; title: string; what: string; dueDate: string | null; status: string; bearer: string | null };

/** How far ahead "upcoming" commitments reach. */
export const UPCOMING_COMMITMENT_DAYS = 30;

export function schoolsOf(user: SessionUser): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of user.memberships) {
    if (SCHOOL_ROLES.includes(m.role) && m.organisationKind === "school") seen.set(m.organisationId, m.organisationName);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}


/** What the school dashboard counts: signatures waiting for the user, open commitments due soon and overdue. */
export function schoolDashboardWheres(user: SessionUser, schools: Array<{ id: string }>, today: IsoDate) {
  const schoolIds = schools.map((s) => s.id);
  const ofSchool = { parties: { some: { organisationId: { in: schoolIds } } } };
  const upcoming = { from: today, to: addDays(today, UPCOMING_COMMITMENT_DAYS) };
  const signatureWhere = {
    status: "verstuurd",
    signatory: { email: user.email.trim().toLowerCase() },
    version: { status: "ter_ondertekening" },
  };
  const ofSchoolInForce = { agreement: { ...ofSchool, status: { in: ["ondertekend", "verlopen"] } }, status: { in: [...PENDING_COMMITMENT_STATUSES] } };
  const commitmentWhere = { ...ofSchoolInForce, dueDate: { gte: upcoming.from, lte: upcoming.to } };
  // Overdue only in agreements still in force (as the sweep's notices): an expired year's leftovers carry over at renewal.
  const overdueWhere = { ...ofSchoolInForce, agreement: { ...ofSchool, status: "ondertekend" }, dueDate: { lt: today } };
  return { ofSchool, upcoming, signatureWhere, commitmentWhere, overdueWhere };
}

export async function loadSchoolDashboard(options: {
  user: SessionUser;
  filters: DashboardFilters;
  pages: { agreements: number; signatures: number; commitments: number; overdue?: number };
  today: IsoDate;
  client?: PrismaClient;
}): Promise<SchoolDashboard> {
  const client = options.client ?? db;
  const schools = schoolsOf(options.user);
  if (schools.length === 0) throw forbidden("Dit overzicht is voor de directie en de zorgcoördinator van een school.");
  const { ofSchool, upcoming, signatureWhere, commitmentWhere, overdueWhere } = schoolDashboardWheres(options.user, schools, options.today);
  const signaturesWindow = pageWindow(options.pages.signatures);
  const commitmentsWindow = pageWindow(options.pages.commitments);
  const overdueWindow = pageWindow(options.pages.overdue ?? 1);
  const commitmentSelect = {
    id: true,
    what: true,
    dueDate: true,
    status: true,
    agreement: { select: { id: true, title: true } },
    bearer: { select: { organisation: { select: { name: true } } } },
  } as const;

  const [agreements, signaturesTotal, signatures, commitmentsTotal, commitments, overdueTotal, overdue] = await Promise.all([
    client.agreement.findMany({
      where: { ...ofSchool, status: { not: "gearchiveerd" } },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      select: {
        id: true,
        title: true,
        documentType: true,
        schoolYear: true,
        yearCount: true,
        status: true,
        parties: { orderBy: { position: "asc" }, select: { organisation: { select: { name: true } } } },
      },
    }),
    client.signingRequest.count({ where: signatureWhere }),
    client.signingRequest.findMany({
      where: signatureWhere,
      orderBy: [{ invitedAt: "asc" }, { id: "asc" }],
      ...signaturesWindow,
      select: {
        id: true,
        expiresAt: true,
        signatory: { select: { functionTitle: true } },
        version: { select: { number: true, agreement: { select: { id: true, title: true } } } },
      },
    }),
    client.commitment.count({ where: commitmentWhere }),
    client.commitment.findMany({
      where: commitmentWhere,
      orderBy: [{ dueDate: "asc" }, { id: "asc" }],
      ...commitmentsWindow,
      select: commitmentSelect,
    }),
    client.commitment.count({ where: overdueWhere }),
    client.commitment.findMany({ where: overdueWhere, orderBy: [{ dueDate: "asc" }, { id: "asc" }], ...overdueWindow, select: commitmentSelect }),
  ]);
  const asRow = (c: (typeof commitments)[number]): DueCommitment => ({
    id: c.id,
    agreementId: c.agreement.id,
    title: c.agreement.title,
    what: c.what,
    dueDate: c.dueDate,
    status: c.status,
    bearer: c.bearer?.organisation.name ?? null,
  });

  const filtered = agreements.filter(
    (a) => coversSchoolYear(a, options.filters.schoolYear) && (!options.filters.status || a.status === options.filters.status)
  );
  return {
    schools,
    agreements: paginate(
      filtered.map((a) => ({
        id: a.id,
        title: a.title,
        documentType: a.documentType,
        schoolYear: a.schoolYear,
        yearCount: a.yearCount,
        status: a.status,
        parties: a.parties.map((p) => p.organisation.name).join(" × "),
      })),
      options.pages.agreements,
      "pagina"
    ),
    awaitingSignature: pageOf(
      signatures.map((r) => ({
        requestId: r.id,
        agreementId: r.version.agreement.id,
        title: r.version.agreement.title,
        versionNumber: r.version.number,
        expiresAt: r.expiresAt,
        functionTitle: r.signatory.functionTitle,
      })),
      signaturesTotal,
      options.pages.signatures,
      "pagina_ondertekenen"
    ),
    commitmentsDue: pageOf(commitments.map(asRow), commitmentsTotal, options.pages.commitments, "pagina_afspraken"),
    commitmentsOverdue: pageOf(overdue.map(asRow), overdueTotal, options.pages.overdue ?? 1, "pagina_over_tijd"),
    upcoming,
  };
}
