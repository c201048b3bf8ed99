// Loads the facts the rules in due.ts need at `now`, in one SQL statement
// through the app's Prisma client (so inside a transaction when given one).
//
// At Flanders scale the Prisma relation queries took ~0.9 s here: thousands of
// agreement ids went back and forth in chunked IN lists, and every relation
// was another query and another round of row mapping. Here SQLite follows the
// relations itself: the moments and signing requests in range decide which
// agreements, parties and people are read, without a list of ids ever leaving
// the database. Every kind of fact comes back as one JSON text (Prisma maps
// each value of each row it returns, which cost as much as the SQL, and it
// compiles every parameter into the query, so long parameters are slow too).
// The facts have the same shapes as before, so the rules stay pure and are
// tested without a database. Overdue commitments come from two small indexed
// Prisma queries beside it (loadOverdueCommitments), run at the same time.
import { addDays, datesOfRange, dayOfWeek, type IsoDate } from "~/domain/calendar";
import { PENDING_COMMITMENT_STATUSES } from "~/domain/commitments/vocabulary";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import {
  ACTIVE_AGREEMENT_STATUS,
  COMMITMENT_LOOKBACK_DAYS,
  DIGEST_HORIZON_DAYS,
  isReminderDay,
  type CommitmentFact,
  digestWindow,
  momentDatesToLoad,
  type AgreementFact,
  type DigestUserFact,
  type MyCommitmentFact,
  type DueFacts,
  type DaysOff,
  type MomentFact,
  type OrganisationDayOffFact,
  type PersonFact,
  type SigningRequestFact,
} from "./due";
import type { OutboxClient } from "./outbox.server";

/** One JSON array per kind of fact (json_group_array of json_object), in the facts' own shapes. */
interface FactsRow {
  moments: string;
  signingRequests: string;
  agreements: string;
  people: string;
  digestUsers: string;
  daysOff: string;
}

/** A stored day off or period of one organisation. */
interface DayOffRow {
  organisationId: string;
  startDate: IsoDate;
  endDate: IsoDate;
}

/**
 * The dates around `now` whose days off the rules can look at: reminders of
 * moments up to MOMENT_REMINDER_LOOKAHEAD_DAYS ahead move back from there,
 * overdue notices of moments up to MOMENT_LOOKBACK_DAYS back move forward.
 */
const DAYS_OFF_BEFORE = 150;
const DAYS_OFF_AFTER = 100;
export function daysOffWindow(now: Date): { from: IsoDate; to: IsoDate } {
  const today = brusselsDate(now);
  return { from: addDays(today, -DAYS_OFF_BEFORE), to: addDays(today, DAYS_OFF_AFTER) };
}

/** The ranges' dates inside the window. */
export function datesInWindow(row: { startDate: IsoDate; endDate: IsoDate }, window: { from: IsoDate; to: IsoDate }): IsoDate[] {
  const startDate = row.startDate < window.from ? window.from : row.startDate;
  const endDate = row.endDate > window.to ? window.to : row.endDate;
  return startDate <= endDate ? datesOfRange({ startDate, endDate }) : [];
}

/**
 * The union of every organisation's days off near `now` (a few hundred
 * distinct ranges at Flanders scale): which moments to load and whether a
 * digest can be due depend on it before the facts are read.
 */
async function anyDaysOff(client: OutboxClient, window: { from: IsoDate; to: IsoDate }): Promise<DaysOff> {
  const rows = await client.$queryRaw<Array<{ startDate: IsoDate; endDate: IsoDate }>>`
    SELECT DISTINCT "startDate", "endDate" FROM "OrganisationDayOff"
    WHERE "startDate" <= ${window.to} AND "endDate" >= ${window.from}`;
  const dates = new Set<IsoDate>();
  for (const row of rows) for (const date of datesInWindow(row, window)) dates.add(date);
  return sameAsLastUnion(dates);
}

/**
 * The union of the previous sweep when it holds the same dates (nearly always:
 * it changes when days off are entered, or the window moves to another day).
 * The rules cache their work per set of days off (due.ts), and with the union
 * covering most school weeks momentDatesToLoad walked ~70 ms of calendar days
 * every sweep for a new but equal set.
 */
