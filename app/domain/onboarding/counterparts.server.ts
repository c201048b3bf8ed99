// Which organisations a user may pick as the other party of a new agreement:
// only kinds that can face one of the user's drafting organisations in some
// document type, and, for a brugfiguren service, only the schools it works
// with. The option list and the server check use the same condition, so an id
// posted by hand outside the list is refused. Relation filters, no id lists.
import { organisationsAllowing } from "~/domain/access/policy";
import { templateLibrary } from "~/domain/templates/document-types.server";
import type { OrganisationKind } from "~/domain/organisations/kinds";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { serviceSchoolsWhere } from "./service-schools.server";

type Own = { id: string; kind: string; name: string };

/** The kinds that fill another party role than `kind` in some document type. */
function kindsFacing(kind: string): OrganisationKind[] {
  const kinds = new Set<OrganisationKind>();
  for (const type of templateLibrary().documentTypes.values()) {
    const ownRole = type.parties.find((p) => p.organisationKinds.includes(kind as OrganisationKind));
    if (!ownRole) continue;
    for (const role of type.parties) if (role !== ownRole) role.organisationKinds.forEach((k) => kinds.add(k));
  }
  return [...kinds];
}

/** The organisations this drafting organisation may pick as the other party. */
function counterpartWhere(own: Own): Prisma.OrganisationWhereInput {
  const kinds = kindsFacing(own.kind);
  const choices: Prisma.OrganisationWhereInput[] = [];
  const others = kinds.filter((k) => !(own.kind === "brugfiguren" && k === "school"));
  if (others.length > 0) choices.push({ kind: { in: others } });
  // A service drafts with the schools it works with (linked or already in an agreement).
  if (own.kind === "brugfiguren" && kinds.includes("school")) choices.push(serviceSchoolsWhere(own.id));
  return { AND: [{ id: { not: own.id } }, { OR: choices.length ? choices : [{ id: { in: [] } }] }] };
}

/** The user's organisations in which they may draft (from their memberships: a handful). */
export function ownDraftingOrganisations(user: SessionUser): Own[] {
  return organisationsAllowing(user.memberships, "agreement:create").map((id) => {
    const membership = user.memberships.find((m) => m.organisationId === id);
    return { id, kind: membership?.organisationKind ?? "", name: membership?.organisationName ?? "" };
  });
}

/** The option list of "Andere partij": what any of the user's drafting organisations may pick. */
export function listPickableCounterparts(user: SessionUser) {
  const own = ownDraftingOrganisations(user);
  if (own.length === 0) return Promise.resolve([]);
  return db.organisation.findMany({
    where: { AND: [{ OR: own.map(counterpartWhere) }, { NOT: { memberships: { some: { userId: user.id, active: true } } } }] },
    select: { id: true, name: true, kind: true, municipality: true },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
  });
}

export const NOT_PICKABLE = "Kies de andere partij uit de lijst.";

/**
 * Refuses (400, on the field) a counterpart the chosen own organisation may
 * not pick, also when the id was posted by hand. An own organisation the user
 * may not draft for is left to createAgreement, which refuses it.
 */
export async function requirePickableCounterpart(user: SessionUser, ownOrganisationId: string, counterpartId: string | undefined): Promise<void> {
  if (!counterpartId) return;
  const own = ownDraftingOrganisations(user).find((o) => o.id === ownOrganisationId);
  if (!own) return;
  const found = await db.organisation.findFirst({ where: { AND: [{ id: counterpartId }, counterpartWhere(own)] }, select: { id: true } });
  if (!found) throw invalidInput(NOT_PICKABLE, "counterpartOrganisationId");
}
