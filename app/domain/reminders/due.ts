// What is due at time `now`: evaluation reminders, overdue notices, signing
// reminders and the weekly digest. Pure: the sweep loads the facts, calls
// dueItems and enqueues the result; nothing here touches the database or a clock.
//
// An item is due from its moment until the next one of its series takes over
// (or a catch-up limit passes), so a sweep that ran late still sends it. The
// same item is computed again by every sweep in that window; its idempotency
// key (kind + target + due moment) makes the outbox keep only the first one.
//
// Nothing goes out on a day off: a weekend, a holiday, an official day off or
// an organisation's own day off (see isWorkingDay). A reminder due on such a
// day moves to the last working day before it; an item whose window is open
// on a day off waits for the next working day.
import { addDays, isSchoolDay, isTeamBackInAugust, isWorkingDay, type IsoDate } from "~/domain/calendar";
import { mondayOnOrAfter } from "~/domain/calendar/dates";
import { PENDING_COMMITMENT_STATUSES } from "~/domain/commitments/vocabulary";
import { brusselsDate, brusselsEndOfDay, brusselsWallTime } from "~/domain/calendar/brussels-time";

/** Reminders go out at 07:00 Brussels time. */
export const REMINDER_HOUR = 7;
/** An overdue notice that could not go out is dropped after this many days. */
export const OVERDUE_CATCH_UP_DAYS = 30;
/** The digest covers the coming 14 days. */
export const DIGEST_HORIZON_DAYS = 14;
/** How far back and ahead of today the sweep must look for evaluation moments (momentDatesToLoad). */
export const MOMENT_LOOKBACK_DAYS = 120;
export const MOMENT_LOOKAHEAD_DAYS = DIGEST_HORIZON_DAYS + 1;
/**
 * How far ahead a moment can lie whose reminder moved back to today: across the
 * summer closure (1 July – 15 August) a 14-day reminder moves back some 60 days.
 */
export const MOMENT_REMINDER_LOOKAHEAD_DAYS = 92;
/**
 * How far back the sweep loads overdue commitments: the first working day after
 * a due date lies at most ~7 weeks later (July and the first half of August),
 * then the catch-up limit.
 */
export const COMMITMENT_LOOKBACK_DAYS = 120;
/** Evaluation reminders only for agreements in force. */
export const ACTIVE_AGREEMENT_STATUS = "ondertekend";
export const SIGNING_REMINDER_DEFAULTS = { reminderFirstDays: 5, reminderIntervalDays: 3, reminderMax: 4 } as const;

const DAY_MS = 86_400_000;

// ─── Facts (what the sweep loads) ───────────────────────────────────────────

export interface PartyFact {
  /** AgreementParty id */
  id: string;
  organisationId: string;
  organisationName: string;
  /**
   * The contact people the party named for the agreement (AgreementContact
   * user ids): its reminders go to them, else to its beheerder(s). Only those
   * still active members of the organisation (in `people`) are reminded.
   */
  contactIds?: string[];
}

/** A party accountable for a commitment, with the person it named on its R or A of that commitment. */
export interface AccountablePartyFact extends PartyFact {
  /** CommitmentRole.userId of the party's R or A on the commitment (at most one; empty when nobody is named). */
  namedIds?: string[];
}

export interface AgreementFact {
  id: string;
  title: string;
  status: string;
  parties: PartyFact[];
  /**
   * RASCI "A" roles on the agreement's commitments. Only the overdue notice
   * uses them, so the sweep loads them only for agreements with a moment whose
   * notice is due (dates before today in momentDatesToLoad); elsewhere the list may be empty.
   */
  accountableRoles: Array<{ commitmentId: string; partyId: string }>;
  reminderFirstDays: number;
  reminderIntervalDays: number;
  reminderMax: number;
}

export interface MomentFact {
  id: string;
  agreementId: string;
  /** YYYY-MM-DD */
  date: IsoDate;
  label: string;
  /** gepland | afgerond */
  status: string;
}

/** One active membership of an active user (the named people and beheerders are picked from these). */
export interface PersonFact {
  userId: string;
  email: string;
  name: string;
  organisationId: string;
  role: string;
}

export interface SigningRequestFact {
  id: string;
  agreementId: string;
  versionId: string;
  /** wachtend | verstuurd | ondertekend | geweigerd | verlopen | vervallen */
  status: string;
  /** Status of the version: reminders only while "ter_ondertekening". */
  versionStatus: string;
  invitedAt: Date | null;
  expiresAt: Date;
  signatoryName: string;
  signatoryEmail: string;
  /** Seed of the request's current link (the reminder carries that link); absent for older requests. */
  linkSeed?: string | null;
}

