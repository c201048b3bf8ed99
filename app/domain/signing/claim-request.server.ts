// The first steps of signing and of declining, inside their transaction: the
// request is read afresh and must still be usable, the signer's proof of
// identity must hold, and then the request is claimed with a conditional
// UPDATE, so a request is signed or declined at most once.
import { unusableLink } from "~/utils/errors";
import { checkOneTimeCode } from "./one-time-code.server";
import { isOpenRequest, isUsable, type ResolvedRequest } from "./signing-link.server";
import type { SigningAudit, Tx } from "./store.server";

/**
 * How the signer proved who they are: the one-time code sent for their link
 * (checked here, and the link must not have expired), or — signing in the app —
 * their session plus their password, checked before the transaction (the link
 * and its expiry play no part then).
 */
export type SigningProof = { kind: "code"; code: string } | { kind: "password"; userId: string };

/** `signingOrder`: the agreement's order as read in this transaction. */
export type Claim = { kind: "claimed"; signingOrder: string } | { kind: "unusable" } | { kind: "code"; message: string };

export async function claimRequest(
  tx: Tx,
  request: ResolvedRequest,
  options: { proof: SigningProof; audit: SigningAudit; now: Date; status: "ondertekend" | "geweigerd" },
): Promise<Claim> {
  const { now } = options;
  const fresh = await tx.signingRequest.findUniqueOrThrow({
    where: { id: request.id },
    include: { version: { include: { agreement: { select: { id: true, title: true, signingOrder: true } } } } },
  });
  const { proof } = options;
  const current = { ...request, ...fresh };
  if (!(await (proof.kind === "code" ? isUsable(tx, current, now) : isOpenRequest(tx, current)))) return { kind: "unusable" };
  if (proof.kind === "code") {
    const check = await checkOneTimeCode(tx, request, proof.code, options.audit, now);
    if (!check.ok) return { kind: "code", message: check.message };
  }

  const claimed = await tx.signingRequest.updateMany({
    where: { id: request.id, status: "verstuurd" },
    data: { status: options.status, completedAt: now, otpHash: null, otpExpiresAt: null },
  });
  // Cannot happen after isUsable in this transaction; roll back if it does.
  if (claimed.count !== 1) throw unusableLink();
  return { kind: "claimed", signingOrder: fresh.version.agreement.signingOrder };
}
