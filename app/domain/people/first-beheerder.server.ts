// The first beheerder of a real installation (`npm run beheerder:maak -- <e-mail>`):
// no seed, no password on the command line, but a one-time invitation link that
// works FIRST_BEHEERDER_LINK_HOURS, through the ordinary invitation page
// (/uitnodiging/:token), where the person chooses a name and password. The
// command works only while the installation has no active beheerder.
import { z } from "zod";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import { AppError, invalidInput } from "~/utils/errors";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { invitationUrl } from "./invitations.server";
import { InviteSchema } from "./roles";

export const FIRST_BEHEERDER_LINK_HOURS = 24;
/** The organisation the first beheerder belongs to, unless the command names one. */
export const DEFAULT_PLATFORM_ORGANISATION = "Akkoord-beheer";

const InputSchema = z.object({
  email: InviteSchema.shape.email,
  organisationName: z
    .string()
    .trim()
    .min(2, "De naam van de organisatie is te kort.")
    .max(120, "De naam van de organisatie is te lang (hoogstens 120 tekens).")
    .default(DEFAULT_PLATFORM_ORGANISATION),
});

export class BeheerderExistsError extends AppError {
  constructor() {
    super(
      "CONFLICT",
      "Er is al een beheerder. Een beheerder nodigt andere beheerders uit via Mensen; deze opdracht werkt maar één keer.",
    );
  }
}

/**
 * Makes the one-time link for the first beheerder: the platform organisation
 * (kind lokaal_bestuur) when it does not exist yet, and an invitation with the
 * role beheerder. An earlier link of this command that was not used stops
 * working. Throws BeheerderExistsError once an active beheerder exists.
 */
export async function inviteFirstBeheerder(options: {
  email: string;
  organisationName?: string;
  now?: Date;
  publicUrl?: string;
}): Promise<{ url: string; expiresAt: Date; organisation: { id: string; name: string } }> {
  const now = options.now ?? new Date();
  const parsed = InputSchema.safeParse({ email: options.email, organisationName: options.organisationName });
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? "Ongeldige invoer.", "email");
  const { email, organisationName } = parsed.data;
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + FIRST_BEHEERDER_LINK_HOURS * 3_600_000);

  const organisation = await db.$transaction(async (tx) => {
    const beheerder = await tx.membership.findFirst({
      where: { role: "beheerder", active: true, user: { active: true } },
      select: { id: true },
    });
    if (beheerder) throw new BeheerderExistsError();
    const org =
      (await tx.organisation.findFirst({ where: { name: organisationName }, select: { id: true, name: true } })) ??
      (await tx.organisation.create({ data: { kind: "lokaal_bestuur", name: organisationName }, select: { id: true, name: true } }));
    // A link of an earlier run that was not used stops working.
    await tx.invitation.updateMany({
      where: { role: "beheerder", invitedById: null, acceptedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const invitation = await tx.invitation.create({
      data: { organisationId: org.id, email, role: "beheerder", tokenHash: sha256Hex(token), expiresAt, invitedById: null, createdAt: now },
    });
    await recordAuditEvent(
      {
        actorLabel: "npm run beheerder:maak",
        action: "member.invited",
        data: { organisationId: org.id, invitationId: invitation.id, role: "beheerder", firstBeheerder: true },
      },
      tx,
    );
    return org;
  });
  return { url: invitationUrl(token, options.publicUrl), expiresAt, organisation };
}