export interface DigestUserFact {
  userId: string;
  email: string;
  name: string;
  organisationIds: string[];
  /** "Mijn afspraken": commitments still to be done where the user is the named R/A or a contact of the party carrying them. */
  commitments?: MyCommitmentFact[];
}

/** A commitment of an agreement in force, due before the digest's horizon, that the digest's reader carries. */
export interface MyCommitmentFact {
  id: string;
  what: string;
  dueDate: IsoDate;
  agreement: { id: string; title: string };
}

/** An organisation's own day off (pedagogische studiedag, facultatieve vrije dag): no reminder reaches it then. */
export interface OrganisationDayOffFact {
  organisationId: string;
  date: IsoDate;
}

/**
 * A commitment still to be done (see PENDING_COMMITMENT_STATUSES) of an agreement in
 * force, with a due date before today: its overdue notice goes to the members
 * of the parties accountable for it.
 */
export interface CommitmentFact {
  id: string;
  what: string;
  dueDate: IsoDate;
  status: string;
  agreement: { id: string; title: string; status: string };
  /** The parties holding "A" on this commitment; when none does, its bearer. Empty: nobody to tell. */
  accountable: AccountablePartyFact[];
}

export interface DueFacts {
  agreements: AgreementFact[];
  moments: MomentFact[];
  people: PersonFact[];
  signingRequests: SigningRequestFact[];
  /** Users with weeklyDigest = true (active users, active memberships). */
  digestUsers: DigestUserFact[];
  /** The organisations' own days off, on top of the official calendar. */
  organisationDaysOff: OrganisationDayOffFact[];
  /** Overdue commitments (their accountable parties' members are in `people`). */
  commitments?: CommitmentFact[];
}

// ─── Due items ──────────────────────────────────────────────────────────────

export interface Recipient {
  email: string;
  name: string;
  userId?: string;
}

interface BaseItem {
  idempotencyKey: string;
  /** When the item became due (the scheduled moment, not the sweep time). */
  dueAt: Date;
  recipient: Recipient;
}

export interface EvaluationReminderItem extends BaseItem {
  kind: "eval-14d" | "eval-3d";
  moment: { id: string; date: IsoDate; label: string };
  agreement: { id: string; title: string };
}

export interface OverdueNoticeItem extends BaseItem {
  kind: "eval-overdue";
  moment: { id: string; date: IsoDate; label: string };
  agreement: { id: string; title: string };
  /** Names of the organisations the notice goes to. */
  accountable: string[];
  /** True when no party holds an "A", so every party is told. */
  noAccountableParty: boolean;
}

export interface CommitmentOverdueItem extends BaseItem {
  kind: "commitment-overdue";
  commitment: { id: string; what: string; dueDate: IsoDate; status: string };
  agreement: { id: string; title: string };
  /** Names of the organisations the notice goes to (the "A" of the commitment). */
  accountable: string[];
}

export interface SigningReminderItem extends BaseItem {
  kind: "sign-reminder";
  /** 1-based number of this reminder, and the maximum. */
  number: number;
  max: number;
  request: { id: string; invitedAt: Date; expiresAt: Date; linkSeed?: string | null };
  agreement: { id: string; title: string };
}

export interface DigestEntry {
  date: IsoDate;
  type: "evaluatie" | "ondertekening";
  label: string;
  agreement: { id: string; title: string };
}

export interface WeeklyDigestItem extends BaseItem {
  kind: "digest";
  /** The Monday the digest is for. */
  weekOf: IsoDate;
  entries: DigestEntry[];
  /** "Mijn afspraken": the reader's own commitments due before the horizon (overdue ones too), by due date. */
  mine?: MyCommitmentFact[];
}

export type DueItem = EvaluationReminderItem | OverdueNoticeItem | CommitmentOverdueItem | SigningReminderItem | WeeklyDigestItem;
export type DueKind = DueItem["kind"];

// ─── Reminder days ──────────────────────────────────────────────────────────

/** The days off of one or more organisations on top of the official calendar. */
export type DaysOff = ReadonlySet<IsoDate>;
export const NO_DAYS_OFF: DaysOff = new Set();

/**
 * Calendar work (Intl, school calendar) per date, kept across sweeps: every
 * sweep asks about the same hundred-odd moment dates. Kept as numbers, so
 * each caller still gets Dates of its own.
 */
function perDate<T>(compute: (date: IsoDate) => T): (date: IsoDate) => T {
  const known = new Map<IsoDate, T>();
  return (date) => {
    const hit = known.get(date);
    if (hit !== undefined) return hit;
    const value = compute(date);
    if (known.size >= 10_000) known.clear();
    known.set(date, value);
    return value;
  };
}

