// "What is due at `now`?" asked directly of better-sqlite3 in one hand-written
// SQL query: the baseline for the app's sweep (loadDueFacts + dueItems in
// app/domain/reminders). It answers with the same idempotency keys, so the
// benchmark can check that both found exactly the same items.
//
// The calendar part (which evaluation dates have a reminder window open at
// `now`, in Brussels time and working days) is computed with the app's pure
// window functions and passed in as parameters; everything that touches data
// (moments, agreements, parties, people, RASCI roles, overdue commitments,
// signing requests, digest subscribers) is in the query. Signing reminders move off weekends and
// holidays and pause in the summer: the query finds the open requests and their
// settings, and the app's pure schedule (signingReminderTimes) picks the
// reminder due, after the query, as the calendar parameters are picked before it.
//
// Organisations' own days off (OrganisationDayOff) move the reminders of the
// agreements and people they concern. The few items that depend on them are
// found first (daysOffParameters: small queries for the moments, overdue
// commitments and digest subscribers whose organisations have days off near
// now, then the app's pure rules with those days off); the main query takes
// them as parameters and leaves those rows out of its official-calendar part.
import type Database from "better-sqlite3";
import { addDays, type IsoDate } from "~/domain/calendar";
import { mondayOnOrAfter } from "~/domain/calendar/dates";
import { brusselsDate, brusselsWallTime } from "~/domain/calendar/brussels-time";
import { datesInWindow, daysOffWindow, digestMayBeDue } from "~/domain/reminders/due-facts.server";
import {
  COMMITMENT_LOOKBACK_DAYS,
  commitmentOverdueWindow,
  type DaysOff,
  digestWindow,
  DIGEST_HORIZON_DAYS,
  isReminderDay,
  MOMENT_LOOKBACK_DAYS,
  MOMENT_REMINDER_LOOKAHEAD_DAYS,
  momentDatesToLoad,
  NO_DAYS_OFF,
  openEvaluationWindows,
  signingReminderTimes,
} from "~/domain/reminders/due";

const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** An organisation's day off overlaps the dates the rules look at (the app's daysOffWindow). */
const OFF_NEAR = /* sql */ `d."startDate" <= @offTo AND d."endDate" >= @offFrom`;
/** The days off as one JSON text: ["start/end", …]. */
const OFF_LIST = /* sql */ `json_group_array(DISTINCT d."startDate" || '/' || d."endDate")`;

/**
 * The dates of "start/end" ranges inside the window, one Set per distinct list
 * (the pure rules cache their calendar work per Set, as the app's sweep does).
 */
function daysOffReader(window: { from: IsoDate; to: IsoDate }): (json: string | null) => DaysOff {
  const known = new Map<string, DaysOff>();
  return (json) => {
    if (json === null || json === "[]") return NO_DAYS_OFF;
    let set = known.get(json);
    if (!set) {
      const dates = new Set<IsoDate>();
      for (const range of JSON.parse(json) as string[]) {
        const [startDate, endDate] = range.split("/") as [IsoDate, IsoDate];
        for (const date of datesInWindow({ startDate, endDate }, window)) dates.add(date);
      }
      known.set(json, (set = dates));
    }
    return set;
  };
}

/** The evaluation dates whose reminder window holds `now`, with the date that goes in the key. */
export function windowParameters(now: Date) {
  const today = brusselsDate(now);
  const windows = { "eval-14d": [] as Array<[string, string]>, "eval-3d": [] as Array<[string, string]>, "eval-overdue": [] as Array<[string, string]> };
  for (let offset = -MOMENT_LOOKBACK_DAYS; offset <= MOMENT_REMINDER_LOOKAHEAD_DAYS; offset++) {
    const date = addDays(today, offset);
    for (const open of openEvaluationWindows(now, date)) windows[open.kind].push([date, open.dueDate]);
  }
  // Due dates of commitments whose overdue notice is due now.
  const commitmentDates: string[] = [];
  if (isReminderDay(today)) {
    for (let offset = -COMMITMENT_LOOKBACK_DAYS; offset < 0; offset++) {
      const date = addDays(today, offset);
      const window = commitmentOverdueWindow(date);
      if (now >= window.dueAt && now < window.until) commitmentDates.push(date);
    }
  }
  const digest = digestWindow(now);
  const off = daysOffWindow(now);
  return {
    commitmentDates: JSON.stringify(commitmentDates),
    now: sqlDate(now),
    eval14: JSON.stringify(windows["eval-14d"]),
    eval3: JSON.stringify(windows["eval-3d"]),
    overdue: JSON.stringify(windows["eval-overdue"]),
    digestMonday: digest?.monday ?? null,
    today,
    horizonDate: addDays(today, DIGEST_HORIZON_DAYS),
    mineFrom: addDays(today, -COMMITMENT_LOOKBACK_DAYS),
    horizon: sqlDate(brusselsWallTime(addDays(today, DIGEST_HORIZON_DAYS))),
    offFrom: off.from,
    offTo: off.to,
  };
}

