// What is due at time `now`: evaluation reminders, overdue notices, signing
// reminders and the weekly digest. Pure: the sweep loads the facts, calls
// dueItems and enqueues the result; nothing here touches the database or a clock.
//
// An item is due from its moment until the next one of its series takes over
// (or a catch-up limit passes), so a sweep that ran late still sends it. The
// same item is computed again by every sweep in that window; its idempotency
// key (kind + target + due moment) makes the outbox keep only the first one.
import { addDays, dayOfWeek, nextSchoolDayOnOrAfter, type IsoDate } from "~/domain/calendar";
import { brusselsDate, brusselsEndOfDay, brusselsWallTime } from "./brussels-time";

/** Reminders go out at 07:00 Brussels time. */
export const REMINDER_HOUR = 7;
/** An overdue notice that could not go out is dropped after this many days. */
export const OVERDUE_CATCH_UP_DAYS = 30;
/** The digest covers the coming 14 days. */
export const DIGEST_HORIZON_DAYS = 14;
/** How far back and ahead of today the sweep must load evaluation moments for these rules. */
export const MOMENT_LOOKBACK_DAYS = 120;
export const MOMENT_LOOKAHEAD_DAYS = DIGEST_HORIZON_DAYS + 1;
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
}

export interface AgreementFact {
  id: string;
  title: string;
  status: string;
  parties: PartyFact[];
  /**
   * RASCI "A" roles on the agreement's commitments. Only the overdue notice
   * uses them, so the sweep loads them only for agreements with a moment whose
   * notice is due (on one of overdueNoticeDates); elsewhere the list may be empty.
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

/** One active membership of an active user. */
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
}

export interface DueFacts {
  agreements: AgreementFact[];
  moments: MomentFact[];
  people: PersonFact[];
  signingRequests: SigningRequestFact[];
  /** Users with weeklyDigest = true (active users, active memberships). */
  digestUsers: DigestUserFact[];
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
}

export type DueItem = EvaluationReminderItem | OverdueNoticeItem | SigningReminderItem | WeeklyDigestItem;
export type DueKind = DueItem["kind"];

// ─── Schedules ──────────────────────────────────────────────────────────────

export interface Window {
  /** The due moment; it goes into the idempotency key. */
  dueAt: Date;
  /** The item is no longer sent from this instant on. */
  until: Date;
}

const at7 = (date: IsoDate) => brusselsWallTime(date, REMINDER_HOUR);

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

const reminderTimes = perDate((date) => ({
  fourteenDays: at7(addDays(date, -14)).getTime(),
  threeDays: at7(addDays(date, -3)).getTime(),
  dayStart: brusselsWallTime(date).getTime(),
}));
const overdueTime = perDate((date) => at7(nextSchoolDayOnOrAfter(addDays(date, 1))).getTime());

/** The 14-day and 3-day reminders of an evaluation moment on `date`. */
export function evaluationReminderWindows(date: IsoDate): { "eval-14d": Window; "eval-3d": Window } {
  const times = reminderTimes(date);
  const threeDays = new Date(times.threeDays);
  return {
    "eval-14d": { dueAt: new Date(times.fourteenDays), until: threeDays },
    // Useless once the day itself has begun.
    "eval-3d": { dueAt: threeDays, until: new Date(times.dayStart) },
  };
}

/** The overdue notice: 07:00 on the first school day after the moment. */
export function overdueWindow(date: IsoDate): Window {
  const dueAt = overdueTime(date);
  return { dueAt: new Date(dueAt), until: new Date(dueAt + OVERDUE_CATCH_UP_DAYS * DAY_MS) };
}

/**
 * The moments of the signing reminders: `first` days after the invitation,
 * then every `interval` days, at most `max`, never at or after expiry.
 */
export function signingReminderTimes(
  invitedAt: Date,
  expiresAt: Date,
  settings: { reminderFirstDays: number; reminderIntervalDays: number; reminderMax: number },
): Date[] {
  const first = Math.max(1, settings.reminderFirstDays);
  const interval = Math.max(1, settings.reminderIntervalDays);
  const times: Date[] = [];
  for (let n = 0; n < Math.max(0, settings.reminderMax); n++) {
    const at = new Date(invitedAt.getTime() + (first + n * interval) * DAY_MS);
    if (at >= expiresAt) break;
    times.push(at);
  }
  return times;
}

