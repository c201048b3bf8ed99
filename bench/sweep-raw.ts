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
// Organisations' own days off are not stored yet, so neither side has any.
import type Database from "better-sqlite3";
import { addDays } from "~/domain/calendar";
import { brusselsDate, brusselsWallTime } from "~/domain/reminders/brussels-time";
import {
  COMMITMENT_LOOKBACK_DAYS,
  commitmentOverdueWindow,
  digestWindow,
  DIGEST_HORIZON_DAYS,
  isReminderDay,
  MOMENT_LOOKBACK_DAYS,
  MOMENT_REMINDER_LOOKAHEAD_DAYS,
  openEvaluationWindows,
  signingReminderTimes,
} from "~/domain/reminders/due";

const sqlDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

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
  return {
    commitmentDates: JSON.stringify(commitmentDates),
    now: sqlDate(now),
    eval14: JSON.stringify(windows["eval-14d"]),
    eval3: JSON.stringify(windows["eval-3d"]),
    overdue: JSON.stringify(windows["eval-overdue"]),
    digestMonday: digest?.monday ?? null,
    today,
    horizonDate: addDays(today, DIGEST_HORIZON_DAYS),
    horizon: sqlDate(brusselsWallTime(addDays(today, DIGEST_HORIZON_DAYS))),
  };
}

export const DUE_SQL = /* sql */ `
WITH
  -- Active people per organisation, except the beheerder (peopleOf in due.ts).
  people AS (
    SELECT DISTINCT ms."organisationId" AS org, u."id" AS userId
    FROM "Membership" ms JOIN "User" u ON u."id" = ms."userId"
    WHERE ms."active" = 1 AND u."active" = 1 AND ms."role" <> 'beheerder'
  ),
  windows(kind, date, dueDate) AS (
    SELECT 'eval-14d', value ->> 0, value ->> 1 FROM json_each(@eval14)
    UNION ALL SELECT 'eval-3d', value ->> 0, value ->> 1 FROM json_each(@eval3)
  ),
  reminders AS (
    SELECT DISTINCT w.kind || ':' || m."id" || ':' || pe.userId || ':' || w.dueDate AS k
    FROM windows w
    JOIN "EvaluationMoment" m ON m."date" = w.date AND m."status" = 'gepland'
    JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
    JOIN "AgreementParty" p ON p."agreementId" = a."id"
    JOIN people pe ON pe.org = p."organisationId"
  ),
  late AS (
    SELECT m."id" AS momentId, m."agreementId", o.value ->> 1 AS dueDate
    FROM json_each(@overdue) o
    JOIN "EvaluationMoment" m ON m."date" = o.value ->> 0 AND m."status" = 'gepland'
    JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
  ),
  -- The party holding "A" on the most commitments (ties: several; nobody: every party).
  a_counts AS (
    SELECT c."agreementId", r."partyId", COUNT(DISTINCT r."commitmentId") AS n
    FROM "CommitmentRole" r JOIN "Commitment" c ON c."id" = r."commitmentId"
    WHERE r."rasci" = 'A' AND c."agreementId" IN (SELECT "agreementId" FROM late)
    GROUP BY c."agreementId", r."partyId"
  ),
  a_best AS (SELECT "agreementId", MAX(n) AS n FROM a_counts GROUP BY "agreementId"),
  accountable AS (
    SELECT ac."agreementId", p."organisationId" FROM a_counts ac
      JOIN a_best b ON b."agreementId" = ac."agreementId" AND b.n = ac.n
      JOIN "AgreementParty" p ON p."id" = ac."partyId"
    UNION
    SELECT p."agreementId", p."organisationId" FROM "AgreementParty" p
    WHERE p."agreementId" IN (SELECT "agreementId" FROM late) AND p."agreementId" NOT IN (SELECT "agreementId" FROM a_best)
  ),
  overdue AS (
    SELECT DISTINCT 'eval-overdue:' || l.momentId || ':' || pe.userId || ':' || l.dueDate AS k
    FROM late l JOIN accountable ac ON ac."agreementId" = l."agreementId" JOIN people pe ON pe.org = ac."organisationId"
  ),
  -- Overdue commitments still to be done: the parties holding "A" on them, else the bearer.
  commitment_overdue AS (
    SELECT DISTINCT 'commitment-overdue:' || c."id" || ':' || pe.userId || ':' || c."dueDate" AS k
    FROM json_each(@commitmentDates) d
    JOIN "Commitment" c ON c."dueDate" = d.value AND c."status" IN ('gepland', 'lopend')
    JOIN "Agreement" a ON a."id" = c."agreementId" AND a."status" = 'ondertekend'
    JOIN "AgreementParty" p ON p."id" IN (SELECT r."partyId" FROM "CommitmentRole" r WHERE r."commitmentId" = c."id" AND r."rasci" = 'A')
      OR (p."id" = c."bearerPartyId" AND NOT EXISTS (SELECT 1 FROM "CommitmentRole" r WHERE r."commitmentId" = c."id" AND r."rasci" = 'A'))
    JOIN people pe ON pe.org = p."organisationId"
  ),
  -- The Monday digest: subscribers with something in the coming 14 days.
  digest_orgs AS (
    SELECT DISTINCT u."id" AS userId, ms."organisationId" AS org
    FROM "User" u JOIN "Membership" ms ON ms."userId" = u."id" AND ms."active" = 1
    WHERE u."weeklyDigest" = 1 AND u."active" = 1 AND @digestMonday IS NOT NULL
  ),
  upcoming_orgs AS (
    SELECT p."organisationId" AS org FROM "EvaluationMoment" m
      JOIN "Agreement" a ON a."id" = m."agreementId" AND a."status" = 'ondertekend'
      JOIN "AgreementParty" p ON p."agreementId" = a."id"
    WHERE m."status" = 'gepland' AND m."date" >= @today AND m."date" < @horizonDate AND @digestMonday IS NOT NULL
    UNION
    SELECT p."organisationId" FROM "SigningRequest" r
      JOIN "AgreementVersion" v ON v."id" = r."versionId" AND v."status" = 'ter_ondertekening'
      JOIN "AgreementParty" p ON p."agreementId" = v."agreementId"
    WHERE r."status" IN ('verstuurd', 'wachtend') AND r."expiresAt" > @now AND r."expiresAt" < @horizon AND @digestMonday IS NOT NULL
  ),
  digest AS (
    SELECT DISTINCT 'digest:' || d.userId || ':' || @digestMonday AS k
    FROM digest_orgs d WHERE d.org IN (SELECT org FROM upcoming_orgs)
  )
SELECT k FROM reminders
UNION ALL SELECT k FROM overdue
UNION ALL SELECT k FROM commitment_overdue
UNION ALL SELECT k FROM digest
`;

