import { membershipsAllow, type Permission } from "~/domain/access/policy";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { forbidden, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

export function userOrganisationIds(user: SessionUser): string[] {
  return [...new Set(user.memberships.map((m) => m.organisationId))];
}

/** The parties as the agreement screens and steps need them, in their order. */
export const AGREEMENT_PARTIES_INCLUDE = {
  parties: {
    include: {
      organisation: {
        select: {
          id: true,
          name: true,
          kind: true,
          municipality: true,
          instellingsnummer: true,
          street: true,
          postalCode: true,
          boardName: true,
          boardNumber: true,
        },
      },
    },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.AgreementInclude;

export type AgreementWithParties = Prisma.AgreementGetPayload<{ include: typeof AGREEMENT_PARTIES_INCLUDE }>;

/**
 * Loads an agreement only when one of the user's organisations is party to it
 * (404 otherwise, so existence doesn't leak), then checks the permission
 * against the memberships in those party organisations (403).
 */
export async function findAgreementForUser(options: {
  user: SessionUser;
  agreementId: string;
  permission: Permission;
}): Promise<AgreementWithParties> {
  const { user, agreementId, permission } = options;
  const agreement = await db.agreement.findFirst({
    where: {
      id: agreementId,
      parties: { some: { organisationId: { in: userOrganisationIds(user) } } },
    },
    include: AGREEMENT_PARTIES_INCLUDE,
  });
  return checkAgreementAccess(user, agreement, permission);
}

/** findAgreementForUser's checks, for an agreement the caller already holds. */
export function checkAgreementAccess<T extends { parties: Array<{ organisationId: string }> }>(
  user: SessionUser,
  agreement: T | null,
  permission: Permission,
): T {
  const organisationIds = userOrganisationIds(user);
  if (!agreement || !agreement.parties.some((p) => organisationIds.includes(p.organisationId))) {
    throw notFound("Deze overeenkomst bestaat niet of u hebt er geen toegang toe.");
  }
  const partyOrganisationIds = agreement.parties.map((p) => p.organisationId);
  if (!membershipsAllow(user.memberships, permission, partyOrganisationIds)) {
    throw forbidden("Uw rol laat deze actie op deze overeenkomst niet toe.");
  }
  return agreement;
}
