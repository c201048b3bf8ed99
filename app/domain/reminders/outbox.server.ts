// The mail outbox: every e-mail except the one-time code (the reminder sweep's,
// signing invitations, the signed PDF, refusal notices) is first written to
// OutboxMessage (unique idempotency key), then claimed and delivered.
//
// - enqueueMessage: INSERT … ON CONFLICT DO NOTHING, so a key is stored once.
// - claimBatch: one UPDATE … RETURNING marks due rows "sending" with a lease
//   (lockedUntil); SQLite runs it under its write lock, so two sweepers (in one
//   process or several) never claim the same row. A sweeper that dies leaves
//   its rows to be claimed again when the lease runs out.
// - deliverClaimed: sends with the idempotency key (Idempotency-Key header,
//   stable Message-ID, one .eml per key), so a row sent again after a crash does
//   not reach the recipient twice; then marks it sent, or schedules a retry.
// - deliverNow: the request that enqueued a few messages tries them at once,
//   for a bounded time; whatever is left is the sweep's.
// - A message with a personal link stores a seed, not the link: the token is
//   derived from the seed with the server secret as the message leaves
//   (LINK_TOKEN_PLACEHOLDER in text and html), so the database never holds it.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { rolesAllowing } from "~/domain/access/policy";
import { LINK_TOKEN_PLACEHOLDER } from "~/domain/mail/link-token";
import type { Mailer } from "~/domain/mail/send-mail.server";
import { isMailDeliveryError, type MailAttachment } from "~/domain/mail/types";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { linkTokenFromSeed } from "~/utils/secret.server";

export type OutboxClient = Prisma.TransactionClient;

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Deliveries per message before it is marked failed (kept for a beheerder). */
export const MAX_ATTEMPTS = 6;
/** Wait after failed attempt n (1-based): 1 min, 5 min, 30 min, 2 h, 6 h. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000] as const;
export const DEFAULT_LEASE_MS = 4 * 60_000;
export const DEFAULT_BATCH_SIZE = 5;

export function retryDelayMs(attempt: number): number {
  const index = Math.min(Math.max(attempt, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[index]!;
}

export interface EnqueueInput {
  idempotencyKey: string;
  kind: string;
  /** One e-mail address. */
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** Not sent before this moment. */
  dueAt: Date;
  attachments?: MailAttachment[];
  /** The agreement the message is about, if any: its parties' beheerders see it in /beheer/berichten. */
  agreementId?: string | null;
  /** Seed of a personal link: LINK_TOKEN_PLACEHOLDER in text and html becomes its token when the message leaves. */
  tokenSeed?: string;
}

export { LINK_TOKEN_PLACEHOLDER };

const payloadSchema = z.object({
  text: z.string(),
  html: z.string(),
  tokenSeed: z.string().optional(),
  attachments: z
    .array(z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() }))
    .default([]),
});

/** Stores a message unless one with the same idempotency key exists. True when it was stored. */
export async function enqueueMessage(client: OutboxClient, input: EnqueueInput): Promise<boolean> {
  const payload = JSON.stringify({
    text: input.text,
    html: input.html,
    tokenSeed: input.tokenSeed,
    attachments: (input.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      contentBase64: Buffer.from(a.content).toString("base64"),
    })),
  });
  // The recipient's account (if any) is looked up here, so every sender's rows are
  // scoped for /beheer/berichten without having to know about it.
  const inserted = await client.$executeRaw`
    INSERT INTO "OutboxMessage"
      ("id", "idempotencyKey", "kind", "recipient", "subject", "payload", "dueAt", "status", "attempts", "nextAttemptAt", "createdAt",
       "agreementId", "recipientUserId")
    VALUES
      (${randomUUID()}, ${input.idempotencyKey}, ${input.kind}, ${input.recipient}, ${input.subject}, ${payload},
       ${input.dueAt}, 'pending', 0, ${input.dueAt}, ${new Date()},
       ${input.agreementId ?? null}, (SELECT "id" FROM "User" WHERE "email" = ${input.recipient.trim().toLowerCase()}))
    ON CONFLICT ("idempotencyKey") DO NOTHING`;
  return inserted > 0;
}

