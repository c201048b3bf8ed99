// The e-mails of the signing module (Dutch, short) and how they are sent:
// the one-time code directly (sendMail: it is useless once late), every other
// one through the outbox (enqueueSigningMail in the transaction that decides
// it, then deliverSigningMails once committed; the sweep retries failures).
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";
import { deliverNow, enqueueMessage, type OutboxClient } from "~/domain/reminders/outbox.server";
import { createMailer, mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { buildMail, type BuiltMail } from "~/domain/mail/templates";
import type { MailMessage } from "~/domain/mail/types";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { CODE_VALID_MINUTES } from "./settings.server";
import { recordSigningEvent, writeTransaction } from "./store.server";

/** A mailer for the current environment (MAIL_TRANSPORT, MAIL_OUTBOX_DIR, …). */
export function signingMailer() {
  return createMailer(mailConfigFromEnv());
}

/** Sends at once, no retry: only for the one-time code. */
export async function sendMail(message: MailMessage): Promise<void> {
  await signingMailer().send(message);
}

export type OutboxMail = MailMessage & { to: string; idempotencyKey: string };

/**
 * Puts a signing mail in the outbox, due at `now`, in the caller's transaction.
 * `tokenSeed`: the mail holds LINK_TOKEN_PLACEHOLDER where its personal link's
 * token goes. Returns the idempotency key (for deliverSigningMails).
 */
export async function enqueueSigningMail(
  client: OutboxClient,
  message: OutboxMail,
  options: { kind: string; now: Date; agreementId: string; tokenSeed?: string },
): Promise<string> {
  await enqueueMessage(client, {
    idempotencyKey: message.idempotencyKey,
    kind: options.kind,
    recipient: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments,
    dueAt: options.now,
    agreementId: options.agreementId,
    tokenSeed: options.tokenSeed,
  });
  return message.idempotencyKey;
}

/** A mail in the outbox and what the audit log says if it fails. */
export type QueuedMail = {
  key: string;
  to: string;
  event: { agreementId: string; versionId: string; versionHash: string; data: Record<string, unknown> };
};

/**
 * Tries queued mails now (bounded, see deliverNow), once their transaction has
 * committed. A failure is logged and recorded ("signing.mail-failed"); the
 * mail stays in the outbox and the sweep tries again. Returns the failed ones.
 */
export async function deliverSigningMails(mails: readonly QueuedMail[], now: Date): Promise<QueuedMail[]> {
  if (mails.length === 0) return [];
  const failedKeys = new Set((await deliverNow(mails.map((m) => m.key), { now, mailer: signingMailer() })).failed);
  const failed = mails.filter((m) => failedKeys.has(m.key));
  for (const mail of failed) {
    console.error(`signing: mail ${mail.key} failed; it stays in the outbox`);
    await writeTransaction((tx) =>
      recordSigningEvent(tx, {
        ...mail.event,
        action: SIGNING_ACTIONS.mailFailed,
        at: now,
        actorLabel: "Akkoord",
        data: { ...mail.event.data, to: mail.to },
      }),
    );
  }
  return failed;
}

/** The outbox key of the invitation mail for one link of a request. */
export function invitationKey(requestId: string, tokenHash: string): string {
  return `${INVITATION_KEY_PREFIX}${requestId}:${tokenHash.slice(0, 16)}`;
}

export const INVITATION_KEY_PREFIX = "signing-invitation:";

function quoted(title: string): string {
  return `„${title}”`;
}

export function invitationMail(input: {
  to: string;
  name: string;
  functionTitle: string;
  organisation: string;
  title: string;
  versionNumber: number;
  url: string;
  expiresAt: Date;
  requestId: string;
  /** The link's token hash: one key per link, so a new link is a new message. */
  tokenHash: string;
}): OutboxMail {
  return {
    ...buildMail({
      to: input.to,
      subject: `Gevraagd: onderteken ${quoted(input.title)}`,
      greeting: `Beste ${input.name}`,
      paragraphs: [
        `U wordt gevraagd om versie ${input.versionNumber} van ${quoted(input.title)} te ondertekenen als ${input.functionTitle} van ${input.organisation}.`,
        "U hebt geen account nodig. Via de knop leest u het hele document. Om te ondertekenen vraagt u daar een code aan; die krijgt u per e-mail.",
        `De link is persoonlijk: stuur deze e-mail niet door. De link werkt tot ${formatBrusselsDateTime(input.expiresAt)}.`,
      ],
      action: { label: "Document lezen en ondertekenen", url: input.url },
    }),
    to: input.to,
    idempotencyKey: invitationKey(input.requestId, input.tokenHash),
  };
}

export function codeMail(input: { to: string; name: string; code: string; title: string }): MailMessage {
  return buildMail({
    to: input.to,
    subject: "Uw code om te ondertekenen",
    greeting: `Beste ${input.name}`,
    paragraphs: [
      `Uw code om ${quoted(input.title)} te ondertekenen is: ${input.code}`,
      `De code werkt ${CODE_VALID_MINUTES} minuten.`,
      "Vroeg u geen code aan? Dan mag u deze e-mail negeren.",
    ],
  });
}

/** To whoever sent the version for signing: a signatory's code was killed by wrong tries. */
export function codeAlertMail(input: {
  to: string;
  senderName: string;
  signatory: { name: string; email: string };
  title: string;
  versionNumber: number;
  /** Wrong codes on this link so far. */
  wrongTotal: number;
  /** True when the link no longer gets codes at all. */
  exhausted: boolean;
  agreementUrl: string;
  requestId: string;
}): BuiltMail & { to: string; idempotencyKey: string } {
  return {
    ...buildMail({
      to: input.to,
      subject: `Foute codes bij het ondertekenen van ${quoted(input.title)}`,
      greeting: `Beste ${input.senderName}`,
      paragraphs: [
        `Bij de ondertekenlink van ${input.signatory.name} (${input.signatory.email}) voor versie ${input.versionNumber} van ${quoted(input.title)} werd al ${input.wrongTotal} keer een foute code ingevuld.`,
        input.exhausted
          ? "Met deze link kan niet meer ondertekend worden. Neem contact op met de ondertekenaar langs een ander kanaal en stuur een nieuwe link als alles in orde is."
          : "Die code werkt niet meer. Was dit de ondertekenaar zelf niet, neem dan contact op: misschien probeert iemand anders de link te gebruiken.",
      ],
      action: { label: "Overeenkomst bekijken", url: input.agreementUrl },
    }),
    to: input.to,
    idempotencyKey: `signing-code-alert:${input.requestId}:${input.wrongTotal}`,
  };
}

export function declinedMail(input: {
  to: string;
  drafterName: string;
  signatory: { name: string; functionTitle: string; organisation: string };
  title: string;
  versionNumber: number;
  reason: string;
  agreementUrl: string;
  versionId: string;
}): OutboxMail {
  return {
    ...buildMail({
      to: input.to,
      subject: `Niet ondertekend: ${quoted(input.title)}`,
      greeting: `Beste ${input.drafterName}`,
      paragraphs: [
        `${input.signatory.name} (${input.signatory.functionTitle}, ${input.signatory.organisation}) weigert versie ${input.versionNumber} van ${quoted(input.title)} te ondertekenen.`,
        `Reden:\n${input.reason}`,
        "De andere ondertekenlinks van deze versie werken niet meer. Pas het concept aan en leg een nieuwe versie vast om opnieuw te laten ondertekenen.",
      ],
      action: { label: "Overeenkomst bekijken", url: input.agreementUrl },
    }),
    to: input.to,
    idempotencyKey: `signing-declined:${input.versionId}:${input.to}`,
  };
}

export function finalPdfMail(input: {
  to: string;
  name: string;
  title: string;
  versionNumber: number;
  pdf: Uint8Array;
  fileName: string;
  verifyUrl: string;
  versionId: string;
}): OutboxMail {
  return {
    ...buildMail({
      to: input.to,
      subject: `Ondertekend: ${quoted(input.title)}`,
      greeting: `Beste ${input.name}`,
      paragraphs: [
        `Iedereen heeft versie ${input.versionNumber} van ${quoted(input.title)} ondertekend.`,
        "In de bijlage vindt u het ondertekende document als PDF. Het is verzegeld: elke wijziging is zichtbaar. Bewaar het goed.",
        "Wilt u later nagaan of een PDF echt is? Laad hem op via de knop.",
      ],
      action: { label: "PDF controleren", url: input.verifyUrl },
    }),
    attachments: [{ filename: input.fileName, content: input.pdf, contentType: "application/pdf" }],
    to: input.to,
    idempotencyKey: `signing-final-pdf:${input.versionId}:${input.to.toLowerCase()}`,
  };
}

/** A safe ASCII file name for a version's PDF. */
export function pdfFileName(title: string, versionNumber: number, signed: boolean): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return `${slug || "overeenkomst"}-versie-${versionNumber}${signed ? "-ondertekend" : "-concept"}.pdf`;
}
