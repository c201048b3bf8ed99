// "Stuur mij een code": a 6-digit one-time code by e-mail. Only its hash is
// stored; it works CODE_VALID_MINUTES minutes and dies after CODE_MAX_ATTEMPTS
// wrong tries. A request gets at most CODE_MAX_PER_HOUR codes per hour
// (counted from the audit log, which records every code sent).
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { SIGNING_ACTIONS } from "./audit-labels";
import { codeMail, sendMail } from "./mails.server";
import { CODE_MAX_ATTEMPTS, CODE_MAX_PER_HOUR, CODE_VALID_MINUTES } from "./settings.server";
import { checkedSnapshot, isUsable, resolveSigningLink, UnusableLinkError, type ResolvedRequest } from "./signing-link.server";
import { recordSigningEvent, requestIdFilter, signatoryLabel, writeTransaction, type SigningAudit, type Tx } from "./store.server";
import { hashOneTimeCode, newOneTimeCode, normaliseCode, sameHash } from "./tokens.server";

export const CODE_MESSAGES = {
  rateLimited: `U vroeg al ${CODE_MAX_PER_HOUR} codes aan in het voorbije uur. Wacht even en probeer het later opnieuw.`,
  mailFailed: "De code kon niet verstuurd worden. Probeer het over enkele minuten opnieuw.",
  none: "Vraag eerst een code aan met de knop „Stuur mij een code”.",
  expired: `Deze code is verlopen: een code werkt ${CODE_VALID_MINUTES} minuten. Vraag een nieuwe code aan.`,
  blocked: `U vulde ${CODE_MAX_ATTEMPTS} keer een foute code in. Deze code werkt niet meer: vraag een nieuwe code aan.`,
  wrong: (left: number) => `Deze code klopt niet. U kunt nog ${left} keer proberen.`,
} as const;

const requestIncludeForCheck = { version: { include: { agreement: { select: { id: true, title: true, signingOrder: true } } } } } as const;

/** Sends a fresh code to the signatory. Throws UnusableLinkError or AppError("RATE_LIMITED"). */
export async function requestOneTimeCode(options: { token: string; audit: SigningAudit; now?: Date }): Promise<{ expiresAt: Date }> {
  const now = options.now ?? new Date();
  const request = await resolveSigningLink(db, options.token, now);
  await checkedSnapshot(request, options.audit, now, "code");
  const code = newOneTimeCode();
  const expiresAt = new Date(now.getTime() + CODE_VALID_MINUTES * 60_000);
  const event = {
    agreementId: request.version.agreementId,
    versionId: request.versionId,
    versionHash: request.version.contentHash,
    actorLabel: signatoryLabel(request.signatory),
    ipAddress: options.audit.ipAddress,
    userAgent: options.audit.userAgent,
    at: now,
  };

  const outcome = await writeTransaction(async (tx) => {
    const fresh = await tx.signingRequest.findUniqueOrThrow({ where: { id: request.id }, include: requestIncludeForCheck });
    if (!(await isUsable(tx, { ...request, ...fresh }, now))) return "unusable" as const;
    const sentLastHour = await tx.auditEvent.count({
      where: {
        action: SIGNING_ACTIONS.codeSent,
        versionId: request.versionId,
        createdAt: { gt: new Date(now.getTime() - 3_600_000) },
        data: requestIdFilter(request.id),
      },
    });
    if (sentLastHour >= CODE_MAX_PER_HOUR) {
      await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.codeRateLimited, data: { requestId: request.id } });
      return "rate-limited" as const;
    }
    await tx.signingRequest.update({
      where: { id: request.id },
      data: {
        otpHash: hashOneTimeCode(request.id, code),
        otpExpiresAt: expiresAt,
        otpAttempts: 0,
        otpSentCount: { increment: 1 },
      },
    });
    await recordSigningEvent(tx, {
      ...event,
      action: SIGNING_ACTIONS.codeSent,
      data: { requestId: request.id, expiresAt: expiresAt.toISOString() },
    });
    return "sent" as const;
  });
  if (outcome === "unusable") throw new UnusableLinkError();
  if (outcome === "rate-limited") throw new AppError("RATE_LIMITED", CODE_MESSAGES.rateLimited);

  try {
    await sendMail(codeMail({ to: request.signatory.email, name: request.signatory.name, code, title: request.version.agreement.title }));
  } catch (error) {
    console.error(`signing: code mail for request ${request.id} failed`, error);
    throw new AppError("CONFLICT", CODE_MESSAGES.mailFailed);
  }
  return { expiresAt };
}

export type CodeCheck = { ok: true } | { ok: false; message: string };

/**
 * Checks a typed code inside the caller's transaction. A wrong code counts an
 * attempt (written, not rolled back: the caller must commit); the last allowed
 * wrong attempt kills the code.
 */
export async function checkOneTimeCode(
  tx: Tx,
  request: Pick<ResolvedRequest, "id" | "versionId" | "version" | "signatory">,
  typed: string,
  audit: SigningAudit,
  now: Date,
): Promise<CodeCheck> {
  const current = await tx.signingRequest.findUniqueOrThrow({
    where: { id: request.id },
    select: { otpHash: true, otpExpiresAt: true, otpAttempts: true },
  });
  const event = {
    agreementId: request.version.agreementId,
    versionId: request.versionId,
    versionHash: request.version.contentHash,
    actorLabel: signatoryLabel(request.signatory),
    ipAddress: audit.ipAddress,
    userAgent: audit.userAgent,
    at: now,
    data: { requestId: request.id },
  };
  if (!current.otpHash || !current.otpExpiresAt) return { ok: false, message: CODE_MESSAGES.none };
  if (current.otpExpiresAt.getTime() <= now.getTime()) {
    await tx.signingRequest.update({ where: { id: request.id }, data: { otpHash: null, otpExpiresAt: null } });
    await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.codeExpired });
    return { ok: false, message: CODE_MESSAGES.expired };
  }
  if (sameHash(current.otpHash, hashOneTimeCode(request.id, normaliseCode(typed)))) return { ok: true };

  const attempts = current.otpAttempts + 1;
  const blocked = attempts >= CODE_MAX_ATTEMPTS;
  await tx.signingRequest.update({
    where: { id: request.id },
    data: blocked ? { otpAttempts: attempts, otpHash: null, otpExpiresAt: null } : { otpAttempts: attempts },
  });
  await recordSigningEvent(tx, {
    ...event,
    action: blocked ? SIGNING_ACTIONS.codeBlocked : SIGNING_ACTIONS.codeWrong,
    data: { requestId: request.id, attempt: attempts },
  });
  return { ok: false, message: blocked ? CODE_MESSAGES.blocked : CODE_MESSAGES.wrong(CODE_MAX_ATTEMPTS - attempts) };
}
