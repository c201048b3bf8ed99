// A signatory signs through their personal link (the one-time code) or in the
// app (sign-in-app.server.ts: session and password), with consent,
// their full name (must match the signatory's name, see names.ts) and
// optionally a drawn signature (PNG). The signature, the claim of the request
// and — when it is the last signature — the flip of the version to
// "ondertekend" happen in one transaction: exactly one caller completes.
import { acceptBySignature } from "~/domain/agreements/accept-party.server";
import { noticeOtherParties } from "~/domain/agreements/party-notices.server";
import { db } from "~/utils/db.server";
import { unusableLink } from "~/utils/errors";
import { syncCommitmentsFromVersion } from "~/domain/commitments/sync-commitments.server";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { SigningFormError } from "./errors";
import { frozenSignatory } from "./document.server";
import { SIGN_MESSAGES } from "./form-rules";
import { checkDrawnSignature } from "./drawn-signature.server";
import { afterSigningCompleted, finalizeVersion } from "./finalize-version.server";
import { namesMatch } from "./names";
import { nextToInvite } from "~/domain/drafting/signing-order";
import { inviteRequest, mailInvitations, type Invitation } from "./send-for-signing.server";
import { claimRequest, type SigningProof } from "./claim-request.server";
import { checkedSnapshot, resolveSigningLink, type ResolvedRequest } from "./signing-link.server";
import { recordSigningEvent, signatoryLabel, writeTransaction, type SigningAudit, type Tx } from "./store.server";

/**
 * Completes the version when every signer has signed. Runs in the transaction
 * that inserted a signature: counts, then flips with a conditional UPDATE, so
 * only one transaction ever sees the flip succeed.
 */
async function completeIfLastSignature(
  tx: Tx,
  version: { id: string; agreementId: string; contentHash: string; number: number },
  now: Date,
): Promise<boolean> {
  const [requests, signed] = await Promise.all([
    tx.signingRequest.count({ where: { versionId: version.id } }),
    tx.signature.count({ where: { versionId: version.id, outcome: "signed" } }),
  ]);
  if (requests === 0 || signed < requests) return false;
  const flipped = await tx.$executeRaw`UPDATE "AgreementVersion" SET "status" = 'ondertekend' WHERE "id" = ${version.id} AND "status" = 'ter_ondertekening'`;
  if (flipped !== 1) return false;
  await tx.agreement.update({ where: { id: version.agreementId }, data: { status: "ondertekend", amending: false } });
  // The promises of the signed version become tracked commitments.
  await syncCommitmentsFromVersion(tx, version.id);
  const previous = await tx.agreementVersion.findMany({
    where: { agreementId: version.agreementId, status: "ondertekend", id: { not: version.id }, number: { lt: version.number } },
    select: { id: true, number: true, contentHash: true },
  });
  for (const old of previous) {
    await tx.agreementVersion.update({ where: { id: old.id }, data: { status: "vervangen" } });
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.versionSuperseded,
      at: now,
      agreementId: version.agreementId,
      versionId: old.id,
      versionHash: old.contentHash,
      actorLabel: "Akkoord",
      data: { replacedBy: version.number },
    });
  }
  await recordSigningEvent(tx, {
    action: SIGNING_ACTIONS.completed,
    at: now,
    agreementId: version.agreementId,
    versionId: version.id,
    versionHash: version.contentHash,
    actorLabel: "Akkoord",
    data: { signatures: signed },
  });
  return true;
}

export type SignResult = { completed: boolean; finalPdfStored: boolean };

export async function signVersion(options: {
  token: string;
  code: string;
  consent: boolean;
  fullName: string;
  /** PNG bytes of a drawn signature, or null. */
  drawnSignature: Uint8Array | null;
  audit: SigningAudit;
  now?: Date;
}): Promise<SignResult> {
  const now = options.now ?? new Date();
  const request = await resolveSigningLink(db, options.token, now);
  return signRequest(request, { ...options, now, proof: { kind: "code", code: options.code } });
}

/**
 * Signs one resolved request, whichever way the signer proved who they are
 * (the link's one-time code, or in the app their session and password): the
 * content-hash check, the form's rules, the claim, the signature, the audit
 * event (naming the proof) and completion. Throws SigningFormError,
 * AppError LINK_UNAVAILABLE or VERSION_TAMPERED.
 */
