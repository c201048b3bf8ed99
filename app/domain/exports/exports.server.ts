// CSV exports of agreement status and commitments, always limited to the
// agreements the user's organisations are party to (and may read).
import { organisationsAllowing } from "~/domain/access/policy";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { agreementStatusLabel } from "~/domain/agreements/status";
import { cadenceLabel } from "~/domain/calendar/cadence";
import { COMMITMENT_STATUS_LABELS, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import { coversSchoolYear } from "~/domain/onboarding/school-status";
import { db } from "~/utils/db.server";
import { forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { toCsv, type CsvColumn } from "./csv";
import { formatNumericDate } from "~/domain/calendar/brussels-format";

export type ExportFilters = { schoolYear: string | null; status: string | null };

const formatIsoDate = (d: string | null) => {
  const m = d ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(d) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : d ?? "";
};

function readableOrganisations(user: SessionUser): string[] {
  const ids = organisationsAllowing(user.memberships, "agreement:read");
  if (ids.length === 0) throw forbidden("Uw rol laat geen export toe.");
  return ids;
}

function matches(a: { schoolYear: string; yearCount: number; status: string }, filters: ExportFilters): boolean {
  return (!filters.schoolYear || coversSchoolYear(a, filters.schoolYear)) && (!filters.status || a.status === filters.status);
}

type AgreementRow = {
  id: string;
  title: string;
  documentType: string;
  schoolYear: string;
  yearCount: number;
  status: string;
  schools: Array<{ name: string; instellingsnummer: string | null; municipality: string | null }>;
  others: string[];
  versionNumber: number | null;
  sentOn: Date | null;
  signedOn: Date | null;
};

export async function exportAgreementsCsv(options: { user: SessionUser; filters: ExportFilters; publicUrl: string }): Promise<{ csv: string; count: number }> {
  const orgIds = readableOrganisations(options.user);
  const agreements = await db.agreement.findMany({
    where: { parties: { some: { organisationId: { in: orgIds } } }, status: { not: "gearchiveerd" } },
    orderBy: [{ schoolYear: "desc" }, { title: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      documentType: true,
      schoolYear: true,
      yearCount: true,
      status: true,
      parties: {
        orderBy: { position: "asc" },
        select: { organisation: { select: { name: true, kind: true, instellingsnummer: true, municipality: true } } },
      },
      versions: {
        orderBy: { number: "desc" },
        take: 1,
        select: {
          number: true,
          signingRequests: { select: { invitedAt: true } },
          signatures: { where: { outcome: "signed" }, select: { signedAt: true } },
          status: true,
        },
      },
    },
  });
  const rows: AgreementRow[] = agreements
    .filter((a) => matches(a, options.filters))
    .map((a) => {
      const latest = a.versions[0];
      const invited = latest?.signingRequests.map((r) => r.invitedAt).filter((d): d is Date => d !== null) ?? [];
      const signed = latest?.status === "ondertekend" ? latest.signatures.map((s) => s.signedAt) : [];
      return {
        id: a.id,
        title: a.title,
        documentType: a.documentType,
        schoolYear: a.schoolYear,
        yearCount: a.yearCount,
        status: a.status,
        schools: a.parties.filter((p) => p.organisation.kind === "school").map((p) => p.organisation),
        others: a.parties.filter((p) => p.organisation.kind !== "school").map((p) => p.organisation.name),
        versionNumber: latest?.number ?? null,
        sentOn: invited.length ? new Date(Math.min(...invited.map((d) => d.getTime()))) : null,
        signedOn: signed.length ? new Date(Math.max(...signed.map((d) => d.getTime()))) : null,
      };
    });
  const columns: Array<CsvColumn<AgreementRow>> = [
    { header: "Overeenkomst", value: (r) => r.title },
    { header: "Soort", value: (r) => documentTypeLabel(r.documentType) },
    { header: "Schooljaar", value: (r) => r.schoolYear },
    { header: "Aantal schooljaren", value: (r) => r.yearCount },
    { header: "Status", value: (r) => agreementStatusLabel(r.status) },
    { header: "School", value: (r) => r.schools.map((s) => s.name).join(", ") },
    { header: "Instellingsnummer", value: (r) => r.schools.map((s) => s.instellingsnummer ?? "").join(", ") },
    { header: "Gemeente", value: (r) => r.schools.map((s) => s.municipality ?? "").join(", ") },
    { header: "Andere partijen", value: (r) => r.others.join(", ") },
    { header: "Laatste versie", value: (r) => r.versionNumber },
    { header: "Verstuurd op", value: (r) => formatNumericDate(r.sentOn) },
    { header: "Ondertekend op", value: (r) => formatNumericDate(r.signedOn) },
    { header: "Link", value: (r) => `${options.publicUrl}/overeenkomsten/${r.id}` },
  ];
  return { csv: toCsv(rows, columns), count: rows.length };
}

type CommitmentRow = {
  agreementId: string;
  title: string;
  schoolYear: string;
  agreementStatus: string;
  schools: string;
  what: string;
  bearer: string;
  howMeasured: string | null;
  dueDate: string | null;
  cadence: string;
  status: string;
  evidenceNote: string | null;
  evidenceUrl: string | null;
};

export async function exportCommitmentsCsv(options: { user: SessionUser; filters: ExportFilters; publicUrl: string }): Promise<{ csv: string; count: number }> {
  const orgIds = readableOrganisations(options.user);
  const commitments = await db.commitment.findMany({
    where: { agreement: { parties: { some: { organisationId: { in: orgIds } } }, status: { not: "gearchiveerd" } } },
    orderBy: [{ agreement: { title: "asc" } }, { dueDate: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      what: true,
      howMeasured: true,
      dueDate: true,
      cadence: true,
      status: true,
      evidenceNote: true,
      evidenceUrl: true,
      bearer: { select: { organisation: { select: { name: true } } } },
      agreement: {
        select: {
          id: true,
          title: true,
          schoolYear: true,
          yearCount: true,
          status: true,
          parties: { where: { organisation: { kind: "school" } }, select: { organisation: { select: { name: true } } } },
        },
      },
    },
  });
  const rows: CommitmentRow[] = commitments
    .filter((c) => matches(c.agreement, options.filters))
    .map((c) => ({
      agreementId: c.agreement.id,
      title: c.agreement.title,
      schoolYear: c.agreement.schoolYear,
      agreementStatus: c.agreement.status,
      schools: c.agreement.parties.map((p) => p.organisation.name).join(", "),
      what: c.what,
      bearer: c.bearer?.organisation.name ?? "",
      howMeasured: c.howMeasured,
      dueDate: c.dueDate,
      cadence: c.cadence,
      status: c.status,
      evidenceNote: c.evidenceNote,
      evidenceUrl: c.evidenceUrl,
    }));
  const columns: Array<CsvColumn<CommitmentRow>> = [
    { header: "Overeenkomst", value: (r) => r.title },
    { header: "Schooljaar", value: (r) => r.schoolYear },
    { header: "Status overeenkomst", value: (r) => agreementStatusLabel(r.agreementStatus) },
    { header: "School", value: (r) => r.schools },
    { header: "Afspraak", value: (r) => r.what },
    { header: "Wie voert uit", value: (r) => r.bearer },
    { header: "Hoe meten we het", value: (r) => r.howMeasured },
    { header: "Tegen", value: (r) => formatIsoDate(r.dueDate) },
    { header: "Hoe vaak", value: (r) => cadenceLabel(r.cadence) },
    { header: "Status", value: (r) => COMMITMENT_STATUS_LABELS[r.status as CommitmentStatus] ?? r.status },
    { header: "Bewijs", value: (r) => r.evidenceNote },
    { header: "Link naar bewijs", value: (r) => r.evidenceUrl },
    { header: "Link", value: (r) => `${options.publicUrl}/overeenkomsten/${r.agreementId}` },
  ];
  return { csv: toCsv(rows, columns), count: rows.length };
}
