import { membershipsAllow } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { AppError, forbidden, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { lookupInstitution, NOT_FOUND_MESSAGE, type LookupResult } from "./onderwijs-api.server";
import type { SchoolDetails, SchoolFields } from "./school-fields";
import {
  findSchoolForService,
  findServiceSchoolLink,
  ONBOARDED_ACTION,
  PARTNER_SCHOOL_NOT_FOUND,
  requirePartner,
  SCHOOL_NOT_FOUND,
} from "./service-schools.server";

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

/** The organisation columns of a school as the lookup, the form or the import give them. */
export function schoolData(input: SchoolDetails) {
  return {
    kind: "school",
    name: input.name,
    instellingsnummer: input.instellingsnummer,
    street: input.street ?? null,
    postalCode: input.postalCode ?? null,
    municipality: input.municipality ?? null,
    ...lookupData(input),
  };
}

/** The board, level, net, scholengemeenschap and CLB (null when not known). */
function lookupData(input: Omit<SchoolDetails, "instellingsnummer" | "name">) {
  return {
    boardName: input.boardName ?? null,
    boardNumber: input.boardName ? (input.boardNumber ?? null) : null,
    educationLevel: input.educationLevel ?? null,
    onderwijsnet: input.onderwijsnet ?? null,
    scholengemeenschap: input.scholengemeenschap ?? null,
    clbInstellingsnummer: input.clbInstellingsnummer ?? null,
    clbName: input.clbName ?? null,
  };
}

type Client = PrismaClient | Prisma.TransactionClient;

/**
 * The partner–school links to the schools' CLBs that are in Akkoord (same
 * instellingsnummer as the lookup or the import names): a ServiceSchool row per
 * school, partner = the CLB. Existing links stay as they are. Returns how many were made.
 */
export async function linkSchoolsToTheirClb(
  client: Client,
  schools: Array<{ id: string; clbInstellingsnummer?: string | null }>,
  options: { source: "opzoeking" | "csv"; createdById: string; newSchools?: boolean }
): Promise<number> {
  const numbers = [...new Set(schools.flatMap((s) => (s.clbInstellingsnummer ? [s.clbInstellingsnummer] : [])))];
  if (numbers.length === 0) return 0;
  // A handful of CLBs at most (a CSV names the few CLBs of its region): one query per 500 numbers.
  const clbs: Array<{ id: string; instellingsnummer: string | null }> = [];
  for (let i = 0; i < numbers.length; i += 500) {
    clbs.push(
      ...(await client.organisation.findMany({
        where: { kind: "clb", instellingsnummer: { in: numbers.slice(i, i + 500) } },
        select: { id: true, instellingsnummer: true },
      }))
    );
  }
  const clbOf = new Map(clbs.map((c) => [c.instellingsnummer!, c.id]));
  const links = schools.flatMap((school) => {
    const clbId = school.clbInstellingsnummer ? clbOf.get(school.clbInstellingsnummer) : undefined;
    return clbId ? [{ serviceId: clbId, schoolId: school.id, source: options.source, createdById: options.createdById }] : [];
  });
  // Schools made in this same transaction have no links yet: one statement for all of them.
  if (options.newSchools) return (await client.serviceSchool.createMany({ data: links })).count;
  let made = 0;
  for (const link of links) {
    if (await findServiceSchoolLink(link.serviceId, link.schoolId, client)) continue;
    await client.serviceSchool.create({ data: link });
    made += 1;
  }
  return made;
}

/** The audit trail of removing a partner's link to a school. */
export const UNLINKED_ACTION = "school.unlinked";

/** Adds a school and records that this partner (service, CLB, city) onboarded it. */
export async function addSchool(options: { user: SessionUser; serviceId?: string | null; input: SchoolDetails; source: OnboardingSource; audit: AuditContext }) {
  const { user, input } = options;
  const service = requirePartner(user, options.serviceId);
  const existing = await db.organisation.findUnique({ where: { instellingsnummer: input.instellingsnummer } });
  if (existing) throw new DuplicateSchoolError(existing);
  try {
    return await db.$transaction(async (tx) => {
      const school = await tx.organisation.create({ data: schoolData(input) });
      await tx.serviceSchool.create({ data: { serviceId: service.id, schoolId: school.id, source: options.source, createdById: user.id } });
      if (options.source === "opzoeking") await linkSchoolsToTheirClb(tx, [school], { source: "opzoeking", createdById: user.id, newSchools: true });
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

/**
 * Adds a school that is already in Akkoord to the schools of the user's
 * partner (service, CLB, city): the partner gets a link of its own, with its
 * own (empty) intake; another partner's link and notes stay that partner's.
 * Any organisation that is not a school is "not found".
 */
export async function linkExistingSchool(options: { user: SessionUser; serviceId?: string | null; schoolId: string; audit: AuditContext }) {
  const service = requirePartner(options.user, options.serviceId);
  const school = await db.organisation.findFirst({ where: { id: options.schoolId, kind: "school" } });
  if (!school) throw notFound("Deze school bestaat niet.");
  try {
    await db.$transaction(async (tx) => {
      if (await findServiceSchoolLink(service.id, school.id, tx)) return;
      await tx.serviceSchool.create({ data: { serviceId: service.id, schoolId: school.id, source: "bestaand", createdById: options.user.id } });
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
  } catch (error) {
    // Linked at the same moment by a colleague: the link is there.
    if (!isUniqueViolation(error)) throw error;
  }
  return school;
}

/**
 * Removes the user's partner's own link to a school (another partner's link
 * stays). A school that shares an agreement with the partner stays in its list
 * through that agreement. 404 when the partner has no link to it.
 */
export async function unlinkSchool(options: { user: SessionUser; partnerId?: string | null; schoolId: string; audit: AuditContext }) {
  const partner = requirePartner(options.user, options.partnerId);
  return db.$transaction(async (tx) => {
    const link = await findServiceSchoolLink(partner.id, options.schoolId, tx);
    if (!link) throw notFound(PARTNER_SCHOOL_NOT_FOUND);
    await tx.serviceSchool.delete({ where: { id: link.id } });
    await recordAuditEvent(
      { ...options.audit, actorUserId: options.user.id, action: UNLINKED_ACTION, data: { serviceId: partner.id, schoolId: link.schoolId } },
      tx
    );
    return { partner, schoolId: link.schoolId };
  });
}

/** True when the user may change this organisation's name and address (its own directie or beheerder). */
export function mayEditSchoolDetails(user: SessionUser, schoolId: string): boolean {
  return membershipsAllow(user.memberships, "organisation:edit-details", [schoolId]);
}

const ONLY_THE_SCHOOL =
  "Alleen de school zelf kan haar naam en adres aanpassen. U kunt de gegevens wel opnieuw ophalen bij Onderwijs Vlaanderen.";

/**
 * A school's master data, for someone who may see it: its own members, or a
 * service that works with it. 404 for anyone else (existence doesn't leak).
 */
async function findVisibleSchool(user: SessionUser, schoolId: string) {
  const own = user.memberships.some((m) => m.organisationId === schoolId && m.organisationKind === "school");
  if (own) {
    const school = await db.organisation.findFirst({ where: { id: schoolId, kind: "school" } });
    if (school) return school;
  }
  return (await findSchoolForService({ user, schoolId })).school;
}

/**
 * Refuses anyone but the school itself (its directie or beheerder): 403 for a
 * service that works with the school (it may re-read Onderwijs Vlaanderen),
 * 404 for anyone who may not see the school at all.
 */
export async function requireSchoolDetailsEditor(user: SessionUser, schoolId: string): Promise<void> {
  if (mayEditSchoolDetails(user, schoolId)) return;
  await findVisibleSchool(user, schoolId);
  throw forbidden(ONLY_THE_SCHOOL);
}

/** Changes a school's name and address (not its instellingsnummer): only the school itself. */
export async function updateSchoolDetails(options: {
  user: SessionUser;
  schoolId: string;
  input: Omit<SchoolFields, "instellingsnummer">;
  audit: AuditContext;
}) {
  await requireSchoolDetailsEditor(options.user, options.schoolId);
  const school = await db.organisation.findFirst({ where: { id: options.schoolId, kind: "school" }, select: { id: true } });
  if (!school) throw notFound(SCHOOL_NOT_FOUND);
  return saveSchoolDetails(options.user, school.id, options.input, "school.updated", options.audit);
}

function saveSchoolDetails(
  user: SessionUser,
  schoolId: string,
  input: Omit<SchoolDetails, "instellingsnummer">,
  action: string,
  audit: AuditContext,
  options: { fromLookup?: boolean } = {}
) {
  return db.$transaction(async (tx) => {
    const school = await tx.organisation.update({
      where: { id: schoolId },
      data: {
        name: input.name,
        street: input.street ?? null,
        postalCode: input.postalCode ?? null,
        municipality: input.municipality ?? null,
        // Only a fresh answer of Onderwijs Vlaanderen changes the board and the rest, and only what it names.
        ...(options.fromLookup ? Object.fromEntries(Object.entries(lookupData(input)).filter(([, v]) => v !== null)) : {}),
      },
    });
    if (options.fromLookup) await linkSchoolsToTheirClb(tx, [school], { source: "opzoeking", createdById: user.id });
    await recordAuditEvent({ ...audit, actorUserId: user.id, action, data: { schoolId } }, tx);
    return school;
  });
}

/**
 * Re-reads the school's name and address from Onderwijs Vlaanderen (by its
 * instellingsnummer) and stores them. Anyone who may see the school may ask:
 * the data comes from the source, not from them.
 */
export async function refreshSchoolDetails(options: {
  user: SessionUser;
  schoolId: string;
  audit: AuditContext;
  lookup?: (nummer: string) => Promise<LookupResult>;
}) {
  const school = await findVisibleSchool(options.user, options.schoolId);
  if (!school.instellingsnummer) throw invalidInput("Deze school heeft geen instellingsnummer om op te zoeken.");
  const result = await (options.lookup ?? lookupInstitution)(school.instellingsnummer);
  if (result.status === "not-found") throw invalidInput(NOT_FOUND_MESSAGE);
  if (result.status === "unavailable") {
    throw new AppError("CONFLICT", "We konden de gegevens nu niet opvragen bij Onderwijs Vlaanderen. Probeer het later opnieuw.");
  }
  const { instellingsnummer: _nummer, ...details } = result.institution;
  return saveSchoolDetails(options.user, school.id, details, "school.refreshed", options.audit, { fromLookup: true });
}
