import { roleAllows } from "~/domain/access/policy";
import { ROLES } from "~/domain/organisations/kinds";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { actsFor, PARTY_STATUS, SIGNATORY_STATUS } from "~/domain/drafting/parties";
import type { PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { conflict, forbidden } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { nameDefaultContacts } from "./default-contacts.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import type { Tx } from "~/utils/transaction.server";

/**
 * A member of an invited organisation accepts it being a party to the
 * agreement ("Aanvaarden"). Only a member who may draft for that organisation;
 * accepting twice is a 409.
 */
export async function acceptParty(options: { user: SessionUser; agreementId: string; partyId: string; audit: AuditContext; now?: Date }) {
  const { user, agreementId, partyId } = options;
  const now = options.now ?? new Date();
  const agreement = await findAgreementForUser({ user, agreementId, permission: "agreement:read" });
  const party = agreement.parties.find((p) => p.id === partyId);
  if (!party || !actsFor(user.memberships, party.organisationId)) {
    throw forbidden("Alleen een lid van deze organisatie kan de uitnodiging aanvaarden.");
  }
  if (agreement.status === "gearchiveerd") throw conflict("Deze overeenkomst is gearchiveerd.");
  return db.$transaction(async (tx) => {
    const { count } = await tx.agreementParty.updateMany({
      where: { id: partyId, agreementId, status: PARTY_STATUS.invited },
      data: { status: PARTY_STATUS.accepted, acceptedAt: now, acceptedById: user.id },
    });
    if (count === 0) throw conflict("Deze uitnodiging werd al aanvaard.");
    // The party that accepts gets its default contact people (it can change them).
    await nameDefaultContacts(tx, { agreementId, partyIds: [partyId], namedById: user.id });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "agreement.party-accepted", agreementId, data: { partyId, organisation: party.organisation.name } },
      tx,
    );
  });
}

/**
 * A signer of a party that was only invited signs (the bulk engagementsverklaring,
 * see the decision record): the signature is that party's acceptance, and the
 * signatory counts as confirmed by the signer. Runs in the signing transaction.
 */
export async function acceptBySignature(tx: Tx, signatory: { id: string; partyId: string; agreementId: string }, now: Date): Promise<void> {
  const { count } = await tx.agreementParty.updateMany({
    where: { id: signatory.partyId, status: PARTY_STATUS.invited },
    data: { status: PARTY_STATUS.accepted, acceptedAt: now },
  });
  await tx.signatory.updateMany({
    where: { id: signatory.id, status: { not: SIGNATORY_STATUS.confirmed } },
    data: { status: SIGNATORY_STATUS.confirmed, confirmedAt: now },
  });
  if (count > 0) {
    await recordAuditEvent(
      { actorLabel: "Akkoord", action: "agreement.party-accepted", agreementId: signatory.agreementId, data: { partyId: signatory.partyId, bySigning: true } },
      tx,
    );
  }
}

/** Agreements to which one of the user's organisations (where they may draft) is invited and did not accept yet: the start page lists them. */
export async function listPendingInvitations(options: { user: SessionUser; take?: number; client?: PrismaClient }) {
  const roles = ROLES.filter((role) => roleAllows(role, "agreement:edit"));
  return (options.client ?? db).agreementParty.findMany({
    where: {
      status: PARTY_STATUS.invited,
      agreement: { status: { not: "gearchiveerd" } },
      organisation: { memberships: { some: { userId: options.user.id, active: true, role: { in: roles } } } },
    },
    select: { id: true, organisation: { select: { name: true } }, agreement: { select: { id: true, title: true, schoolYear: true } } },
    orderBy: { agreement: { createdAt: "desc" } },
    take: options.take ?? 20,
  });
}
