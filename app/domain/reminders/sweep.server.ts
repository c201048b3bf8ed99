// The reminder sweep: load what the rules in due.ts need (due-facts.server.ts:
// one SQL statement), compute what is due, put it in the outbox, deliver.
// Runs every 5 minutes inside the server (startReminderSweep) and on demand
// with `npm run reminders:run`.
import { createMailer, mailConfigFromEnv, type Mailer } from "~/domain/mail/send-mail.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { dueItems, type DueItem } from "./due";
import { loadDueFacts } from "./due-facts.server";
import { enqueueInitiativeReminders } from "./initiative.server";
import { composeMessage } from "./messages";
import { deliverDue, enqueueMessage, existingIdempotencyKeys, type OutboxClient } from "./outbox.server";

export interface SweepResult {
  /** Items due at `now` according to the rules. */
  due: number;
  /** Messages delivered in this run (new ones and retries). */
  sent: number;
  /** Deliveries that failed in this run (a retry is scheduled, or the message is given up). */
  failed: number;
  /** Due items that were already in the outbox. */
  skipped: number;
}

export const SWEEP_INTERVAL_MS = 5 * 60_000;

export { loadDueFacts };

/** Puts the due items in the outbox; returns how many were already there. */
async function enqueueDue(client: OutboxClient, items: readonly DueItem[], now: Date, publicUrl: string): Promise<number> {
  const existing = await existingIdempotencyKeys(client, items.map((item) => item.idempotencyKey));
  let skipped = 0;
  for (const item of items) {
    if (existing.has(item.idempotencyKey)) {
      skipped++;
      continue;
    }
    const message = composeMessage(item, { publicUrl, now });
    const stored = await enqueueMessage(client, {
      idempotencyKey: item.idempotencyKey,
      kind: item.kind,
      recipient: item.recipient.email,
      subject: message.subject,
      text: message.text,
      html: message.html,
      dueAt: item.dueAt,
      agreementId: item.kind === "digest" ? null : item.agreement.id,
      // A signing reminder carries the request's current link (see composeMessage).
      tokenSeed: item.kind === "sign-reminder" ? (item.request.linkSeed ?? undefined) : undefined,
    });
    if (!stored) {
      skipped++; // another sweeper was first
      continue;
    }
    if (item.kind === "sign-reminder") {
      // Keeps the signing request's counters in step, for the signing pages.
      await client.signingRequest.updateMany({
        where: { id: item.request.id, remindersSent: { lt: item.number } },
        data: { remindersSent: item.number, lastReminderAt: item.dueAt },
      });
    }
  }
  return skipped;
}

/** One sweep at `now`: enqueue what is due, then deliver what is waiting. */
export async function runSweep(
  options: { now?: Date; client?: OutboxClient; mailer?: Mailer; publicUrl?: string } = {},
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const client = options.client ?? db;
  const mailer = options.mailer ?? createMailer(mailConfigFromEnv());
  const items = dueItems(await loadDueFacts(client, now), now);
  const publicUrl = options.publicUrl ?? env().PUBLIC_URL;
  const skipped = await enqueueDue(client, items, now, publicUrl);
  // The yearly "the school takes the initiative" reminder (from 1 May).
  await enqueueInitiativeReminders(client, { now, publicUrl });
  const delivery = await deliverDue({ now, mailer, client });
  return { due: items.length, sent: delivery.sent, failed: delivery.failed, skipped };
}

let timer: NodeJS.Timeout | undefined;

/**
 * Runs the sweep every 5 minutes in this process (first run after one
 * interval). Never two at once; errors are logged, not thrown. A no-op when
 * REMINDERS_DISABLED=1. Returns a function that stops it.
 */
export function startReminderSweep(options: { intervalMs?: number; run?: () => Promise<unknown> } = {}): () => void {
  if (env().REMINDERS_DISABLED) return () => undefined;
  if (timer) return stopReminderSweep;
  const run = options.run ?? (() => runSweep({ now: new Date() }));
  let running = false;
  timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => console.error("Herinneringen versturen mislukte:", error))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? SWEEP_INTERVAL_MS);
  timer.unref();
  return stopReminderSweep;
}

export function stopReminderSweep(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
