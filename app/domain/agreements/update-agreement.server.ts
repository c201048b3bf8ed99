import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import { AppError, conflict } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { isDraftEditable } from "~/domain/drafting/editable";
import { requireAcceptedMember } from "~/domain/drafting/parties";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import type { UpdateAgreementInput } from "./schemas";

/**
 * Changes title and school year of a draft. The form carries the revision it
 * was loaded with; a save based on an older revision is refused (409) so two
 * people never overwrite each other silently.
 */
export async function updateAgreement(options: {
  user: SessionUser;
  agreementId: string;
  input: UpdateAgreementInput;
  audit: AuditContext;
}) {
  const { user, agreementId, input } = options;
  const agreement = await findAgreementForUser({ user, agreementId, permission: "agreement:edit" });
  requireAcceptedMember(user.memberships, agreement.parties);
  if (!isDraftEditable(agreement)) {
    throw new AppError("CONFLICT", "Deze overeenkomst kan nu niet gewijzigd worden.");
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.agreement.updateMany({
      where: { id: agreementId, draftRevision: input.revision, status: agreement.status, amending: agreement.amending },
      data: {
        title: input.title,
        schoolYear: input.schoolYear,
        signingOrder: input.signingOrder,
        reminderFirstDays: input.reminderFirstDays,
        reminderIntervalDays: input.reminderIntervalDays,
        reminderMax: input.reminderMax,
        draftRevision: { increment: 1 },
      },
    });
    if (count === 0) {
      throw conflict("Iemand anders heeft deze overeenkomst intussen gewijzigd. Bekijk de huidige versie en probeer opnieuw.");
    }
    await recordAuditEvent(
      { ...options.audit, actorUserId: user.id, action: "agreement.updated", agreementId, data: { title: input.title, schoolYear: input.schoolYear } },
      tx,
    );
  });
}

/** Archives a draft: it leaves the lists but keeps its audit trail. */
export async function archiveAgreement(options: { user: SessionUser; agreementId: string; audit: AuditContext }) {
  const { user, agreementId } = options;
  const agreement = await findAgreementForUser({ user, agreementId, permission: "agreement:delete" });
  requireAcceptedMember(user.memberships, agreement.parties);
  if (agreement.status !== "concept") {
    throw new AppError("CONFLICT", "Alleen een concept kan gearchiveerd worden.");
  }
  await db.$transaction(async (tx) => {
    await tx.agreement.update({ where: { id: agreementId }, data: { status: "gearchiveerd" } });
    await recordAuditEvent({ ...options.audit, actorUserId: user.id, action: "agreement.archived", agreementId }, tx);
  });
}
