import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { userOrganisationIds } from "~/domain/access/find-agreement.server";

/** The agreements the user's organisations are party to, newest change first. */
export async function listAgreementsForUser(options: {
  user: SessionUser;
  includeArchived?: boolean;
  take?: number;
  skip?: number;
}) {
  const { user, includeArchived = false, take = 50, skip = 0 } = options;
  const where = {
    parties: { some: { organisationId: { in: userOrganisationIds(user) } } },
    ...(includeArchived ? {} : { status: { not: "gearchiveerd" } }),
  };
  const [items, total] = await Promise.all([
    db.agreement.findMany({
      where,
      select: {
        id: true,
        title: true,
        documentType: true,
        schoolYear: true,
        status: true,
        updatedAt: true,
        parties: {
          select: { partyRole: true, organisation: { select: { id: true, name: true } } },
          orderBy: { position: "asc" },
        },
      },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      take,
      skip,
    }),
    db.agreement.count({ where }),
  ]);
  return { items, total };
}
