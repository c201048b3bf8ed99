// The dashboard of a school's directie or zorgcoördinator: the school's
// agreements, what waits for their own signature, and the school's commitments
// due this month. A fixed number of queries, whatever the number of agreements.
import { addDays, type IsoDate } from "~/domain/calendar";
import { OPEN_STATUSES } from "~/domain/commitments/vocabulary";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";
import { paginate, pageOf, pageWindow, type DashboardFilters, type Page } from "./filters";
import { coversSchoolYear } from "./status";

const SCHOOL_ROLES = ["directie", "zorgcoordinator"];

export type SchoolDashboard = {
  schools: Array<{ id: string; name: string }>;
  agreements: Page<{ id: string; title: string; documentType: string; schoolYear: string; yearCount: number; status: string; parties: string }>;
  awaitingSignature: Page<{ requestId: string; agreementId: string; title: string; versionNumber: number; expiresAt: Date; functionTitle: string }>;
  commitmentsDue: Page<{ id: string; agreementId: string; title: string; what: string; dueDate: string | null; status: string; bearer: string | null }>;
  month: { from: IsoDate; to: IsoDate };
};

export function schoolsOf(user: SessionUser): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of user.memberships) {
    if (SCHOOL_ROLES.includes(m.role) && m.organisationKind === "school") seen.set(m.organisationId, m.organisationName);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** First and last day of the month of `today`. */
export function monthOf(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = `${today.slice(0, 7)}-01` as IsoDate;
  const [year, month] = today.split("-").map(Number) as [number, number];
  const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return { from, to: addDays(nextMonth as IsoDate, -1) };
}

export async function loadSchoolDashboard(options: {
  user: SessionUser;
  filters: DashboardFilters;
  pages: { agreements: number; signatures: number; commitments: number };
  today: IsoDate;
  client?: PrismaClient;
}): Promise<SchoolDashboard> {
  const client = options.client ?? db;
  const schools = schoolsOf(options.user);
  if (schools.length === 0) throw forbidden("Dit overzicht is voor de directie en de zorgcoördinator van een school.");
  const schoolIds = schools.map((s) => s.id);
  const ofSchool = { parties: { some: { organisationId: { in: schoolIds } } } };
  const month = monthOf(options.today);
  const signatureWhere = {
    status: "verstuurd",
    signatory: { email: options.user.email.trim().toLowerCase() },
    version: { status: "ter_ondertekening" },
  };
  const commitmentWhere = {
    agreement: { ...ofSchool, status: { in: ["ondertekend", "verlopen"] } },
    dueDate: { gte: month.from, lte: month.to },
    status: { in: [...OPEN_STATUSES] },
  };
  const signaturesWindow = pageWindow(options.pages.signatures);
  const commitmentsWindow = pageWindow(options.pages.commitments);

  const [agreements, signaturesTotal, signatures, commitmentsTotal, commitments] = await Promise.all([
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
      select: {
        id: true,
        what: true,
        dueDate: true,
        status: true,
        agreement: { select: { id: true, title: true } },
        bearer: { select: { organisation: { select: { name: true } } } },
      },
    }),
  ]);

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
    commitmentsDue: pageOf(
      commitments.map((c) => ({
        id: c.id,
        agreementId: c.agreement.id,
        title: c.agreement.title,
        what: c.what,
        dueDate: c.dueDate,
        status: c.status,
        bearer: c.bearer?.organisation.name ?? null,
      })),
      commitmentsTotal,
      options.pages.commitments,
      "pagina_afspraken"
    ),
    month,
  };
}
