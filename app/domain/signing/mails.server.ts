// The e-mails of the signing module (Dutch, short) and how they are sent.
import { formatBrusselsDateTime } from "~/domain/pdf";
import { createMailer, mailConfigFromEnv } from "~/domain/mail/send-mail.server";
import { buildMail, type BuiltMail } from "~/domain/mail/templates";
import type { MailMessage } from "~/domain/mail/types";
import { CODE_VALID_MINUTES } from "./settings.server";

/** A mailer for the current environment (MAIL_TRANSPORT, MAIL_OUTBOX_DIR, …). */
export function signingMailer() {
  return createMailer(mailConfigFromEnv());
}

export async function sendMail(message: MailMessage): Promise<void> {
  await signingMailer().send(message);
}

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
}): MailMessage {
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
    idempotencyKey: `signing-invitation:${input.requestId}:${input.expiresAt.getTime()}`,
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
}): MailMessage {
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
}): MailMessage {
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