let lastUnion: DaysOff = new Set();
function sameAsLastUnion(dates: Set<IsoDate>): DaysOff {
  const same = dates.size === lastUnion.size && [...dates].every((date) => lastUnion.has(date));
  if (!same) lastUnion = dates;
  return lastUnion;
}

/**
 * Whether a weekly digest can be due today for someone: officially (its
 * Monday window), or for an organisation whose own days off fill every
 * working day from tomorrow up to the coming Monday (the digest then comes today).
 */
export function digestMayBeDue(now: Date, union: DaysOff): boolean {
  if (digestWindow(now) !== null) return true;
  const today = brusselsDate(now);
  if (union.size === 0 || !isReminderDay(today)) return false;
  for (let day = addDays(today, 1), n = 0; n < 7; day = addDays(day, 1), n++) {
    if (isReminderDay(day) && !union.has(day)) return false;
    if (dayOfWeek(day) === 1) return true;
  }
  return false;
}

/** DateTime columns arrive as ISO text (Prisma too reads them with new Date()). */
type SigningRequestRow = Omit<SigningRequestFact, "invitedAt" | "expiresAt"> & { invitedAt: string | null; expiresAt: string };

const parse = <T,>(json: string) => JSON.parse(json) as T[];

/**
 * The statement. The CTEs are materialized once and read by several columns;
 * SQLite has no statistics for them, so CROSS JOIN pins the join order (from
 * the few hundred or thousand CTE rows into the indexed table, never a scan
 * of the large one).
 */
