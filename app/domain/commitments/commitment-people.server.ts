// RASCI roles resolve to people (decision 003): the R and A of a commitment can
// name a person of that party (CommitmentRole.userId). Only the party itself
// names its person, and only an active member of its organisation; without a
// named person the party's contact people for the agreement carry it (then its
// beheerder), which is also whom the reminders reach.
import { z } from "zod";
import { membershipsAllow } from "~/domain/access/policy";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { requireActiveMember } from "~/domain/people/agreement-contacts.server";
import { db } from "~/utils/db.server";
import { forbidden, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

/** The RASCI letters that carry a commitment and can name a person. */
export const PERSON_RASCI = ["R", "A"] as const;

export const CommitmentPersonSchema = z.object({
  roleId: z.string({ required_error: "Kies een rol." }).trim().min(1, "Kies een rol.").max(100, "Kies een rol."),
  // Empty: back to the party's contact person.
  userId: z.string().trim().max(100, "Kies een persoon.").optional().transform((v) => (v ? v : null)),
});
export type CommitmentPersonInput = z.infer<typeof CommitmentPersonSchema>;

/** Names (or clears) the person of the user's own party who carries an R or A of a commitment. */
export async function nameCommitmentPerson(options: { user: SessionUser; agreementId: string; input: CommitmentPersonInput; audit: AuditContext }) {
  const { user, input } = options;
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:read" });
  const role = await db.commitmentRole.findFirst({
    where: { id: input.roleId, commitment: { agreementId: agreement.id } },
    select: { id: true, rasci: true, partyId: true, commitmentId: true },
  });
  if (!role) throw notFound("Deze rol bestaat niet (meer).");
  const party = agreement.parties.find((p) => p.id === role.partyId)!;
  if (!membershipsAllow(user.memberships, "agreement:evaluate", [party.organisationId])) {
    throw forbidden("Alleen uw eigen organisatie duidt haar persoon voor een afspraak aan.");
  }
  if (!(PERSON_RASCI as readonly string[]).includes(role.rasci)) {
    throw invalidInput("Alleen wie een afspraak uitvoert (R) of er eindverantwoordelijk voor is (A) wordt bij naam aangeduid.", "roleId");
  }
  await db.$transaction(async (tx) => {
    if (input.userId) await requireActiveMember(tx, party.organisation, input.userId);
    await tx.commitmentRole.update({ where: { id: role.id }, data: { userId: input.userId } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: "commitment.person-named",
        agreementId: agreement.id,
        data: { commitmentId: role.commitmentId, partyId: role.partyId, rasci: role.rasci, userId: input.userId },
      },
      tx,
    );
  });
}
