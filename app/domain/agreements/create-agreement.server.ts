import { membershipsAllow } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import { invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";
import { DOCUMENT_TYPES, suggestTitle } from "./document-types";
import type { CreateAgreementInput } from "./schemas";

/**
 * Starts a new agreement (status "concept") between one of the user's
 * organisations and a counterpart, each in the party role its kind fits.
 */
export async function createAgreement(options: {
  user: SessionUser;
  input: CreateAgreementInput;
  audit: AuditContext;
}) {
  const { user, input } = options;
  const type = DOCUMENT_TYPES[input.documentType];

  if (!membershipsAllow(user.memberships, "agreement:create", [input.ownOrganisationId])) {
    throw invalidInput("U kunt geen overeenkomsten opstellen voor deze organisatie.", "ownOrganisationId");
  }
  const own = await db.organisation.findUnique({ where: { id: input.ownOrganisationId } });
  const ownRole = own && type.parties.find((p) => p.kinds.includes(own.kind as never));
  if (!own || !ownRole) {
    throw invalidInput(`Uw organisatie kan geen partij zijn in een ${type.label.toLowerCase()}.`, "ownOrganisationId");
  }

  const parties = [{ organisation: own, role: ownRole }];
  const otherRoles = type.parties.filter((p) => p.id !== ownRole.id);
  if (otherRoles.length > 0) {
    if (!input.counterpartOrganisationId) {
      throw invalidInput("Kies de andere partij.", "counterpartOrganisationId");
    }
    const counterpart = await db.organisation.findUnique({ where: { id: input.counterpartOrganisationId } });
    const counterpartRole = counterpart && otherRoles.find((p) => p.kinds.includes(counterpart.kind as never));
    if (!counterpart || !counterpartRole || counterpart.id === own.id) {
      const expected = otherRoles.map((r) => r.label.toLowerCase()).join(" of ");
      throw invalidInput(`Kies als andere partij een ${expected}.`, "counterpartOrganisationId");
    }
    parties.push({ organisation: counterpart, role: counterpartRole });
  }

  // Order the parties as the document type lists its roles.
  parties.sort((a, b) => type.parties.indexOf(a.role) - type.parties.indexOf(b.role));
  const title =
    input.title ?? suggestTitle(input.documentType, input.schoolYear, parties.map((p) => p.organisation.name));

  return db.$transaction(async (tx) => {
    const agreement = await tx.agreement.create({
      data: {
        documentType: input.documentType,
        title,
        schoolYear: input.schoolYear,
        yearCount: type.yearCount,
        createdById: user.id,
        parties: {
          create: parties.map((p, position) => ({
            organisationId: p.organisation.id,
            partyRole: p.role.id,
            position,
          })),
        },
      },
    });
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "agreement.created", agreementId: agreement.id, data: { title } },
      tx,
    );
    return agreement;
  });
}