function queryFacts(client: OutboxClient, now: Date, union: DaysOff, window: { from: IsoDate; to: IsoDate }) {
  const dates = momentDatesToLoad(now, union);
  const extraDates = JSON.stringify(dates.extra);
  // The index range that holds both today's range and the extra dates.
  const lowest = dates.extra[0] !== undefined && dates.extra[0] < dates.from ? dates.extra[0] : dates.from;
  const highest = dates.extra.at(-1) !== undefined && dates.extra.at(-1)! > dates.to ? dates.extra.at(-1)! : dates.to;
  return client.$queryRaw<FactsRow[]>`
    WITH
      -- Planned evaluation moments of agreements in force, on the dates the rules look at.
      moments AS MATERIALIZED (
        SELECT m."id", m."agreementId", m."date", m."label", m."status"
        FROM "EvaluationMoment" m
        JOIN "Agreement" a ON a."id" = m."agreementId"
        WHERE m."status" = 'gepland' AND m."date" >= ${lowest} AND m."date" <= ${highest}
          AND ((m."date" >= ${dates.from} AND m."date" <= ${dates.to}) OR m."date" IN (SELECT "value" FROM json_each(${extraDates})))
          AND a."status" = ${ACTIVE_AGREEMENT_STATUS}
      ),
      -- Open signing requests of versions under signature.
      requests AS MATERIALIZED (
        SELECT r."id", v."agreementId", r."versionId", r."status", v."status" AS "versionStatus",
          r."invitedAt", r."expiresAt", r."linkSeed", s."name" AS "signatoryName", s."email" AS "signatoryEmail"
        FROM "SigningRequest" r
        JOIN "AgreementVersion" v ON v."id" = r."versionId"
        JOIN "Signatory" s ON s."id" = r."signatoryId"
        WHERE r."status" IN ('verstuurd', 'wachtend') AND r."expiresAt" > ${now}
          AND v."status" = 'ter_ondertekening'
      ),
      agreement_ids AS MATERIALIZED (
        SELECT "agreementId" AS "id" FROM moments UNION SELECT "agreementId" FROM requests
      ),
      -- RASCI "A" roles, only for the agreements whose overdue notice is due (the only rule that reads them).
      accountable AS MATERIALIZED (
        SELECT c."agreementId", r."commitmentId", r."partyId"
        FROM (SELECT DISTINCT "agreementId" FROM moments WHERE "date" < ${dates.from}) o
        CROSS JOIN "Commitment" c ON c."agreementId" = o."agreementId"
        CROSS JOIN "CommitmentRole" r ON r."commitmentId" = c."id"
        WHERE r."rasci" = 'A'
      )
    SELECT
      (SELECT json_group_array(json_object(
         'id', "id", 'agreementId', "agreementId", 'date', "date", 'label', "label", 'status', "status"))
       FROM moments) AS "moments",
      (SELECT json_group_array(json_object(
         'id', "id", 'agreementId', "agreementId", 'versionId', "versionId", 'status', "status",
         'versionStatus', "versionStatus", 'invitedAt', "invitedAt", 'expiresAt', "expiresAt",
         'signatoryName', "signatoryName", 'signatoryEmail', "signatoryEmail", 'linkSeed', "linkSeed"))
       FROM requests) AS "signingRequests",
      -- Agreements with their parties and accountable roles nested (json(): as JSON, not as text).
      (SELECT json_group_array(json_object(
         'id', a."id", 'title', a."title", 'status', a."status", 'reminderFirstDays', a."reminderFirstDays",
         'reminderIntervalDays', a."reminderIntervalDays", 'reminderMax', a."reminderMax",
         'parties', json((
           SELECT json_group_array(json_object('id', p."id", 'organisationId', p."organisationId", 'organisationName', o."name",
             'contactIds', json((SELECT json_group_array(k."userId") FROM "AgreementContact" k WHERE k."partyId" = p."id"))))
           FROM "AgreementParty" p CROSS JOIN "Organisation" o ON o."id" = p."organisationId"
           WHERE p."agreementId" = a."id")),
         'accountableRoles', json((
           SELECT json_group_array(json_object('commitmentId', x."commitmentId", 'partyId', x."partyId"))
           FROM accountable x WHERE x."agreementId" = a."id"))))
       FROM agreement_ids d CROSS JOIN "Agreement" a ON a."id" = d."id") AS "agreements",
      -- Active memberships of active users in the parties' organisations: the rules pick the named
      -- contacts and, for a party that named nobody, its beheerders (decision 003).
      (SELECT json_group_array(json_object(
         'userId', u."id", 'email', u."email", 'name', u."name", 'organisationId', ms."organisationId", 'role', ms."role"))
       FROM "Membership" ms
       JOIN "User" u ON u."id" = ms."userId"
       WHERE ms."active" = 1 AND u."active" = 1 AND ms."organisationId" IN (
         SELECT p."organisationId" FROM agreement_ids d CROSS JOIN "AgreementParty" p ON p."agreementId" = d."id")) AS "people",
      -- Active users who want the weekly digest (only in its window), with their active memberships'
      -- organisations and "Mijn afspraken": commitments still to be done of agreements in force, due
      -- before the horizon, whose R or A names them, or names nobody and they are a contact of that
      -- party; always as an active member of the party's organisation.
      (SELECT json_group_array(json_object('userId', u."id", 'email', u."email", 'name', u."name",
         'organisationIds', json((
           SELECT json_group_array(DISTINCT ms."organisationId") FROM "Membership" ms
           WHERE ms."userId" = u."id" AND ms."active" = 1)),
         -- Driven from the user (CommitmentRole.userId, AgreementContact.userId indexes) and CROSS JOIN
         -- pins that order: never a pass over the commitments in the date range per subscriber.
         'commitments', json((
           SELECT json_group_array(json_object('id', c."id", 'what', c."what", 'dueDate', c."dueDate",
             'agreement', json_object('id', a."id", 'title', a."title")))
           FROM "CommitmentRole" r CROSS JOIN "AgreementParty" p ON p."id" = r."partyId"
           CROSS JOIN "Commitment" c ON c."id" = r."commitmentId" CROSS JOIN "Agreement" a ON a."id" = c."agreementId"
           WHERE r."userId" = u."id" AND r."rasci" IN ('R', 'A')
             AND EXISTS (SELECT 1 FROM "Membership" ms WHERE ms."userId" = u."id" AND ms."organisationId" = p."organisationId" AND ms."active" = 1)
             AND c."status" IN (SELECT "value" FROM json_each(${JSON.stringify(PENDING_COMMITMENT_STATUSES)}))
             AND c."dueDate" >= ${addDays(brusselsDate(now), -COMMITMENT_LOOKBACK_DAYS)} AND c."dueDate" < ${addDays(brusselsDate(now), DIGEST_HORIZON_DAYS)}
             AND a."status" = ${ACTIVE_AGREEMENT_STATUS})),
         'contactCommitments', json((
           SELECT json_group_array(json_object('id', c."id", 'what', c."what", 'dueDate', c."dueDate",
             'agreement', json_object('id', a."id", 'title', a."title")))
           FROM "AgreementContact" k CROSS JOIN "AgreementParty" p ON p."id" = k."partyId"
           CROSS JOIN "Agreement" a ON a."id" = k."agreementId"
           CROSS JOIN "Commitment" c ON c."agreementId" = k."agreementId"
           CROSS JOIN "CommitmentRole" r ON r."commitmentId" = c."id" AND r."partyId" = k."partyId"
           WHERE k."userId" = u."id" AND r."rasci" IN ('R', 'A') AND r."userId" IS NULL AND a."status" = ${ACTIVE_AGREEMENT_STATUS}
             AND EXISTS (SELECT 1 FROM "Membership" ms WHERE ms."userId" = u."id" AND ms."organisationId" = p."organisationId" AND ms."active" = 1)
             AND c."status" IN (SELECT "value" FROM json_each(${JSON.stringify(PENDING_COMMITMENT_STATUSES)}))
             AND c."dueDate" >= ${addDays(brusselsDate(now), -COMMITMENT_LOOKBACK_DAYS)} AND c."dueDate" < ${addDays(brusselsDate(now), DIGEST_HORIZON_DAYS)}))))
       FROM "User" u
       WHERE ${digestMayBeDue(now, union) ? 1 : 0} = 1 AND u."weeklyDigest" = 1 AND u."active" = 1) AS "digestUsers",
      -- The own days off (near now) of the parties' organisations and of the digest subscribers' organisations.
      (SELECT json_group_array(json_object('organisationId', d."organisationId", 'startDate', d."startDate", 'endDate', d."endDate"))
       FROM "OrganisationDayOff" d
       WHERE ${union.size === 0 ? 0 : 1} = 1 AND d."startDate" <= ${window.to} AND d."endDate" >= ${window.from}
         AND d."organisationId" IN (
           SELECT p."organisationId" FROM agreement_ids x CROSS JOIN "AgreementParty" p ON p."agreementId" = x."id"
           UNION
           SELECT ms."organisationId" FROM "User" u CROSS JOIN "Membership" ms ON ms."userId" = u."id"
           WHERE ${digestMayBeDue(now, union) ? 1 : 0} = 1 AND u."weeklyDigest" = 1 AND u."active" = 1 AND ms."active" = 1)) AS "daysOff"`;
}