/** The keys among `keys` that are already in the outbox. */
export async function existingIdempotencyKeys(client: OutboxClient, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await client.outboxMessage.findMany({
      where: { idempotencyKey: { in: keys.slice(i, i + 500) } },
      select: { idempotencyKey: true },
    });
    for (const row of rows) found.add(row.idempotencyKey);
  }
  return found;
}

export interface ClaimedMessage {
  id: string;
  idempotencyKey: string;
  kind: string;
  recipient: string;
  subject: string;
  payload: string;
  /** Including this delivery. */
  attempts: number;
}

/**
 * Atomically claims up to `limit` due messages (pending and due, or "sending"
 * with a lease that ran out) and leases them until now + leaseMs. Rows whose
 * lease ran out after the last allowed attempt become "failed" instead.
 */
export async function claimBatch(options: {
  now: Date;
  limit?: number;
  leaseMs?: number;
  client?: OutboxClient;
}): Promise<ClaimedMessage[]> {
  const client = options.client ?? db;
  const { now } = options;
  const limit = Math.max(1, Math.floor(options.limit ?? DEFAULT_BATCH_SIZE));
  const lockedUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));

  await client.$executeRaw`
    UPDATE "OutboxMessage"
    SET "status" = 'failed', "lockedUntil" = NULL,
        "lastError" = 'Verzenden werd ' || "attempts" || ' keer onderbroken (proces gestopt).'
    WHERE "status" = 'sending' AND "lockedUntil" <= ${now} AND "attempts" >= ${MAX_ATTEMPTS}`;

  const rows = await client.$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxMessage"
    SET "status" = 'sending', "lockedUntil" = ${lockedUntil}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE ("status" = 'pending' AND "dueAt" <= ${now} AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${now}))
         OR ("status" = 'sending' AND "lockedUntil" <= ${now})
      ORDER BY "dueAt", "id"
      LIMIT ${limit}
    )
    RETURNING "id", "idempotencyKey", "kind", "recipient", "subject", "payload", "attempts"`;
  return rows.map(toClaimed).sort((a, b) => a.id.localeCompare(b.id));
}

type ClaimedRow = Omit<ClaimedMessage, "attempts"> & { attempts: number | bigint };

function toClaimed(row: ClaimedRow): ClaimedMessage {
  return { ...row, attempts: Number(row.attempts) };
}

/** claimBatch for the one message with this key, when it is waiting and due. */
async function claimByKey(client: OutboxClient, key: string, now: Date, leaseMs: number): Promise<ClaimedMessage | null> {
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const rows = await client.$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxMessage"
    SET "status" = 'sending', "lockedUntil" = ${lockedUntil}, "attempts" = "attempts" + 1
    WHERE "idempotencyKey" = ${key} AND "status" = 'pending' AND "dueAt" <= ${now}
      AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${now})
    RETURNING "id", "idempotencyKey", "kind", "recipient", "subject", "payload", "attempts"`;
  return rows[0] ? toClaimed(rows[0]) : null;
}

function describeFailure(error: unknown): { retryable: boolean; message: string; retryAfterMs: number } {
  if (isMailDeliveryError(error)) {
    return { retryable: error.retryable, message: error.message, retryAfterMs: error.retryAfterMs ?? 0 };
  }
  return { retryable: true, message: error instanceof Error ? error.message : String(error), retryAfterMs: 0 };
}

export interface DeliveryResult {
  sent: number;
  /** Deliveries that failed in this run (retry scheduled or given up). */
  failed: number;
  /** Messages given up on in this run (status "failed"). */
  givenUp: number;
}

