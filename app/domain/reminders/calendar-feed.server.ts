// A personal iCalendar feed: the evaluation moments, signing deadlines and
// commitment due dates of the user's organisations, and their own days off.
// The feed URL holds a secret token; only its SHA-256 is stored
// (User.calendarTokenHash), so a new token replaces the old one and revoking
// clears it.
import ical, { ICalCalendarMethod, type ICalCalendar } from "ical-generator";
import { addDays, DAY_OFF_KIND_LABELS, type DayOffKind, type IsoDate } from "~/domain/calendar";
import { COMMITMENT_STATUS_LABELS, PENDING_COMMITMENT_STATUSES, type CommitmentStatus } from "~/domain/commitments/vocabulary";
import { ownDaysOffFrom } from "~/domain/days-off/days-off.server";
import type { Prisma } from "~/generated/prisma/client";
import { randomToken, sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { formatInstant } from "./messages";

type Client = Prisma.TransactionClient;

/** 256 random bits, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** How far back the feed reaches. */
const FEED_LOOKBACK_DAYS = 365;

export function calendarFeedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/agenda/${token}.ics`;
}

/** Makes a new feed token for the user (the old one stops working) and returns it. */
export async function createCalendarToken(options: { userId: string; client?: Client }): Promise<string> {
  const token = randomToken(32);
  await (options.client ?? db).user.update({
    where: { id: options.userId },
    data: { calendarTokenHash: sha256Hex(token) },
  });
  return token;
}

/** The feed link stops working. */
export async function revokeCalendarToken(options: { userId: string; client?: Client }): Promise<void> {
  await (options.client ?? db).user.update({ where: { id: options.userId }, data: { calendarTokenHash: null } });
}

/** The active user holding this feed token, or null. */
export async function userForCalendarToken(token: string, client: Client = db): Promise<{ id: string; name: string } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  return client.user.findFirst({
    where: { calendarTokenHash: sha256Hex(token), active: true },
    select: { id: true, name: true },
  });
}

const utcMidnight = (date: IsoDate) => new Date(`${date}T00:00:00Z`);

/** The feed of one user, as iCalendar text. */
export async function buildCalendarFeed(options: {
  userId: string;
  now: Date;
  publicUrl: string;
  client?: Client;
}): Promise<string> {
  const client = options.client ?? db;
  const base = options.publicUrl.replace(/\/+$/, "");
  const memberships = await client.membership.findMany({
    where: { userId: options.userId, active: true },
    select: { organisationId: true },
  });
  const organisationIds = [...new Set(memberships.map((m) => m.organisationId))];
  const ofMyOrganisations = { parties: { some: { organisationId: { in: organisationIds } } } };
  const today = brusselsDate(options.now);

  const [moments, requests] =
    organisationIds.length === 0
      ? [[], []]
      : await Promise.all([
          client.evaluationMoment.findMany({
            where: {
              date: { gte: addDays(today, -FEED_LOOKBACK_DAYS) },
              agreement: { ...ofMyOrganisations, status: { not: "gearchiveerd" } },
            },
            orderBy: [{ date: "asc" }, { id: "asc" }],
            take: 1000,
            select: { id: true, date: true, label: true, status: true, agreement: { select: { id: true, title: true } } },
          }),
          client.signingRequest.findMany({
            where: {
              status: { in: ["verstuurd", "wachtend"] },
              expiresAt: { gte: new Date(options.now.getTime() - 30 * 86_400_000) },
              version: { status: "ter_ondertekening", agreement: ofMyOrganisations },
            },
            orderBy: { expiresAt: "asc" },
            take: 1000,
            select: {
              expiresAt: true,
              versionId: true,
              version: { select: { number: true, agreement: { select: { id: true, title: true } } } },
            },
          }),
        ]);

  const calendar = ical({
    name: "Akkoord",
    description: "Evaluatiemomenten, ondertekentermijnen en afspraken uit Akkoord",
    prodId: { company: "Akkoord", product: "Agenda", language: "NL" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });

  for (const moment of moments) {
    const done = moment.status === "afgerond";
    calendar.createEvent({
      id: `evaluatie-${moment.id}@akkoord`,
      allDay: true,
      start: utcMidnight(moment.date),
      end: utcMidnight(addDays(moment.date, 1)),
      stamp: options.now,
      summary: `${moment.label}${done ? " (afgerond)" : ""}: ${moment.agreement.title}`,
      description: `Evaluatiemoment van „${moment.agreement.title}”.`,
      url: `${base}/overeenkomsten/${moment.agreement.id}`,
    });
  }

  // One deadline per version under signature: the first link that expires.
  const seen = new Set<string>();
  for (const request of requests) {
    if (seen.has(request.versionId)) continue;
    seen.add(request.versionId);
    const date = brusselsDate(request.expiresAt);
    const { agreement } = request.version;
    calendar.createEvent({
      id: `ondertekening-${request.versionId}@akkoord`,
      allDay: true,
      start: utcMidnight(date),
      end: utcMidnight(addDays(date, 1)),
      stamp: options.now,
      summary: `Uiterste datum ondertekening: ${agreement.title}`,
      description: `De ondertekenlinks voor versie ${request.version.number} van „${agreement.title}” werken tot ${formatInstant(request.expiresAt)}.`,
      url: `${base}/overeenkomsten/${agreement.id}`,
    });
  }

  if (organisationIds.length > 0) {
    await addCommitmentEvents(calendar, { client, organisationIds, today, now: options.now, base });
  }

  // The own days off of the user's organisations, as all-day events.
  for (const day of await ownDaysOffFrom({ userId: options.userId, from: addDays(today, -FEED_LOOKBACK_DAYS), client })) {
    calendar.createEvent({
      id: `vrije-dag-${day.id}@akkoord`,
      allDay: true,
      start: utcMidnight(day.startDate),
      end: utcMidnight(addDays(day.endDate, 1)),
      stamp: options.now,
      summary: `${day.label} (${day.organisation.name})`,
      description: `${DAY_OFF_KIND_LABELS[day.kind as DayOffKind] ?? "Vrije dag"}: geen herinneringen en geen evaluaties op deze dag.`,
      url: `${base}/kalender`,
    });
  }

  return calendar.toString();
}

/** The longest commitment text in an event's title; the full text is in its description. */
const SUMMARY_WHAT_MAX = 80;

/**
 * One all-day event per commitment still to be done with a due date, of the
 * agreements in force of these organisations; its UID stays the same across
 * fetches (and when the date moves), so a calendar updates the event.
 */
async function addCommitmentEvents(
  calendar: ICalCalendar,
  options: { client: Client; organisationIds: string[]; today: IsoDate; now: Date; base: string },
): Promise<void> {
  const commitments = await options.client.commitment.findMany({
    where: {
      dueDate: { gte: addDays(options.today, -FEED_LOOKBACK_DAYS) },
      status: { in: [...PENDING_COMMITMENT_STATUSES] },
      agreement: { status: "ondertekend", parties: { some: { organisationId: { in: options.organisationIds } } } },
    },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
    take: 1000,
    select: {
      id: true,
      what: true,
      dueDate: true,
      status: true,
      bearer: { select: { organisation: { select: { name: true } } } },
      agreement: { select: { id: true, title: true } },
    },
  });
  for (const commitment of commitments) {
    const date = commitment.dueDate as IsoDate;
    const what = commitment.what.replace(/\s+/g, " ").trim();
    const short = what.length > SUMMARY_WHAT_MAX ? `${what.slice(0, SUMMARY_WHAT_MAX - 1).trimEnd()}…` : what;
    const status = COMMITMENT_STATUS_LABELS[commitment.status as CommitmentStatus] ?? commitment.status;
    const bearer = commitment.bearer ? ` Draagt: ${commitment.bearer.organisation.name}.` : "";
    calendar.createEvent({
      id: `afspraak-${commitment.id}@akkoord`,
      allDay: true,
      start: utcMidnight(date),
      end: utcMidnight(addDays(date, 1)),
      stamp: options.now,
      summary: `Afspraak: ${short}`,
      description: `${what}\nUit „${commitment.agreement.title}”.${bearer} Status: ${status.toLowerCase()}.`,
      url: `${options.base}/overeenkomsten/${commitment.agreement.id}/afspraken`,
    });
  }
}
