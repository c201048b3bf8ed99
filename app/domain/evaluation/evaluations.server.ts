import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import { findAgreementForUser } from "~/domain/access/find-agreement.server";
import { isInSchoolYear, isIsoDate, isSchoolDay, isTeamBackInAugust, isWeekend, nextSchoolYear } from "~/domain/calendar";
import { partiesDaysOff } from "~/domain/days-off/days-off.server";
import { loadBouwstenen } from "~/domain/commitments/bouwstenen.server";
import { ScoreSchema, StatusSchema } from "~/domain/commitments/schemas";
import { db } from "~/utils/db.server";
import { AppError, invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

/** Per building block a reflection and, if the team gave one, a score from 1 to 5 (Akkoord's own optional addition). */
export type BouwsteenScores = Record<string, { score: number | null; text: string }>;

/** The school years an agreement covers, e.g. ["2026-2027", "2027-2028", "2028-2029"]. */
export function schoolYearsOf(agreement: { schoolYear: string; yearCount: number }): string[] {
  const years = [agreement.schoolYear];
  while (years.length < Math.max(1, agreement.yearCount)) years.push(nextSchoolYear(years.at(-1)!));
  return years;
}

export const LATE_AUGUST_NOTE = "Let op: in de tweede helft van augustus is het team terug, maar zijn er nog geen leerlingen.";

/**
 * A moment must fall on a school day inside the agreement's school year(s)
 * that is none of the parties' own days off. A weekday in the second half of
 * August (team back, no pupils) is allowed, with a note.
 */
export function checkMomentDate(
  agreement: { schoolYear: string; yearCount: number },
  date: string,
  partiesDaysOff: ReadonlySet<string> = new Set(),
): { note: string | null } {
  if (!isIsoDate(date)) throw invalidInput("Kies een geldige datum.", "date");
  const years = schoolYearsOf(agreement);
  if (!years.some((y) => isInSchoolYear(date, y))) {
    throw invalidInput(`Deze datum valt buiten het schooljaar van de overeenkomst (${years.join(", ")}).`, "date");
  }
  if (partiesDaysOff.has(date)) {
    throw invalidInput("Dat is een eigen vrije dag van een van de partijen (studiedag, vrije dag of examenperiode). Kies een andere dag.", "date");
  }
  if (!isWeekend(date) && isTeamBackInAugust(date)) return { note: LATE_AUGUST_NOTE };
  if (!isSchoolDay(date)) {
    throw invalidInput("Dat is geen schooldag (weekend, vakantie of vrije dag). Kies een schooldag.", "date");
  }
  return { note: null };
}

/** checkMomentDate with the parties' own days off of that date loaded. */
async function checkMomentDateForParties(agreement: { id: string; schoolYear: string; yearCount: number }, date: string) {
  const daysOff = isIsoDate(date) ? await partiesDaysOff(db, agreement.id, date, date) : new Set<string>();
  return checkMomentDate(agreement, date, daysOff);
}

/** Evaluation moments, records and the building-block history (this agreement and the years before it). */
export async function loadEvaluations(options: { user: SessionUser; agreementId: string }) {
  const agreement = await findAgreementForUser({ ...options, permission: "agreement:read" });
  const chain = [agreement.id];
  let previous = agreement.renewedFromId;
  while (previous && chain.length < 10) {
    chain.push(previous);
    previous = (await db.agreement.findUnique({ where: { id: previous }, select: { renewedFromId: true } }))?.renewedFromId ?? null;
  }
  const [moments, history, commitments] = await Promise.all([
    db.evaluationMoment.findMany({
      where: { agreementId: agreement.id },
      orderBy: { date: "asc" },
      include: {
        records: {
          orderBy: { createdAt: "desc" },
          include: { recordedBy: { select: { name: true } }, entries: true },
        },
      },
    }),
    db.evaluationRecord.findMany({
      where: { moment: { agreementId: { in: chain } } },
      orderBy: [{ moment: { date: "asc" } }, { createdAt: "asc" }],
      select: { id: true, bouwstenen: true, moment: { select: { date: true, label: true, agreement: { select: { schoolYear: true } } } } },
    }),
    db.commitment.findMany({
      where: { agreementId: agreement.id, status: { not: "niet_meer_relevant" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, what: true, status: true, bearer: { select: { organisation: { select: { name: true } } } } },
    }),
  ]);
  return {
    agreement,
    moments,
    commitments,
    bouwstenen: loadBouwstenen(),
    history: history.map((r) => ({
      id: r.id,
      date: r.moment.date,
      label: r.moment.label,
      schoolYear: r.moment.agreement.schoolYear,
      scores: parseScores(r.bouwstenen),
    })),
  };
}

function parseScores(json: string): BouwsteenScores {
  try {
    const value = JSON.parse(json) as BouwsteenScores;
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

export async function moveEvaluationMoment(options: { user: SessionUser; agreementId: string; momentId: string; date: string; audit: AuditContext }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:evaluate" });
  const { note } = await checkMomentDateForParties(agreement, options.date);
  const moment = await db.evaluationMoment.findFirst({ where: { id: options.momentId, agreementId: agreement.id } });
  if (!moment) throw notFound("Dit evaluatiemoment bestaat niet.");
  await db.$transaction(async (tx) => {
    await tx.evaluationMoment.update({ where: { id: moment.id }, data: { date: options.date } });
    await recordAuditEvent({ ...options.audit, actorUserId: options.user.id, action: "evaluation.moved", agreementId: agreement.id, data: { momentId: moment.id, from: moment.date, to: options.date, ...(note ? { note } : {}) } }, tx);
  });
  return { note };
}

export async function addEvaluationMoment(options: { user: SessionUser; agreementId: string; date: string; label: string; audit: AuditContext }) {
  const agreement = await findAgreementForUser({ user: options.user, agreementId: options.agreementId, permission: "agreement:evaluate" });
  const { note } = await checkMomentDateForParties(agreement, options.date);
  const label = options.label.trim();
  if (label.length < 3 || label.length > 120) throw invalidInput("Geef het moment een naam (3 tot 120 tekens).", "label");
  return db.$transaction(async (tx) => {
    const moment = await tx.evaluationMoment.create({ data: { agreementId: agreement.id, date: options.date, label } });
    await recordAuditEvent({ ...options.audit, actorUserId: options.user.id, action: "evaluation.added", agreementId: agreement.id, data: { momentId: moment.id, ...(note ? { note } : {}) } }, tx);
    return { ...moment, note };
  });
}

/**
 * Records an evaluation at a moment: per commitment its status and a note, and
 * per building block a score 1–5 and a reflection. Everything is validated
 * first; with any error nothing is stored and the errors come back per field.
 */
export async function recordEvaluation(options: {
  user: SessionUser;
  agreementId: string;
  momentId: string;
  raw: Record<string, string>;
  audit: AuditContext;
}) {
  const { user, raw } = options;
  const agreement = await findAgreementForUser({ user, agreementId: options.agreementId, permission: "agreement:evaluate" });
  const moment = await db.evaluationMoment.findFirst({ where: { id: options.momentId, agreementId: agreement.id } });
  if (!moment) throw notFound("Dit evaluatiemoment bestaat niet.");
  const commitments = await db.commitment.findMany({ where: { agreementId: agreement.id, status: { not: "niet_meer_relevant" } } });
  const errors: Record<string, string> = {};
  const entries: Array<{ commitmentId: string; status: string; note: string | null; previous: string }> = [];
  for (const c of commitments) {
    const statusRaw = raw[`status:${c.id}`];
    if (statusRaw === undefined || statusRaw === "") continue;
    const status = StatusSchema.safeParse(statusRaw);
    const note = (raw[`note:${c.id}`] ?? "").trim();
    if (!status.success) errors[`status:${c.id}`] = "Kies een geldige status.";
    else if (note.length > 2000) errors[`note:${c.id}`] = "De notitie mag hoogstens 2000 tekens hebben.";
    else entries.push({ commitmentId: c.id, status: status.data, note: note || null, previous: c.status });
  }
  const unknownCommitments = Object.keys(raw).filter((k) => k.startsWith("status:") && !commitments.some((c) => `status:${c.id}` === k));
  if (unknownCommitments.length > 0) throw invalidInput("Het formulier bevat afspraken die niet bij deze overeenkomst horen.");
  const scores: BouwsteenScores = {};
  for (const b of loadBouwstenen()) {
    const scoreRaw = raw[`score:${b.id}`];
    const text = (raw[`text:${b.id}`] ?? "").trim();
    const noScore = scoreRaw === undefined || scoreRaw === "";
    if (noScore && !text) continue;
    // The score is optional: a reflection without a score is kept as it is.
    const score = noScore ? ({ success: true, data: null } as const) : ScoreSchema.safeParse(scoreRaw);
    if (!score.success) errors[`score:${b.id}`] = "Geef een score van 1 tot 5.";
    else if (text.length > 2000) errors[`text:${b.id}`] = "Hoogstens 2000 tekens.";
    else scores[b.id] = { score: score.data, text };
  }
  const summary = (raw.summary ?? "").trim();
  if (summary.length > 5000) errors.summary = "De samenvatting mag hoogstens 5000 tekens hebben.";
  if (entries.length === 0 && Object.keys(scores).length === 0 && Object.keys(errors).length === 0) {
    throw new AppError("INVALID_INPUT", "Vul minstens één afspraak of één bouwsteen in.");
  }
  if (Object.keys(errors).length > 0) return { ok: false as const, errors };

  await db.$transaction(async (tx) => {
    const record = await tx.evaluationRecord.create({
      data: {
        momentId: moment.id,
        recordedById: user.id,
        bouwstenen: JSON.stringify(scores),
        summary: summary || null,
        entries: { create: entries.map((e) => ({ commitmentId: e.commitmentId, status: e.status, note: e.note })) },
      },
    });
    for (const e of entries) {
      await tx.commitment.update({ where: { id: e.commitmentId }, data: { status: e.status } });
      await tx.commitmentStatusChange.create({
        data: { commitmentId: e.commitmentId, fromStatus: e.previous, toStatus: e.status, note: e.note ?? `Evaluatie: ${moment.label}`, changedById: user.id },
      });
    }
    await tx.evaluationMoment.update({ where: { id: moment.id }, data: { status: "afgerond", completedAt: new Date() } });
    await recordAuditEvent({ ...options.audit, actorUserId: user.id, action: "evaluation.recorded", agreementId: agreement.id, data: { momentId: moment.id, recordId: record.id } }, tx);
  });
  return { ok: true as const };
}
