// Resolving a personal signing link. A link works only while its request is
// open ("verstuurd") and not expired, and its version is the agreement's
// latest and still out for signing. Every other case (unknown, expired, used,
// declined, lapsed, superseded) is the same to the outside: AppError LINK_UNAVAILABLE (410).
import { signingRequestStatusLabel } from "~/domain/agreements/signing-request-status";
import { formatBrusselsDateTime } from "~/domain/calendar/brussels-format";
import { db } from "~/utils/db.server";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { isAppError, expiredLink, unusableLink } from "~/utils/errors";
import { signingCapacityText } from "~/domain/organisations/party-name";
import { documentView, frozenSignatory, verifiedSnapshot, type DocumentView } from "./document.server";
import { CODE_MAX_ATTEMPTS } from "./settings.server";
import { countRequestEvents, recordSigningEvent, signatoryEvent, writeTransaction, type SigningAudit, type Tx } from "./store.server";
import { signerSummary, type SignerSummary } from "./signer-summary.server";
import { hashLinkToken } from "./tokens.server";

/** What a ResolvedRequest carries: its signatory with party and organisation name, its version with the agreement. */
export const SIGNING_REQUEST_INCLUDE = {
  signatory: { include: { party: { include: { organisation: { select: { name: true } } } } } },
  version: { include: { agreement: { select: { id: true, title: true, signingOrder: true } } } },
} as const;

async function findByTokenHash(client: Tx | typeof db, tokenHash: string) {
  return client.signingRequest.findUnique({ where: { tokenHash }, include: SIGNING_REQUEST_INCLUDE });
}

export type ResolvedRequest = NonNullable<Awaited<ReturnType<typeof findByTokenHash>>>;

/**
 * True when this request may still be signed, whatever its link's expiry: it
 * was invited and not used, declined or lapsed, and its version is the
 * agreement's latest and out for signing. Such a request may get a new link.
 */
export async function isOpenRequest(
  client: Tx | typeof db,
  request: { status: string; version: { status: string; agreementId: string; number: number } },
): Promise<boolean> {
  if (request.status !== "verstuurd" || request.version.status !== "ter_ondertekening") return false;
  const newer = await client.agreementVersion.count({
    where: { agreementId: request.version.agreementId, number: { gt: request.version.number } },
  });
  return newer === 0;
}

/** True when this request's link may be used at `now`. */
export async function isUsable(client: Tx | typeof db, request: ResolvedRequest, now: Date): Promise<boolean> {
  return request.expiresAt.getTime() > now.getTime() && (await isOpenRequest(client, request));
}

/** The request behind a link token, whatever its state; null for an unknown token. */
export async function findRequestByToken(client: Tx | typeof db, token: string): Promise<ResolvedRequest | null> {
  const tokenHash = hashLinkToken(token);
  return tokenHash ? findByTokenHash(client, tokenHash) : null;
}

/**
 * The open request behind a link token, or AppError LINK_UNAVAILABLE. With
 * `tellExpired` (only the page that shows the link: the signer may ask for a new
 * one, renewSigningLink) an expired link whose request could still be signed is
 * LINK_EXPIRED; everywhere else it is LINK_UNAVAILABLE like any other.
 */
export async function resolveSigningLink(client: Tx | typeof db, token: string, now: Date, options: { tellExpired?: boolean } = {}): Promise<ResolvedRequest> {
  const request = await findRequestByToken(client, token);
  if (!request) throw unusableLink();
  if (!(await isOpenRequest(client, request))) throw unusableLink();
  if (request.expiresAt.getTime() <= now.getTime()) throw options.tellExpired ? expiredLink() : unusableLink();
  return request;
}

/**
 * Throws AppError LINK_UNAVAILABLE unless the link works at `now`. A cheap look-up by
 * token hash, made before anything heavy a stranger sent (a drawn signature)
 * is decoded.
 */
export async function assertUsableLink(options: { token: string; now?: Date }): Promise<void> {
  await resolveSigningLink(db, options.token, options.now ?? new Date());
}

/** The version's snapshot after recomputing its hash; logs and refuses on a mismatch. */
export async function checkedSnapshot(request: ResolvedRequest, audit: SigningAudit, now: Date, step: string) {
  try {
    return verifiedSnapshot(request.version);
  } catch (error) {
    if (!isAppError(error, "VERSION_TAMPERED")) throw error;
    const event = signatoryEvent(request, audit, now);
    await writeTransaction((tx) =>
      recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.hashMismatch, data: { ...event.data, step } }),
    );
    throw error;
  }
}

export type SigningPage = {
  document: DocumentView;
  /** What the signer's party commits to, and the key dates: shown first. */
  summary: SignerSummary;
  version: { number: number; hash: string };
  /** `capacity`: "U tekent namens het schoolbestuur …" when the version froze the signatory as signing for the board. */
  signatory: { name: string; functionTitle: string; organisation: string; email: string; capacity: string | null };
  signatories: Array<{ name: string; functionTitle: string; organisation: string; status: string }>;
  linkExpiresAt: string;
  code: { active: boolean; expiresAt: string | null; attemptsLeft: number };
};

/**
 * Everything the public signing page shows. Throws AppError LINK_UNAVAILABLE for
 * a link that does not work (LINK_EXPIRED for an expired one that could still be
 * signed) and VERSION_TAMPERED when the hash does not match.
 * Logs the first opening of the link within an hour.
 */
export async function loadSigningPage(options: { token: string; audit: SigningAudit; now?: Date }): Promise<SigningPage> {
  const now = options.now ?? new Date();
  const request = await resolveSigningLink(db, options.token, now, { tellExpired: true });
  const snapshot = await checkedSnapshot(request, options.audit, now, "tonen");

  const recentlyOpened = await countRequestEvents(db, request, SIGNING_ACTIONS.linkOpened, new Date(now.getTime() - 3_600_000));
  if (recentlyOpened === 0) {
    await writeTransaction((tx) => recordSigningEvent(tx, { ...signatoryEvent(request, options.audit, now), action: SIGNING_ACTIONS.linkOpened }));
  }

  const requests = await db.signingRequest.findMany({
    where: { versionId: request.versionId },
    include: { signatory: { include: { party: { include: { organisation: { select: { name: true } } } } } } },
    orderBy: [{ signatory: { position: "asc" } }, { id: "asc" }],
  });
  const codeActive = !!request.otpHash && !!request.otpExpiresAt && request.otpExpiresAt.getTime() > now.getTime();
  return {
    document: documentView(snapshot),
    summary: signerSummary(snapshot, request.signatory.party.partyRole),
    version: { number: request.version.number, hash: request.version.contentHash },
    signatory: {
      name: request.signatory.name,
      functionTitle: request.signatory.functionTitle,
      organisation: request.signatory.party.organisation.name,
      email: request.signatory.email,
      capacity: signingCapacityText({ ...frozenSignatory(snapshot, request.signatory), functionTitle: request.signatory.functionTitle }),
    },
    signatories: requests.map((r) => ({
      name: r.signatory.name,
      functionTitle: r.signatory.functionTitle,
      organisation: r.signatory.party.organisation.name,
      status: signingRequestStatusLabel(r.status),
    })),
    linkExpiresAt: formatBrusselsDateTime(request.expiresAt),
    code: {
      active: codeActive,
      expiresAt: codeActive ? formatBrusselsDateTime(request.otpExpiresAt!) : null,
      attemptsLeft: Math.max(0, CODE_MAX_ATTEMPTS - request.otpAttempts),
    },
  };
}
