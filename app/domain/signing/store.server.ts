// Database helpers of the signing module.
//
// Every write goes through writeTransaction. With the better-sqlite3 driver
// adapter all queries share one connection and only transactions take its
// lock: a single write outside a transaction could end up inside another
// caller's open transaction. Our transactions decide first and write last,
// so they never roll back on a business rule (no writes of others get lost).
import { inTransaction, type Tx } from "~/utils/transaction.server";
import type { SigningAction } from "~/domain/audit/audit-labels";

export type { Tx };

/** A transaction of its own, or `tx` when the caller already has one (see inTransaction). */
export function writeTransaction<T>(work: (tx: Tx) => Promise<T>, tx?: Tx): Promise<T> {
  return inTransaction(tx, work, { maxWait: 30_000, timeout: 60_000 });
}

export type SigningAudit = {
  ipAddress?: string | null;
  userAgent?: string | null;
};

/** One audit event at time `at` (so tests with an injected clock see consistent logs). */
export async function recordSigningEvent(
  tx: Tx,
  event: {
    action: SigningAction;
    at: Date;
    agreementId: string;
    versionId?: string | null;
    versionHash?: string | null;
    actorUserId?: string | null;
    actorLabel?: string | null;
    ipAddress?: string | null;
    userAgent?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: event.action,
      createdAt: event.at,
      agreementId: event.agreementId,
      versionId: event.versionId ?? null,
      versionHash: event.versionHash ?? null,
      actorUserId: event.actorUserId ?? null,
      actorLabel: event.actorLabel ?? null,
      ipAddress: event.ipAddress ?? null,
      userAgent: event.userAgent ?? null,
      data: event.data ? JSON.stringify(event.data) : null,
    },
    select: { id: true },
  });
}

/** How a signatory appears in the audit log: name and e-mail. */
export function signatoryLabel(signatory: { name: string; email: string }): string {
  return `${signatory.name} <${signatory.email}>`;
}

/** Matches audit events whose JSON data names this signing request. */
export function requestIdFilter(requestId: string): { contains: string } {
  return { contains: JSON.stringify({ requestId }).slice(1, -1) };
}

type RequestForEvent = {
  id: string;
  versionId: string;
  version: { agreementId: string; contentHash: string };
  signatory: { name: string; email: string };
};

/** An event about a signing request by its signatory (from `audit`), at `now`, naming the request. */
export function signatoryEvent(request: RequestForEvent, audit: SigningAudit, now: Date) {
  return {
    at: now,
    agreementId: request.version.agreementId,
    versionId: request.versionId,
    versionHash: request.version.contentHash,
    actorLabel: signatoryLabel(request.signatory),
    ipAddress: audit.ipAddress,
    userAgent: audit.userAgent,
    data: { requestId: request.id },
  };
}

/** How many `action` events name this request after `since` (for rate limits). */
export function countRequestEvents(client: Tx, request: { id: string; versionId: string }, action: SigningAction, since: Date): Promise<number> {
  return client.auditEvent.count({
    where: { action, versionId: request.versionId, createdAt: { gt: since }, data: requestIdFilter(request.id) },
  });
}