/** Every organisation's days off near now, as one set (what can move a moment's reminders, at most). */
const UNION_SQL = /* sql */ `SELECT DISTINCT d."startDate", d."endDate" FROM "OrganisationDayOff" d WHERE ${OFF_NEAR}`;

/** Planned moments of agreements in force on the candidate dates, whose parties have days off near now. */
const MOMENTS_WITH_DAYS_OFF_SQL = /* sql */ `
SELECT m."id", m."agreementId", m."date", ${OFF_LIST} AS off
FROM json_each(@dates) x
JOIN "EvaluationMoment" m ON m."date" = x.value AND m."status" = 'gepland'
JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
JOIN "AgreementParty" p ON p."agreementId" = a."id"
JOIN "OrganisationDayOff" d ON d."organisationId" = p."organisationId" AND ${OFF_NEAR}
GROUP BY m."id"
`;

/**
 * The days-off part, before the main query: the union of all days off near
 * now, then the moments whose parties have days off of their own, each with
 * the windows the app's pure rule opens for them. Only the moments on the
 * dates the app itself loads for that union (momentDatesToLoad) can have one.
 */
function daysOffParameters(db: Database.Database, now: Date, params: ReturnType<typeof windowParameters>) {
  const window = { from: params.offFrom, to: params.offTo };
  const union = new Set<IsoDate>();
  for (const row of db.prepare(UNION_SQL).all(params) as Array<{ startDate: IsoDate; endDate: IsoDate }>) {
    for (const date of datesInWindow(row, window)) union.add(date);
  }
  const moved: Array<[string, string, string, string]> = [];
  const daysOff = daysOffReader(window);
  if (union.size > 0) {
    const load = momentDatesToLoad(now, union);
    const dates = [...load.extra];
    for (let date = load.from; date <= load.to; date = addDays(date, 1)) dates.push(date);
    const rows = db.prepare(MOMENTS_WITH_DAYS_OFF_SQL).all({ ...params, dates: JSON.stringify(dates) }) as Array<{ id: string; agreementId: string; date: IsoDate; off: string }>;
    for (const row of rows) {
      for (const open of openEvaluationWindows(now, row.date, daysOff(row.off))) moved.push([open.kind, row.id, row.agreementId, open.dueDate]);
    }
  }
  // A digest can be due today for someone whose days off fill the days up to Monday.
  const digestPossible = params.digestMonday !== null || (union.size > 0 && digestMayBeDue(now, union));
  return { movedMoments: JSON.stringify(moved), digestPossible: digestPossible ? 1 : 0, mondayOfDigest: mondayOnOrAfter(params.today), daysOff };
}

/**
 * Every row is a key, with the days off of the organisations it concerns
 * when they decide whether it is due (commitment notices, digests; else null).
 */
