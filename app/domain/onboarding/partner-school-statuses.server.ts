// Every school a partner works with (a brugfiguren service, a CLB, a lokaal
// bestuur: its linked schools and the schools that share an agreement with it)
// × where the school stands with the partner's document type in a school year.
// Three queries whatever the number of schools, each starting from the
// partner's own rows (indexed), never from a list of ids. Decision record 003.
import { nextSchoolYear } from "~/domain/calendar";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { BULK_DOCUMENT_TYPE } from "./bulk-values";
import { countByStatus, statusForSchoolYear, type AgreementForStatus, type DashboardStatus } from "./school-status";
import type { PartnerKind } from "./service-schools.server";

/** The document type whose status a partner's school list shows. */
export const PARTNER_DOCUMENT_TYPES: Record<PartnerKind, string> = {
  brugfiguren: "engagementsverklaring-brugfiguren",
  clb: "afsprakennota",
  lokaal_bestuur: "samenwerkingsovereenkomst",
};

export type SchoolStatusRow = {
  id: string;
  name: string;
  instellingsnummer: string | null;
  municipality: string | null;
  educationLevel: string | null;
  onderwijsnet: string | null;
  status: DashboardStatus;
  agreement: { id: string; title: string; schoolYear: string } | null;
  /** The status in the school year after the one asked for (evaluations not counted). */
  nextYear: { status: DashboardStatus; agreementId: string | null };
  /** The partner linked the school itself (not only through an agreement): the link can be removed. */
  linked: boolean;
  hasIntake: boolean;
  /** The partner's default contact person for the school (its ankerfiguur, brugfiguur, contactpersoon), on its own link. */
  contactUserId: string | null;
};

const collator = new Intl.Collator("nl-BE", { sensitivity: "base", numeric: true });

/** "2026-09-01" … "2027-08-31": the dates (YYYY-MM-DD) of a school year. */
function schoolYearDates(schoolYear: string): { from: string; to: string } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: `${start}-09-01`, to: `${start + 1}-08-31` };
}

type PartnerSchool = Pick<SchoolStatusRow, "id" | "name" | "instellingsnummer" | "municipality" | "educationLevel" | "onderwijsnet">;

/**
 * The schools a partner works with (the same as partnerSchoolsWhere: its own
 * links and the schools sharing an agreement with it), found from the partner's
 * own link and party rows (indexed) instead of testing every organisation.
 * One statement for the list and the counts.
 */
function partnerSchools(client: PrismaClient, partnerId: string) {
  return client.$queryRaw<PartnerSchool[]>`
    SELECT o."id", o."name", o."instellingsnummer", o."municipality", o."educationLevel", o."onderwijsnet" FROM "Organisation" o
    WHERE o."kind" = 'school' AND o."id" IN (
      SELECT l."schoolId" FROM "ServiceSchool" l WHERE l."serviceId" = ${partnerId}
      UNION
      SELECT party."organisationId" FROM "AgreementParty" own
      JOIN "AgreementParty" party ON party."agreementId" = own."agreementId"
      WHERE own."organisationId" = ${partnerId})`;
}

