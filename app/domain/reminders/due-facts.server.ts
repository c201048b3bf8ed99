// Loads the facts the rules in due.ts need at `now`: seven raw SQL queries
// through the app's Prisma client (so inside a transaction when given one).
//
// At Flanders scale the Prisma relation queries took ~0.9 s here: thousands of
// agreement ids went back and forth in chunked IN lists, and every relation
// was another query and another round of row mapping. Here SQLite joins the
// relations, a list of ids goes in as one JSON parameter (json_each: no
// parameter limit), and each query answers with one JSON text. The facts have
// the same shapes, so the rules stay pure and are tested without a database.
import type { IsoDate } from "~/domain/calendar";
import {
  ACTIVE_AGREEMENT_STATUS,
  digestWindow,
  momentDateRange,
  overdueNoticeDue,
  type AgreementFact,
  type DigestUserFact,
  type DueFacts,
  type MomentFact,
  type PartyFact,
  type PersonFact,
  type SigningRequestFact,
} from "./due";
import type { OutboxClient } from "./outbox.server";

type AgreementRow = Omit<AgreementFact, "parties" | "accountableRoles">;
type PartyRow = PartyFact & { agreementId: string };
type AccountableRow = { agreementId: string; commitmentId: string; partyId: string };
type SigningRequestRow = Omit<SigningRequestFact, "invitedAt" | "expiresAt"> & { invitedAt: string | null; expiresAt: string };
type DigestRow = Omit<DigestUserFact, "organisationIds"> & { organisationId: string | null };

const unique = <T,>(values: Iterable<T>) => [...new Set(values)];

/** Groups rows by a key, keeping the order in which they came. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/**
 * The rows of a query that selects `json_group_array(json_object(…)) AS "rows"`.
 * Prisma maps every value of every row it returns (twice the time SQLite needs
 * for these queries); one JSON text per query is parsed natively instead.
 */
async function jsonRows<T>(query: PromiseLike<Array<{ rows: string }>>): Promise<T[]> {
  const [result] = await query;
  return JSON.parse(result?.rows ?? "[]") as T[];
}

/** Planned evaluation moments of agreements in force, with dates the rules can use at `now`. */
function loadMoments(client: OutboxClient, range: { from: IsoDate; to: IsoDate }) {
  return jsonRows<MomentFact>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'id', m."id", 'agreementId', m."agreementId", 'date', m."date", 'label', m."label", 'status', m."status")) AS "rows"
    FROM "EvaluationMoment" m
    JOIN "Agreement" a ON a."id" = m."agreementId"
    WHERE m."status" = 'gepland' AND m."date" >= ${range.from} AND m."date" <= ${range.to}
      AND a."status" = ${ACTIVE_AGREEMENT_STATUS}`);
}

/** Open signing requests of versions under signature, with their signatory. */
async function loadSigningRequests(client: OutboxClient, now: Date): Promise<SigningRequestFact[]> {
  const rows = await jsonRows<SigningRequestRow>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'id', r."id", 'agreementId', v."agreementId", 'versionId', r."versionId", 'status', r."status",
      'versionStatus', v."status", 'invitedAt', r."invitedAt", 'expiresAt', r."expiresAt",
      'signatoryName', s."name", 'signatoryEmail', s."email")) AS "rows"
    FROM "SigningRequest" r
    JOIN "AgreementVersion" v ON v."id" = r."versionId"
    JOIN "Signatory" s ON s."id" = r."signatoryId"
    WHERE r."status" IN ('verstuurd', 'wachtend') AND r."expiresAt" > ${now}
      AND v."status" = 'ter_ondertekening'`);
  // DateTime columns hold ISO text; Prisma reads them with new Date() too.
  return rows.map((r) => ({ ...r, invitedAt: r.invitedAt === null ? null : new Date(r.invitedAt), expiresAt: new Date(r.expiresAt) }));
}