export const DUE_SQL = /* sql */ `
WITH
  -- The contact people each party named, while active members of its organisation.
  contacts AS MATERIALIZED (
    SELECT DISTINCT k."partyId", k."userId"
    FROM "AgreementContact" k
    JOIN "AgreementParty" p ON p."id" = k."partyId"
    JOIN "Membership" ms ON ms."userId" = k."userId" AND ms."organisationId" = p."organisationId" AND ms."active" = 1
    JOIN "User" u ON u."id" = k."userId" AND u."active" = 1
  ),
  -- Whom a party's reminders reach (recipientsOfParty in due.ts): its contacts, else its beheerders.
  party_people(partyId, userId) AS (
    SELECT "partyId", "userId" FROM contacts
    UNION
    SELECT p."id", u."id"
    FROM "AgreementParty" p
    JOIN "Membership" ms ON ms."organisationId" = p."organisationId" AND ms."active" = 1 AND ms."role" = 'beheerder'
    JOIN "User" u ON u."id" = ms."userId" AND u."active" = 1
    WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c."partyId" = p."id")
  ),
  windows(kind, date, dueDate) AS (
    SELECT 'eval-14d', value ->> 0, value ->> 1 FROM json_each(@eval14)
    UNION ALL SELECT 'eval-3d', value ->> 0, value ->> 1 FROM json_each(@eval3)
    UNION ALL SELECT 'eval-overdue', value ->> 0, value ->> 1 FROM json_each(@overdue)
  ),
  -- The official windows for agreements without days off near now; the others' windows were worked out before.
  due_moments AS MATERIALIZED (
    SELECT w.kind, m."id" AS momentId, m."agreementId", w.dueDate
    FROM windows w
    JOIN "EvaluationMoment" m ON m."date" = w.date AND m."status" = 'gepland'
    JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
    WHERE NOT EXISTS (
      SELECT 1 FROM "AgreementParty" p JOIN "OrganisationDayOff" d ON d."organisationId" = p."organisationId" AND ${OFF_NEAR}
      WHERE p."agreementId" = a."id")
    UNION ALL
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(@movedMoments)
  ),
  reminders AS (
    SELECT DISTINCT dm.kind || ':' || dm.momentId || ':' || pe.userId || ':' || dm.dueDate AS k
    FROM due_moments dm
    JOIN "AgreementParty" p ON p."agreementId" = dm."agreementId"
    JOIN party_people pe ON pe.partyId = p."id"
    WHERE dm.kind <> 'eval-overdue'
  ),
  late AS (SELECT momentId, "agreementId", dueDate FROM due_moments WHERE kind = 'eval-overdue'),
  -- The party holding "A" on the most commitments (ties: several; nobody: every party).
  a_counts AS (
    SELECT c."agreementId", r."partyId", COUNT(DISTINCT r."commitmentId") AS n
    FROM "CommitmentRole" r JOIN "Commitment" c ON c."id" = r."commitmentId"
    WHERE r."rasci" = 'A' AND c."agreementId" IN (SELECT "agreementId" FROM late)
    GROUP BY c."agreementId", r."partyId"
  ),
  a_best AS (SELECT "agreementId", MAX(n) AS n FROM a_counts GROUP BY "agreementId"),
  accountable AS (
    SELECT ac."agreementId", ac."partyId" FROM a_counts ac
      JOIN a_best b ON b."agreementId" = ac."agreementId" AND b.n = ac.n
    UNION
    SELECT p."agreementId", p."id" FROM "AgreementParty" p
    WHERE p."agreementId" IN (SELECT "agreementId" FROM late) AND p."agreementId" NOT IN (SELECT "agreementId" FROM a_best)
  ),
  overdue AS (
    SELECT DISTINCT 'eval-overdue:' || l.momentId || ':' || pe.userId || ':' || l.dueDate AS k
    FROM late l JOIN accountable ac ON ac."agreementId" = l."agreementId" JOIN party_people pe ON pe.partyId = ac."partyId"
  ),
  -- Overdue commitments still to be done: the parties holding "A" on them, else the bearer.
  -- With days off the notice comes later, never earlier: these dates hold every candidate.
  commitment_accountable AS MATERIALIZED (
    SELECT c."id", c."dueDate", p."organisationId" AS org, p."id" AS partyId
    FROM json_each(@commitmentDates) d
    JOIN "Commitment" c ON c."dueDate" = d.value AND c."status" IN ('gepland', 'lopend')
    JOIN "Agreement" a ON a."id" = c."agreementId" AND a."status" = 'ondertekend'
    JOIN "AgreementParty" p ON p."id" IN (SELECT r."partyId" FROM "CommitmentRole" r WHERE r."commitmentId" = c."id" AND r."rasci" = 'A')
      OR (p."id" = c."bearerPartyId" AND NOT EXISTS (SELECT 1 FROM "CommitmentRole" r WHERE r."commitmentId" = c."id" AND r."rasci" = 'A'))
  ),
  commitment_off AS MATERIALIZED (
    SELECT x."id", ${OFF_LIST} AS off
    FROM commitment_accountable x JOIN "OrganisationDayOff" d ON d."organisationId" = x.org AND ${OFF_NEAR}
    GROUP BY x."id"
  ),
  -- The person a party named on its R or A of the commitment, while an active member.
  commitment_named AS MATERIALIZED (
    SELECT DISTINCT x."id", x.partyId, r."userId"
    FROM commitment_accountable x
    JOIN "CommitmentRole" r ON r."commitmentId" = x."id" AND r."partyId" = x.partyId AND r."rasci" IN ('R', 'A')
    JOIN "Membership" ms ON ms."userId" = r."userId" AND ms."organisationId" = x.org AND ms."active" = 1
    JOIN "User" u ON u."id" = r."userId" AND u."active" = 1
  ),
  -- Per accountable party: the named person, else its contacts, else its beheerders.
  commitment_people(id, partyId, userId) AS (
    SELECT "id", partyId, "userId" FROM commitment_named
    UNION
    SELECT x."id", x.partyId, pe.userId FROM commitment_accountable x JOIN party_people pe ON pe.partyId = x.partyId
    WHERE NOT EXISTS (SELECT 1 FROM commitment_named n WHERE n."id" = x."id" AND n.partyId = x.partyId)
  ),
  commitment_overdue AS (
    SELECT DISTINCT 'commitment-overdue:' || x."id" || ':' || pe.userId || ':' || x."dueDate" AS k, o.off, x."dueDate" AS date
    FROM commitment_accountable x JOIN commitment_people pe ON pe.id = x."id" AND pe.partyId = x.partyId
    LEFT JOIN commitment_off o ON o."id" = x."id"
  ),
  -- The weekly digest: subscribers with something in the coming 14 days.
  digest_orgs AS MATERIALIZED (
    SELECT DISTINCT u."id" AS userId, ms."organisationId" AS org
    FROM "User" u JOIN "Membership" ms ON ms."userId" = u."id" AND ms."active" = 1
    WHERE u."weeklyDigest" = 1 AND u."active" = 1 AND @digestPossible = 1
  ),
  upcoming_orgs AS (
    SELECT p."organisationId" AS org FROM "EvaluationMoment" m
      JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
      JOIN "AgreementParty" p ON p."agreementId" = a."id"
    WHERE m."status" = 'gepland' AND m."date" >= @today AND m."date" < @horizonDate AND @digestPossible = 1
    UNION
    SELECT p."organisationId" FROM "SigningRequest" r
      JOIN "AgreementVersion" v ON v."id" = r."versionId" AND v."status" = 'ter_ondertekening'
      JOIN "AgreementParty" p ON p."agreementId" = v."agreementId"
    WHERE r."status" IN ('verstuurd', 'wachtend') AND r."expiresAt" > @now AND r."expiresAt" < @horizon AND @digestPossible = 1
  ),
  -- "Mijn afspraken": subscribers carrying a commitment still to be done that is due before the
  -- horizon, named on its R or A, or contact of a party whose R or A names nobody.
  digest_mine AS (
    SELECT u."id" AS userId FROM "User" u
    JOIN "CommitmentRole" r ON r."userId" = u."id" AND r."rasci" IN ('R', 'A')
    JOIN "AgreementParty" p ON p."id" = r."partyId"
    JOIN "Membership" ms ON ms."userId" = u."id" AND ms."organisationId" = p."organisationId" AND ms."active" = 1
    JOIN "Commitment" c ON c."id" = r."commitmentId" AND c."status" IN ('gepland', 'lopend') AND c."dueDate" >= @mineFrom AND c."dueDate" < @horizonDate
    JOIN "Agreement" a ON a."id" = c."agreementId" AND a."status" = 'ondertekend'
    WHERE u."weeklyDigest" = 1 AND u."active" = 1 AND @digestPossible = 1
    UNION
    SELECT u."id" FROM "User" u
    JOIN "AgreementContact" k ON k."userId" = u."id"
    JOIN "AgreementParty" p ON p."id" = k."partyId"
    JOIN "Membership" ms ON ms."userId" = u."id" AND ms."organisationId" = p."organisationId" AND ms."active" = 1
    JOIN "Commitment" c ON c."agreementId" = k."agreementId" AND c."status" IN ('gepland', 'lopend') AND c."dueDate" >= @mineFrom AND c."dueDate" < @horizonDate
    JOIN "CommitmentRole" r ON r."commitmentId" = c."id" AND r."partyId" = k."partyId" AND r."rasci" IN ('R', 'A') AND r."userId" IS NULL
    JOIN "Agreement" a ON a."id" = c."agreementId" AND a."status" = 'ondertekend'
    WHERE u."weeklyDigest" = 1 AND u."active" = 1 AND @digestPossible = 1
  ),
  digest_users AS (
    SELECT DISTINCT d.userId FROM digest_orgs d WHERE d.org IN (SELECT org FROM upcoming_orgs)
    UNION SELECT userId FROM digest_mine
  ),
  digest_off AS MATERIALIZED (
    SELECT o.userId, ${OFF_LIST} AS off
    FROM digest_orgs o JOIN "OrganisationDayOff" d ON d."organisationId" = o.org AND ${OFF_NEAR}
    GROUP BY o.userId
  ),
  digest AS (
    SELECT 'digest:' || du.userId || ':' || @mondayOfDigest AS k, f.off
    FROM digest_users du LEFT JOIN digest_off f ON f.userId = du.userId
  )
SELECT k, NULL AS off, NULL AS date, 'evaluation' AS kind FROM reminders
UNION ALL SELECT k, NULL, NULL, 'evaluation' FROM overdue
UNION ALL SELECT k, off, date, 'commitment' FROM commitment_overdue
UNION ALL SELECT k, off, NULL, 'digest' FROM digest
`;

