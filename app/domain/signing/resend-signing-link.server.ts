// A sender re-sends a signer's personal link from the agreement page ("Stuur de
// link opnieuw"): a new token and a new expiry, mailed through the outbox to
// the signatory's stored address. The old link dies at once (its hash is gone).
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { conflict, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { inviteRequest, mailInvitations } from "./send-for-signing.server";
import { isOpenRequest } from "./signing-link.server";
import { recordSigningEvent, writeTransaction } from "./store.server";

export async function resendSigningLink(options: {
  user: SessionUser;
  agreementId: string;
  requestId: string;
  audit: AuditContext;
  now?: Date;
}): Promise<{ name: string; mailFailed: boolean }> {
  // Who may send the agreement for signing may send a link again.
  await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:send" });
  return reissueSigningLink(options);
}

/**
 * A new link for an open request of this agreement, mailed to its signatory.
 * The caller has checked that `user` may ask for it (a sender of the
 * agreement, or the signatory themselves: sign-in-app.server.ts).
 */
export async function reissueSigningLink(options: {
  user: SessionUser;
  agreementId: string;
  requestId: string;
  audit: AuditContext;
  now?: Date;
}): Promise<{ name: string; mailFailed: boolean }> {
  const { user, agreementId, requestId, audit } = options;
  const now = options.now ?? new Date();

  const outcome = await writeTransaction(async (tx) => {
    const request = await tx.signingRequest.findFirst({
      where: { id: requestId, version: { agreementId } },
      select: {
        id: true,
        status: true,
        signatory: { select: { name: true, email: true } },
        version: { select: { id: true, status: true, agreementId: true, number: true, contentHash: true } },
      },
    });
    if (!request) return { error: notFound("Deze ondertekenaar bestaat niet.") } as const;
    if (!(await isOpenRequest(tx, request))) {
      return { error: conflict("Voor deze ondertekenaar kan geen nieuwe link meer verstuurd worden: er valt niets (meer) te ondertekenen.") } as const;
    }
    const invitation = await inviteRequest(tx, request.id, now);
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.linkResent,
      at: now,
      agreementId,
      versionId: request.version.id,
      versionHash: request.version.contentHash,
      actorUserId: user.id,
      actorLabel: audit.actorLabel ?? null,
      ipAddress: audit.ipAddress,
      userAgent: audit.userAgent,
      data: { requestId: request.id, signatory: request.signatory.name, email: request.signatory.email },
    });
    return { invitation, name: request.signatory.name } as const;
  });
  if ("error" in outcome) throw outcome.error;
  const { failed } = await mailInvitations([outcome.invitation], now);
  return { name: outcome.name, mailFailed: failed.length > 0 };
}
