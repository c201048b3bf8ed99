// A signer whose link has expired asks for a new one on the page of that link
// ("Vraag een nieuwe link aan"). The new link goes to the signatory's stored
// address only, through the outbox; at most LINK_RENEWALS_PER_DAY per request.
// The caller learns nothing: whether a link was sent, refused (used, declined,
// superseded, too many requests) or the token was unknown looks the same.
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { inviteRequest, mailInvitations, type Invitation } from "./send-for-signing.server";
import { LINK_RENEWALS_PER_DAY } from "./settings.server";
import { findRequestByToken, isOpenRequest } from "./signing-link.server";
import { countRequestEvents, recordSigningEvent, signatoryEvent, writeTransaction, type SigningAudit } from "./store.server";

export async function renewSigningLink(options: { token: string; audit: SigningAudit; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  const invitation = await writeTransaction(async (tx): Promise<Invitation | null> => {
    const request = await findRequestByToken(tx, options.token);
    // A link that still works needs no new one; one that can no longer be signed gets none.
    if (!request || request.expiresAt.getTime() > now.getTime() || !(await isOpenRequest(tx, request))) return null;
    const event = signatoryEvent(request, options.audit, now);
    const recent = await countRequestEvents(tx, request, SIGNING_ACTIONS.linkRenewed, new Date(now.getTime() - 86_400_000));
    if (recent >= LINK_RENEWALS_PER_DAY) {
      await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.linkRenewalRefused });
      return null;
    }
    await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.linkRenewed });
    return inviteRequest(tx, request.id, now);
  });
  if (invitation) await mailInvitations([invitation], now);
}
