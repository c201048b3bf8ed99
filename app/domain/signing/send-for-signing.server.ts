import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { noticeOtherParties } from "~/domain/agreements/party-notices.server";
import { compareSigners, findDraftAgreement, SIGNER_ORDER, type DraftWork } from "~/domain/drafting/draft-work.server";
import { PartiesNotReadyError, partyBlockers, requireAcceptedMember } from "~/domain/drafting/parties";
import { AppError, conflict, isAppError, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { verifiedSnapshot } from "./document.server";
import { LINK_TOKEN_PLACEHOLDER } from "~/domain/reminders/outbox.server";
import { deliverSigningMails, enqueueSigningMail, INVITATION_KEY_PREFIX, invitationMail } from "./mails.server";
import { signingSettings } from "./settings.server";
import { nextToInvite } from "~/domain/drafting/signing-order";
import { recordSigningEvent, writeTransaction, type Tx } from "./store.server";
import { lapseOlderVersions } from "./supersede.server";
import { newLinkToken, placeholderTokenHash, signingUrl } from "./tokens.server";

export type Invitation = {
  requestId: string;
  token: string;
  expiresAt: Date;
  signatory: { name: string; email: string; functionTitle: string; organisation: string };
  title: string;
  versionNumber: number;
  agreementId: string;
  versionId: string;
  versionHash: string;
  /** The invitation mail's key in the outbox. */
  mailKey: string;
};

/**
 * Once the transaction that issued them has committed: tries the invitation
 * mails (already in the outbox) at once. A mail that fails does not undo the
 * sending (the request stays open, the sweep tries again with backoff); it is
 * logged and reported to the caller.
 */
export async function mailInvitations(invitations: Invitation[], now: Date): Promise<{ failed: string[] }> {
  const failed = await deliverSigningMails(
    invitations.map((i) => ({
      key: i.mailKey,
      to: i.signatory.email,
      event: { agreementId: i.agreementId, versionId: i.versionId, versionHash: i.versionHash, data: { requestId: i.requestId, mail: "uitnodiging" } },
    })),
    now,
  );
  return { failed: failed.map((m) => m.to) };
}

/** Invites one waiting request now: a fresh token, a fresh expiry. Returns what to mail. */
export async function inviteRequest(tx: Tx, requestId: string, now: Date): Promise<Invitation> {
  const request = await tx.signingRequest.findUniqueOrThrow({
    where: { id: requestId },
    include: {
      signatory: { include: { party: { include: { organisation: { select: { name: true } } } } } },
      version: { include: { agreement: { select: { id: true, title: true } } } },
    },
  });
  const { signatory, version } = request;
  return issueInvitation(
    tx,
    {
      requestId,
      signatory: { name: signatory.name, email: signatory.email, functionTitle: signatory.functionTitle, organisation: signatory.party.organisation.name },
      version: { id: version.id, agreementId: version.agreementId, number: version.number, contentHash: version.contentHash, title: version.agreement.title },
    },
    now,
  );
}

/** inviteRequest for a request whose signatory and version the caller already has. */
async function issueInvitation(
  tx: Tx,
  target: {
    requestId: string;
    signatory: Invitation["signatory"];
    version: { id: string; agreementId: string; number: number; contentHash: string; title: string };
  },
  now: Date,
): Promise<Invitation> {
  const { requestId, signatory, version } = target;
  const { linkDays, publicUrl } = signingSettings();
  const { token, tokenHash, seed } = newLinkToken();
  const expiresAt = new Date(now.getTime() + linkDays * 86_400_000);
  await tx.signingRequest.update({
    where: { id: requestId },
    data: { tokenHash, linkSeed: seed, expiresAt, status: "verstuurd", invitedAt: now },
    select: { id: true },
  });
  await recordSigningEvent(tx, {
    action: SIGNING_ACTIONS.invited,
    at: now,
    agreementId: version.agreementId,
    versionId: version.id,
    versionHash: version.contentHash,
    actorLabel: "Akkoord",
    data: { requestId, signatory: signatory.name, email: signatory.email, expiresAt: expiresAt.toISOString() },
  });
  // An earlier link of this request that has not left yet never will: it no
  // longer works. (A waiting reminder is made again by the sweep, with this link.)
  for (const prefix of [`${INVITATION_KEY_PREFIX}${requestId}:`, `sign-reminder:${requestId}:`]) {
    await tx.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: prefix }, status: "pending" } });
  }
  const mailKey = await enqueueSigningMail(
    tx,
    invitationMail({
      to: signatory.email,
      name: signatory.name,
      functionTitle: signatory.functionTitle,
      organisation: signatory.organisation,
      title: version.title,
      versionNumber: version.number,
      url: signingUrl(publicUrl, LINK_TOKEN_PLACEHOLDER),
      expiresAt,
      requestId,
      tokenHash,
    }),
    { kind: "signing-invitation", now, agreementId: version.agreementId, tokenSeed: seed },
  );
  return {
    mailKey,
    requestId,
    token,
    expiresAt,
    signatory,
    title: version.title,
    versionNumber: version.number,
    agreementId: version.agreementId,
    versionId: version.id,
    versionHash: version.contentHash,
  };
}

