import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { AppError, notFound } from "~/utils/errors";
import type { SessionUser } from "~/utils/session.server";
import type { SchoolFields } from "./school-fields";
import { findSchoolForService, jsonFieldFilter, ONBOARDED_ACTION, requireService } from "./service-schools.server";

export type OnboardingSource = "opzoeking" | "manueel" | "csv";

/** The instellingsnummer belongs to a school that is already in Akkoord. */
export class DuplicateSchoolError extends AppError {
  readonly existing: { id: string; name: string; municipality: string | null };
  constructor(existing: { id: string; name: string; municipality: string | null; instellingsnummer: string | null }) {
    super(
      "CONFLICT",
      `Dit instellingsnummer hoort al bij ${existing.name}${
        existing.municipality ? ` (${existing.municipality})` : ""
      }. Elke school staat maar één keer in Akkoord.`,
      "instellingsnummer"
    );
    this.existing = { id: existing.id, name: existing.name, municipality: existing.municipality };
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Adds a school and records that this service onboarded it. */
export async function addSchool(options: { user: SessionUser; serviceId?: string | null; input: SchoolFields; source: OnboardingSource; audit: AuditContext }) {
  const { user, input } = options;
  const service = requireService(user, options.serviceId);
  const existing = await db.organisation.findUnique({ where: { instellingsnummer: input.instellingsnummer } });
  if (existing) throw new DuplicateSchoolError(existing);
  try {
    return await db.$transaction(async (tx) => {
      const school = await tx.organisation.create({
        data: {
          kind: "school",
          name: input.name,
          instellingsnummer: input.instellingsnummer,
          street: input.street ?? null,
          postalCode: input.postalCode ?? null,
          municipality: input.municipality ?? null,
        },
      });
      await recordAuditEvent(
        {
          ...options.audit,
          actorUserId: user.id,
          action: ONBOARDED_ACTION,
          data: { serviceId: service.id, schoolId: school.id, instellingsnummer: input.instellingsnummer, source: options.source },
        },
        tx
      );
      return school;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const now = await db.organisation.findUnique({ where: { instellingsnummer: input.instellingsnummer } });
      if (now) throw new DuplicateSchoolError(now);
    }
    throw error;
  }
}

/** Adds a school that is already in Akkoord to the schools of the user's service. */
export async function linkExistingSchool(options: { user: SessionUser; serviceId?: string | null; schoolId: string; audit: AuditContext }) {
  const service = requireService(options.user, options.serviceId);
  const school = await db.organisation.findUnique({ where: { id: options.schoolId } });
  if (!school || school.kind !== "school") throw notFound("Deze school bestaat niet.");
  await db.$transaction(async (tx) => {
    const already = await tx.auditEvent.findFirst({
      where: { action: ONBOARDED_ACTION, AND: [{ data: jsonFieldFilter("serviceId", service.id) }, { data: jsonFieldFilter("schoolId", school.id) }] },
      select: { id: true },
    });
    if (already) return;
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: options.user.id,
        action: ONBOARDED_ACTION,
        data: { serviceId: service.id, schoolId: school.id, instellingsnummer: school.instellingsnummer, source: "bestaand" },
      },
      tx
    );
  });
  return school;
}

/** Changes a school's name and address (not its instellingsnummer). */
export async function updateSchoolDetails(options: {
  user: SessionUser;
  schoolId: string;
  input: Omit<SchoolFields, "instellingsnummer">;
  audit: AuditContext;
}) {
  await findSchoolForService({ user: options.user, schoolId: options.schoolId });
  return db.$transaction(async (tx) => {
    const school = await tx.organisation.update({
      where: { id: options.schoolId },
      data: {
        name: options.input.name,
        street: options.input.street ?? null,
        postalCode: options.input.postalCode ?? null,
        municipality: options.input.municipality ?? null,
      },
    });
    await recordAuditEvent({ ...options.audit, actorUserId: options.user.id, action: "school.updated", data: { schoolId: school.id } }, tx);
    return school;
  });
}
