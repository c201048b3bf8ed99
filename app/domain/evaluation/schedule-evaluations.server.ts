// The evaluation moments of an agreement once it is signed. One source of truth:
// the dates typed into the nota (date variables a template marks with
// `evaluationMoment`), falling back to the document type's evaluation rhythm,
// on school days of each school year it runs, only when the nota has none.
// Each moment lies on a working day of all parties (their own days off count).
// Does nothing when the agreement already has moments.
import { randomUUID } from "node:crypto";
import { partiesDaysOff } from "~/domain/days-off/days-off.server";
import { addDays, commonSchoolDayOnOrBefore, defaultEvaluationDates, isInSchoolYear, isIsoDate, nextSchoolYear, type IsoDate } from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { loadTemplateLibrary } from "~/domain/templates/load-templates.server";
import type { VersionSnapshot } from "~/domain/versions/snapshot";
import { Prisma } from "~/generated/prisma/client";
import { schoolYearsOf } from "./evaluations.server";
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
 * The evaluation moments the signed nota itself names: each date variable its
 * clauses' templates mark with `evaluationMoment`, with the date typed in
 * (no database). Empty when the nota has no such clause or values.
 */
export function agreedEvaluationMoments(snapshot: Pick<VersionSnapshot, "clauses" | "values">): PlannedMoment[] {
  const library = loadTemplateLibrary();
  const moments: PlannedMoment[] = [];
  const seen = new Set<string>();
  for (const clause of snapshot.clauses) {
    const template = clause.templateId ? library.clauses.get(clause.templateId) : undefined;
    for (const def of template?.variables ?? []) {
      if (def.type !== "date" || !def.evaluationMoment || seen.has(def.name)) continue;
      seen.add(def.name);
      const value = snapshot.values[def.name];
      if (typeof value === "string" && isIsoDate(value)) moments.push({ date: value, label: def.evaluationMoment });
    }
  }
  return moments.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Creates the evaluation moments of the agreement, leaving out dates
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
  const signed = await client.agreementVersion.findFirst({
    where: { agreementId, status: "ondertekend" },
    orderBy: { number: "desc" },
    select: { content: true },
  });
  // A typed date outside the agreement's school year(s) can't be one of its moments.
  const years = schoolYearsOf(agreement);
  const agreed = (signed ? agreedEvaluationMoments(JSON.parse(signed.content) as VersionSnapshot) : []).filter((m) =>
    years.some((year) => isInSchoolYear(m.date, year)),
  );
  const wanted = agreed.length > 0 ? agreed : plannedEvaluationMoments(agreement.documentType, agreement.schoolYear, agreement.yearCount);
  if (wanted.length === 0) return [];
  // On a working day for all parties: a party's own day off moves the moment to the school day before.
  const dates = wanted.map((m) => m.date).sort();
  const daysOff = await partiesDaysOff(client, agreementId, addDays(dates[0]!, -120), dates.at(-1)!);
  const planned = wanted
    .map((moment) => ({ ...moment, date: commonSchoolDayOnOrBefore(moment.date, daysOff) }))
    .filter((moment) => moment.date >= today);
  if (planned.length === 0) return [];

  const rows = planned.map((m) => Prisma.sql`(${randomUUID()}, ${agreementId}, ${m.date}, ${m.label})`);
  const inserted = await client.$executeRaw`
    INSERT INTO "EvaluationMoment" ("id", "agreementId", "date", "label", "status")
    SELECT "column1", "column2", "column3", "column4", 'gepland' FROM (VALUES ${Prisma.join(rows)})
    WHERE NOT EXISTS (SELECT 1 FROM "EvaluationMoment" WHERE "agreementId" = ${agreementId})`;
  return inserted > 0 ? planned : [];
}
