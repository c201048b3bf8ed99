// "Stuur mij een code": a 6-digit one-time code by e-mail. Only its HMAC (keyed
// with a server secret, tokens.server.ts) is stored; it works
// CODE_VALID_MINUTES minutes and dies after CODE_MAX_ATTEMPTS wrong tries. A
// request gets at most CODE_MAX_PER_HOUR codes per hour (counted from the audit
// log, which records every code sent) and CODE_MAX_TOTAL in all; after
// CODE_MAX_WRONG_TOTAL wrong codes no code works any more. Every code killed by
// wrong tries is reported to whoever sent the version for signing, by mail
// through the outbox.
import { enqueueMessage } from "~/domain/reminders/outbox.server";
import { db } from "~/utils/db.server";
import { AppError, unusableLink } from "~/utils/errors";
import { SIGNING_ACTIONS } from "~/domain/audit/audit-labels";
import { codeAlertMail, codeMail, sendMail } from "./mails.server";
import {
  CODE_MAX_ATTEMPTS,
  CODE_MAX_PER_HOUR,
  CODE_MAX_TOTAL,
  CODE_MAX_WRONG_TOTAL,
  CODE_VALID_MINUTES,
  signingSettings,
} from "./settings.server";
import { checkedSnapshot, isUsable, resolveSigningLink, type ResolvedRequest } from "./signing-link.server";
import { recordSigningEvent, requestIdFilter, signatoryEvent, signatoryLabel, writeTransaction, type SigningAudit, type Tx } from "./store.server";
import { hashOneTimeCode, newOneTimeCode, normaliseCode, sameHash } from "./tokens.server";

export const CODE_MESSAGES = {
  rateLimited: `U vroeg al ${CODE_MAX_PER_HOUR} codes aan in het voorbije uur. Wacht even en probeer het later opnieuw.`,
  exhausted:
    "Met deze link kunt u geen nieuwe code meer aanvragen: er werden te veel codes aangevraagd of te veel foute codes ingevuld. Vraag wie u het document stuurde om u een nieuwe link te sturen.",
  mailFailed: "De code kon niet verstuurd worden. Probeer het over enkele minuten opnieuw.",
  none: "Vraag eerst een code aan met de knop „Stuur mij een code”.",
  expired: `Deze code is verlopen: een code werkt ${CODE_VALID_MINUTES} minuten. Vraag een nieuwe code aan.`,
  blocked: `U vulde ${CODE_MAX_ATTEMPTS} keer een foute code in. Deze code werkt niet meer: vraag een nieuwe code aan.`,
  wrong: (left: number) => `Deze code klopt niet. U kunt nog ${left} keer proberen.`,
} as const;

const requestIncludeForCheck = { version: { include: { agreement: { select: { id: true, title: true, signingOrder: true } } } } } as const;