const officialWorkingDay = perDate((date) => isWorkingDay(date));

/** A day on which reminders may reach organisations with these days off. */
export function isReminderDay(date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): boolean {
  return officialWorkingDay(date) && !daysOff.has(date);
}

function lastReminderDayFrom(date: IsoDate, daysOff: DaysOff): IsoDate {
  let day = date;
  while (!isReminderDay(day, daysOff)) day = addDays(day, -1);
  return day;
}
const officialLastReminderDay = perDate((date) => lastReminderDayFrom(date, NO_DAYS_OFF));

/*
 * Days off only add days to skip. The days between `date` and the official
 * answer are skipped anyway, so when the official answer is not one of the
 * days off it is the answer: the walks below start from the cached official
 * day and walk on only from there (most sets of days off leave most dates alone).
 */

/** `date` itself when reminders may go then, else the last such day before it. */
export function lastReminderDayOnOrBefore(date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): IsoDate {
  const official = officialLastReminderDay(date);
  return daysOff.has(official) ? lastReminderDayFrom(official, daysOff) : official;
}

const officialNextSchoolDay = perDate((date) => {
  let day = date;
  while (!isSchoolDay(day)) day = addDays(day, 1);
  return day;
});

/** The first school day on or after `date` that is not one of the days off. */
function nextSchoolDayFrom(date: IsoDate, daysOff: DaysOff): IsoDate {
  let day = officialNextSchoolDay(date);
  while (daysOff.has(day)) day = officialNextSchoolDay(addDays(day, 1));
  return day;
}

const officialFirstReminderDay = perDate((date) => {
  let day = date;
  while (!isReminderDay(day)) day = addDays(day, 1);
  return day;
});

/** The first reminder day on or after `date` (a working day that is not one of the days off). */
function firstReminderDayFrom(date: IsoDate, daysOff: DaysOff): IsoDate {
  let day = officialFirstReminderDay(date);
  while (daysOff.has(day)) day = officialFirstReminderDay(addDays(day, 1));
  return day;
}

/** Signing reminders pause in July and the first half of August (school offices closed). */
export function inSigningPause(date: IsoDate): boolean {
  const month = date.slice(5, 7);
  return month === "07" || (month === "08" && !isTeamBackInAugust(date));
}

// ─── Schedules ──────────────────────────────────────────────────────────────

export interface Window {
  /** The due moment; it goes into the idempotency key. */
  dueAt: Date;
  /** The item is no longer sent from this instant on. */
  until: Date;
}

const at7 = (date: IsoDate) => brusselsWallTime(date, REMINDER_HOUR);

function computeReminderTimes(date: IsoDate, daysOff: DaysOff) {
  return {
    fourteenDays: at7(lastReminderDayOnOrBefore(addDays(date, -14), daysOff)).getTime(),
    threeDays: at7(lastReminderDayOnOrBefore(addDays(date, -3), daysOff)).getTime(),
    dayStart: brusselsWallTime(date).getTime(),
  };
}
const officialReminderTimes = perDate((date) => computeReminderTimes(date, NO_DAYS_OFF));
/** Per set of days off (the sweep keeps one set per set of organisations): the same, cached per date. */
const reminderTimesByDaysOff = new WeakMap<DaysOff, (date: IsoDate) => ReturnType<typeof computeReminderTimes>>();

function reminderTimes(date: IsoDate, daysOff: DaysOff) {
  if (daysOff.size === 0) return officialReminderTimes(date);
  let times = reminderTimesByDaysOff.get(daysOff);
  if (!times) reminderTimesByDaysOff.set(daysOff, (times = perDate((day) => computeReminderTimes(day, daysOff))));
  return times(date);
}
const officialOverdueTime = perDate((date) => at7(nextSchoolDayFrom(addDays(date, 1), NO_DAYS_OFF)).getTime());

/**
 * The 14-day and 3-day reminders of an evaluation moment on `date`, each at
 * 07:00 on the last reminder day on or before that day (so the 14-day reminder
 * of a moment early in January comes before the kerstvakantie). When both move
 * to the same day, only the 3-day reminder is left.
 */
export function evaluationReminderWindows(date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): { "eval-14d": Window; "eval-3d": Window } {
  const times = reminderTimes(date, daysOff);
  const threeDays = new Date(times.threeDays);
  return {
    "eval-14d": { dueAt: new Date(times.fourteenDays), until: threeDays },
    // Useless once the day itself has begun.
    "eval-3d": { dueAt: threeDays, until: new Date(times.dayStart) },
  };
}