/** Active users who want the weekly digest, one row per active membership (or one without). */
async function loadDigestUsers(client: OutboxClient): Promise<DigestUserFact[]> {
  const rows = await jsonRows<DigestRow>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'userId', u."id", 'email', u."email", 'name', u."name", 'organisationId', ms."organisationId")) AS "rows"
    FROM "User" u
    LEFT JOIN "Membership" ms ON ms."userId" = u."id" AND ms."active" = 1
    WHERE u."weeklyDigest" = 1 AND u."active" = 1`);
  return [...groupBy(rows, (r) => r.userId).values()].map((memberships) => {
    const { userId, email, name } = memberships[0]!;
    return { userId, email, name, organisationIds: unique(memberships.flatMap((m) => (m.organisationId === null ? [] : [m.organisationId]))) };
  });
}

/** `ids`: a JSON array, one parameter however long the list (SQLite limits the number of parameters). */
function loadAgreements(client: OutboxClient, ids: string) {
  return jsonRows<AgreementRow>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'id', a."id", 'title', a."title", 'status', a."status", 'reminderFirstDays', a."reminderFirstDays",
      'reminderIntervalDays', a."reminderIntervalDays", 'reminderMax', a."reminderMax")) AS "rows"
    FROM json_each(${ids}) j
    JOIN "Agreement" a ON a."id" = j."value"`);
}

function loadParties(client: OutboxClient, agreementIds: string) {
  return jsonRows<PartyRow>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'agreementId', p."agreementId", 'id', p."id", 'organisationId', p."organisationId", 'organisationName', o."name")) AS "rows"
    FROM json_each(${agreementIds}) j
    JOIN "AgreementParty" p ON p."agreementId" = j."value"
    JOIN "Organisation" o ON o."id" = p."organisationId"`);
}

/** RASCI "A" roles on the commitments of these agreements. */
function loadAccountableRoles(client: OutboxClient, agreementIds: string) {
  return jsonRows<AccountableRow>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'agreementId', c."agreementId", 'commitmentId', r."commitmentId", 'partyId', r."partyId")) AS "rows"
    FROM json_each(${agreementIds}) j
    JOIN "Commitment" c ON c."agreementId" = j."value"
    JOIN "CommitmentRole" r ON r."commitmentId" = c."id"
    WHERE r."rasci" = 'A'`);
}

/** Active memberships of active users in these organisations. */
function loadPeople(client: OutboxClient, organisationIds: string) {
  return jsonRows<PersonFact>(client.$queryRaw`
    SELECT json_group_array(json_object(
      'userId', u."id", 'email', u."email", 'name', u."name", 'organisationId', ms."organisationId", 'role', ms."role")) AS "rows"
    FROM json_each(${organisationIds}) j
    JOIN "Membership" ms ON ms."organisationId" = j."value"
    JOIN "User" u ON u."id" = ms."userId"
    WHERE ms."active" = 1 AND u."active" = 1`);
}

/** The agreements of the moments whose overdue notice is due (the calendar work once per date). */
function agreementsWithOverdueNotice(moments: readonly MomentFact[], now: Date): string[] {
  const dueOn = new Map<IsoDate, boolean>();
  const ids = new Set<string>();
  for (const moment of moments) {
    let due = dueOn.get(moment.date);
    if (due === undefined) dueOn.set(moment.date, (due = overdueNoticeDue(moment.date, now)));
    if (due) ids.add(moment.agreementId);
  }
  return [...ids];
}

/** Loads the facts the rules need at `now`. */
export async function loadDueFacts(client: OutboxClient, now: Date): Promise<DueFacts> {
  const [moments, signingRequests, digestUsers] = await Promise.all([
    loadMoments(client, momentDateRange(now)),
    loadSigningRequests(client, now),
    digestWindow(now) === null ? [] : loadDigestUsers(client),
  ]);

  const agreementIds = JSON.stringify(unique([...moments.map((m) => m.agreementId), ...signingRequests.map((r) => r.agreementId)]));
  // Only the overdue notice looks at accountable roles: the agreements of the
  // moments whose notice is due (a few hundred) instead of every agreement.
  const overdueAgreementIds = agreementsWithOverdueNotice(moments, now);
  const [agreements, parties, accountable] = await Promise.all([
    loadAgreements(client, agreementIds),
    loadParties(client, agreementIds),
    overdueAgreementIds.length === 0 ? [] : loadAccountableRoles(client, JSON.stringify(overdueAgreementIds)),
  ]);
  const people = await loadPeople(client, JSON.stringify(unique(parties.map((p) => p.organisationId))));

  const partiesByAgreement = groupBy(parties, (p) => p.agreementId);
  const accountableByAgreement = groupBy(accountable, (r) => r.agreementId);
  return {
    agreements: agreements.map((a) => ({
      ...a,
      parties: (partiesByAgreement.get(a.id) ?? []).map((p) => ({ id: p.id, organisationId: p.organisationId, organisationName: p.organisationName })),
      accountableRoles: (accountableByAgreement.get(a.id) ?? []).map((r) => ({ commitmentId: r.commitmentId, partyId: r.partyId })),
    })),
    moments,
    people,
    signingRequests,
    digestUsers,
  };
}
