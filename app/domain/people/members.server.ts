// The people of an organisation: list, change a role, deactivate and
// reactivate a membership. An organisation never loses its last active
// beheerder through these actions.
import { organisationsAllowing } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import type { Role } from "~/domain/organisations/kinds";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { AppError, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { assertMayManage } from "./invitations.server";
import { rolesFor } from "./roles";

export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  functionTitle: string | null;
  active: boolean;
  isSelf: boolean;
};

export type OrganisationMembers = {
  id: string;
  name: string;
  kind: string;
  roles: readonly Role[];
  canGrantBeheerder: boolean;
  members: MemberRow[];
  invitations: Array<{ id: string; email: string; role: Role; expiresAt: Date }>;
};

const collator = new Intl.Collator("nl-BE", { sensitivity: "base" });

/** The organisations whose people the user manages, with their members and open invitations. */
export async function listManagedOrganisations(options: { user: SessionUser; now?: Date }): Promise<OrganisationMembers[]> {
  const { user } = options;
  const ids = organisationsAllowing(user.memberships, "organisation:manage-members");
  if (ids.length === 0) return [];
  const now = options.now ?? new Date();
  const organisations = await db.organisation.findMany({
    where: { id: { in: ids } },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      memberships: { select: { id: true, role: true, functionTitle: true, active: true, user: { select: { id: true, name: true, email: true } } } },
      invitations: {
        where: { acceptedAt: null, expiresAt: { gt: now } },
        orderBy: { createdAt: "desc" },
        select: { id: true, email: true, role: true, expiresAt: true },
      },
    },
  });
  return organisations.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    roles: rolesFor(o.kind),
    canGrantBeheerder: user.memberships.some((m) => m.organisationId === o.id && m.role === "beheerder"),
    members: o.memberships
      .map((m) => ({
        membershipId: m.id,
        userId: m.user.id,
        name: m.user.name,
        email: m.user.email,
        role: m.role as Role,
        functionTitle: m.functionTitle,
        active: m.active,
        isSelf: m.user.id === user.id,
      }))
      .sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.name, b.name)),
    invitations: o.invitations.map((i) => ({ ...i, role: i.role as Role })),
  }));
}

async function managedMembership(user: SessionUser, membershipId: string) {
  const membership = await db.membership.findUnique({
    where: { id: membershipId },
    include: { organisation: { select: { id: true, name: true, kind: true } }, user: { select: { id: true, name: true } } },
  });
  const ids = organisationsAllowing(user.memberships, "organisation:manage-members");
  if (!membership || !ids.includes(membership.organisationId)) throw notFound("Deze persoon staat niet in uw organisatie.");
  return membership;
}

/** Refuses a change that would leave the organisation without an active beheerder. */
async function keepLastBeheerder(
  tx: Prisma.TransactionClient,
  membership: { id: string; organisationId: string; role: string; active: boolean; userId: string; organisation: { name: string } },
  actor: SessionUser
) {
  if (membership.role !== "beheerder" || !membership.active) return;
  const others = await tx.membership.count({
    where: { organisationId: membership.organisationId, role: "beheerder", active: true, id: { not: membership.id }, user: { active: true } },
  });
  if (others > 0) return;
  throw new AppError(
    "CONFLICT",
    membership.userId === actor.id
      ? `U bent de laatste beheerder van ${membership.organisation.name}. Maak eerst iemand anders beheerder; daarna kunt u uw eigen rol wijzigen.`
      : `Deze persoon is de laatste beheerder van ${membership.organisation.name}. Maak eerst iemand anders beheerder.`
  );
}

export async function changeMemberRole(options: { user: SessionUser; membershipId: string; role: Role; audit: AuditContext }) {
  const { user, role } = options;
  const membership = await managedMembership(user, options.membershipId);
  if (membership.role === role) return membership;
  assertMayManage(user, membership.organisationId, [membership.role, role]);
  if (!rolesFor(membership.organisation.kind).includes(role)) throw invalidInput(`Deze rol past niet bij ${membership.organisation.name}.`, "role");
  return db.$transaction(async (tx) => {
    await keepLastBeheerder(tx, membership, user);
    const taken = await tx.membership.findUnique({
      where: { userId_organisationId_role: { userId: membership.userId, organisationId: membership.organisationId, role } },
      select: { id: true },
    });
    if (taken) throw invalidInput(`${membership.user.name} heeft die rol al in deze organisatie.`, "role");
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: "member.role-changed",
        data: { membershipId: membership.id, organisationId: membership.organisationId, from: membership.role, to: role },
      },
      tx
    );
    return updated;
  });
}

export async function setMembershipActive(options: { user: SessionUser; membershipId: string; active: boolean; audit: AuditContext }) {
  const { user, active } = options;
  const membership = await managedMembership(user, options.membershipId);
  if (membership.active === active) return membership;
  assertMayManage(user, membership.organisationId, [membership.role]);
  return db.$transaction(async (tx) => {
    if (!active) await keepLastBeheerder(tx, membership, user);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { active } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: active ? "member.reactivated" : "member.deactivated",
        data: { membershipId: membership.id, organisationId: membership.organisationId, role: membership.role },
      },
      tx
    );
    return updated;
  });
}

/** Withdraws an open invitation. */
export async function withdrawInvitation(options: { user: SessionUser; invitationId: string; audit: AuditContext; now?: Date }) {
  const now = options.now ?? new Date();
  const invitation = await db.invitation.findUnique({ where: { id: options.invitationId } });
  const ids = organisationsAllowing(options.user.memberships, "organisation:manage-members");
  if (!invitation || !ids.includes(invitation.organisationId)) throw notFound("Deze uitnodiging bestaat niet.");
  await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { expiresAt: now } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: options.user.id,
        action: "member.invitation-withdrawn",
        data: { invitationId: invitation.id, organisationId: invitation.organisationId },
      },
      tx
    );
  });
}
