// After the last signature: render the final PDF (title page, clauses,
// commitments, signature page, audit page with the version hash), seal it with
// the service certificate, store it once in AgreementVersion.finalPdf and
// e-mail it (through the outbox) to every signatory and every "ter info" recipient.
//
// finalizePendingVersions() is the recovery: it finishes any signed version
// whose PDF was never stored or never mailed (e.g. a crash after the flip).
import { createHash } from "node:crypto";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { renderAgreementPdf, sealPdf } from "~/domain/pdf";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { db } from "~/utils/db.server";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { verifiedSnapshot } from "./document.server";
import { deliverSigningMails, enqueueSigningMail, finalPdfMail, pdfFileName, type QueuedMail } from "./mails.server";
import { serviceSealCertificate } from "./seal-certificate.server";
import { signingSettings } from "./settings.server";
import { recordSigningEvent, writeTransaction } from "./store.server";
import { buildPdfInput } from "./version-pdf.server";

/**
 * What follows once an agreement is signed: its evaluation moments (the nota's
 * typed dates, else the type's rhythm; idempotent). A failure is logged, never undoes the signing.
 */
export async function afterSigningCompleted(agreementId: string, now: Date): Promise<void> {
  try {
    await writeTransaction((tx) => scheduleEvaluationMoments(tx, agreementId, { today: brusselsDate(now) }));
  } catch (error) {
    console.error(`signing: evaluation moments for agreement ${agreementId} could not be planned`, error);
  }
}

/** When the version was completed: the "signing.completed" event, else the last signature. */
async function completedAt(versionId: string): Promise<Date> {
  const event = await db.auditEvent.findFirst({
    where: { versionId, action: SIGNING_ACTIONS.completed },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  if (event) return event.createdAt;
  const last = await db.signature.findFirst({ where: { versionId }, orderBy: { signedAt: "desc" }, select: { signedAt: true } });
  return last?.signedAt ?? new Date();
}

/** Renders and seals the final PDF of a signed version (does not store it). */
export async function renderFinalPdf(versionId: string, now: Date): Promise<Uint8Array> {
  const generatedAt = await completedAt(versionId);
  const unsealed = await renderAgreementPdf(await buildPdfInput(versionId, { watermark: null, generatedAt }));
  const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId }, select: { number: true } });
  return sealPdf(unsealed, await serviceSealCertificate(), {
    reason: `Ondertekende versie ${version.number}, verzegeld door Akkoord`,
    signingTime: now,
  });
}

async function mailFinalPdf(versionId: string, now: Date): Promise<{ mailed: string[]; failed: string[] }> {
  const version = await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId } });
  if (!version.finalPdf) return { mailed: [], failed: [] };
  const snapshot = verifiedSnapshot(version);
  const { publicUrl } = signingSettings();
  const pdf = new Uint8Array(version.finalPdf);
  const fileName = pdfFileName(snapshot.agreement.title, version.number, true);
  const recipients = new Map<string, { name: string; email: string }>();
  for (const s of snapshot.signatories) recipients.set(s.email.trim().toLowerCase(), { name: s.name, email: s.email.trim() });

  // Queued in one transaction with the event, so a version is queued once;
  // the outbox retries what fails (and the sweep delivers it).
  const event = { agreementId: version.agreementId, versionId, versionHash: version.contentHash };
  const queued = await writeTransaction(async (tx) => {
    const mails: QueuedMail[] = [];
    for (const recipient of recipients.values()) {
      const key = await enqueueSigningMail(
        tx,
        finalPdfMail({
          to: recipient.email,
          name: recipient.name,
          title: snapshot.agreement.title,
          versionNumber: version.number,
          pdf,
          fileName,
          verifyUrl: `${publicUrl}/verifieer`,
          versionId,
        }),
        { kind: "signing-final-pdf", now, agreementId: version.agreementId },
      );
      mails.push({ key, to: recipient.email, event: { ...event, data: { mail: "ondertekende PDF" } } });
    }
    await recordSigningEvent(tx, {
      ...event,
      action: SIGNING_ACTIONS.finalPdfMailed,
      at: now,
      actorLabel: "Akkoord",
      data: { to: mails.map((m) => m.to) },
    });
    return mails;
  });
  const failed = await deliverSigningMails(queued, now);
  return {
    mailed: queued.filter((m) => !failed.includes(m)).map((m) => m.to),
    failed: failed.map((m) => m.to),
  };
}

/**
 * Makes, stores and mails the final PDF of a signed version. Idempotent: the
 * PDF is stored only when finalPdf is still NULL (a second caller's rendering
 * is dropped), and only the caller that stored it mails it.
 */
export async function finalizeVersion(versionId: string, options: { now?: Date } = {}): Promise<{ stored: boolean; mailed: string[] }> {
  const now = options.now ?? new Date();
  const version = await db.agreementVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { id: true, status: true, finalPdf: true, agreementId: true, contentHash: true },
  });
  if (version.status !== "ondertekend" || version.finalPdf) return { stored: false, mailed: [] };

  const pdf = await renderFinalPdf(versionId, now);
  const stored = await writeTransaction(async (tx) => {
    const { count } = await tx.agreementVersion.updateMany({
      where: { id: versionId, finalPdf: null },
      data: { finalPdf: Buffer.from(pdf) },
    });
    if (count !== 1) return false;
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.finalPdfStored,
      at: now,
      agreementId: version.agreementId,
      versionId,
      versionHash: version.contentHash,
      actorLabel: "Akkoord",
      data: { bytes: pdf.byteLength, sha256: createHash("sha256").update(pdf).digest("hex") },
    });
    return true;
  });
  if (!stored) return { stored: false, mailed: [] };
  const { mailed } = await mailFinalPdf(versionId, now);
  return { stored: true, mailed };
}

/**
 * Recovery: for every signed version (status "ondertekend") without a final
 * PDF, makes and mails it (and plans the evaluation moments); for a stored
 * PDF that was never mailed, mails it.
 * Safe to run at any time and as often as you like.
 */
export async function finalizePendingVersions(options: { now?: Date } = {}): Promise<{ finalized: string[]; mailed: string[] }> {
  const now = options.now ?? new Date();
  const finalized: string[] = [];
  const mailed: string[] = [];
  const withoutPdf = await db.agreementVersion.findMany({
    where: { status: "ondertekend", finalPdf: null },
    select: { id: true, agreementId: true },
  });
  for (const { id, agreementId } of withoutPdf) {
    try {
      if ((await finalizeVersion(id, { now })).stored) finalized.push(id);
      await afterSigningCompleted(agreementId, now);
    } catch (error) {
      console.error(`signing: recovery of the final PDF of version ${id} failed`, error);
    }
  }
  // Two scans of the audit log, whatever the history (this runs at every
  // start): the versions whose PDF this module stored but never mailed.
  const unmailed = await db.$queryRaw<Array<{ id: string }>>`
    SELECT "versionId" AS id FROM "AuditEvent" WHERE "action" = ${SIGNING_ACTIONS.finalPdfStored} AND "versionId" IS NOT NULL
    EXCEPT
    SELECT "versionId" FROM "AuditEvent" WHERE "action" = ${SIGNING_ACTIONS.finalPdfMailed} AND "versionId" IS NOT NULL`;
  for (const { id } of unmailed) {
    if (finalized.includes(id)) continue;
    const result = await mailFinalPdf(id, now);
    if (result.failed.length === 0) mailed.push(id);
  }
  return { finalized, mailed };
}