/**
 * The overdue notice: 07:00 on the first school day after the moment that is
 * not one of the days off. The catch-up limit counts from the official school
 * day, so the moments to load do not depend on the days off.
 */
export function overdueWindow(date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): Window {
  const official = officialOverdueTime(date);
  const dueAt = daysOff.size === 0 ? official : at7(nextSchoolDayFrom(addDays(date, 1), daysOff)).getTime();
  return { dueAt: new Date(dueAt), until: new Date(official + OVERDUE_CATCH_UP_DAYS * DAY_MS) };
}

const officialCommitmentOverdueTime = perDate((date) => at7(firstReminderDayFrom(addDays(date, 1), NO_DAYS_OFF)).getTime());

/**
 * The overdue notice of a commitment due on `date`: 07:00 on the first working
 * day after it that is not one of the days off (a commitment due on a Saturday,
 * or before a holiday, is told on the next working day). As for evaluations,
 * the catch-up limit counts from the official working day.
 */
export function commitmentOverdueWindow(date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): Window {
  const official = officialCommitmentOverdueTime(date);
  const dueAt = daysOff.size === 0 ? official : at7(firstReminderDayFrom(addDays(date, 1), daysOff)).getTime();
  return { dueAt: new Date(dueAt), until: new Date(official + OVERDUE_CATCH_UP_DAYS * DAY_MS) };
}

/**
 * The moments of the signing reminders: `first` days after the invitation,
 * then every `interval` days, at most `max`, never at or after expiry. One due
 * on a day off moves to the last reminder day before it, at the same time of
 * day; it is dropped when that is not later than the invitation's day or the
 * previous reminder's day, when it falls in the signing pause (1 July – 15
 * August), or when it would move back across that pause.
 */
export function signingReminderTimes(
  invitedAt: Date,
  expiresAt: Date,
  settings: { reminderFirstDays: number; reminderIntervalDays: number; reminderMax: number },
  daysOff: DaysOff = NO_DAYS_OFF,
): Date[] {
  const first = Math.max(1, settings.reminderFirstDays);
  const interval = Math.max(1, settings.reminderIntervalDays);
  const times: Date[] = [];
  let lastDay = brusselsDate(invitedAt);
  for (let n = 0; n < Math.max(0, settings.reminderMax); n++) {
    const nominal = new Date(invitedAt.getTime() + (first + n * interval) * DAY_MS);
    if (nominal >= expiresAt) break;
    const day = brusselsDate(nominal);
    if (inSigningPause(day)) continue;
    const moved = lastReminderDayOnOrBefore(day, daysOff);
    if (moved <= lastDay || (moved < day && inSigningPause(addDays(moved, 1)))) continue;
    const shift = brusselsWallTime(day).getTime() - brusselsWallTime(moved).getTime();
    times.push(new Date(nominal.getTime() - shift));
    lastDay = moved;
  }
  return times;
}

/** The weekly digest of the week of `monday` goes on the last reminder day on or before that Monday. */
function digestDay(monday: IsoDate, daysOff: DaysOff): IsoDate {
  return lastReminderDayOnOrBefore(monday, daysOff);
}

/**
 * The digest window at `now`, or null when no digest goes today. The digest of
 * a week goes at 07:00 on its Monday, or on the last reminder day before it
 * (the Friday before a free Monday; the last day before a holiday, once for
 * all the weeks of that holiday).
 */
export function digestWindow(now: Date, daysOff: DaysOff = NO_DAYS_OFF): (Window & { monday: IsoDate }) | null {
  const today = brusselsDate(now);
  const monday = mondayOnOrAfter(today);
  if (digestDay(monday, daysOff) !== today) return null;
  // Several weeks moved to the same day: the first of them has the digest.
  if (digestDay(addDays(monday, -7), daysOff) === today) return null;
  const window = { monday, dueAt: at7(today), until: brusselsEndOfDay(today) };
  return now >= window.dueAt && now < window.until ? window : null;
}

/** A window of an evaluation moment that holds `now`, with the Brussels date that goes into the key. */
export interface OpenWindow {
  kind: "eval-14d" | "eval-3d" | "eval-overdue";
  dueAt: Date;
  dueDate: IsoDate;
}

const inWindow = (now: Date, window: Window) => now >= window.dueAt && now < window.until;

/**
 * The windows of a moment on `date` that hold `now`, for parties with these
 * days off: none at all when today is not a reminder day for them.
 */