/**
 * The commitments still to be done whose due date lies before today (as far
 * back as a notice can still be due), with the members of the parties that
 * could be accountable for them. Two indexed queries (Commitment.dueDate);
 * none on a day on which no notice goes out.
 */
async function loadOverdueCommitments(client: OutboxClient, now: Date): Promise<{ commitments: CommitmentFact[]; people: PersonFact[] }> {
  const today = brusselsDate(now);
  if (!isReminderDay(today)) return { commitments: [], people: [] };
  const overdue = { from: addDays(today, -COMMITMENT_LOOKBACK_DAYS), before: today };
  const pending = JSON.stringify(PENDING_COMMITMENT_STATUSES);
  // The commitments as one JSON text in their fact shape (Prisma's relation loading
  // and row mapping of ~10,000 commitments took most of the Monday sweep).
  const [[row], people] = await Promise.all([
    client.$queryRaw<Array<{ commitments: string }>>`
      SELECT json_group_array(json_object(
        'id', c."id", 'what', c."what", 'dueDate', c."dueDate", 'status', c."status",
        'agreement', json_object('id', a."id", 'title', a."title", 'status', a."status"),
        'accountable', json(COALESCE(
          (SELECT json_group_array(json_object('id', p."id", 'organisationId', p."organisationId", 'organisationName', o."name",
             'namedIds', json(CASE WHEN r."userId" IS NULL THEN '[]' ELSE json_array(r."userId") END),
             'contactIds', json((SELECT json_group_array(k."userId") FROM "AgreementContact" k WHERE k."partyId" = p."id"))))
           FROM "CommitmentRole" r CROSS JOIN "AgreementParty" p ON p."id" = r."partyId" CROSS JOIN "Organisation" o ON o."id" = p."organisationId"
           WHERE r."commitmentId" = c."id" AND r."rasci" = 'A'
           HAVING COUNT(*) > 0),
          (SELECT json_array(json_object('id', p."id", 'organisationId', p."organisationId", 'organisationName', o."name",
             'namedIds', json((SELECT json_group_array(r."userId") FROM "CommitmentRole" r
               WHERE r."commitmentId" = c."id" AND r."partyId" = p."id" AND r."rasci" IN ('R', 'A') AND r."userId" IS NOT NULL)),
             'contactIds', json((SELECT json_group_array(k."userId") FROM "AgreementContact" k WHERE k."partyId" = p."id"))))
           FROM "AgreementParty" p CROSS JOIN "Organisation" o ON o."id" = p."organisationId"
           WHERE p."id" = c."bearerPartyId"),
          json_array()))
      )) AS "commitments"
      FROM "Commitment" c JOIN "Agreement" a ON a."id" = c."agreementId"
      WHERE c."dueDate" >= ${overdue.from} AND c."dueDate" < ${overdue.before}
        AND c."status" IN (SELECT "value" FROM json_each(${pending}))
        AND a."status" = ${ACTIVE_AGREEMENT_STATUS}`,
    // Members of parties holding an "A" or bearing one of these commitments (the rule picks the
    // named people, contacts or beheerders among them).
    // Driven from the overdue commitments (Commitment.dueDate): Prisma's relation filter
    // for this asked, per membership, for the organisation's parties' roles and borne
    // commitments (no index leads there) and took minutes at Flanders scale.
    client.$queryRaw<PersonFact[]>`
      WITH overdue AS MATERIALIZED (
        SELECT c."id", c."bearerPartyId"
        FROM "Commitment" c JOIN "Agreement" a ON a."id" = c."agreementId"
        WHERE c."dueDate" >= ${overdue.from} AND c."dueDate" < ${overdue.before}
          AND c."status" IN (SELECT "value" FROM json_each(${pending}))
          AND a."status" = ${ACTIVE_AGREEMENT_STATUS}
      ),
      organisations AS MATERIALIZED (
        SELECT p."organisationId" FROM overdue o
        CROSS JOIN "CommitmentRole" r ON r."commitmentId" = o."id"
        CROSS JOIN "AgreementParty" p ON p."id" = r."partyId"
        WHERE r."rasci" = 'A'
        UNION
        SELECT p."organisationId" FROM overdue o CROSS JOIN "AgreementParty" p ON p."id" = o."bearerPartyId"
      )
      SELECT u."id" AS "userId", u."email", u."name", ms."organisationId", ms."role"
      FROM organisations x
      CROSS JOIN "Membership" ms ON ms."organisationId" = x."organisationId"
      JOIN "User" u ON u."id" = ms."userId"
      WHERE ms."active" = 1 AND u."active" = 1`,
  ]);
  return {
    commitments: row ? parse<CommitmentFact>(row.commitments) : [],
    people,
  };
}

