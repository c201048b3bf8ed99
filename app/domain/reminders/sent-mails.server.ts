// The e-mails a beheerder may read in the browser when Akkoord writes mail to
// files (MAIL_TRANSPORT=file, the demo): the outbox rows the beheerder may see
// (outboxVisibleTo: about their organisations' agreements or to their
// members, as on /beheer/berichten) that were sent, each with the text the
// file transport wrote (personal links included, already decoded).
import { readOutboxMessageByKey, type OutboxMessage } from "~/domain/mail/transports/file.server";
import { db } from "~/utils/db.server";
import { outboxVisibleTo, type OutboxClient } from "./outbox.server";

export interface SentMail {
  id: string;
  kind: string;
  sentAt: Date | null;
  message: OutboxMessage;
}

/** The newest sent mails the user may read, at most `limit`; a row whose file is gone is left out. */
export async function listSentMailsVisibleTo(options: { userId: string; outboxDir: string; limit: number; client?: OutboxClient }): Promise<SentMail[]> {
  const client = options.client ?? db;
  const rows = await client.outboxMessage.findMany({
    where: { AND: [outboxVisibleTo(options.userId), { status: "sent" }] },
    orderBy: [{ sentAt: "desc" }, { id: "asc" }],
    take: options.limit,
    select: { id: true, kind: true, sentAt: true, idempotencyKey: true },
  });
  const mails: SentMail[] = [];
  for (const row of rows) {
    const message = await readOutboxMessageByKey(options.outboxDir, row.idempotencyKey);
    if (message) mails.push({ id: row.id, kind: row.kind, sentAt: row.sentAt, message });
  }
  return mails;
}