export function openEvaluationWindows(now: Date, date: IsoDate, daysOff: DaysOff = NO_DAYS_OFF): OpenWindow[] {
  if (!isReminderDay(brusselsDate(now), daysOff)) return [];
  const open: OpenWindow[] = [];
  const windows = evaluationReminderWindows(date, daysOff);
  for (const kind of ["eval-14d", "eval-3d"] as const) {
    const window = windows[kind];
    if (inWindow(now, window)) open.push({ kind, dueAt: window.dueAt, dueDate: brusselsDate(window.dueAt) });
  }
  const overdue = overdueWindow(date, daysOff);
  if (inWindow(now, overdue)) open.push({ kind: "eval-overdue", dueAt: overdue.dueAt, dueDate: brusselsDate(overdue.dueAt) });
  return open;
}

/**
 * The parties accountable for an agreement: the party holding "A" on the most
 * commitments (several on a tie); every party when nobody holds an "A".
 */
export function accountableParties(agreement: AgreementFact): { parties: PartyFact[]; fallback: boolean } {
  const counts = new Map<string, Set<string>>();
  for (const role of agreement.accountableRoles) {
    if (!agreement.parties.some((p) => p.id === role.partyId)) continue;
    const set = counts.get(role.partyId) ?? new Set<string>();
    set.add(role.commitmentId);
    counts.set(role.partyId, set);
  }
  const best = Math.max(0, ...[...counts.values()].map((s) => s.size));
  if (best === 0) return { parties: agreement.parties, fallback: true };
  return { parties: agreement.parties.filter((p) => (counts.get(p.id)?.size ?? 0) === best), fallback: false };
}

// ─── The rules ──────────────────────────────────────────────────────────────

/**
 * The days off of a set of organisations (the union of their own days off),
 * kept per set for one sweep. Organisations without days off of their own
 * share NO_DAYS_OFF, which takes the cached official path everywhere.
 */
type DaysOffOf = (organisationIds: readonly string[]) => DaysOff;

function indexDaysOff(facts: DueFacts): DaysOffOf {
  const byOrganisation = new Map<string, Set<IsoDate>>();
  for (const { organisationId, date } of facts.organisationDaysOff) {
    const dates = byOrganisation.get(organisationId);
    if (dates) dates.add(date);
    else byOrganisation.set(organisationId, new Set([date]));
  }
  const unions = new Map<string, DaysOff>();
  return (organisationIds) => {
    const own = organisationIds.filter((id) => byOrganisation.has(id));
    if (own.length === 0) return NO_DAYS_OFF;
    if (own.length === 1) return byOrganisation.get(own[0]!)!;
    const key = [...new Set(own)].sort().join(" ");
    let union = unions.get(key);
    if (!union) unions.set(key, (union = new Set(own.flatMap((id) => [...byOrganisation.get(id)!]))));
    return union;
  };
}

const organisationsOf = (agreement: AgreementFact) => agreement.parties.map((p) => p.organisationId);

/** A member to remind: always a user. */
type Member = Recipient & { userId: string };

/**
 * String order as localeCompare without arguments gives it (the same default
 * locale and options), from one collator: localeCompare sets up its collation
 * on every call, which cost ~100 ms per sweep over 26,000 items.
 */
const compareText = new Intl.Collator().compare;

const byUserId = (a: Member, b: Member) => compareText(a.userId, b.userId);

/**
 * The active members per organisation (each user one Recipient shared by all
 * the user's items) and, per organisation, its beheerders sorted by user id:
 * the fallback of a party that named nobody.
 */
interface PeopleIndex {
  members: ReadonlyMap<string, ReadonlyMap<string, Member>>;
  beheerders: ReadonlyMap<string, readonly Member[]>;
}

function indexPeople(people: readonly PersonFact[]): PeopleIndex {
  const members = new Map<string, Map<string, Member>>();
  const beheerders = new Map<string, Member[]>();
  const users = new Map<string, Member>();
  for (const person of people) {
    let member = users.get(person.userId);
    if (!member) users.set(person.userId, (member = { email: person.email, name: person.name, userId: person.userId }));
    let ofOrganisation = members.get(person.organisationId);
    if (!ofOrganisation) members.set(person.organisationId, (ofOrganisation = new Map()));
    ofOrganisation.set(person.userId, member);
    if (person.role !== "beheerder") continue;
    const list = beheerders.get(person.organisationId);
    if (!list) beheerders.set(person.organisationId, [member]);
    else if (!list.includes(member)) list.push(member);
  }
  for (const list of beheerders.values()) list.sort(byUserId);
  return { members, beheerders };
}

/**
 * Whom to remind for a party (decision 003): the people it named on the
 * commitment (`namedIds`), else its contact people for the agreement, else its
 * beheerder(s); never every member. Only active members of the organisation
 * count, so someone who left is skipped. Sorted by user id, each once.
 */
