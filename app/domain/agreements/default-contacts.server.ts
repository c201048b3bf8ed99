// The contact roles of a party in an agreement and the contacts a party gets
// by default (docs/decisions/003-partners-boards-and-named-people.md). Below
// app/domain/people/agreement-contacts.server.ts, which names and removes them
// on a user's request; here the defaults, named when an agreement is created
// (the drafter's party) or a party accepts (that party): nobody names another
// party's people.
import type { OrganisationKind } from "~/domain/organisations/kinds";
import type { ContactRole } from "~/domain/people/contact-roles";
import type { Tx } from "~/utils/transaction.server";

/** The role a partner's default contact for a school takes in that school's agreements. */
const PARTNER_CONTACT_ROLE: Partial<Record<OrganisationKind, ContactRole>> = {
  clb: "ankerfiguur",
  brugfiguren: "brugfiguur",
  lokaal_bestuur: "coordinator",
};

/** The membership role whose holders are a party's contact by default, per organisation kind. */
const MEMBER_CONTACT_ROLE: Partial<Record<OrganisationKind, { membership: string; contact: ContactRole }>> = {
  school: { membership: "zorgcoordinator", contact: "zorgcoordinator" },
  lokaal_bestuur: { membership: "coordinator", contact: "coordinator" },
};

/**
 * Names the default contacts of these parties (the drafter's own party when an
 * agreement is created, a party when it accepts): a CLB's, service's or city's
 * default person for the agreement's schools (ServiceSchool.contactUserId), a
 * school's zorgcoördinator(s), a city's coordinator(s). Only active members;
 * contacts already named stay as they are.
 */
export async function nameDefaultContacts(tx: Tx, options: { agreementId: string; partyIds: readonly string[]; namedById?: string | null }) {
  const parties = await tx.agreementParty.findMany({
    where: { agreementId: options.agreementId, id: { in: [...options.partyIds] } },
    select: { id: true, organisationId: true, organisation: { select: { kind: true } } },
  });
  const rows: Array<{ partyId: string; contactRole: ContactRole; userId: string }> = [];
  for (const party of parties) {
    const kind = party.organisation.kind as OrganisationKind;
    const activeHere = { active: true, memberships: { some: { organisationId: party.organisationId, active: true } } };
    const partnerRole = PARTNER_CONTACT_ROLE[kind];
    if (partnerRole) {
      const links = await tx.serviceSchool.findMany({
        where: {
          serviceId: party.organisationId,
          contactUserId: { not: null },
          contact: activeHere,
          school: { parties: { some: { agreementId: options.agreementId } } },
        },
        select: { contactUserId: true },
      });
      for (const link of links) rows.push({ partyId: party.id, contactRole: partnerRole, userId: link.contactUserId! });
    }
    const memberRole = MEMBER_CONTACT_ROLE[kind];
    if (memberRole) {
      const members = await tx.membership.findMany({
        where: { organisationId: party.organisationId, role: memberRole.membership, active: true, user: { active: true } },
        select: { userId: true },
      });
      for (const member of members) rows.push({ partyId: party.id, contactRole: memberRole.contact, userId: member.userId });
    }
  }
  if (rows.length === 0) return;
  const existing = await tx.agreementContact.findMany({
    where: { agreementId: options.agreementId, partyId: { in: parties.map((p) => p.id) } },
    select: { partyId: true, contactRole: true, userId: true },
  });
  const seen = new Set(existing.map((c) => `${c.partyId} ${c.contactRole} ${c.userId}`));
  const fresh = rows.filter((row) => {
    const key = `${row.partyId} ${row.contactRole} ${row.userId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (fresh.length === 0) return;
  await tx.agreementContact.createMany({
    data: fresh.map((row) => ({ ...row, agreementId: options.agreementId, namedById: options.namedById ?? null })),
  });
}

