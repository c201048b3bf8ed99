import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";

/**
 * The agreements the user's organisations are party to, newest change first.
 * Found from the user's own active memberships and their organisations' party
 * rows (indexed): Prisma's `parties: { some }` becomes a correlated EXISTS that
 * SQLite answers by reading every agreement (EXPLAIN QUERY PLAN, #18).
 */
export async function listAgreementsForUser(options: {
  user: SessionUser;
  includeArchived?: boolean;
  take?: number;
  skip?: number;
  client?: PrismaClient;
}) {
  const { user, includeArchived = false, take = 50, skip = 0 } = options;
  const client = options.client ?? db;
  const mine = Prisma.sql`FROM "Agreement" a WHERE a."id" IN (
      SELECT p."agreementId" FROM "AgreementParty" p JOIN "Membership" m ON m."organisationId" = p."organisationId"
      WHERE m."userId" = ${user.id} AND m."active" = ${true})
    ${includeArchived ? Prisma.empty : Prisma.sql`AND a."status" <> 'gearchiveerd'`}`;
  const [page, counted] = await Promise.all([
    client.$queryRaw<Array<{ id: string }>>`SELECT a."id" ${mine} ORDER BY a."updatedAt" DESC, a."id" LIMIT ${take} OFFSET ${skip}`,
    client.$queryRaw<Array<{ n: number | bigint }>>`SELECT COUNT(*) AS "n" ${mine}`,
  ]);
  const rows = await client.agreement.findMany({
    where: { id: { in: page.map((a) => a.id) } },
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
  });
  const byId = new Map(rows.map((a) => [a.id, a]));
  const items = page.map((a) => byId.get(a.id)).filter((a): a is (typeof rows)[number] => a !== undefined);
  return { items, total: Number(counted[0]?.n ?? 0) };
}
