// Telling the parties what happens to an agreement that involves them: the
// members of the other parties (who may draft or send for their organisation)
// get a short Dutch e-mail through the outbox when they are invited as a
// party, and when a version is frozen, sent, signed, declined or completed.
// Written in the transaction of the change itself, so a notice exists exactly
// when the change does; the outbox delivers it and retries.
import { roleAllows } from "~/domain/access/policy";
import { buildMail } from "~/domain/mail/templates";
import { ROLES } from "~/domain/organisations/kinds";
import { enqueueMessage } from "~/domain/reminders/outbox.server";
import { env } from "~/utils/env.server";
import type { Tx } from "~/utils/transaction.server";

export type PartyNoticeEvent = "invited" | "removed" | "frozen" | "sent" | "signed" | "declined" | "completed";

/** The roles that hear about an agreement of their organisation: those who draft or send for it. */
const NOTIFIED_ROLES = ROLES.filter((role) => roleAllows(role, "agreement:edit") || roleAllows(role, "agreement:send"));

function noticeText(event: PartyNoticeEvent, title: string, detail: { who?: string | null; versionNumber?: number | null }) {
  const version = detail.versionNumber ? `versie ${detail.versionNumber} van ` : "";
  const who = detail.who ?? "iemand";
  switch (event) {
    case "invited":
      return {
        subject: `Uitnodiging als partij: ${title}`,
        paragraphs: [
          `${who} heeft uw organisatie als partij opgenomen in “${title}”.`,
          "Bekijk de overeenkomst en aanvaard de uitnodiging in Akkoord. Wie voor uw organisatie ondertekent, bepaalt u zelf: wat een andere partij voorstelt, bevestigt of vervangt u eerst.",
        ],
      };
    case "removed":
      return {
        subject: `Niet langer partij: ${title}`,
        paragraphs: [`${who} heeft uw organisatie als partij verwijderd uit “${title}”. Uw ondertekenaars voor deze overeenkomst vervallen.`],
      };
    case "frozen":
      return {
        subject: `Versie vastgelegd: ${title}`,
        paragraphs: [`${who} heeft ${version}“${title}” vastgelegd. U kunt de tekst en de ondertekenaars nakijken in Akkoord.`],
      };
    case "sent":
      return {
        subject: `Ter ondertekening verstuurd: ${title}`,
        paragraphs: [`${who} heeft ${version}“${title}” ter ondertekening verstuurd.`],
      };
    case "signed":
      return {
        subject: `Ondertekend door ${who}: ${title}`,
        paragraphs: [`${who} heeft ${version}“${title}” ondertekend.`],
      };
    case "declined":
      return {
        subject: `Ondertekening geweigerd: ${title}`,
        paragraphs: [`${who} heeft geweigerd ${version}“${title}” te ondertekenen.`],
      };
    case "completed":
      return {
        subject: `Volledig ondertekend: ${title}`,
        paragraphs: [`Iedereen heeft ${version}“${title}” ondertekend. De overeenkomst is nu van kracht.`],
      };
  }
}

/**
 * Puts one notice per member of the other parties in the outbox. "Other" means:
 * not an organisation the acting user is a member of (`actorUserId`) and not
 * the party a signer acted for (`actorPartyId`). `key` makes the notice
 * idempotent (e.g. the version or signature id).
 */
export async function noticeOtherParties(
  tx: Tx,
  options: {
    event: PartyNoticeEvent;
    agreementId: string;
    key: string;
    now: Date;
    actorUserId?: string | null;
    actorPartyId?: string | null;
    who?: string | null;
    versionNumber?: number | null;
    /** Only the members of this one party's organisation (a party just added or about to be removed). */
    organisationId?: string;
  },
): Promise<number> {
  const { event, agreementId, now } = options;
  const agreement = await tx.agreement.findUnique({ where: { id: agreementId }, select: { title: true } });
  if (!agreement) return 0;
  const memberships = await tx.membership.findMany({
    where: {
      active: true,
      role: { in: [...NOTIFIED_ROLES] },
      user: { active: true },
      organisation: {
        ...(options.organisationId ? { id: options.organisationId } : {}),
        parties: { some: { agreementId, ...(options.actorPartyId ? { id: { not: options.actorPartyId } } : {}) } },
        ...(options.actorUserId ? { memberships: { none: { userId: options.actorUserId } } } : {}),
      },
    },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { userId: "asc" },
  });
  const text = noticeText(event, agreement.title, { who: options.who, versionNumber: options.versionNumber });
  const url = `${env().PUBLIC_URL.replace(/\/+$/, "")}/overeenkomsten/${agreementId}`;
  const seen = new Set<string>();
  for (const { user } of memberships) {
    if (seen.has(user.id)) continue;
    seen.add(user.id);
    const mail = buildMail({
      to: user.email,
      subject: text.subject,
      greeting: `Beste ${user.name}`,
      paragraphs: text.paragraphs,
      action: { label: "Bekijk de overeenkomst", url },
    });
    await enqueueMessage(tx, {
      idempotencyKey: `party-notice:${event}:${options.key}:${user.id}`,
      kind: `party-${event}`,
      recipient: user.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? "",
      dueAt: now,
    });
  }
  return seen.size;
}
