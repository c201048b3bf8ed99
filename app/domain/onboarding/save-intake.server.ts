import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { privacyWarnings, type PrivacyWarning } from "~/domain/drafting/writing-aids";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { intakeTexts, serialiseIntake, type IntakeAnswers } from "./intake";
import { findSchoolForService } from "./service-schools.server";

/**
 * Stores the intake as the service's own (ServiceSchool.intakeNotes, JSON):
 * another service working with the same school neither sees nor changes it.
 * A school the service reaches only through an agreement gets its link here. Returns
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
    await tx.serviceSchool.upsert({
      where: { serviceId_schoolId: { serviceId: service.id, schoolId: school.id } },
      update: { intakeNotes: notes },
      create: { serviceId: service.id, schoolId: school.id, source: "intake", createdById: options.user.id, intakeNotes: notes },
    });
    await recordAuditEvent(
      { ...options.audit, actorUserId: options.user.id, action: "school.intake-saved", data: { schoolId: school.id, serviceId: service.id } },
      tx
    );
  });
  return { warnings: privacyWarnings(intakeTexts(options.answers)) };
}