function recipientsOfParty(people: PeopleIndex, party: PartyFact, namedIds: readonly string[] = []): readonly Member[] {
  const members = people.members.get(party.organisationId);
  const pick = (ids: readonly string[]) => {
    const found = new Set<Member>();
    for (const id of ids) {
      const member = members?.get(id);
      if (member) found.add(member);
    }
    return [...found].sort(byUserId);
  };
  const named = pick(namedIds);
  if (named.length > 0) return named;
  const contacts = pick(party.contactIds ?? []);
  if (contacts.length > 0) return contacts;
  return people.beheerders.get(party.organisationId) ?? [];
}

/** The recipients of several parties, each user once, sorted by user id. */
function recipientsOfParties(people: PeopleIndex, parties: readonly AccountablePartyFact[]): readonly Member[] {
  const byId = new Map<string, Member>();
  for (const party of parties) for (const member of recipientsOfParty(people, party, party.namedIds)) byId.set(member.userId, member);
  return [...byId.values()].sort(byUserId);
}

/**
 * The windows that hold `now` for a moment on a given date, for parties with
 * these days off. Many moments share a date and a set of days off (daysOffOf
 * hands out one set per set of organisations), so each pair's windows (Intl
 * work) are computed once per sweep.
 */
function openWindows(now: Date): (date: IsoDate, daysOff: DaysOff) => readonly OpenWindow[] {
  const bySet = new Map<DaysOff, Map<IsoDate, OpenWindow[]>>();
  return (date, daysOff) => {
    let byDate = bySet.get(daysOff);
    if (!byDate) bySet.set(daysOff, (byDate = new Map()));
    let open = byDate.get(date);
    if (!open) byDate.set(date, (open = openEvaluationWindows(now, date, daysOff)));
    return open;
  };
}

function evaluationItems(facts: DueFacts, agreements: Map<string, AgreementFact>, people: PeopleIndex, daysOffOf: DaysOffOf, now: Date): DueItem[] {
  const items: DueItem[] = [];
  const windowsOn = openWindows(now);
  for (const moment of facts.moments) {
    if (moment.status !== "gepland") continue;
    const agreement = agreements.get(moment.agreementId);
    if (!agreement || agreement.status !== ACTIVE_AGREEMENT_STATUS) continue;
    // A working day for all parties: their own days off count too.
    const daysOff = daysOffOf(organisationsOf(agreement));
    const windows = windowsOn(moment.date, daysOff);
    if (windows.length === 0) continue;
    const about = { id: moment.id, date: moment.date, label: moment.label };
    const of = { id: agreement.id, title: agreement.title };

    for (const { kind, dueAt, dueDate } of windows) {
      if (kind !== "eval-overdue") {
        for (const recipient of recipientsOfParties(people, agreement.parties)) {
          items.push({ kind, idempotencyKey: `${kind}:${moment.id}:${recipient.userId}:${dueDate}`, dueAt, recipient, moment: about, agreement: of });
        }
        continue;
      }
      const { parties, fallback } = accountableParties(agreement);
      const accountable = parties.map((p) => p.organisationName);
      for (const recipient of recipientsOfParties(people, parties)) {
        items.push({
          kind: "eval-overdue",
          idempotencyKey: `eval-overdue:${moment.id}:${recipient.userId}:${dueDate}`,
          dueAt,
          recipient,
          moment: about,
          agreement: of,
          accountable,
          noAccountableParty: fallback,
        });
      }
    }
  }
  return items;
}

/**
 * One notice per overdue commitment and person of its accountable parties (the
 * named R/A, else the contacts, else the beheerder), once per due date (the key
 * holds it). Only those parties: the others are not told. Nothing when today
 * is not a working day for them.
 */
function commitmentItems(facts: DueFacts, people: PeopleIndex, daysOffOf: DaysOffOf, now: Date): DueItem[] {
  const items: DueItem[] = [];
  for (const commitment of facts.commitments ?? []) {
    if (!(PENDING_COMMITMENT_STATUSES as readonly string[]).includes(commitment.status)) continue;
    if (commitment.agreement.status !== ACTIVE_AGREEMENT_STATUS || commitment.accountable.length === 0) continue;
    const organisationIds = commitment.accountable.map((p) => p.organisationId);
    const daysOff = daysOffOf(organisationIds);
    if (!isReminderDay(brusselsDate(now), daysOff)) continue;
    const window = commitmentOverdueWindow(commitment.dueDate, daysOff);
    if (!inWindow(now, window)) continue;
    const about = { id: commitment.id, what: commitment.what, dueDate: commitment.dueDate, status: commitment.status };
    const of = { id: commitment.agreement.id, title: commitment.agreement.title };
    const accountable = [...new Set(commitment.accountable.map((p) => p.organisationName))];
    for (const recipient of recipientsOfParties(people, commitment.accountable)) {
      items.push({
        kind: "commitment-overdue",
        idempotencyKey: `commitment-overdue:${commitment.id}:${recipient.userId}:${commitment.dueDate}`,
        dueAt: window.dueAt,
        recipient,
        commitment: about,
        agreement: of,
        accountable,
      });
    }
  }
  return items;
}

