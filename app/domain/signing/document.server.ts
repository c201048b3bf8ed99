// What a frozen version says, read from its snapshot after checking the
// content hash: the text the signing page shows and the PDF prints.
import { z } from "zod";
import { documentTypeLabel } from "~/domain/templates/document-types.server";
import { cadenceLabel as labelOfCadence } from "~/domain/calendar/cadence";
import { RASCI_LETTERS } from "~/domain/templates/schema";
import { verifyContentHash } from "~/domain/versions/hash";
import { tamperedVersion } from "~/utils/errors";
import type { SnapshotSignatory, VersionSnapshot } from "~/domain/versions/snapshot";
import { partyDisplayName } from "~/domain/organisations/party-name";

/** The fields of a snapshot this module reads; the rest passes through. */
const SnapshotSchema = z
  .object({
    format: z.literal(1),
    agreement: z.object({
      id: z.string(),
      documentType: z.string(),
      title: z.string(),
      schoolYear: z.string(),
      yearCount: z.number(),
    }),
    parties: z.array(
      z.object({
        partyRole: z.string(),
        partyRoleLabel: z.string(),
        organisationId: z.string(),
        name: z.string(),
        kind: z.string(),
        instellingsnummer: z.string().nullable(),
        address: z.string().nullable(),
        boardName: z.string().optional(),
        boardNumber: z.string().optional(),
      }),
    ),
    clauses: z.array(
      z.object({
        key: z.string(),
        section: z.string(),
        sectionTitle: z.string(),
        templateId: z.string().nullable(),
        templateVersion: z.number().nullable(),
        modified: z.boolean(),
        title: z.string(),
        text: z.string(),
        renderedText: z.string(),
      }),
    ),
    values: z.record(z.union([z.string(), z.number(), z.array(z.string())])),
    commitments: z.array(
      z.object({
        key: z.string(),
        clauseKey: z.string().nullable(),
        templateCommitmentId: z.string().nullable(),
        what: z.string(),
        bearerPartyRole: z.string().nullable(),
        each: z.boolean().optional(),
        rasci: z.record(z.string()),
        cadence: z.string(),
        howMeasured: z.string().nullable(),
        dueDate: z.string().nullable(),
      }),
    ),
    signatories: z.array(
      z.object({
        partyRole: z.string(),
        organisationId: z.string(),
        name: z.string(),
        functionTitle: z.string(),
        email: z.string(),
        kind: z.enum(["signer", "cc"]),
        position: z.number(),
        namedBy: z.string().nullable().optional(),
        confirmedBy: z.string().nullable().optional(),
        onBehalfOf: z.string().optional(),
        mandate: z.string().optional(),
      }),
    ),
  })
  .passthrough();

/**
 * The snapshot of a version, after recomputing its hash. Throws
 * AppError VERSION_TAMPERED when the stored content does not match contentHash.
 */
export function verifiedSnapshot(version: { id: string; content: string; contentHash: string }): VersionSnapshot {
  if (!verifyContentHash(version.content, version.contentHash)) throw tamperedVersion();
  const parsed = SnapshotSchema.safeParse(JSON.parse(version.content));
  if (!parsed.success) throw tamperedVersion();
  return parsed.data as unknown as VersionSnapshot;
}

export type DocumentSection = { title: string; clauses: Array<{ title: string; text: string; provenance: string }> };
export type DocumentCommitment = { who: string; what: string; due: string; rasci: string };
export type DocumentParty = {
  roleLabel: string;
  name: string;
  /** "VBS X, ingericht door vzw Y" (the name with its board, as the version froze it). */
  displayName: string;
  address: string | null;
  instellingsnummer: string | null;
  /** The board, for the PDF's "Ingericht door …" line. */
  board: string | null;
};

export type DocumentView = {
  title: string;
  documentTypeLabel: string;
  schoolYear: string;
  yearCount: number;
  parties: DocumentParty[];
  sections: DocumentSection[];
  commitments: DocumentCommitment[];
};

/** A signatory as the version froze it (found by party organisation and e-mail address). */
export function frozenSignatory(
  snapshot: { signatories: SnapshotSignatory[] },
  signatory: { email: string; party: { organisationId: string } },
): SnapshotSignatory | undefined {
  const email = signatory.email.trim().toLowerCase();
  return snapshot.signatories.find((s) => s.organisationId === signatory.party.organisationId && s.email.trim().toLowerCase() === email);
}

/** A YYYY-MM-DD date as people in Flanders write it (dd/mm/yyyy). */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** When a commitment is due: its date, its cadence, or both. */
export function dueLabel(dueDate: string | null, cadence: string): string {
  const cadenceLabel = labelOfCadence(cadence);
  if (!dueDate) return cadenceLabel;
  return cadence === "eenmalig" ? formatDate(dueDate) : `${formatDate(dueDate)} (${cadenceLabel.toLowerCase()})`;
}

function provenance(clause: VersionSnapshot["clauses"][number]): string {
  if (!clause.templateId) return "eigen tekst";
  return `sjabloon ${clause.templateId} v${clause.templateVersion ?? "?"}${clause.modified ? ", aangepast" : ""}`;
}

/** The document as people read it: sections in order, parties, commitments with RASCI. */
export function documentView(snapshot: VersionSnapshot): DocumentView {
  const sections: DocumentSection[] = [];
  let current: { key: string; section: DocumentSection } | null = null;
  for (const clause of snapshot.clauses) {
    if (!current || current.key !== clause.section) {
      current = { key: clause.section, section: { title: clause.sectionTitle, clauses: [] } };
      sections.push(current.section);
    }
    current.section.clauses.push({ title: clause.title, text: clause.renderedText, provenance: provenance(clause) });
  }

  const roleLabel = (role: string) => snapshot.parties.find((p) => p.partyRole === role)?.partyRoleLabel ?? role;
  const bearer = (role: string | null, each?: boolean) => {
    if (!role) return "Alle partijen";
    const parties = snapshot.parties.filter((p) => p.partyRole === role);
    if (parties.length === 1) return parties[0]!.name;
    return each ? `${roleLabel(role)}, elk afzonderlijk` : roleLabel(role);
  };
  const letterOrder = (letter: string) => {
    const index = (RASCI_LETTERS as readonly string[]).indexOf(letter);
    return index < 0 ? 99 : index;
  };
  const commitments = snapshot.commitments.map((c) => ({
    who: bearer(c.bearerPartyRole, c.each),
    what: c.what,
    due: dueLabel(c.dueDate, c.cadence),
    rasci: Object.entries(c.rasci)
      .sort(([, a], [, b]) => letterOrder(a) - letterOrder(b))
      .map(([role, letter]) => `${roleLabel(role)}: ${letter}`)
      .join(" · "),
  }));

  return {
    title: snapshot.agreement.title,
    documentTypeLabel: documentTypeLabel(snapshot.agreement.documentType),
    schoolYear: snapshot.agreement.schoolYear,
    yearCount: snapshot.agreement.yearCount,
    parties: snapshot.parties.map((p) => ({
      roleLabel: p.partyRoleLabel,
      name: p.name,
      displayName: partyDisplayName(p),
      address: p.address,
      instellingsnummer: p.instellingsnummer,
      board: p.boardName ? `${p.boardName}${p.boardNumber ? ` (nummer ${p.boardNumber})` : ""}` : null,
    })),
    sections,
    commitments,
  };
}
