import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { privacyWarnings, type PrivacyWarning } from "~/domain/drafting/writing-aids";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/utils/session.server";
import { intakeTexts, serialiseIntake, type IntakeAnswers } from "./intake";
import { findSchoolForService } from "./service-schools.server";

/**
 * Stores the intake with the school (Organisation.intakeNotes, JSON). Returns
 * privacy warnings for text that looks like pupil or family data: a warning,
 * never a refusal.
 */
export async function saveIntake(options: {
  user: SessionUser;
  schoolId: string;
  answers: IntakeAnswers;
  audit: AuditContext;
  now?: Date;
}): Promise<{ warnings: PrivacyWarning[] }> {
  const { school, service } = await findSchoolForService({ user: options.user, schoolId: options.schoolId });
  const notes = serialiseIntake(options.answers, options.user.name, options.now ?? new Date());
  await db.$transaction(async (tx) => {
    await tx.organisation.update({ where: { id: school.id }, data: { intakeNotes: notes } });
    await recordAuditEvent(
      { ...options.audit, actorUserId: options.user.id, action: "school.intake-saved", data: { schoolId: school.id, serviceId: service.id } },
      tx
    );
  });
  return { warnings: privacyWarnings(intakeTexts(options.answers)) };
}