/** Open signing requests of versions under signature, with their agreement's reminder settings. */
export const SIGNING_SQL = /* sql */ `
SELECT r."id", r."invitedAt", r."expiresAt", a."reminderFirstDays", a."reminderIntervalDays", a."reminderMax"
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
}

/** The signing reminder due at `now` per open request: the latest that has come due, on a working day. */
function signingKeys(rows: readonly SigningRow[], now: Date): string[] {
  if (!isReminderDay(brusselsDate(now))) return [];
  const keys: string[] = [];
  for (const row of rows) {
    const times = signingReminderTimes(new Date(row.invitedAt), new Date(row.expiresAt), row);
    let index = -1;
    for (let i = 0; i < times.length; i++) if (times[i]! <= now) index = i;
    if (index >= 0) keys.push(`sign-reminder:${row.id}:${index + 1}:${times[index]!.toISOString()}`);
  }
  return keys;
}

/** The idempotency keys of everything due at `now`. */
export function rawDueKeys(db: Database.Database, now: Date): string[] {
  const params = windowParameters(now);
  const keys = db.prepare(DUE_SQL).pluck().all(params) as string[];
  const requests = db.prepare(SIGNING_SQL).all({ now: params.now }) as SigningRow[];
  return [...keys, ...signingKeys(requests, now)];
}
