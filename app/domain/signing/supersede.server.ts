// When a newer version exists, the older unsigned ones are finished: their
// open signing requests lapse ("vervallen") and the versions become
// "vervangen". A signed version stays in force until a newer one is signed.
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { recordSigningEvent, type Tx } from "./store.server";

export const OPEN_REQUEST_STATUSES = ["wachtend", "verstuurd"] as const;

/**
 * Lapses the open requests of every version of the agreement other than
 * `currentVersionId` and marks older unsigned versions "vervangen". Call it in
 * the transaction that freezes or sends a newer version.
 */
export async function lapseOlderVersions(
  tx: Tx,
  options: { agreementId: string; currentVersionId: string; now: Date },
): Promise<number> {
  const { agreementId, currentVersionId, now } = options;
  // The agreement's versions, by number (a handful): the other ones' requests by their version ids.
  const versions = await tx.agreementVersion.findMany({
    where: { agreementId },
    orderBy: { number: "asc" },
    select: { id: true, contentHash: true, number: true, status: true },
  });
  const current = versions.find((v) => v.id === currentVersionId);
  if (!current) throw new Error(`Version ${currentVersionId} is not a version of agreement ${agreementId}`);
  const older = versions.filter((v) => v.number < current.number && (v.status === "concept" || v.status === "ter_ondertekening"));
  const otherIds = versions.filter((v) => v.id !== currentVersionId).map((v) => v.id);
  const { count } =
    otherIds.length === 0
      ? { count: 0 }
      : await tx.signingRequest.updateMany({
          where: { versionId: { in: otherIds }, status: { in: [...OPEN_REQUEST_STATUSES] } },
          data: { status: "vervallen", otpHash: null, otpExpiresAt: null },
        });
  for (const version of older) {
    await tx.agreementVersion.update({ where: { id: version.id }, data: { status: "vervangen" } });
    await recordSigningEvent(tx, {
      action: SIGNING_ACTIONS.requestsLapsed,
      at: now,
      agreementId,
      versionId: version.id,
      versionHash: version.contentHash,
      actorLabel: "Akkoord",
      data: { reason: "nieuwere versie", newerVersionId: currentVersionId },
    });
  }
  return count;
}
