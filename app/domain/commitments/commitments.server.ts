import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { db } from "~/utils/db.server";
import { invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import type { CommitmentUpdateInput, NewCommitmentInput } from "./schemas";

/** The commitments of an agreement, with bearer, RASCI roles and status history. */
export async function listCommitments(options: { user: SessionUser; agreementId: string }) {
  const agreement = await findAgreementForUser({ ...options, permission: "agreement:read" });
  const commitments = await db.commitment.findMany({
    where: { agreementId: agreement.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: {
      bearer: { include: { organisation: { select: { name: true } } } },
      roles: { include: { party: { include: { organisation: { select: { name: true } } } }, user: { select: { id: true, name: true } } } },
      statusChanges: { orderBy: { changedAt: "desc" }, take: 5, include: { changedBy: { select: { name: true } } } },
      carriedOverFrom: { select: { id: true, agreementId: true } },
    },
  });
  return { agreement, commitments };
}

/** A commitment made by hand (not from a clause). */
export async function addCommitment(options: { user: SessionUser; agreementId: string; input: NewCommitmentInput; audit: AuditContext }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:evaluate" });
  if (!agreement.parties.some((p) => p.id === options.input.bearerPartyId)) {
    throw invalidInput("Kies een partij van deze overeenkomst.", "bearerPartyId");
  }
  return db.$transaction(async (tx) => {
    const commitment = await tx.commitment.create({
      data: {
        agreementId: agreement.id,
        what: options.input.what,
        howMeasured: options.input.howMeasured || null,
        dueDate: options.input.dueDate ?? null,
        cadence: options.input.cadence,
        bearerPartyId: options.input.bearerPartyId,
        roles: { create: { partyId: options.input.bearerPartyId, rasci: "R" } },
        statusChanges: { create: { toStatus: "gepland", changedById: options.user.id, note: "Met de hand toegevoegd." } },
      },
    });
    await recordAuditEvent({ ...options.audit, actorUserId: options.user.id, action: "commitment.added", agreementId: agreement.id, data: { commitmentId: commitment.id } }, tx);
    return commitment;
  });
}

/** Changes a commitment's status (history kept) and its evidence. */
export async function updateCommitment(options: { user: SessionUser; agreementId: string; input: CommitmentUpdateInput; audit: AuditContext }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:evaluate" });
  const { input } = options;
  return db.$transaction(async (tx) => {
    const commitment = await tx.commitment.findFirst({ where: { id: input.commitmentId, agreementId: agreement.id } });
    if (!commitment) throw notFound("Deze afspraak bestaat niet.");
    await tx.commitment.update({
      where: { id: commitment.id },
      data: {
        status: input.status,
        evidenceNote: input.evidenceNote === undefined ? commitment.evidenceNote : input.evidenceNote || null,
        evidenceUrl: input.evidenceUrl === undefined ? commitment.evidenceUrl : input.evidenceUrl || null,
      },
    });
    if (commitment.status !== input.status || input.note) {
      await tx.commitmentStatusChange.create({
        data: { commitmentId: commitment.id, fromStatus: commitment.status, toStatus: input.status, note: input.note || null, changedById: options.user.id },
      });
    }
    await recordAuditEvent(
      { ...options.audit, actorUserId: options.user.id, action: "commitment.updated", agreementId: agreement.id, data: { commitmentId: commitment.id, status: input.status } },
      tx,
    );
  });
}