export async function signRequest(
  request: ResolvedRequest,
  options: {
    proof: SigningProof;
    consent: boolean;
    fullName: string;
    drawnSignature: Uint8Array | null;
    audit: SigningAudit;
    now: Date;
  },
): Promise<SignResult> {
  const { now, proof } = options;
  const snapshot = await checkedSnapshot(request, options.audit, now, "ondertekenen");
  // On whose behalf the signer signs, as the version froze it: recorded with the signature's audit event.
  const frozen = frozenSignatory(snapshot, request.signatory);
  const capacity = frozen?.onBehalfOf ? { onBehalfOf: frozen.onBehalfOf, ...(frozen.mandate ? { mandate: frozen.mandate } : {}) } : {};

  const fieldErrors: Record<string, string[]> = {};
  if (!options.consent) fieldErrors.consent = [SIGN_MESSAGES.consent];
  const fullName = options.fullName.trim();
  if (fullName === "") fieldErrors.fullName = [SIGN_MESSAGES.nameMissing];
  else if (!namesMatch(fullName, request.signatory.name)) fieldErrors.fullName = [SIGN_MESSAGES.nameMismatch(request.signatory.name)];
  const drawn = checkDrawnSignature(options.drawnSignature);
  if (!drawn.ok) fieldErrors.drawnSignature = [drawn.message];
  if (Object.keys(fieldErrors).length > 0) throw new SigningFormError(fieldErrors);

  const outcome = await writeTransaction(async (tx) => {
    const claim = await claimRequest(tx, request, { proof, audit: options.audit, now, status: "ondertekend" });
    if (claim.kind !== "claimed") return claim;
    await tx.signature.create({
      data: {
        versionId: request.versionId,
        signatoryId: request.signatoryId,
        outcome: "signed",
        typedName: fullName,
        drawnSignature: drawn.ok && drawn.png ? Buffer.from(drawn.png) : null,
        versionHash: request.version.contentHash,
        ipAddress: options.audit.ipAddress ?? null,
        userAgent: options.audit.userAgent ?? null,
        signedAt: now,
      },
    });
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.signed,
      at: now,
      agreementId: request.version.agreementId,
      versionId: request.versionId,
      versionHash: request.version.contentHash,
      actorUserId: proof.kind === "password" ? proof.userId : null,
      actorLabel: signatoryLabel(request.signatory),
      ipAddress: options.audit.ipAddress,
      userAgent: options.audit.userAgent,
      // How the signer proved who they are: "code" (link + one-time code) or "password" (session + password, in the app).
      data: { requestId: request.id, typedName: fullName, drawnSignature: !!(drawn.ok && drawn.png), proof: proof.kind, ...capacity },
    });

    await acceptBySignature(tx, request.signatory, now);
    const agreementId = request.version.agreementId;
    const versionNumber = request.version.number;
    const who = `${request.signatory.name} (${request.signatory.party.organisation.name})`;
    await noticeOtherParties(tx, { event: "signed", agreementId, key: request.id, now, actorPartyId: request.signatory.partyId, who, versionNumber });
    const completed = await completeIfLastSignature(tx, request.version, now);
    if (completed) await noticeOtherParties(tx, { event: "completed", agreementId, key: request.versionId, now, versionNumber });
    const next: Invitation[] = [];
    if (!completed && claim.signingOrder !== "parallel") {
      // This turn is over once nobody invited is left to sign: invite the next signer or group.
      const open = await tx.signingRequest.count({ where: { versionId: request.versionId, status: "verstuurd" } });
      if (open === 0) {
        const waiting = await tx.signingRequest.findMany({
          where: { versionId: request.versionId, status: "wachtend" },
          orderBy: [{ signatory: { position: "asc" } }, { signatory: { id: "asc" } }],
          select: { id: true, signatory: { select: { position: true } } },
        });
        const turn = nextToInvite(claim.signingOrder, waiting.map((w) => ({ id: w.id, position: w.signatory.position })));
        for (const w of turn) next.push(await inviteRequest(tx, w.id, now));
      }
    }
    return { kind: "signed", completed, next } as const;
  });

  if (outcome.kind === "unusable") throw unusableLink();
  if (outcome.kind === "code") throw new SigningFormError({ code: [outcome.message] });
  if (outcome.next.length > 0) await mailInvitations(outcome.next, now);
  let finalPdfStored = false;
  if (outcome.completed) {
    try {
      finalPdfStored = (await finalizeVersion(request.versionId, { now })).stored;
    } catch (error) {
      // The version is signed; finalizePendingVersions() makes the PDF later.
      console.error(`signing: final PDF for version ${request.versionId} failed`, error);
    }
    await afterSigningCompleted(request.version.agreementId, now);
  }
  return { completed: outcome.completed, finalPdfStored };
}
