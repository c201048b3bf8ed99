// Inviting a colleague into an organisation. The link carries a random
// 256-bit token; only its SHA-256 is stored (Invitation.tokenHash). The
// invitation works for 7 days and once. The invitee sets a name and password,
// or — when the e-mail already has an account — accepts after signing in.
// The mail goes through the outbox (retried; the outbox holds a seed, not the
// token: see LINK_TOKEN_PLACEHOLDER).
import { membershipsAllow } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { createMailer, mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { deliverNow, enqueueMessage, LINK_TOKEN_PLACEHOLDER } from "~/domain/reminders/outbox.server";
import { buildMail } from "~/domain/mail/templates";
import { ROLE_LABELS, type Role } from "~/domain/organisations/kinds";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { AppError, forbidden, invalidInput } from "~/utils/errors";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { hashPassword } from "~/utils/password.server";
import { linkTokenFromSeed } from "~/utils/secret.server";
import type { SessionUser } from "~/domain/access/actor";
import { INVITATION_DAYS, rolesFor, type InviteInput, type NewAccountInput } from "./roles";
import { formatDay } from "~/domain/calendar/brussels-format";

export function invitationUrl(token: string, publicUrl = env().PUBLIC_URL): string {
  return `${publicUrl.replace(/\/+$/, "")}/uitnodiging/${token}`;
}

/** May the user give or take this role in this organisation? A beheerder role only by a beheerder. */
export function assertMayManage(user: SessionUser, organisationId: string, roles: readonly string[]) {
  if (!membershipsAllow(user.memberships, "organisation:manage-members", [organisationId])) {
    throw forbidden("U kunt de mensen van deze organisatie niet beheren.");
  }
  const isBeheerder = user.memberships.some((m) => m.organisationId === organisationId && m.role === "beheerder");
  if (roles.includes("beheerder") && !isBeheerder) {
    throw invalidInput("Alleen een beheerder kan iemand beheerder maken of die rol afnemen.", "role");
  }
}

export async function inviteMember(options: {
  user: SessionUser;
  input: InviteInput;
  audit: AuditContext;
  now?: Date;
}): Promise<{ invitationId: string; mailed: boolean }> {
  const { user, input } = options;
  const now = options.now ?? new Date();
  assertMayManage(user, input.organisationId, [input.role]);
  const organisation = await db.organisation.findUnique({ where: { id: input.organisationId }, select: { id: true, name: true, kind: true } });
  if (!organisation) throw forbidden("U kunt de mensen van deze organisatie niet beheren.");
  if (!rolesFor(organisation.kind).includes(input.role)) {
    throw invalidInput(`Deze rol past niet bij ${organisation.name}.`, "role");
  }
  const member = await db.membership.findFirst({
    where: { organisationId: organisation.id, role: input.role, active: true, user: { email: input.email } },
    select: { id: true },
  });
  if (member) throw invalidInput("Deze persoon heeft die rol al in deze organisatie.", "email");

  const invitation = await db.$transaction((tx) =>
    createInvitation(tx, { organisation, email: input.email, role: input.role, invitedBy: user, audit: options.audit, now }),
  );

  return { invitationId: invitation.id, mailed: await deliverInvitation(invitation.id, now) };
}

type InvitationTx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Writes an invitation into `organisation` in `tx`: an earlier open one for the
 * same address stops working, the new one is audited and its mail (with an
 * optional first paragraph, e.g. the agreement it is about) waits in the outbox
 * under `member-invitation:<id>`. The caller checks who may invite; deliver the
 * mail with deliverNow after the transaction.
 */
export async function createInvitation(
  tx: InvitationTx,
  options: {
    organisation: { id: string; name: string };
    email: string;
    role: Role;
    invitedBy: { id: string; name: string };
    audit: AuditContext;
    now: Date;
    intro?: string;
    agreementId?: string;
  },
) {
  const { organisation, email, role, now } = options;
  const seed = randomToken(32);
  const token = linkTokenFromSeed(seed);
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const expires = formatDay(expiresAt);
  const mail = buildMail({
    to: email,
    subject: `Uitnodiging: werk mee in Akkoord voor ${organisation.name}`,
    greeting: "Beste",
    paragraphs: [
      ...(options.intro ? [options.intro] : []),
      `${options.invitedBy.name} nodigt u uit om mee te werken in Akkoord voor ${organisation.name}, als ${ROLE_LABELS[role].toLowerCase()}.`,
      "In Akkoord maken scholen, het CLB en de brugfigurenwerking samen afspraken en volgen ze op.",
      `Via de knop kiest u uw naam en wachtwoord. Hebt u al een account? Dan meldt u zich aan en aanvaardt u de uitnodiging. De link werkt tot ${expires} en maar één keer.`,
      "Verwachtte u deze e-mail niet? Dan mag u hem negeren.",
    ],
    action: { label: "Uitnodiging bekijken", url: invitationUrl(LINK_TOKEN_PLACEHOLDER) },
  });
  // An earlier open invitation for the same address stops working.
  await tx.invitation.updateMany({
    where: { organisationId: organisation.id, email, acceptedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
  const created = await tx.invitation.create({
    data: { organisationId: organisation.id, email, role, tokenHash: sha256Hex(token), expiresAt, invitedById: options.invitedBy.id, createdAt: now },
  });
  await recordAuditEvent(
    {
      ...options.audit,
      actorUserId: options.invitedBy.id,
      action: "member.invited",
      agreementId: options.agreementId,
      data: { organisationId: organisation.id, invitationId: created.id, role },
    },
    tx,
  );
  await enqueueMessage(tx, {
    idempotencyKey: `member-invitation:${created.id}`,
    kind: "member-invitation",
    recipient: email,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    dueAt: now,
    tokenSeed: seed,
  });
  return created;
}

/** Sends an invitation's mail at once (it stays in the outbox, retried, when that fails). */
export async function deliverInvitation(invitationId: string, now: Date): Promise<boolean> {
  const { failed } = await deliverNow([`member-invitation:${invitationId}`], { now, mailer: createMailer(mailConfigFromEnv()) });
  if (failed.length > 0) console.error(`people: invitation mail ${invitationId} failed; it stays in the outbox`);
  return failed.length === 0;
}

export type OpenInvitation = {
  id: string;
  email: string;
  role: Role;
  organisation: { id: string; name: string };
  expiresAt: Date;
  hasAccount: boolean;
};

/** The invitation behind a link, when it still works; null otherwise (the page stays neutral). */
export async function findOpenInvitation(token: string, now = new Date()): Promise<OpenInvitation | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: { organisation: { select: { id: true, name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= now) return null;
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role as Role,
    organisation: invitation.organisation,
    expiresAt: invitation.expiresAt,
    hasAccount: Boolean(account),
  };
}

export class InvitationUnusableError extends AppError {
  constructor() {
    super("NOT_FOUND", "Deze uitnodiging werkt niet (meer). Vraag wie u uitnodigde om een nieuwe.");
  }
}

/** Marks the invitation used, only when it is still open; false when someone was first. */
async function claim(tx: InvitationTx, invitationId: string, now: Date): Promise<boolean> {
  const { count } = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  return count === 1;
}

/**
 * The roles the invitee gets: the invitation's role, and — as the first member
 * of an organisation nobody is in yet (one invited as a party to an agreement)
 * — also its beheerder, so someone there can manage its people.
 */
async function rolesOnAccepting(tx: InvitationTx, invitation: { role: Role; organisation: { id: string } }): Promise<Role[]> {
  const members = await tx.membership.count({ where: { organisationId: invitation.organisation.id, active: true } });
  return members === 0 && invitation.role !== "beheerder" ? [invitation.role, "beheerder"] : [invitation.role];
}

/** A new account from the invitation: name and password; returns the new user's id. */
export async function acceptWithNewAccount(options: { token: string; input: NewAccountInput; audit: AuditContext; now?: Date }): Promise<string> {
  const now = options.now ?? new Date();
  const invitation = await findOpenInvitation(options.token, now);
  if (!invitation) throw new InvitationUnusableError();
  if (invitation.hasAccount) throw new AppError("CONFLICT", "Er bestaat al een account met dit e-mailadres. Meld u aan om de uitnodiging te aanvaarden.");
  const passwordHash = await hashPassword(options.input.password);
  return db.$transaction(async (tx) => {
    if (!(await claim(tx, invitation.id, now))) throw new InvitationUnusableError();
    const user = await tx.user.create({
      data: {
        email: invitation.email,
        name: options.input.name,
        passwordHash,
        memberships: { create: (await rolesOnAccepting(tx, invitation)).map((role) => ({ organisationId: invitation.organisation.id, role })) },
      },
    });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: user.id,
        action: "member.invitation-accepted",
        data: { invitationId: invitation.id, organisationId: invitation.organisation.id, role: invitation.role },
      },
      tx
    );
    return user.id;
  });
}

/** The signed-in user accepts an invitation sent to their own e-mail address. */
export async function acceptAsExistingUser(options: { token: string; user: SessionUser; audit: AuditContext; now?: Date }) {
  const now = options.now ?? new Date();
  const invitation = await findOpenInvitation(options.token, now);
  if (!invitation) throw new InvitationUnusableError();
  if (invitation.email !== options.user.email.trim().toLowerCase()) {
    throw forbidden("Deze uitnodiging is voor een ander e-mailadres. Meld u af en meld u aan met het adres waarop u de uitnodiging kreeg.");
  }
  await db.$transaction(async (tx) => {
    if (!(await claim(tx, invitation.id, now))) throw new InvitationUnusableError();
    for (const role of await rolesOnAccepting(tx, invitation)) {
      await tx.membership.upsert({
        where: { userId_organisationId_role: { userId: options.user.id, organisationId: invitation.organisation.id, role } },
        create: { userId: options.user.id, organisationId: invitation.organisation.id, role },
        update: { active: true },
      });
    }
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: options.user.id,
        action: "member.invitation-accepted",
        data: { invitationId: invitation.id, organisationId: invitation.organisation.id, role: invitation.role },
      },
      tx
    );
  });
  return invitation;
}
