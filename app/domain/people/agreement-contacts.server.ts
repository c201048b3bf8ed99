// Named people per agreement (docs/decisions/003-partners-boards-and-named-people.md):
// each party names its own contact people by role (the CLB's ankerfiguur, the
// service's brugfiguur, the school's zorgcoördinator, the city's coordinator).
// Reminders go to them (app/domain/reminders), not to every member. A party
// acts only for itself: only its own members name or remove its contacts, and
// only active members of its own organisation can be named.
import { z } from "zod";
import { membershipsAllow } from "~/domain/access/policy";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { CONTACT_ROLES } from "~/domain/people/contact-roles";
import { inTransaction, type Tx } from "~/utils/transaction.server";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { actsFor } from "~/domain/drafting/parties";
import { db } from "~/utils/db.server";
import { conflict, forbidden, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

const id = (message: string) => z.string({ required_error: message }).trim().min(1, message).max(100, message);

export const NameContactSchema = z.object({
  partyId: id("Kies een partij."),
  contactRole: z.enum(CONTACT_ROLES, { errorMap: () => ({ message: "Kies een geldige rol." }) }),
  userId: id("Kies een persoon."),
});
export type NameContactInput = z.infer<typeof NameContactSchema>;

export const RemoveContactSchema = z.object({ contactId: id("Kies een contactpersoon.") });

/** The active member of the organisation (an active user), or null: who left is no longer named. */
export function findActiveMember(client: Tx, organisationId: string, userId: string) {
  return client.membership.findFirst({
    where: { organisationId, userId, active: true, user: { active: true } },
    select: { userId: true },
  });
}

/** 400 unless the person is an active member of the organisation. */
export async function requireActiveMember(client: Tx, organisation: { id: string; name: string }, userId: string, field = "userId") {
  if (!(await findActiveMember(client, organisation.id, userId))) {
    throw invalidInput(`Deze persoon is geen actief lid van ${organisation.name}. Kies iemand van uw eigen organisatie.`, field);
  }
}

/** The active members of these organisations (people a party can name), by name. */
export function activeMembersOf(client: Tx, organisationIds: readonly string[]) {
  return client.user.findMany({
    where: { active: true, memberships: { some: { organisationId: { in: [...organisationIds] }, active: true } } },
    select: { id: true, name: true, memberships: { where: { organisationId: { in: [...organisationIds] }, active: true }, select: { organisationId: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/**
 * The parties of an agreement with their named contacts, and for the parties
 * the user acts for, the members they can name. Any reader of the agreement
 * sees who the contacts are.
 */
export async function listAgreementContacts(options: { user: SessionUser; agreementId: string }) {
  const agreement = await findAgreementForUser({ ...options, permission: "agreement:read" });
  const own = agreement.parties.filter((p) => actsFor(options.user.memberships, p.organisationId)).map((p) => p.organisationId);
  const [contacts, members] = await Promise.all([
    db.agreementContact.findMany({
      where: { agreementId: agreement.id },
      select: { id: true, partyId: true, contactRole: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: [{ contactRole: "asc" }, { createdAt: "asc" }],
    }),
    own.length > 0 ? activeMembersOf(db, own) : Promise.resolve([]),
  ]);
  return {
    agreement,
    parties: agreement.parties.map((party) => ({
      id: party.id,
      name: party.organisation.name,
      kind: party.organisation.kind,
      own: own.includes(party.organisationId),
      contacts: contacts.filter((c) => c.partyId === party.id),
      members: members.filter((m) => m.memberships.some((ms) => ms.organisationId === party.organisationId)).map((m) => ({ id: m.id, name: m.name })),
    })),
  };
}

/** The party of the agreement the user acts for, or 403 (another party's contacts are its own business). */
function ownParty(user: SessionUser, agreement: Awaited<ReturnType<typeof findAgreementForUser>>, partyId: string) {
  const party = agreement.parties.find((p) => p.id === partyId);
  if (!party) throw invalidInput("Kies een partij van deze overeenkomst.", "partyId");
  if (!actsFor(user.memberships, party.organisationId)) {
    throw forbidden("U kunt alleen de contactpersonen van uw eigen organisatie aanduiden.");
  }
  return party;
}

/** Names a contact person of the user's own party; naming the same person in the same role again changes nothing. */
export async function nameAgreementContact(options: { user: SessionUser; agreementId: string; input: NameContactInput; audit: AuditContext }) {
  const { user, input } = options;
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:read" });
  if (agreement.status === "gearchiveerd") throw conflict("Deze overeenkomst is gearchiveerd.");
  const party = ownParty(user, agreement, input.partyId);
  return db.$transaction(async (tx) => {
    await requireActiveMember(tx, party.organisation, input.userId);
    const key = { partyId: party.id, contactRole: input.contactRole, userId: input.userId };
    const existing = await tx.agreementContact.findUnique({ where: { partyId_contactRole_userId: key } });
    if (existing) return existing;
    const contact = await tx.agreementContact.create({ data: { ...key, agreementId: agreement.id, namedById: user.id } });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "agreement.contact-named", agreementId: agreement.id, data: { ...key, organisation: party.organisation.name } },
      tx,
    );
    return contact;
  });
}

/** Removes a contact person of the user's own party. */
export async function removeAgreementContact(options: { user: SessionUser; agreementId: string; contactId: string; audit: AuditContext }) {
  const { user } = options;
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:read" });
  const contact = await db.agreementContact.findFirst({ where: { id: options.contactId, agreementId: agreement.id } });
  if (!contact) throw notFound("Deze contactpersoon bestaat niet (meer).");
  const party = ownParty(user, agreement, contact.partyId);
  await db.$transaction(async (tx) => {
    await tx.agreementContact.delete({ where: { id: contact.id } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: "agreement.contact-removed",
        agreementId: agreement.id,
        data: { partyId: party.id, contactRole: contact.contactRole, userId: contact.userId, organisation: party.organisation.name },
      },
      tx,
    );
  });
}

export const SchoolContactSchema = z.object({
  schoolId: id("Kies een school."),
  contactUserId: z.string().trim().max(100, "Kies een persoon.").optional().transform((v) => (v ? v : null)),
});

/**
 * A CLB, service or city sets its default contact person for one of its
 * schools (its own ServiceSchool row only); null clears it. The person must be
 * an active member of that partner.
 */
export async function setSchoolContact(options: {
  user: SessionUser;
  partnerId: string;
  schoolId: string;
  contactUserId: string | null;
  audit: AuditContext;
  tx?: Tx;
}) {
  const { user } = options;
  if (!membershipsAllow(user.memberships, "agreement:edit", [options.partnerId])) {
    throw forbidden("Alleen uw eigen organisatie duidt haar contactpersoon voor een school aan.");
  }
  return inTransaction(options.tx, async (tx) => {
    const link = await tx.serviceSchool.findUnique({
      where: { serviceId_schoolId: { serviceId: options.partnerId, schoolId: options.schoolId } },
      select: { id: true, service: { select: { id: true, name: true } } },
    });
    if (!link) throw notFound("Deze school staat niet op uw lijst.");
    if (options.contactUserId) await requireActiveMember(tx, link.service, options.contactUserId, "contactUserId");
    await tx.serviceSchool.update({ where: { id: link.id }, data: { contactUserId: options.contactUserId } });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "organisation.school-contact", data: { partnerId: options.partnerId, schoolId: options.schoolId, contactUserId: options.contactUserId } },
      tx,
    );
  });
}

/** A partner's default contact for one of its schools, and the members it can choose from (the partner's own). */
export async function schoolContactChoice(options: { partnerId: string; schoolId: string }) {
  const [link, members] = await Promise.all([
    db.serviceSchool.findUnique({
      where: { serviceId_schoolId: { serviceId: options.partnerId, schoolId: options.schoolId } },
      select: { contactUserId: true },
    }),
    activeMembersOf(db, [options.partnerId]),
  ]);
  return { contactUserId: link?.contactUserId ?? null, members: members.map((m) => ({ id: m.id, name: m.name })) };
}
