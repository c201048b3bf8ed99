// An organisation's own days off and busy periods: listed, added and removed
// only by its own members (policy "organisation:days-off"); every query is
// scoped by the acting user's memberships. Other organisations never read
// them, except as "not a working day" facts (reminders, moment placement, the
// evaluation page shows "vrije dag" without the label).
//
// Adding a day off that hits a planned evaluation moment of one of the
// organisation's agreements moves that moment to the last school day before it
// that is a working day for all parties, with an audit event.
import { membershipsAllow } from "~/domain/access/policy";
import { recordAuditEvent, type AuditContext } from "~/domain/audit/record-audit-event.server";
import {
  addDays,
  checkDayOffRange,
  commonSchoolDayOnOrBefore,
  DAY_OFF_KINDS,
  DAY_OFF_LABEL_MAX,
  dayOffSchoolYears,
  daysOffSet,
  type DayOffKind,
  type DayOffRange,
  type IsoDate,
} from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { invalidInput, notFound } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";

type Client = Prisma.TransactionClient;

/** The kinds of organisation that keep a calendar of their own. */
export const CALENDAR_ORGANISATION_KINDS = ["school", "clb", "brugfiguren"] as const;

/** How far back a moment may move across a run of days off (the planned moments load this much before). */
const MOVE_LOOKBACK_DAYS = 120;


export interface DayOffInput extends DayOffRange {
  kind: DayOffKind;
  label: string;
}

/** The user's organisations whose calendar the user may keep. */
export function calendarOrganisations(user: SessionUser): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const m of user.memberships) {
    if (!(CALENDAR_ORGANISATION_KINDS as readonly string[]).includes(m.organisationKind)) continue;
    if (membershipsAllow(user.memberships, "organisation:days-off", [m.organisationId])) seen.set(m.organisationId, m.organisationName);
  }
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** 404 unless the user may keep this organisation's calendar. */
export function requireCalendarOrganisation(user: SessionUser, organisationId: string): { id: string; name: string } {
  const organisation = calendarOrganisations(user).find((o) => o.id === organisationId);
  if (!organisation) throw notFound("Deze organisatie bestaat niet of u beheert haar kalender niet.");
  return organisation;
}

/** The user's own organisations' days off from the start of this school year on, per organisation. */
export async function listDaysOff(options: { user: SessionUser; now?: Date }) {
  const organisations = calendarOrganisations(options.user);
  const today = brusselsDate(options.now ?? new Date());
  const from = `${dayOffSchoolYears(today)[0]!.slice(0, 4)}-09-01`;
  const rows = await db.organisationDayOff.findMany({
    where: {
      endDate: { gte: from },
      organisation: { memberships: { some: { userId: options.user.id, active: true } } },
    },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
    take: 2000,
    select: { id: true, organisationId: true, kind: true, startDate: true, endDate: true, label: true },
  });
  const allowed = new Set(organisations.map((o) => o.id));
  return {
    today,
    schoolYears: dayOffSchoolYears(today),
    organisations: organisations.map((o) => ({ ...o, daysOff: rows.filter((r) => r.organisationId === o.id && allowed.has(o.id)) })),
  };
}

/** Trims a label, drops line breaks, and bounds it. */
export function cleanLabel(label: string): string {
  return label.replace(/[\p{Cc}\p{Cf}]/gu, " ").replace(/\s+/g, " ").trim().slice(0, DAY_OFF_LABEL_MAX);
}

/** Refuses an entry the form sent that can't be a day off (400, Dutch, names the field). */
export function checkEntry(entry: DayOffInput, today: IsoDate): void {
  if (!(DAY_OFF_KINDS as readonly string[]).includes(entry.kind)) throw invalidInput("Kies een soort vrije dag.", "kind");
  const problem = checkDayOffRange(entry, dayOffSchoolYears(today));
  if (problem) throw invalidInput(problem.message, problem.problem === "end-before-start" || problem.problem === "too-long" ? "endDate" : "startDate");
  if (cleanLabel(entry.label).length < 2) throw invalidInput("Geef een korte omschrijving (bijvoorbeeld “Pedagogische studiedag”).", "label");
}

export interface AddDaysOffResult {
  added: number;
  /** Evaluation moments moved off the new days off. */
  moved: Array<{ agreementId: string; momentId: string; from: IsoDate; to: IsoDate }>;
}

/**
 * Adds days off to one of the user's organisations (all or nothing), then
 * moves the planned evaluation moments they hit. Entries must already be valid
 * (checkEntry); they are checked again here.
 */
export async function addDaysOff(options: {
  user: SessionUser;
  organisationId: string;
  entries: readonly DayOffInput[];
  source?: "pagina" | "ical";
  now?: Date;
  audit: AuditContext;
}): Promise<AddDaysOffResult> {
  const organisation = requireCalendarOrganisation(options.user, options.organisationId);
  const today = brusselsDate(options.now ?? new Date());
  for (const entry of options.entries) checkEntry(entry, today);
  if (options.entries.length === 0) return { added: 0, moved: [] };
  return db.$transaction(async (tx) => {
    await tx.organisationDayOff.createMany({
      data: options.entries.map((e) => ({
        organisationId: organisation.id,
        kind: e.kind,
        startDate: e.startDate,
        endDate: e.endDate,
        label: cleanLabel(e.label),
        source: options.source ?? "pagina",
        createdById: options.user.id,
      })),
    });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: options.user.id,
        action: "organisation.days-off-added",
        data: { organisationId: organisation.id, source: options.source ?? "pagina", ranges: options.entries.map((e) => [e.startDate, e.endDate]) },
      },
      tx,
    );
    const moved = await moveMomentsOffDaysOff(tx, { organisationId: organisation.id, ranges: options.entries, audit: { ...options.audit, actorUserId: options.user.id } });
    return { added: options.entries.length, moved };
  });
}