/** Sends claimed messages one by one and records the outcome of each. */
export async function deliverClaimed(
  messages: readonly ClaimedMessage[],
  options: { now: Date; mailer: Mailer; client?: OutboxClient },
): Promise<DeliveryResult> {
  const client = options.client ?? db;
  const { now } = options;
  const result: DeliveryResult = { sent: 0, failed: 0, givenUp: 0 };

  for (const message of messages) {
    // Only the holder of this claim (same attempt number) may record the outcome.
    // (Conditions are written out, not nested Prisma.sql fragments: the in-server
    // sweep may run against a client from another copy of the Prisma runtime.)
    const { id, attempts } = message;
    let failure: { retryable: boolean; message: string; retryAfterMs: number };
    try {
      const payload = payloadSchema.parse(JSON.parse(message.payload));
      const withLink = (body: string) =>
        payload.tokenSeed === undefined ? body : body.replaceAll(LINK_TOKEN_PLACEHOLDER, linkTokenFromSeed(payload.tokenSeed));
      await options.mailer.send({
        to: message.recipient,
        subject: message.subject,
        text: withLink(payload.text),
        html: withLink(payload.html),
        attachments: payload.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: new Uint8Array(Buffer.from(a.contentBase64, "base64")),
        })),
        idempotencyKey: message.idempotencyKey,
      });
      const marked = await client.$executeRaw`
        UPDATE "OutboxMessage"
        SET "status" = 'sent', "sentAt" = ${now}, "lockedUntil" = NULL, "nextAttemptAt" = NULL, "lastError" = NULL
        WHERE "id" = ${id} AND "status" = 'sending' AND "attempts" = ${attempts}`;
      if (marked > 0) result.sent++;
      continue;
    } catch (error) {
      failure =
        error instanceof SyntaxError || error instanceof z.ZodError
          ? { retryable: false, message: `Onleesbaar bericht in de outbox: ${error.message}`, retryAfterMs: 0 }
          : describeFailure(error);
    }

    result.failed++;
    const lastError = failure.message.slice(0, 1000);
    if (failure.retryable && attempts < MAX_ATTEMPTS) {
      const wait = Math.max(retryDelayMs(attempts), failure.retryAfterMs);
      await client.$executeRaw`
        UPDATE "OutboxMessage"
        SET "status" = 'pending', "lockedUntil" = NULL, "lastError" = ${lastError},
            "nextAttemptAt" = ${new Date(now.getTime() + wait)}
        WHERE "id" = ${id} AND "status" = 'sending' AND "attempts" = ${attempts}`;
    } else {
      result.givenUp++;
      await client.$executeRaw`
        UPDATE "OutboxMessage"
        SET "status" = 'failed', "lockedUntil" = NULL, "lastError" = ${lastError}, "nextAttemptAt" = NULL
        WHERE "id" = ${id} AND "status" = 'sending' AND "attempts" = ${attempts}`;
    }
  }
  return result;
}

/** Claims and delivers due messages in small batches until none are left (or `maxMessages`). */
export async function deliverDue(options: {
  now: Date;
  mailer: Mailer;
  client?: OutboxClient;
  batchSize?: number;
  leaseMs?: number;
  maxMessages?: number;
}): Promise<DeliveryResult> {
  const total: DeliveryResult = { sent: 0, failed: 0, givenUp: 0 };
  const max = options.maxMessages ?? 500;
  let handled = 0;
  while (handled < max) {
    const batch = await claimBatch({
      now: options.now,
      limit: Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, max - handled),
      leaseMs: options.leaseMs,
      client: options.client,
    });
    if (batch.length === 0) break;
    handled += batch.length;
    const result = await deliverClaimed(batch, options);
    total.sent += result.sent;
    total.failed += result.failed;
    total.givenUp += result.givenUp;
  }
  return total;
}

/** How long a request waits for its own mails before leaving them to the sweep. */
export const DELIVER_NOW_TIMEOUT_MS = 5_000;

