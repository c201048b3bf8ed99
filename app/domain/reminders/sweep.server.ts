// The reminder sweep: load what the rules in due.ts need (a fixed number of
// indexed queries), compute what is due, put it in the outbox, deliver.
// Runs every 5 minutes inside the server (startReminderSweep) and on demand
// with `npm run reminders:run`.
import { createMailer, mailConfigFromEnv, type Mailer } from "~/domain/mail/send-mail.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { digestWindow, dueItems, momentDateRange, type DueFacts, type DueItem } from "./due";
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

const unique = <T,>(values: Iterable<T>) => [...new Set(values)];

/** Loads the facts the rules need at `now`. */
/** SQLite (through Prisma) limits the parameters of one query: long id lists go in chunks. */
const ID_CHUNK = 500;

async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) results.push(...(await query(ids.slice(i, i + ID_CHUNK))));
  return results;
}

export async function loadDueFacts(client: OutboxClient, now: Date): Promise<DueFacts> {
  const range = momentDateRange(now);
  const [moments, requests] = await Promise.all([
    client.evaluationMoment.findMany({
      where: { status: "gepland", date: { gte: range.from, lte: range.to }, agreement: { status: "ondertekend" } },
      select: { id: true, agreementId: true, date: true, label: true, status: true },
    }),
    client.signingRequest.findMany({
      where: { status: { in: ["verstuurd", "wachtend"] }, expiresAt: { gt: now }, version: { status: "ter_ondertekening" } },
      select: {
        id: true,
        status: true,
        invitedAt: true,
        expiresAt: true,
        versionId: true,
        signatory: { select: { name: true, email: true } },
        version: { select: { status: true, agreementId: true } },
      },
    }),
  ]);

  const agreementIds = unique([...moments.map((m) => m.agreementId), ...requests.map((r) => r.version.agreementId)]);
  const [agreements, accountable, digestUsers] = await Promise.all([
    inChunks(agreementIds, (ids) =>
      client.agreement.findMany({
          where: { id: { in: ids } },
          select: {
            id: true,
            title: true,
            status: true,
            reminderFirstDays: true,
            reminderIntervalDays: true,
            reminderMax: true,
            parties: { select: { id: true, organisationId: true, organisation: { select: { name: true } } } },
          },
        }),
    ),
    inChunks(agreementIds, (ids) =>
      client.commitmentRole.findMany({
        where: { rasci: "A", commitment: { agreementId: { in: ids } } },
        select: { partyId: true, commitmentId: true, commitment: { select: { agreementId: true } } },
      }),
    ),
    digestWindow(now) === null
      ? []
      : client.user.findMany({
          where: { weeklyDigest: true, active: true },
          select: { id: true, email: true, name: true, memberships: { where: { active: true }, select: { organisationId: true } } },
        }),
  ]);

  const organisationIds = unique(agreements.flatMap((a) => a.parties.map((p) => p.organisationId)));
  const memberships = await inChunks(organisationIds, (ids) =>
    client.membership.findMany({
      where: { organisationId: { in: ids }, active: true, user: { active: true } },
      select: { organisationId: true, role: true, user: { select: { id: true, email: true, name: true } } },
    }),
  );

  const accountableByAgreement = new Map<string, Array<{ commitmentId: string; partyId: string }>>();
  for (const r of accountable) {
    const list = accountableByAgreement.get(r.commitment.agreementId) ?? [];
    list.push({ commitmentId: r.commitmentId, partyId: r.partyId });
    accountableByAgreement.set(r.commitment.agreementId, list);
  }

  return {
    agreements: agreements.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      reminderFirstDays: a.reminderFirstDays,
      reminderIntervalDays: a.reminderIntervalDays,
      reminderMax: a.reminderMax,
      parties: a.parties.map((p) => ({ id: p.id, organisationId: p.organisationId, organisationName: p.organisation.name })),
      accountableRoles: accountableByAgreement.get(a.id) ?? [],
    })),
    moments,
    people: memberships.map((m) => ({
      userId: m.user.id,
      email: m.user.email,
      name: m.user.name,
      organisationId: m.organisationId,
      role: m.role,
    })),
    signingRequests: requests.map((r) => ({
      id: r.id,
      agreementId: r.version.agreementId,
      versionId: r.versionId,
      status: r.status,
      versionStatus: r.version.status,
      invitedAt: r.invitedAt,
      expiresAt: r.expiresAt,
      signatoryName: r.signatory.name,
      signatoryEmail: r.signatory.email,
    })),
    digestUsers: digestUsers.map((u) => ({
      userId: u.id,
      email: u.email,
      name: u.name,
      organisationIds: unique(u.memberships.map((m) => m.organisationId)),
    })),
  };
}

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
  const skipped = await enqueueDue(client, items, now, options.publicUrl ?? env().PUBLIC_URL);
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
  if (process.env.REMINDERS_DISABLED === "1") return () => undefined;
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
