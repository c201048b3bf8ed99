import { membershipsAllow, type Permission } from "~/domain/access/policy";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";

export function userOrganisationIds(user: SessionUser): string[] {
  return [...new Set(user.memberships.map((m) => m.organisationId))];
}

/**
 * Loads an agreement only when one of the user's organisations is party to it
 * (404 otherwise, so existence doesn't leak), then checks the permission
 * against the memberships in those party organisations (403).
 */
export async function findAgreementForUser(options: {
  user: SessionUser;
  agreementId: string;
  permission: Permission;
}) {
  const { user, agreementId, permission } = options;
  const agreement = await db.agreement.findFirst({
    where: {
      id: agreementId,
      parties: { some: { organisationId: { in: userOrganisationIds(user) } } },
    },
    include: {
      parties: {
        include: {
          organisation: {
            select: { id: true, name: true, kind: true, municipality: true, instellingsnummer: true, street: true, postalCode: true },
          },
        },
        orderBy: { position: "asc" },
      },
    },
  });
  if (!agreement) throw notFound("Deze overeenkomst bestaat niet of u hebt er geen toegang toe.");
  const partyOrganisationIds = agreement.parties.map((p) => p.organisationId);
  if (!membershipsAllow(user.memberships, permission, partyOrganisationIds)) {
    throw forbidden("Uw rol laat deze actie op deze overeenkomst niet toe.");
  }
  return agreement;
}
