// A signatory declines with a reason: the version becomes "geweigerd" (and so
// does the agreement), every other open link of the version lapses, and the
// drafters get the reason by e-mail.
import { roleAllows } from "~/domain/access/policy";
import type { Role } from "~/domain/organisations/kinds";
import { db } from "~/utils/db.server";
import { unusableLink } from "~/utils/errors";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { SigningFormError } from "./errors";
import { DECLINE_MESSAGES, REASON_MAX } from "./form-rules";
import { declinedMail, deliverSigningMails, enqueueSigningMail } from "./mails.server";
import { signingSettings } from "./settings.server";
import { claimRequest } from "./claim-request.server";
import { checkedSnapshot, resolveSigningLink } from "./signing-link.server";
import { recordSigningEvent, signatoryLabel, writeTransaction, type SigningAudit, type Tx } from "./store.server";
import { OPEN_REQUEST_STATUSES } from "./supersede.server";


/** Who drafts the agreement: its creator and the party members who may edit it (active users). */
export async function draftersOf(agreementId: string, client: Tx | typeof db = db): Promise<Array<{ name: string; email: string }>> {
  const agreement = await client.agreement.findUniqueOrThrow({
    where: { id: agreementId },
    select: {
      createdBy: { select: { name: true, email: true, active: true } },
      parties: { select: { organisationId: true } },
    },
  });
  const memberships = await client.membership.findMany({
    where: { organisationId: { in: agreement.parties.map((p) => p.organisationId) }, active: true, user: { active: true } },
    select: { role: true, user: { select: { name: true, email: true } } },
  });
  const people = new Map<string, { name: string; email: string }>();
  if (agreement.createdBy?.active) people.set(agreement.createdBy.email.toLowerCase(), agreement.createdBy);
  for (const m of memberships) {
    if (roleAllows(m.role as Role, "agreement:edit")) people.set(m.user.email.toLowerCase(), m.user);
  }
  return [...people.values()].map((p) => ({ name: p.name, email: p.email }));
}

export async function declineVersion(options: {
  token: string;
  code: string;
  reason: string;
  audit: SigningAudit;
  now?: Date;
}): Promise<{ notified: string[] }> {
  const now = options.now ?? new Date();
  const request = await resolveSigningLink(db, options.token, now);
  await checkedSnapshot(request, options.audit, now, "weigeren");
  const reason = options.reason.trim();
  if (reason === "") throw new SigningFormError({ reason: [DECLINE_MESSAGES.reasonMissing] });
  if (reason.length > REASON_MAX) throw new SigningFormError({ reason: [DECLINE_MESSAGES.reasonTooLong] });

  const outcome = await writeTransaction(async (tx) => {
    const claim = await claimRequest(tx, request, { proof: { kind: "code", code: options.code }, audit: options.audit, now, status: "geweigerd" });
    if (claim.kind !== "claimed") return claim;
    const flipped = await tx.$executeRaw`UPDATE "AgreementVersion" SET "status" = 'geweigerd' WHERE "id" = ${request.versionId} AND "status" = 'ter_ondertekening'`;
    if (flipped !== 1) throw unusableLink();
    // A refused amendment leaves the signed version in force (and the amendment open).
    await tx.agreement.updateMany({ where: { id: request.version.agreementId, amending: false }, data: { status: "geweigerd" } });
    await tx.signature.create({
      data: {
        versionId: request.versionId,
        signatoryId: request.signatoryId,
        outcome: "declined",
        typedName: request.signatory.name,
        reason,
        versionHash: request.version.contentHash,
        ipAddress: options.audit.ipAddress ?? null,
        userAgent: options.audit.userAgent ?? null,
        signedAt: now,
      },
    });
    const lapsed = await tx.signingRequest.updateMany({
      where: { versionId: request.versionId, status: { in: [...OPEN_REQUEST_STATUSES] } },
      data: { status: "vervallen", otpHash: null, otpExpiresAt: null },
    });
    const base = {
      at: now,
      agreementId: request.version.agreementId,
      versionId: request.versionId,
      versionHash: request.version.contentHash,
    };
    await recordSigningEvent(tx, {
      ...base,
      action: SIGNING_ACTIONS.declined,
      actorLabel: signatoryLabel(request.signatory),
      ipAddress: options.audit.ipAddress,
      userAgent: options.audit.userAgent,
      data: { requestId: request.id, reason },
    });
    if (lapsed.count > 0) {
      await recordSigningEvent(tx, {
        ...base,
        action: SIGNING_ACTIONS.requestsLapsed,
        actorLabel: "Akkoord",
        data: { reason: "geweigerd", count: lapsed.count },
      });
    }
    // The drafters hear of it through the outbox, in this transaction: never lost.
    const { publicUrl } = signingSettings();
    const mails: Array<{ key: string; email: string }> = [];
    for (const drafter of await draftersOf(request.version.agreementId, tx)) {
      const key = await enqueueSigningMail(
        tx,
        declinedMail({
          to: drafter.email,
          drafterName: drafter.name,
          signatory: {
            name: request.signatory.name,
            functionTitle: request.signatory.functionTitle,
            organisation: request.signatory.party.organisation.name,
          },
          title: request.version.agreement.title,
          versionNumber: request.version.number,
          reason,
          agreementUrl: `${publicUrl}/overeenkomsten/${request.version.agreementId}`,
          versionId: request.versionId,
        }),
        { kind: "signing-declined", now, agreementId: request.version.agreementId },
      );
      mails.push({ key, email: drafter.email });
    }
    return { kind: "declined", mails } as const;
  });
  if (outcome.kind === "unusable") throw unusableLink();
  if (outcome.kind === "code") throw new SigningFormError({ code: [outcome.message] });

  const failed = new Set(
    (
      await deliverSigningMails(
        outcome.mails.map((m) => ({
          key: m.key,
          to: m.email,
          event: { agreementId: request.version.agreementId, versionId: request.versionId, versionHash: request.version.contentHash, data: { mail: "weigering" } },
        })),
        now,
      )
    ).map((m) => m.key),
  );
  return { notified: outcome.mails.filter((m) => !failed.has(m.key)).map((m) => m.email) };
}
