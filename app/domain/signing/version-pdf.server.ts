// A version as a PDF: the sealed final PDF of a signed version, or a fresh
// rendering with the "CONCEPT" watermark for a version that is not signed.
import { AUDIT_ACTION_LABELS } from "~/domain/audit/record-audit-event.server";
import { renderAgreementPdf, type AgreementPdfAuditEvent, type AgreementPdfImage, type AgreementPdfInput } from "~/domain/pdf";
import { db } from "~/utils/db.server";
import { isDemo } from "~/utils/env.server";
import { signedOnBehalfDetail, SIGNING_AUDIT_LABELS } from "~/domain/audit/audit-labels";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import { documentView, frozenSignatory, verifiedSnapshot } from "./document.server";
import { pdfFileName } from "./mails.server";

const LABELS: Record<string, string> = { ...AUDIT_ACTION_LABELS, ...SIGNING_AUDIT_LABELS };

function auditDetail(action: string, data: string | null, ipAddress: string | null): string | null {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = data ? (JSON.parse(data) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  const parts: string[] = [];
  if (action === "signing.declined" && typeof parsed.reason === "string") parts.push(`Reden: ${parsed.reason}`);
  if (action === "signing.signed" && typeof parsed.typedName === "string") parts.push(`getypte naam: ${parsed.typedName}`);
  if (action === "signing.signed" && parsed.drawnSignature === true) parts.push("met getekende handtekening");
  const onBehalf = action === "signing.signed" ? signedOnBehalfDetail(parsed) : null;
  if (onBehalf) parts.push(onBehalf);
  if (action === "signing.invited" && typeof parsed.signatory === "string") parts.push(`aan ${parsed.signatory}`);
  if (action === "signing.sent" && typeof parsed.signingOrder === "string") parts.push(`volgorde: ${parsed.signingOrder}`);
  if (action === "version.frozen" && Array.isArray(parsed.signatories)) parts.push(...frozenSignatories(parsed.signatories));
  if (ipAddress) parts.push(`IP ${ipAddress}`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/** "X: aangeduid door Y" per signatory of a freeze event (who named each signatory, in the audit trail). */
function frozenSignatories(list: unknown[]): string[] {
  return list.flatMap((entry) => {
    const s = entry as { name?: unknown; namedBy?: unknown; confirmedBy?: unknown };
    if (typeof s.name !== "string" || typeof s.namedBy !== "string") return [];
    const confirmed = typeof s.confirmedBy === "string" && s.confirmedBy !== s.namedBy ? `, bevestigd door ${s.confirmedBy}` : "";
    return [`${s.name}: aangeduid door ${s.namedBy}${confirmed}`];
  });
}

/** Who named (and confirmed) a signatory and on whose behalf it signs, as the version froze it. */
function namedInSnapshot(
  snapshot: VersionSnapshot,
  signatory: { email: string; party: { organisationId: string } },
): { namedBy: string | null; confirmedBy: string | null; onBehalfOf: string | null; mandate: string | null } {
  const frozen = frozenSignatory(snapshot, signatory);
  return { namedBy: frozen?.namedBy ?? null, confirmedBy: frozen?.confirmedBy ?? null, onBehalfOf: frozen?.onBehalfOf ?? null, mandate: frozen?.mandate ?? null };
}

/** The logos of the agreement's parties (found through the parties, not a list of ids), by organisation. */
async function partyLogos(agreementId: string): Promise<Map<string, AgreementPdfImage>> {
  const rows = await db.organisationLogo.findMany({
    where: { organisation: { parties: { some: { agreementId } } } },
    select: { organisationId: true, bytes: true, mimeType: true },
  });
  return new Map(
    rows.map((row) => [
      row.organisationId,
      { bytes: new Uint8Array(row.bytes), mimeType: row.mimeType === "image/jpeg" ? "image/jpeg" : "image/png" },
    ]),
  );
}

/** The renderer's input for a stored version (throws when its hash does not match). */
export async function buildPdfInput(
  versionId: string,
  options: { watermark: "CONCEPT" | null; generatedAt: Date },
): Promise<AgreementPdfInput> {
  const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId } });
  const snapshot = verifiedSnapshot(version);
  const view = documentView(snapshot);
  const [agreement, logos, signatures, events] = await Promise.all([
    db.agreement.findUniqueOrThrow({ where: { id: version.agreementId }, select: { reference: true } }),
    partyLogos(version.agreementId),
    db.signature.findMany({
      where: { versionId, outcome: "signed" },
      orderBy: { signedAt: "asc" },
      include: { signatory: { include: { party: { include: { organisation: { select: { name: true } } } } } } },
    }),
    db.auditEvent.findMany({
      where: { versionId },
      orderBy: { createdAt: "asc" },
      include: { actor: { select: { name: true } } },
    }),
  ]);
  return {
    agreementId: version.agreementId,
    reference: agreement.reference,
    title: view.title,
    documentTypeLabel: view.documentTypeLabel,
    schoolYear: view.schoolYear,
    versionNumber: version.number,
    versionHash: version.contentHash,
    parties: view.parties.map((party, i) => ({ ...party, logo: logos.get(snapshot.parties[i]?.organisationId ?? "") ?? null })),
    sections: view.sections,
    commitments: view.commitments.map((c) => ({ what: c.what, bearer: c.who, dueLabel: c.due, rasci: c.rasci })),
    signatures: signatures.map((s) => ({
      name: s.signatory.name,
      function: s.signatory.functionTitle,
      organisation: s.signatory.party.organisation.name,
      ...namedInSnapshot(snapshot, s.signatory),
      signedAt: s.signedAt,
      drawnSignaturePng: s.drawnSignature ? new Uint8Array(s.drawnSignature) : null,
    })),
    auditEvents: events.map(
      (e): AgreementPdfAuditEvent => ({
        at: e.createdAt,
        actor: e.actor?.name ?? e.actorLabel ?? "Akkoord",
        action: LABELS[e.action] ?? e.action,
        detail: auditDetail(e.action, e.data, e.ipAddress),
      }),
    ),
    watermark: options.watermark,
    generatedAt: options.generatedAt,
    demo: isDemo(),
  };
}

export type VersionPdf = { bytes: Uint8Array; fileName: string; kind: "ondertekend" | "concept" };

/** The stored final PDF of a signed version, or a CONCEPT rendering of any other version. */
export async function versionPdf(versionId: string, now: Date = new Date()): Promise<VersionPdf | { kind: "pending" }> {
  const version = await db.agreementVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { id: true, number: true, status: true, finalPdf: true, agreement: { select: { title: true } } },
  });
  if (version.finalPdf) {
    return {
      bytes: new Uint8Array(version.finalPdf),
      fileName: pdfFileName(version.agreement.title, version.number, true),
      kind: "ondertekend",
    };
  }
  if (version.status === "ondertekend" || version.status === "vervangen") return { kind: "pending" };
  const bytes = await renderAgreementPdf(await buildPdfInput(versionId, { watermark: "CONCEPT", generatedAt: now }));
  return { bytes, fileName: pdfFileName(version.agreement.title, version.number, false), kind: "concept" };
}