function signingItems(facts: DueFacts, agreements: Map<string, AgreementFact>, daysOffOf: DaysOffOf, now: Date): DueItem[] {
  const items: DueItem[] = [];
  const today = brusselsDate(now);
  for (const request of facts.signingRequests) {
    // Signing, refusal, expiry or a withdrawn version all end the reminders.
    if (request.status !== "verstuurd" || request.versionStatus !== "ter_ondertekening") continue;
    if (!request.invitedAt || now >= request.expiresAt) continue;
    const agreement = agreements.get(request.agreementId);
    if (!agreement) continue;
    // A reminder reaches the signatory on a working day of all parties; a late one waits for the next.
    const daysOff = daysOffOf(organisationsOf(agreement));
    if (!isReminderDay(today, daysOff)) continue;
    const times = signingReminderTimes(request.invitedAt, request.expiresAt, agreement, daysOff);
    // Only the latest reminder that has come due: a late sweep sends one, not a burst.
    let index = -1;
    for (let i = 0; i < times.length; i++) if (times[i]! <= now) index = i;
    if (index === -1) continue;
    const dueAt = times[index]!;
    items.push({
      kind: "sign-reminder",
      idempotencyKey: `sign-reminder:${request.id}:${index + 1}:${dueAt.toISOString()}`,
      dueAt,
      recipient: { email: request.signatoryEmail, name: request.signatoryName },
      number: index + 1,
      max: times.length,
      request: { id: request.id, invitedAt: request.invitedAt, expiresAt: request.expiresAt, linkSeed: request.linkSeed ?? null },
      agreement: { id: agreement.id, title: agreement.title },
    });
  }
  return items;
}

/**
 * The digest lines of every organisation at `now`, gathered once: a subscriber's
 * digest is then a lookup by organisation instead of a pass over all moments
 * and signing requests (over a thousand subscribers on a Monday).
 */
function digestIndex(facts: DueFacts, agreements: Map<string, AgreementFact>, now: Date): (organisationIds: readonly string[]) => DigestEntry[] {
  const today = brusselsDate(now);
  const horizon = addDays(today, DIGEST_HORIZON_DAYS);
  const lines: DigestEntry[] = [];
  // Line numbers by organisation, in the order the lines were made.
  const byOrganisation = new Map<string, number[]>();
  const add = (entry: DigestEntry, agreement: AgreementFact) => {
    const line = lines.push(entry) - 1;
    for (const { organisationId } of agreement.parties) {
      const numbers = byOrganisation.get(organisationId);
      if (!numbers) byOrganisation.set(organisationId, [line]);
      else if (numbers[numbers.length - 1] !== line) numbers.push(line); // two parties of one organisation
    }
  };

  for (const moment of facts.moments) {
    if (moment.status !== "gepland" || moment.date < today || moment.date >= horizon) continue;
    const agreement = agreements.get(moment.agreementId);
    if (!agreement || agreement.status !== ACTIVE_AGREEMENT_STATUS) continue;
    add({ date: moment.date, type: "evaluatie", label: moment.label, agreement: { id: agreement.id, title: agreement.title } }, agreement);
  }
  // One line per version under signature: its earliest open deadline.
  const deadlines = new Map<string, { date: IsoDate; agreement: AgreementFact }>();
  for (const request of facts.signingRequests) {
    if (!["verstuurd", "wachtend"].includes(request.status) || request.versionStatus !== "ter_ondertekening") continue;
    if (request.expiresAt <= now) continue;
    const agreement = agreements.get(request.agreementId);
    if (!agreement) continue;
    const date = brusselsDate(request.expiresAt);
    if (date >= horizon) continue;
    const known = deadlines.get(request.versionId);
    if (!known || date < known.date) deadlines.set(request.versionId, { date, agreement });
  }
  for (const { date, agreement } of deadlines.values()) {
    add({ date, type: "ondertekening", label: "Uiterste datum ondertekening", agreement: { id: agreement.id, title: agreement.title } }, agreement);
  }

  return (organisationIds) => {
    const numbers = new Set<number>();
    for (const organisationId of organisationIds) for (const line of byOrganisation.get(organisationId) ?? []) numbers.add(line);
    return [...numbers]
      .sort((a, b) => a - b)
      .map((line) => ({ ...lines[line]! }))
      .sort((a, b) => compareText(a.date, b.date) || compareText(a.agreement.title, b.agreement.title));
  };
}

