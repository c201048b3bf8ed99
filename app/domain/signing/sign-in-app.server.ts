// "Nu ondertekenen" in the app: a signed-in user who is a signatory of the
// version out for signing signs it there, with their session plus their
// password (re-entered, checked and throttled like a sign-in) as the proof
// instead of the link's one-time code. The signing itself is the link flow's
// (signRequest): same content-hash check, same rules, same audit event, which
// records the proof ("password") and the user. Only for the signatory
// themselves: the signatory's e-mail is the user's and the signatory's party
// is an organisation the user is an active member of. A colleague of the same
// school cannot sign for them.
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { signIn } from "~/domain/auth/sign-in.server";
import { db } from "~/utils/db.server";
import { AppError, conflict, forbidden, isAppError } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { signingCapacityText } from "~/domain/organisations/party-name";
import { documentView, frozenSignatory, type DocumentView } from "./document.server";
import { SigningFormError } from "./errors";
import { IN_APP_MESSAGES } from "./form-rules";
import { reissueSigningLink } from "./resend-signing-link.server";
import { signerSummary, type SignerSummary } from "./signer-summary.server";
import { signRequest, type SignResult } from "./sign-version.server";
import { checkedSnapshot, isOpenRequest, SIGNING_REQUEST_INCLUDE, type ResolvedRequest } from "./signing-link.server";


/** Where the user's own signing of the agreement's latest version stands. */
export type OwnSigningState = "open" | "signed" | "waiting" | "closed";

/** The user's own signing request for the agreement's latest version they sign, or null. */
async function findOwnRequest(user: SessionUser, agreementId: string): Promise<ResolvedRequest | null> {
  return db.signingRequest.findFirst({
    where: {
      version: { agreementId },
      signatory: {
        email: user.email.toLowerCase(),
        kind: "signer",
        // Scoped by a join: the signatory's party must be one of the user's own organisations.
        party: { organisation: { memberships: { some: { userId: user.id, active: true } } } },
      },
    },
    orderBy: { version: { number: "desc" } },
    include: SIGNING_REQUEST_INCLUDE,
  });
}

async function stateOf(request: ResolvedRequest): Promise<OwnSigningState> {
  if (request.status === "ondertekend") return "signed";
  if (await isOpenRequest(db, request)) return "open";
  const newer = await db.agreementVersion.count({ where: { agreementId: request.version.agreementId, number: { gt: request.version.number } } });
  if (request.status === "wachtend" && newer === 0 && request.version.status === "ter_ondertekening") return "waiting";
  return "closed";
}

/** The agreement (read access) and the user's own request in it; 404 / 403 otherwise. */
async function ownRequestOrRefuse(user: SessionUser, agreementId: string): Promise<ResolvedRequest> {
  await findAgreementForUser({ user, agreementId, permission: "agreement:read" });
  const request = await findOwnRequest(user, agreementId);
  if (!request) throw forbidden(IN_APP_MESSAGES.notSignatory);
  return request;
}

/** For the agreement page: null when the user signs nothing here. No access check of its own (the page did it). */
export async function ownSigningStatus(options: { user: SessionUser; agreementId: string }): Promise<{ versionNumber: number; state: OwnSigningState } | null> {
  const request = await findOwnRequest(options.user, options.agreementId);
  return request ? { versionNumber: request.version.number, state: await stateOf(request) } : null;
}

export type InAppSigningPage = {
  agreementId: string;
  state: OwnSigningState;
  version: { number: number; hash: string };
  signatory: { name: string; functionTitle: string; organisation: string; capacity: string | null };
  /** Only while the user can sign (state "open"). */
  document: DocumentView | null;
  summary: SignerSummary | null;
};

/** What the in-app signing page shows. Throws AppError (404 unknown agreement, 403 not the signatory) or AppError VERSION_TAMPERED. */
export async function loadInAppSigning(options: { user: SessionUser; agreementId: string; audit: AuditContext; now?: Date }): Promise<InAppSigningPage> {
  const now = options.now ?? new Date();
  const request = await ownRequestOrRefuse(options.user, options.agreementId);
  const state = await stateOf(request);
  const snapshot = state === "open" ? await checkedSnapshot(request, options.audit, now, "tonen") : null;
  return {
    agreementId: request.version.agreementId,
    state,
    version: { number: request.version.number, hash: request.version.contentHash },
    signatory: {
      name: request.signatory.name,
      functionTitle: request.signatory.functionTitle,
      organisation: request.signatory.party.organisation.name,
      capacity: snapshot ? signingCapacityText({ ...frozenSignatory(snapshot, request.signatory), functionTitle: request.signatory.functionTitle }) : null,
    },
    document: snapshot ? documentView(snapshot) : null,
    summary: snapshot ? signerSummary(snapshot, request.signatory.party.partyRole) : null,
  };
}

function refuseUnlessOpen(state: OwnSigningState): void {
  if (state === "signed") throw conflict(IN_APP_MESSAGES.alreadySigned);
  if (state === "waiting") throw conflict(IN_APP_MESSAGES.waiting);
  if (state === "closed") throw conflict(IN_APP_MESSAGES.closed);
}

/**
 * Signs the agreement's version as the signed-in user. Throws AppError
 * (403 not the signatory, 409 already signed / not yet their turn / version
 * closed, 429 too many wrong passwords), SigningFormError (wrong password,
 * consent, name) or AppError VERSION_TAMPERED. Nothing is written on a refusal
 * but the sign-in attempt the password check counts.
 */
export async function signVersionInApp(options: {
  user: SessionUser;
  agreementId: string;
  password: string;
  consent: boolean;
  fullName: string;
  audit: AuditContext;
  now?: Date;
}): Promise<SignResult> {
  const now = options.now ?? new Date();
  const { user } = options;
  const request = await ownRequestOrRefuse(user, options.agreementId);
  refuseUnlessOpen(await stateOf(request));
  if (options.password === "") throw new SigningFormError({ password: [IN_APP_MESSAGES.passwordMissing] });

  const check = await signIn({ email: user.email, password: options.password, ipAddress: options.audit.ipAddress ?? null, now });
  if (!check.ok && check.reason === "rate_limited") throw new AppError("RATE_LIMITED", IN_APP_MESSAGES.throttled(check.retryAfterSeconds));
  if (!check.ok || check.userId !== user.id) throw new SigningFormError({ password: [IN_APP_MESSAGES.passwordWrong] });

  try {
    return await signRequest(request, {
      proof: { kind: "password", userId: user.id },
      consent: options.consent,
      fullName: options.fullName,
      drawnSignature: null,
      audit: options.audit,
      now,
    });
  } catch (error) {
    // Signed or closed in the meantime (another tab, the link, a newer version).
    if (!isAppError(error, "LINK_UNAVAILABLE")) throw error;
    const fresh = await findOwnRequest(user, options.agreementId);
    refuseUnlessOpen(fresh ? await stateOf(fresh) : "closed");
    throw conflict(IN_APP_MESSAGES.closed);
  }
}

/** "Stuur de link opnieuw" by the signatory themselves: a new link to their own address. */
export async function resendOwnSigningLink(options: { user: SessionUser; agreementId: string; audit: AuditContext; now?: Date }) {
  const request = await ownRequestOrRefuse(options.user, options.agreementId);
  refuseUnlessOpen(await stateOf(request));
  return reissueSigningLink({ ...options, requestId: request.id });
}
