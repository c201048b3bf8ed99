// The first steps of signing and of declining, inside their transaction: the
// request is read afresh and must still be usable, the one-time code must be
// right, and then the request is claimed with a conditional UPDATE, so a
// request is signed or declined at most once.
import { checkOneTimeCode } from "./one-time-code.server";
import { isUsable, UnusableLinkError, type ResolvedRequest } from "./signing-link.server";
import type { SigningAudit, Tx } from "./store.server";

/** `signingOrder`: the agreement's order as read in this transaction. */
export type Claim = { kind: "claimed"; signingOrder: string } | { kind: "unusable" } | { kind: "code"; message: string };

export async function claimRequest(
  tx: Tx,
  request: ResolvedRequest,
  options: { code: string; audit: SigningAudit; now: Date; status: "ondertekend" | "geweigerd" },
): Promise<Claim> {
  const { now } = options;
  const fresh = await tx.signingRequest.findUniqueOrThrow({
    where: { id: request.id },
    include: { version: { include: { agreement: { select: { id: true, title: true, signingOrder: true } } } } },
  });
  if (!(await isUsable(tx, { ...request, ...fresh }, now))) return { kind: "unusable" };
  const check = await checkOneTimeCode(tx, request, options.code, options.audit, now);
  if (!check.ok) return { kind: "code", message: check.message };

  const claimed = await tx.signingRequest.updateMany({
    where: { id: request.id, status: "verstuurd" },
    data: { status: options.status, completedAt: now, otpHash: null, otpExpiresAt: null },
  });
  // Cannot happen after isUsable in this transaction; roll back if it does.
  if (claimed.count !== 1) throw new UnusableLinkError();
  return { kind: "claimed", signingOrder: fresh.version.agreement.signingOrder };
}