/** Removes one of the user's organisations' days off (404 for anyone else's). */
export async function removeDayOff(options: { user: SessionUser; dayOffId: string; audit: AuditContext }): Promise<void> {
  const allowed = calendarOrganisations(options.user).map((o) => o.id);
  await db.$transaction(async (tx) => {
    const dayOff = await tx.organisationDayOff.findFirst({
      where: { id: options.dayOffId, organisation: { memberships: { some: { userId: options.user.id, active: true } } } },
      select: { id: true, organisationId: true, startDate: true, endDate: true },
    });
    if (!dayOff || !allowed.includes(dayOff.organisationId)) throw notFound("Deze vrije dag bestaat niet (meer).");
    await tx.organisationDayOff.delete({ where: { id: dayOff.id } });
    await recordAuditEvent(
      {
        ...options.audit,
        actorUserId: options.user.id,
        action: "organisation.day-off-removed",
        data: { organisationId: dayOff.organisationId, range: [dayOff.startDate, dayOff.endDate] },
      },
      tx,
    );
  });
}

/** The ranges of the existing days off of this organisation that equal one of `ranges` (for skipping doubles). */
export async function existingRanges(organisationId: string, client: Client = db): Promise<Set<string>> {
  const rows = await client.organisationDayOff.findMany({ where: { organisationId }, select: { startDate: true, endDate: true }, take: 5000 });
  return new Set(rows.map((r) => `${r.startDate}/${r.endDate}`));
}

/**
 * The days off of all parties of an agreement between two dates, as one set:
 * "not a working day" facts only (no labels). Scoped through the agreement's parties.
 */
export async function partiesDaysOff(client: Client, agreementId: string, from: IsoDate, to: IsoDate): Promise<Set<IsoDate>> {
  const rows = await client.organisationDayOff.findMany({
    where: { organisation: { parties: { some: { agreementId } } }, endDate: { gte: from }, startDate: { lte: to } },
    select: { startDate: true, endDate: true },
  });
  return daysOffSet(rows.map((r) => ({ startDate: r.startDate < from ? from : r.startDate, endDate: r.endDate > to ? to : r.endDate })));
}

/**
 * The planned evaluation moments of the organisation's agreements that lie on
 * one of `ranges` move to the last school day before that is a working day for
 * all parties; each move is an audit event of its agreement.
 */
export async function moveMomentsOffDaysOff(
  tx: Client,
  options: { organisationId: string; ranges: readonly DayOffRange[]; audit: AuditContext },
): Promise<AddDaysOffResult["moved"]> {
  const moved: AddDaysOffResult["moved"] = [];
  const hit = await tx.evaluationMoment.findMany({
    where: {
      status: "gepland",
      OR: options.ranges.map((r) => ({ date: { gte: r.startDate, lte: r.endDate } })),
      agreement: { status: { not: "gearchiveerd" }, parties: { some: { organisationId: options.organisationId } } },
    },
    select: { id: true, date: true, agreementId: true },
    orderBy: [{ date: "asc" }, { id: "asc" }],
  });
  for (const moment of hit) {
    const daysOff = await partiesDaysOff(tx, moment.agreementId, addDays(moment.date, -MOVE_LOOKBACK_DAYS), addDays(moment.date, MOVE_LOOKBACK_DAYS));
    const to = commonSchoolDayOnOrBefore(moment.date, daysOff);
    if (to === moment.date) continue;
    await tx.evaluationMoment.update({ where: { id: moment.id }, data: { date: to } });
    await recordAuditEvent(
      {
        ...options.audit,
        action: "evaluation.moved",
        agreementId: moment.agreementId,
        data: { momentId: moment.id, from: moment.date, to, reason: "vrije-dag", organisationId: options.organisationId },
      },
      tx,
    );
    moved.push({ agreementId: moment.agreementId, momentId: moment.id, from: moment.date, to });
  }
  return moved;
}

/** How far around an evaluation moment the evaluation page shows the parties' days off. */
export const NEAR_MOMENT_DAYS = 21;

/**
 * The parties' days off within three weeks of the agreement's moments, for the
 * evaluation page (the caller has checked the user may read the agreement).
 * The user's own organisations' entries keep their label; another party's
 * show only that it is not a working day for that party.
 */
export async function partiesDaysOffNear(options: { user: SessionUser; agreementId: string; dates: readonly IsoDate[] }) {
  if (options.dates.length === 0) return [];
  const rows = await db.organisationDayOff.findMany({
    where: {
      organisation: { parties: { some: { agreementId: options.agreementId } } },
      OR: options.dates.slice(0, 50).map((date) => ({ startDate: { lte: addDays(date, NEAR_MOMENT_DAYS) }, endDate: { gte: addDays(date, -NEAR_MOMENT_DAYS) } })),
    },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, organisationId: true, startDate: true, endDate: true, label: true, organisation: { select: { name: true } } },
  });
  const own = new Set(options.user.memberships.map((m) => m.organisationId));
  return rows.map((r) => ({
    id: r.id,
    organisationName: r.organisation.name,
    startDate: r.startDate,
    endDate: r.endDate,
    label: own.has(r.organisationId) ? r.label : null,
  }));
}

/** The days off of the user's own organisations from `from` on, for the personal iCalendar feed. */
export async function ownDaysOffFrom(options: { userId: string; from: IsoDate; client?: Client }) {
  return (options.client ?? db).organisationDayOff.findMany({
    where: { endDate: { gte: options.from }, organisation: { memberships: { some: { userId: options.userId, active: true } } } },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
    take: 1000,
    select: { id: true, kind: true, startDate: true, endDate: true, label: true, organisation: { select: { name: true } } },
  });
}