/** Open signing requests of versions under signature, with their agreement's reminder settings and parties' days off. */
export const SIGNING_SQL = /* sql */ `
SELECT r."id", r."invitedAt", r."expiresAt", a."reminderFirstDays", a."reminderIntervalDays", a."reminderMax",
  (SELECT ${OFF_LIST} FROM "AgreementParty" p JOIN "OrganisationDayOff" d ON d."organisationId" = p."organisationId" AND ${OFF_NEAR}
   WHERE p."agreementId" = a."id") AS off
FROM "SigningRequest" r
JOIN "AgreementVersion" v ON v."id" = r."versionId" AND v."status" = 'ter_ondertekening'
JOIN "Agreement" a ON a."id" = v."agreementId"
WHERE r."status" = 'verstuurd' AND r."expiresAt" > @now AND r."invitedAt" IS NOT NULL
`;

interface SigningRow {
  id: string;
  invitedAt: string;
  expiresAt: string;
  reminderFirstDays: number;
  reminderIntervalDays: number;
  reminderMax: number;
  off: string;
}

/** The signing reminder due at `now` per open request: the latest that has come due, on a working day of all parties. */
function signingKeys(rows: readonly SigningRow[], now: Date, daysOffOf: (json: string | null) => DaysOff): string[] {
  const today = brusselsDate(now);
  if (!isReminderDay(today)) return [];
  const keys: string[] = [];
  for (const row of rows) {
    const daysOff = daysOffOf(row.off);
    if (!isReminderDay(today, daysOff)) continue;
    const times = signingReminderTimes(new Date(row.invitedAt), new Date(row.expiresAt), row, daysOff);
    let index = -1;
    for (let i = 0; i < times.length; i++) if (times[i]! <= now) index = i;
    if (index >= 0) keys.push(`sign-reminder:${row.id}:${index + 1}:${times[index]!.toISOString()}`);
  }
  return keys;
}