/** Sends a fresh code to the signatory. Throws AppError LINK_UNAVAILABLE or RATE_LIMITED. */
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
    if (fresh.otpSentCount >= CODE_MAX_TOTAL || fresh.otpWrongTotal >= CODE_MAX_WRONG_TOTAL) {
      await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.codeRateLimited, data: { requestId: request.id, total: true } });
      return "exhausted" as const;
    }
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
    // Conditional: the caps hold even if two requests for a code overlap.
    const issued = await tx.signingRequest.updateMany({
      where: { id: request.id, otpSentCount: { lt: CODE_MAX_TOTAL }, otpWrongTotal: { lt: CODE_MAX_WRONG_TOTAL } },
      data: {
        otpHash: hashOneTimeCode(request.id, code),
        otpExpiresAt: expiresAt,
        otpAttempts: 0,
        otpSentCount: { increment: 1 },
      },
    });
    if (issued.count !== 1) return "exhausted" as const;
    await recordSigningEvent(tx, {
      ...event,
      action: SIGNING_ACTIONS.codeSent,
      data: { requestId: request.id, expiresAt: expiresAt.toISOString() },
    });
    return "sent" as const;
  });
  if (outcome === "unusable") throw unusableLink();
  if (outcome === "rate-limited") throw new AppError("RATE_LIMITED", CODE_MESSAGES.rateLimited);
  if (outcome === "exhausted") throw new AppError("RATE_LIMITED", CODE_MESSAGES.exhausted);

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
    select: { otpHash: true, otpExpiresAt: true, otpAttempts: true, otpWrongTotal: true },
  });
  const event = signatoryEvent(request, audit, now);
  if (current.otpWrongTotal >= CODE_MAX_WRONG_TOTAL) return { ok: false, message: CODE_MESSAGES.exhausted };
  if (!current.otpHash || !current.otpExpiresAt) return { ok: false, message: CODE_MESSAGES.none };
  if (current.otpExpiresAt.getTime() <= now.getTime()) {
    await tx.signingRequest.update({ where: { id: request.id }, data: { otpHash: null, otpExpiresAt: null } });
    await recordSigningEvent(tx, { ...event, action: SIGNING_ACTIONS.codeExpired });
    return { ok: false, message: CODE_MESSAGES.expired };
  }
  if (sameHash(current.otpHash, hashOneTimeCode(request.id, normaliseCode(typed)))) return { ok: true };

  const attempts = current.otpAttempts + 1;
  const wrongTotal = current.otpWrongTotal + 1;
  const exhausted = wrongTotal >= CODE_MAX_WRONG_TOTAL;
  const blocked = attempts >= CODE_MAX_ATTEMPTS || exhausted;
  await tx.signingRequest.update({
    where: { id: request.id },
    data: {
      otpAttempts: attempts,
      otpWrongTotal: { increment: 1 },
      ...(blocked ? { otpHash: null, otpExpiresAt: null } : {}),
    },
  });
  await recordSigningEvent(tx, {
    ...event,
    action: blocked ? SIGNING_ACTIONS.codeBlocked : SIGNING_ACTIONS.codeWrong,
    data: { requestId: request.id, attempt: attempts, wrongTotal },
  });
  if (blocked) await tellSender(tx, request, { wrongTotal, exhausted, now });
  if (exhausted) return { ok: false, message: CODE_MESSAGES.exhausted };
  return { ok: false, message: blocked ? CODE_MESSAGES.blocked : CODE_MESSAGES.wrong(CODE_MAX_ATTEMPTS - attempts) };
}

/**
 * Puts a mail to whoever sent the version for signing in the outbox (in the
 * caller's transaction): a code of one of its signatories was killed by wrong
 * tries. Nobody to tell when the sender's account is gone or inactive.
 */
async function tellSender(
  tx: Tx,
  request: Pick<ResolvedRequest, "id" | "versionId" | "version" | "signatory">,
  facts: { wrongTotal: number; exhausted: boolean; now: Date },
): Promise<void> {
  const sent = await tx.auditEvent.findFirst({
    where: { versionId: request.versionId, action: SIGNING_ACTIONS.sent },
    orderBy: { createdAt: "desc" },
    select: { actor: { select: { name: true, email: true, active: true } } },
  });
  const sender = sent?.actor;
  if (!sender?.active) return;
  const mail = codeAlertMail({
    to: sender.email,
    senderName: sender.name,
    signatory: request.signatory,
    title: request.version.agreement.title,
    versionNumber: request.version.number,
    wrongTotal: facts.wrongTotal,
    exhausted: facts.exhausted,
    agreementUrl: `${signingSettings().publicUrl}/overeenkomsten/${request.version.agreementId}`,
    requestId: request.id,
  });
  await enqueueMessage(tx, {
    idempotencyKey: mail.idempotencyKey,
    kind: "code-alert",
    recipient: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    dueAt: facts.now,
    agreementId: request.version.agreementId,
  });
}
