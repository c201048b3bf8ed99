// Importing a list of schools from a CSV: first a preview with the problems per
// row, then "Importeren" — all rows or none, in one transaction.
import { randomUUID } from "node:crypto";
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { db } from "~/utils/db.server";
import type { SessionUser } from "~/domain/access/actor";
import { isUniqueViolation, linkSchoolsToTheirClb, schoolData } from "./add-school.server";
import { parseSchoolsCsv, type SchoolCsvRow } from "./schools-csv";
import { ONBOARDED_ACTION, requireService } from "./service-schools.server";

export type ImportPreview =
  | { ok: false; message: string }
  | { ok: true; rows: SchoolCsvRow[]; ignoredColumns: string[]; errorCount: number; importable: boolean };

const LOOKUP_BATCH = 500;

/** Parses and checks the CSV, also against the schools already in Akkoord (a query per 500 rows). */
export async function previewSchoolImport(options: { user: SessionUser; text: string; serviceId?: string | null }): Promise<ImportPreview> {
  requireService(options.user, options.serviceId);
  const parsed = parseSchoolsCsv(options.text);
  if (!parsed.ok) return parsed;
  const numbers = parsed.rows.flatMap((r) => (r.school ? [r.school.instellingsnummer] : []));
  // The file holds up to 2,000 rows: look the numbers up a bounded batch at a time.
  const existing = [];
  for (let i = 0; i < numbers.length; i += LOOKUP_BATCH) {
    existing.push(
      ...(await db.organisation.findMany({
        where: { instellingsnummer: { in: numbers.slice(i, i + LOOKUP_BATCH) } },
        select: { instellingsnummer: true, name: true, municipality: true },
      }))
    );
  }
  const byNumber = new Map(existing.map((o) => [o.instellingsnummer!, o]));
  const rows = parsed.rows.map((row) => {
    const found = row.school ? byNumber.get(row.school.instellingsnummer) : undefined;
    if (!found) return row;
    return {
      ...row,
      school: null,
      errors: [...row.errors, `Deze school staat al in Akkoord: ${found.name}${found.municipality ? ` (${found.municipality})` : ""}.`],
    };
  });
  const errorCount = rows.filter((r) => r.errors.length > 0).length;
  return { ok: true, rows, ignoredColumns: parsed.ignoredColumns, errorCount, importable: errorCount === 0 };
}

export type ImportResult = { ok: true; count: number } | { ok: false; preview: ImportPreview };

/**
 * Imports every school of the CSV, or none: the file is checked again (the
 * database may have changed since the preview) and written in one transaction.
 */
export async function importSchools(options: { user: SessionUser; text: string; serviceId?: string | null; audit: AuditContext }): Promise<ImportResult> {
  const service = requireService(options.user, options.serviceId);
  const preview = await previewSchoolImport(options);
  if (!preview.ok || !preview.importable) return { ok: false, preview };
  const schools = preview.rows.map((r) => ({ id: randomUUID(), ...r.school! }));
  try {
    await db.$transaction(
      async (tx) => {
        await tx.organisation.createMany({ data: schools.map((s) => ({ id: s.id, ...schoolData(s) })) });
        await tx.serviceSchool.createMany({
          data: schools.map((s) => ({ serviceId: service.id, schoolId: s.id, source: "csv", createdById: options.user.id })),
        });
        await linkSchoolsToTheirClb(tx, schools, { source: "csv", createdById: options.user.id, newSchools: true });
        await tx.auditEvent.createMany({
          data: schools.map((s) => ({
            action: ONBOARDED_ACTION,
            actorUserId: options.user.id,
            ipAddress: options.audit.ipAddress ?? null,
            userAgent: options.audit.userAgent ?? null,
            data: JSON.stringify({ serviceId: service.id, schoolId: s.id, instellingsnummer: s.instellingsnummer, source: "csv" }),
          })),
        });
      },
      { maxWait: 10_000, timeout: 60_000 }
    );
  } catch (error) {
    // Someone added one of these schools in the meantime: nothing was written.
    if (isUniqueViolation(error)) return { ok: false, preview: await previewSchoolImport(options) };
    throw error;
  }
  return { ok: true, count: schools.length };
}