type DueRow = { k: string; off: string | null; date: IsoDate | null; kind: "evaluation" | "commitment" | "digest" };

/** Whether a row's item is due at `now` for the organisations' days off it came with. */
function dueWithDaysOff(row: DueRow, now: Date, official: boolean, daysOff: DaysOff): boolean {
  if (row.kind === "evaluation") return true;
  if (row.kind === "digest") return daysOff.size === 0 ? official : digestWindow(now, daysOff) !== null;
  if (daysOff.size === 0) return true; // the official window, checked in windowParameters
  const window = commitmentOverdueWindow(row.date!, daysOff);
  return isReminderDay(brusselsDate(now), daysOff) && now >= window.dueAt && now < window.until;
}

/** The idempotency keys of everything due at `now`. */
export function rawDueKeys(db: Database.Database, now: Date): string[] {
  const params = windowParameters(now);
  const { daysOff, ...offParams } = daysOffParameters(db, now, params);
  const rows = db.prepare(DUE_SQL).all({ ...params, ...offParams }) as DueRow[];
  const keys = rows.filter((row) => dueWithDaysOff(row, now, params.digestMonday !== null, daysOff(row.off))).map((row) => row.k);
  const requests = db.prepare(SIGNING_SQL).all({ now: params.now, offFrom: params.offFrom, offTo: params.offTo }) as SigningRow[];
  return [...keys, ...signingKeys(requests, now, daysOff)];
}