/** What lies ahead for these organisations between `now` and the horizon (digest, sorted by date). */
export function upcomingFor(
  facts: DueFacts,
  agreements: Map<string, AgreementFact>,
  organisationIds: readonly string[],
  now: Date,
): DigestEntry[] {
  return digestIndex(facts, agreements, now)(organisationIds);
}

function digestItems(facts: DueFacts, agreements: Map<string, AgreementFact>, daysOffOf: DaysOffOf, now: Date): DueItem[] {
  const official = digestWindow(now);
  if (!official && facts.organisationDaysOff.length === 0) return [];
  const items: DueItem[] = [];
  const upcoming = digestIndex(facts, agreements, now);
  for (const user of facts.digestUsers) {
    // The recipient's organisations' own days off move the digest too.
    const daysOff = daysOffOf(user.organisationIds);
    const window = daysOff.size === 0 ? official : digestWindow(now, daysOff);
    if (!window) continue;
    const entries = upcoming(user.organisationIds);
    const horizon = addDays(brusselsDate(now), DIGEST_HORIZON_DAYS);
    const mine = (user.commitments ?? [])
      .filter((c) => c.dueDate < horizon)
      .sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.agreement.title, b.agreement.title) || compareText(a.id, b.id));
    if (entries.length === 0 && mine.length === 0) continue; // no mail about nothing
    items.push({
      kind: "digest",
      idempotencyKey: `digest:${user.userId}:${window.monday}`,
      dueAt: window.dueAt,
      recipient: { email: user.email, name: user.name, userId: user.userId },
      weekOf: window.monday,
      entries,
      mine,
    });
  }
  return items;
}

/** Everything due at `now`, in a stable order (by due moment, then key). */
export function dueItems(facts: DueFacts, now: Date): DueItem[] {
  const agreements = new Map(facts.agreements.map((a) => [a.id, a]));
  const daysOffOf = indexDaysOff(facts);
  const people = indexPeople(facts.people);
  const items = [
    ...evaluationItems(facts, agreements, people, daysOffOf, now),
    ...commitmentItems(facts, people, daysOffOf, now),
    ...signingItems(facts, agreements, daysOffOf, now),
    ...digestItems(facts, agreements, daysOffOf, now),
  ];
  return items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareText(a.idempotencyKey, b.idempotencyKey));
}

/**
 * The evaluation moments the sweep has to load for `now`: from today to
 * MOMENT_LOOKAHEAD_DAYS ahead (reminders and digest), and outside that range only
 * those on a date with a window open at `now` (an overdue notice, or a
 * reminder moved back across a holiday); a moment left "gepland" for months is
 * not loaded again every sweep. `anyDaysOff` is the union of all organisations'
 * own days off: a reminder moved back by them opens no earlier than by the union.
 */
export function momentDatesToLoad(now: Date, anyDaysOff: DaysOff = NO_DAYS_OFF): { from: IsoDate; to: IsoDate; extra: IsoDate[] } {
  const today = brusselsDate(now);
  const to = addDays(today, MOMENT_LOOKAHEAD_DAYS);
  const extra: IsoDate[] = [];
  if (!isReminderDay(today)) return { from: today, to, extra };
  const time = now.getTime();
  for (const date of datesAround(today)) {
    if (date >= today && date <= to) continue;
    // The 14-day and 3-day windows together run from the first to the moment's day; then the overdue window.
    const reminders = reminderTimes(date, anyDaysOff);
    const overdue = officialOverdueTime(date);
    const open = (time >= reminders.fourteenDays && time < reminders.dayStart) || (time >= overdue && time < overdue + OVERDUE_CATCH_UP_DAYS * DAY_MS);
    if (open) extra.push(date);
  }
  return { from: today, to, extra };
}

/** The dates from MOMENT_LOOKBACK_DAYS before `today` to MOMENT_REMINDER_LOOKAHEAD_DAYS after it. */
const datesAround = perDate((today) => {
  const dates: IsoDate[] = [];
  for (let offset = -MOMENT_LOOKBACK_DAYS; offset <= MOMENT_REMINDER_LOOKAHEAD_DAYS; offset++) dates.push(addDays(today, offset));
  return dates;
});