/**
 * Tries the messages with these keys (just enqueued by this request) at once,
 * one by one, waiting at most `timeoutMs`; a delivery still running then goes
 * on in the background, and a failed one is retried by the sweep with backoff.
 * Returns the keys whose delivery failed in this try.
 */
export async function deliverNow(
  keys: readonly string[],
  options: { now: Date; mailer: Mailer; client?: OutboxClient; timeoutMs?: number; leaseMs?: number },
): Promise<{ failed: string[] }> {
  const client = options.client ?? db;
  const failed: string[] = [];
  const work = (async () => {
    for (const key of keys) {
      const claimed = await claimByKey(client, key, options.now, options.leaseMs ?? DEFAULT_LEASE_MS);
      if (!claimed) continue; // sent, or in the sweep's hands
      const result = await deliverClaimed([claimed], { ...options, client });
      if (result.failed > 0) failed.push(key);
    }
  })().catch((error: unknown) => console.error("mail: immediate delivery stopped; the sweep takes over", error));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.timeoutMs ?? DELIVER_NOW_TIMEOUT_MS);
  });
  await Promise.race([work, deadline]);
  clearTimeout(timer);
  return { failed: [...failed] };
}

// ─── For the beheerder ──────────────────────────────────────────────────────

export interface OutboxProblem {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  dueAt: Date;
  nextAttemptAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/**
 * The messages a beheerder may see: about an agreement one of whose parties
 * they administer, or to a member of an organisation they administer. Joins
 * on the user's own memberships (no id lists); a message about neither is
 * nobody's business here.
 */
export function outboxVisibleTo(userId: string): Prisma.OutboxMessageWhereInput {
  const administered: Prisma.OrganisationWhereInput = {
    memberships: { some: { userId, active: true, role: { in: rolesAllowing("admin:outbox") } } },
  };
  return {
    OR: [
      { agreement: { parties: { some: { organisation: administered } } } },
      { recipientUser: { memberships: { some: { active: true, organisation: administered } } } },
    ],
  };
}

/** Failed and pending messages the user may see, failed first, newest first; one page. */
export async function listOutboxProblems(options: {
  userId: string;
  page: number;
  pageSize: number;
  client?: OutboxClient;
}): Promise<{ items: OutboxProblem[]; total: number; failed: number; pending: number }> {
  const client = options.client ?? db;
  const visible = outboxVisibleTo(options.userId);
  const where = { AND: [visible, { status: { in: ["failed", "pending"] } }] };
  const [rows, failed, pending] = await Promise.all([
    client.outboxMessage.findMany({
      where,
      orderBy: [{ status: "asc" }, { createdAt: "desc" }, { id: "asc" }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: {
        id: true,
        kind: true,
        recipient: true,
        subject: true,
        status: true,
        attempts: true,
        dueAt: true,
        nextAttemptAt: true,
        lastError: true,
        createdAt: true,
      },
    }),
    client.outboxMessage.count({ where: { AND: [visible, { status: "failed" }] } }),
    client.outboxMessage.count({ where: { AND: [visible, { status: "pending" }] } }),
  ]);
  return {
    items: rows.map((row) => ({ ...row, status: row.status as OutboxStatus })),
    total: failed + pending,
    failed,
    pending,
  };
}

/**
 * Puts a failed (or waiting) message back in line to be sent at the next
 * sweep, with a fresh series of attempts. False when there is no such message
 * the user may see, or it was already sent or is being sent.
 */
export async function retryOutboxMessage(options: { id: string; userId: string; client?: OutboxClient }): Promise<boolean> {
  const client = options.client ?? db;
  const updated = await client.outboxMessage.updateMany({
    where: { AND: [outboxVisibleTo(options.userId), { id: options.id, status: { in: ["failed", "pending"] } }] },
    data: { status: "pending", attempts: 0, nextAttemptAt: null, lockedUntil: null },
  });
  return updated.count > 0;
}