/**
 * The dates (within momentDateRange) of the evaluation moments whose overdue
 * notice is due at `now`: the only moments for which the rules read accountable roles.
 */
export function overdueNoticeDates(now: Date): IsoDate[] {
  const { from, to } = momentDateRange(now);
  const dates: IsoDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const window = overdueWindow(date);
    if (now >= window.dueAt && now < window.until) dates.push(date);
  }
  return dates;
}

/** The Monday-morning digest window of the week containing `now`, or null on other days. */
export function digestWindow(now: Date): Window & { monday: IsoDate } | null {
  const today = brusselsDate(now);
  if (dayOfWeek(today) !== 1) return null;
  const window = { monday: today, dueAt: at7(today), until: brusselsEndOfDay(today) };
  return now >= window.dueAt && now < window.until ? window : null;
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

const inWindow = (now: Date, window: Window) => now >= window.dueAt && now < window.until;

/** A member to remind: always a user. */
type Member = Recipient & { userId: string };

const byUserId = (a: Member, b: Member) => a.userId.localeCompare(b.userId);

/** Two lists sorted by user id, as one sorted list with each user once. */
function mergeMembers(a: readonly Member[], b: readonly Member[]): readonly Member[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: Member[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = byUserId(a[i]!, b[j]!);
    if (order < 0) merged.push(a[i++]!);
    else if (order > 0) merged.push(b[j++]!);
    else {
      merged.push(a[i++]!); // the same user in both
      j++;
    }
  }
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

/** People to remind for these organisations: every active member except a beheerder, once each, by user id. */
function peopleOf(people: PeopleIndex, organisationIds: readonly string[]): readonly Member[] {
  let members: readonly Member[] = [];
  for (const organisationId of organisationIds) members = mergeMembers(members, people.get(organisationId) ?? []);
  return members;
}

/**
 * The people to remind per organisation (no beheerder, each user once, sorted
 * by user id), each user one Recipient shared by all the user's items: looking
 * them up per moment stays linear at Flanders scale.
 */
type PeopleIndex = ReadonlyMap<string, readonly Member[]>;

function indexPeople(people: readonly PersonFact[]): PeopleIndex {
  const index = new Map<string, Member[]>();
  const members = new Map<string, Member>();
  for (const person of people) {
    if (person.role === "beheerder") continue;
    let member = members.get(person.userId);
    if (!member) members.set(person.userId, (member = { email: person.email, name: person.name, userId: person.userId }));
    const list = index.get(person.organisationId);
    if (list) list.push(member);
    else index.set(person.organisationId, [member]);
  }
  for (const [organisationId, list] of index) {
    list.sort(byUserId);
    // A user with two roles in one organisation is reminded once.
    if (list.some((member, i) => member === list[i - 1])) index.set(organisationId, list.filter((member, i) => member !== list[i - 1]));
  }
  return index;
}

/** A window of an evaluation moment that holds `now`, with the Brussels date that goes into the key. */
interface OpenWindow {
  kind: "eval-14d" | "eval-3d" | "eval-overdue";
  dueAt: Date;
  dueDate: IsoDate;
}

/**
 * The windows that hold `now` for a moment on a given date. Many moments share
 * a date, so each date's windows (Intl work) are computed once per sweep.
 */
function openWindows(now: Date): (date: IsoDate) => readonly OpenWindow[] {
  const byDate = new Map<IsoDate, OpenWindow[]>();
  return (date) => {
    const known = byDate.get(date);
    if (known) return known;
    const open: OpenWindow[] = [];
    const windows = evaluationReminderWindows(date);
    for (const kind of ["eval-14d", "eval-3d"] as const) {
      const window = windows[kind];
      if (inWindow(now, window)) open.push({ kind, dueAt: window.dueAt, dueDate: brusselsDate(window.dueAt) });
    }
    const overdue = overdueWindow(date);
    if (inWindow(now, overdue)) open.push({ kind: "eval-overdue", dueAt: overdue.dueAt, dueDate: brusselsDate(overdue.dueAt) });
    byDate.set(date, open);
    return open;
  };
}

function evaluationItems(facts: DueFacts, agreements: Map<string, AgreementFact>, now: Date): DueItem[] {
  const items: DueItem[] = [];
  const people = indexPeople(facts.people);
  const windowsOn = openWindows(now);
  for (const moment of facts.moments) {
    if (moment.status !== "gepland") continue;
    const windows = windowsOn(moment.date);
    if (windows.length === 0) continue;
    const agreement = agreements.get(moment.agreementId);
    if (!agreement || agreement.status !== ACTIVE_AGREEMENT_STATUS) continue;
    const about = { id: moment.id, date: moment.date, label: moment.label };
    const of = { id: agreement.id, title: agreement.title };

    for (const { kind, dueAt, dueDate } of windows) {
      if (kind !== "eval-overdue") {
        for (const recipient of peopleOf(people, agreement.parties.map((p) => p.organisationId))) {
          items.push({ kind, idempotencyKey: `${kind}:${moment.id}:${recipient.userId}:${dueDate}`, dueAt, recipient, moment: about, agreement: of });
        }
        continue;
      }
      const { parties, fallback } = accountableParties(agreement);
      const accountable = parties.map((p) => p.organisationName);
      for (const recipient of peopleOf(people, parties.map((p) => p.organisationId))) {
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

function signingItems(facts: DueFacts, agreements: Map<string, AgreementFact>, now: Date): DueItem[] {
  const items: DueItem[] = [];
  for (const request of facts.signingRequests) {
    // Signing, refusal, expiry or a withdrawn version all end the reminders.
    if (request.status !== "verstuurd" || request.versionStatus !== "ter_ondertekening") continue;
    if (!request.invitedAt || now >= request.expiresAt) continue;
    const agreement = agreements.get(request.agreementId);
    if (!agreement) continue;
    const times = signingReminderTimes(request.invitedAt, request.expiresAt, agreement);
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
      .sort((a, b) => a.date.localeCompare(b.date) || a.agreement.title.localeCompare(b.agreement.title));
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

function digestItems(facts: DueFacts, agreements: Map<string, AgreementFact>, now: Date): DueItem[] {
  const window = digestWindow(now);
  if (!window) return [];
  const items: DueItem[] = [];
  const upcoming = digestIndex(facts, agreements, now);
  for (const user of facts.digestUsers) {
    const entries = upcoming(user.organisationIds);
    if (entries.length === 0) continue; // no mail about nothing
    items.push({
      kind: "digest",
      idempotencyKey: `digest:${user.userId}:${window.monday}`,
      dueAt: window.dueAt,
      recipient: { email: user.email, name: user.name, userId: user.userId },
      weekOf: window.monday,
      entries,
    });
  }
  return items;
}

/** Everything due at `now`, in a stable order (by due moment, then key). */
export function dueItems(facts: DueFacts, now: Date): DueItem[] {
  const agreements = new Map(facts.agreements.map((a) => [a.id, a]));
  const items = [
    ...evaluationItems(facts, agreements, now),
    ...signingItems(facts, agreements, now),
    ...digestItems(facts, agreements, now),
  ];
  return items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.idempotencyKey.localeCompare(b.idempotencyKey));
}

/** The widest range of evaluation moment dates the rules look at for `now`. */
export function momentDateRange(now: Date): { from: IsoDate; to: IsoDate } {
  const today = brusselsDate(now);
  return { from: addDays(today, -MOMENT_LOOKBACK_DAYS), to: addDays(today, MOMENT_LOOKAHEAD_DAYS) };
}

/**
 * The evaluation moments the sweep has to load for `now`: from today to the
 * end of momentDateRange (reminders and digest), and before today only those
 * on a date whose overdue notice is due (a moment left "gepland" for months
 * is not loaded again every sweep).
 */
export function momentDatesToLoad(now: Date): { from: IsoDate; to: IsoDate; overdue: IsoDate[] } {
  return { from: brusselsDate(now), to: momentDateRange(now).to, overdue: overdueNoticeDates(now) };
}
