// Helpers shared by the transports that build MIME messages with nodemailer.
import { createHash } from "node:crypto";
import addressparser from "nodemailer/lib/addressparser";
import type { MailComposerOptions } from "nodemailer/lib/mail-composer";
import type { MailMessage } from "../types";

export function recipientList(to: string | string[]): string[] {
  return Array.isArray(to) ? [...to] : [to];
}

/** Domain of the first address in a From value, for generated Message-IDs. */
export function senderDomain(from: string): string {
  const first = addressparser(from, { flatten: true })[0];
  const domain = first?.address.split("@")[1];
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : "akkoord.local";
}

/**
 * Message-ID derived from an idempotency key, so that re-sending the same
 * logical message yields the same Message-ID (receivers may deduplicate).
 */
export function stableMessageId(idempotencyKey: string, from: string): string {
  const hash = createHash("sha256").update(idempotencyKey, "utf8").digest("hex").slice(0, 32);
  return `<${hash}@${senderDomain(from)}>`;
}

/** Maps a MailMessage onto nodemailer message options (MailComposer / sendMail). */
export function composerOptions(
  message: MailMessage,
  from: string,
  extra: { date?: Date } = {},
): MailComposerOptions {
  return {
    from,
    to: recipientList(message.to),
    ...(message.cc && message.cc.length > 0 ? { cc: [...message.cc] } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      content: Buffer.from(attachment.content),
      contentType: attachment.contentType,
    })),
    ...(message.headers ? { headers: { ...message.headers } } : {}),
    ...(message.idempotencyKey ? { messageId: stableMessageId(message.idempotencyKey, from) } : {}),
    ...(extra.date ? { date: extra.date } : {}),
    // Content is always given inline; never let a message read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