/** The schools of the partner with their status for `documentType`, sorted by name. */
export async function listPartnerSchoolStatuses(options: {
  partnerId: string;
  documentType: string;
  schoolYear: string;
  /** The school year running today (default: the one asked for). */
  currentSchoolYear?: string;
  client?: PrismaClient;
}): Promise<SchoolStatusRow[]> {
  const client = options.client ?? db;
  const [schools, links, agreements] = await Promise.all([
    partnerSchools(client, options.partnerId),
    // The partner's own links (another partner's link or intake doesn't count).
    client.serviceSchool.findMany({ where: { serviceId: options.partnerId }, select: { schoolId: true, intakeNotes: true, contactUserId: true } }),
    partnerAgreementsBySchool(options, client),
  ]);
  const linked = new Map(links.map((l) => [l.schoolId, l]));
  const next = nextSchoolYear(options.schoolYear);
  return schools
    .map((s): SchoolStatusRow => {
      const own = agreements.get(s.id) ?? [];
      const { status, agreement } = statusForSchoolYear(own, options.schoolYear, options.currentSchoolYear);
      // The flag is about the year asked for: the next year's status ignores it.
      const nextYear = statusForSchoolYear(
        own.map((a) => ({ ...a, evaluated: false })),
        next,
        options.currentSchoolYear
      );
      return {
        ...s,
        status,
        agreement: agreement ? { id: agreement.id, title: agreement.title, schoolYear: agreement.schoolYear } : null,
        nextYear: { status: nextYear.status, agreementId: nextYear.agreement?.id ?? null },
        linked: linked.has(s.id),
        hasIntake: Boolean(linked.get(s.id)?.intakeNotes),
        contactUserId: linked.get(s.id)?.contactUserId ?? null,
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** The schools of the service with their engagementsverklaring status; one list for the dashboard and the school pages. */
export function listServiceSchoolStatuses(options: { serviceId: string; schoolYear: string; currentSchoolYear?: string; client?: PrismaClient }) {
  return listPartnerSchoolStatuses({ ...options, partnerId: options.serviceId, documentType: BULK_DOCUMENT_TYPE });
}

type PartnerStatusOptions = { partnerId: string; documentType: string; schoolYear: string; currentSchoolYear?: string };

/**
 * The partner's agreements of this type per party organisation, from the
 * partner's own party rows (indexed), and whether one was evaluated in the
 * school year.
 */
async function partnerAgreementsBySchool(options: PartnerStatusOptions, client: PrismaClient): Promise<Map<string, AgreementForStatus[]>> {
  const { from, to } = schoolYearDates(options.schoolYear);
  const agreements = await client.$queryRaw<
    Array<Omit<AgreementForStatus, "evaluated"> & { organisationId: string; yearCount: number | bigint; evaluated: number | bigint | boolean }>
  >`
      SELECT party."organisationId", a."id", a."title", a."status", a."schoolYear", a."yearCount",
        CASE WHEN EXISTS (SELECT 1 FROM "EvaluationMoment" m WHERE m."agreementId" = a."id" AND m."status" = 'afgerond'
          AND m."date" >= ${from} AND m."date" <= ${to}) THEN 1 ELSE 0 END AS "evaluated"
      FROM "AgreementParty" own
      JOIN "Agreement" a ON a."id" = own."agreementId" AND a."documentType" = ${options.documentType}
      JOIN "AgreementParty" party ON party."agreementId" = a."id"
      WHERE own."organisationId" = ${options.partnerId}`;
  const bySchool = new Map<string, AgreementForStatus[]>();
  const seen = new Set<string>();
  for (const { organisationId, yearCount, evaluated, ...agreement } of agreements) {
    const key = `${organisationId}\u0000${agreement.id}`;
    if (seen.has(key)) continue; // a party with two roles in one agreement
    seen.add(key);
    const row = { ...agreement, yearCount: Number(yearCount), evaluated: Number(evaluated) === 1 };
    bySchool.set(organisationId, [...(bySchool.get(organisationId) ?? []), row]);
  }
  return bySchool;
}

/**
 * The partner's schools counted per status (no filter): the totals of
 * `listPartnerSchoolStatuses` without names, links or sorting. Two queries.
 */
export async function countPartnerSchoolStatuses(options: PartnerStatusOptions & { client?: PrismaClient }): Promise<Record<DashboardStatus, number>> {
  const client = options.client ?? db;
  const [schools, agreements] = await Promise.all([
    partnerSchools(client, options.partnerId),
    partnerAgreementsBySchool(options, client),
  ]);
  return countByStatus(schools.map((s) => statusForSchoolYear(agreements.get(s.id) ?? [], options.schoolYear, options.currentSchoolYear).status));
}