function sameSet(a: string[], b: string[]): boolean {
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

/**
 * Sends a frozen version for signing: the version must be the agreement's
 * latest, still "concept", and its content must match its hash. Creates one
 * signing request per signer and e-mails personal links: everyone at once
 * ("parallel"), one after the other ("sequentieel") or group after group
 * ("groepen"); the others wait ("wachtend") for their turn.
 */
export async function sendForSigning(options: SigningStartOptions) {
  const now = options.now ?? new Date();
  const started = await startSigning({ ...options, now });
  const { failed } = await mailInvitations(started.invitations, now);
  return {
    versionNumber: started.versionNumber,
    invited: started.invitations.map((i) => i.signatory.email),
    mailFailed: failed,
  };
}

type SigningStartOptions = {
  user: SessionUser;
  agreementId: string;
  versionId: string;
  audit: AuditContext;
  now?: Date;
  /** A step of that DraftWork, in its transaction: the caller mails the invitations (mailInvitations) after it commits. */
  work?: DraftWork;
  /** Only the bulk engagementsverklaring: an invited party accepts by signing (see partyBlockers). */
  acceptBySigning?: boolean;
};

/**
 * sendForSigning without the e-mails: checks the version, opens its signing
 * requests and returns the invitations to mail once the transaction has
 * committed. A content that doesn't match its hash is recorded (in a
 * transaction of its own; in a DraftWork's it goes with whatever that does).
 */
export async function startSigning(options: SigningStartOptions): Promise<{ invitations: Invitation[]; versionNumber: number }> {
  const { user, agreementId, versionId, audit } = options;
  const now = options.now ?? new Date();
  const { work } = options;
  const agreement = await findDraftAgreement({ user, agreementId, permission: "agreement:send", work });
  requireAcceptedMember(user.memberships, agreement.parties);
  const { linkDays } = signingSettings();

  const outcome = await writeTransaction(async (tx) => {
    // The version a DraftWork just froze is the latest (frozen in this transaction).
    const version =
      work?.version?.id === versionId
        ? work.version
        : await tx.agreementVersion.findFirst({ where: { agreementId }, orderBy: { number: "desc" } });
    if (version?.id !== versionId) {
      const exists = await tx.agreementVersion.findFirst({ where: { id: versionId, agreementId }, select: { id: true } });
      if (!exists) return { error: notFound("Deze versie bestaat niet.") } as const;
      return { error: conflict("Alleen de nieuwste versie kan ter ondertekening verstuurd worden.") } as const;
    }
    if (version.status !== "concept") {
      return { error: conflict("Deze versie werd al ter ondertekening verstuurd.") } as const;
    }
    let snapshot;
    try {
      snapshot = verifiedSnapshot(version);
    } catch (error) {
      if (!isAppError(error, "VERSION_TAMPERED")) throw error;
      await recordSigningEvent(tx, {
        action: SIGNING_ACTIONS.hashMismatch,
        at: now,
        agreementId,
        versionId,
        versionHash: version.contentHash,
        actorUserId: user.id,
        ipAddress: audit.ipAddress,
        userAgent: audit.userAgent,
        data: { step: "versturen" },
      });
      return {
        error: conflict("De inhoud van deze versie klopt niet met haar vingerafdruk (hash). Ze wordt niet verstuurd."),
      } as const;
    }

    const signatories = work
      ? [...work.signatories].sort(compareSigners)
      : await tx.signatory.findMany({ where: { agreementId }, orderBy: SIGNER_ORDER });
    const signers = signatories.filter((s) => s.kind === "signer");
    if (signers.length === 0) {
      return { error: new AppError("INVALID_INPUT", "Voeg eerst minstens één ondertekenaar toe.") } as const;
    }
    // Who signs, and when (their place or group), as frozen.
    const key = (s: { email: string; kind: string; position: number }) => `${s.kind}:${s.email.trim().toLowerCase()}:${s.position}`;
    if (!sameSet(signatories.map(key), snapshot.signatories.map(key))) {
      return {
        error: conflict("De ondertekenaars veranderden nadat deze versie werd vastgelegd. Leg een nieuwe versie vast."),
      } as const;
    }
    if (snapshot.agreement.signingOrder !== undefined && snapshot.agreement.signingOrder !== agreement.signingOrder) {
      return {
        error: conflict("De volgorde van ondertekenen veranderde nadat deze versie werd vastgelegd. Leg een nieuwe versie vast."),
      } as const;
    }
    // Each party accepted and confirmed its own signatories (docs/decisions/001-parties-act-for-themselves.md).
    const partyStates = agreement.parties.map((p) => ({ id: p.id, name: p.organisation.name, status: p.status }));
    const blockers = partyBlockers(partyStates, signatories, { acceptBySigning: options.acceptBySigning });
    if (blockers.length > 0) return { error: new PartiesNotReadyError("versturen", blockers) } as const;
    // The organisation each signer signs for, from the agreement's parties.
    const parties = new Map(agreement.parties.map((p) => [p.id, p.organisation.name]));
    if (signers.some((s) => !parties.has(s.partyId))) {
      return { error: conflict("De partijen van de overeenkomst kloppen niet.") } as const;
    }

    await lapseOlderVersions(tx, { agreementId, currentVersionId: versionId, now });
    await tx.agreementVersion.update({ where: { id: versionId }, data: { status: "ter_ondertekening" }, select: { id: true } });
    // An amendment leaves the agreement "ondertekend": the signed version stays in force.
    await tx.agreement.updateMany({ where: { id: agreementId, amending: false }, data: { status: "ter_ondertekening" } });
    if (work) {
      if (!work.agreement.amending) work.agreement = { ...work.agreement, status: "ter_ondertekening" };
      work.version = { ...version, status: "ter_ondertekening" };
    }

    const expiresAt = new Date(now.getTime() + linkDays * 86_400_000);
    const opened: Array<{ requestId: string; signer: (typeof signers)[number]; position: number }> = [];
    for (const signer of signers) {
      const request = await tx.signingRequest.create({
        data: {
          versionId,
          signatoryId: signer.id,
          tokenHash: placeholderTokenHash(),
          expiresAt,
          status: "wachtend",
        },
        select: { id: true },
      });
      opened.push({ requestId: request.id, signer, position: signer.position });
    }
    // The first turn: everyone, the first signer, or the lowest group (signing-order.ts).
    const toInvite = nextToInvite(agreement.signingOrder, opened);
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.sent,
      at: now,
      agreementId,
      versionId,
      versionHash: version.contentHash,
      actorUserId: user.id,
      actorLabel: audit.actorLabel ?? null,
      ipAddress: audit.ipAddress,
      userAgent: audit.userAgent,
      data: { versionNumber: version.number, signingOrder: agreement.signingOrder, signers: signers.length },
    });
    await noticeOtherParties(tx, { event: "sent", agreementId, key: versionId, now, actorUserId: user.id, who: user.name, versionNumber: version.number });
    const invitations: Invitation[] = [];
    for (const { requestId, signer } of toInvite) {
      invitations.push(
        await issueInvitation(
          tx,
          {
            requestId,
            signatory: { name: signer.name, email: signer.email, functionTitle: signer.functionTitle, organisation: parties.get(signer.partyId)! },
            version: { id: versionId, agreementId, number: version.number, contentHash: version.contentHash, title: agreement.title },
          },
          now,
        ),
      );
    }
    return { invitations, versionNumber: version.number } as const;
  }, work?.tx);

  if ("error" in outcome) throw outcome.error;
  return outcome;
}