/** Loads the facts the rules need at `now`. */
export async function loadDueFacts(client: OutboxClient, now: Date): Promise<DueFacts> {
  const window = daysOffWindow(now);
  const union = await anyDaysOff(client, window);
  const [[row], overdue] = await Promise.all([queryFacts(client, now, union, window), loadOverdueCommitments(client, now)]);
  if (!row) throw new Error("The sweep's facts query returned no row");
  return {
    agreements: parse<AgreementFact>(row.agreements),
    moments: parse<MomentFact>(row.moments),
    people: [...parse<PersonFact>(row.people), ...overdue.people],
    commitments: overdue.commitments,
    signingRequests: parse<SigningRequestRow>(row.signingRequests).map((r) => ({
      ...r,
      invitedAt: r.invitedAt === null ? null : new Date(r.invitedAt),
      expiresAt: new Date(r.expiresAt),
    })),
    // "Mijn afspraken": named on the R/A, or contact of a party whose R/A names nobody (a commitment once).
    digestUsers: parse<DigestUserFact & { contactCommitments?: MyCommitmentFact[] }>(row.digestUsers).map(({ contactCommitments, ...user }) => ({
      ...user,
      commitments: [...new Map([...(user.commitments ?? []), ...(contactCommitments ?? [])].map((c) => [c.id, c])).values()],
    })),
    organisationDaysOff: parse<DayOffRow>(row.daysOff).flatMap((d) =>
      datesInWindow(d, window).map((date): OrganisationDayOffFact => ({ organisationId: d.organisationId, date })),
    ),
  };
}
