// The default evaluation moments of an agreement, from its document type's
// evaluation rhythm, on school days of each school year it runs. Called when an
// agreement becomes signed; does nothing when the agreement already has moments.
import { randomUUID } from "node:crypto";
import { defaultEvaluationDates, nextSchoolYear, type IsoDate } from "~/domain/calendar";
import { brusselsDate } from "~/domain/reminders/brussels-time";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import { Prisma } from "~/generated/prisma/client";
import { notFound } from "~/utils/errors";

export interface PlannedMoment {
  date: IsoDate;
  label: string;
}

/** The moments for a document type over `yearCount` school years from `schoolYear` (no database). */
export function plannedEvaluationMoments(documentType: string, schoolYear: string, yearCount: number): PlannedMoment[] {
  const rhythm = loadTemplateLibrary().documentTypes.get(documentType)?.evaluationRhythm ?? "yearly";
  const moments: PlannedMoment[] = [];
  let year = schoolYear;
  const years = Math.max(1, yearCount);
  for (let i = 0; i < years; i++) {
    for (const { date, label } of defaultEvaluationDates(year, rhythm)) {
      moments.push({ date, label: years > 1 ? `${label} ${year}` : label });
    }
    year = nextSchoolYear(year);
  }
  return moments;
}

/**
 * Creates the default evaluation moments of the agreement, leaving out dates
 * before `today` (an agreement signed in March gets no January moment).
 * Idempotent, also when called twice at once: one INSERT that only writes when
 * the agreement has no moments yet. Returns the moments it created.
 */
export async function scheduleEvaluationMoments(
  client: Prisma.TransactionClient,
  agreementId: string,
  options: { today?: IsoDate } = {},
): Promise<PlannedMoment[]> {
  const agreement = await client.agreement.findUnique({
    where: { id: agreementId },
    select: { documentType: true, schoolYear: true, yearCount: true, _count: { select: { evaluationMoments: true } } },
  });
  if (!agreement) throw notFound("Deze overeenkomst bestaat niet.");
  if (agreement._count.evaluationMoments > 0) return [];

  const today = options.today ?? brusselsDate(new Date());
  const planned = plannedEvaluationMoments(agreement.documentType, agreement.schoolYear, agreement.yearCount).filter(
    (moment) => moment.date >= today,
  );
  if (planned.length === 0) return [];

  const rows = planned.map((m) => Prisma.sql`(${randomUUID()}, ${agreementId}, ${m.date}, ${m.label})`);
  const inserted = await client.$executeRaw`
    INSERT INTO "EvaluationMoment" ("id", "agreementId", "date", "label", "status")
    SELECT "column1", "column2", "column3", "column4", 'gepland' FROM (VALUES ${Prisma.join(rows)})
    WHERE NOT EXISTS (SELECT 1 FROM "EvaluationMoment" WHERE "agreementId" = ${agreementId})`;
  return inserted > 0 ? planned : [];
}
