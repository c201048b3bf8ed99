// Commitment due dates where people look (the commitments page, the CSV, the
// iCal feed, the school's dashboard) and the overdue notice to the party
// holding "A". Time is injected: every `now` below is a fixed date.
import Database from "better-sqlite3";
import ICAL from "ical.js";
import { createElement, type ComponentType } from "react";
import type { LoaderFunction } from "react-router-dom";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSchoolDashboard } from "~/domain/dashboards/school-dashboard.server";
import { exportCommitmentsCsv } from "~/domain/exports/exports.server";
import { buildCalendarFeed } from "~/domain/reminders/calendar-feed.server";
import { dueItems } from "~/domain/reminders/due";
import { loadDueFacts } from "~/domain/reminders/sweep.server";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import * as commitmentsRoute from "~/routes/overeenkomsten.$agreementId.afspraken";
import * as overviewRoute from "~/routes/overzicht";
import { db } from "~/utils/db.server";
import { createAgreementBetween, signedInRequest } from "../factories";
import { sessionUserFor } from "../factories/versions";
import { callRoute } from "../setup/route";
import { rawDueKeys } from "../../bench/sweep-raw";
import { deliveredMails, signedAgreement, useSweepOutbox } from "./reminders-world";

const outbox = useSweepOutbox();
const { sweep } = outbox;
afterEach(() => {
  vi.useRealTimers();
});
beforeEach(async () => {
  await db.commitment.deleteMany();
});

/** A signed agreement with a commitment of the school (A: the school, R: the CLB). */
async function withCommitment(data: { dueDate: string | null; status?: string; what?: string; cadence?: string }) {
  const world = await signedAgreement({ title: "Afsprakennota De Linde" });
  const parties = await db.agreementParty.findMany({ where: { agreementId: world.agreement.id } });
  const schoolParty = parties.find((p) => p.organisationId === world.school.id)!;
  const clbParty = parties.find((p) => p.organisationId === world.clb.id)!;
  const commitment = await db.commitment.create({
    data: {
      agreementId: world.agreement.id,
      what: data.what ?? "De school bezorgt de leerlingenlijst aan het CLB.",
      dueDate: data.dueDate,
      cadence: data.cadence ?? "eenmalig",
      status: data.status ?? "lopend",
      bearerPartyId: clbParty.id,
      roles: { create: [{ partyId: schoolParty.id, rasci: "A" }, { partyId: clbParty.id, rasci: "R" }] },
    },
  });
  return { ...world, commitment, schoolParty, clbParty };
}

// Tuesday 17 November 2026; the notice is due at 07:00 on Wednesday.
const DUE = "2026-11-17";
const WEDNESDAY_7 = brusselsWallTime("2026-11-18", 7);

describe("overdue commitments notify the party holding A", () => {
  it("due yesterday: one mail to the A party's members through the outbox; a second sweep sends nothing", async () => {
    const { directie, clbUser, beheerder, commitment } = await withCommitment({ dueDate: DUE });
    const other = await withCommitment({ dueDate: DUE, what: "Een afspraak van een andere school" });

    const first = await sweep(WEDNESDAY_7);
    expect(first.sent).toBe(2);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" }, orderBy: { recipient: "asc" } });
    expect(rows.map((r) => r.recipient).sort()).toEqual([directie.email, other.directie.email].sort());
    expect(rows.map((r) => r.idempotencyKey)).toContain(`commitment-overdue:${commitment.id}:${directie.id}:${DUE}`);
    const mails = (await deliveredMails(outbox.dir)).filter((m) => m.to.includes(directie.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Afspraak over tijd: Afsprakennota De Linde");
    expect(mails[0]!.text).toContain("dinsdag 17 november 2026");
    // The CLB (R, bearer) and the school's beheerder are not told.
    expect(rows.some((r) => r.recipient === clbUser.email || r.recipient === beheerder.email)).toBe(false);

    // Later the same day, the next day, and after a restart (a new sweep, same outbox): nothing new.
    for (const now of [new Date(WEDNESDAY_7.getTime() + 5 * 60_000), brusselsWallTime("2026-11-19", 7)]) {
      const again = await sweep(now);
      expect(again.sent).toBe(0);
    }
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(2);
  });

  it("no notice for a commitment that is done, one without a due date, or one due today", async () => {
    await withCommitment({ dueDate: DUE, status: "gehaald" });
    await withCommitment({ dueDate: null });
    await withCommitment({ dueDate: "2026-11-18" });
    await sweep(WEDNESDAY_7);
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(0);
  });

  it("without an A, the bearer's members are told", async () => {
    const { commitment, clbUser } = await withCommitment({ dueDate: DUE });
    await db.commitmentRole.deleteMany({ where: { commitmentId: commitment.id, rasci: "A" } });
    await sweep(WEDNESDAY_7);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" } });
    expect(rows.map((r) => r.recipient)).toEqual([clbUser.email]);
  });

  it("goes to the person the party named on its A, not to its other contacts or members", async () => {
    const { commitment, schoolParty, member, directie, agreement } = await withCommitment({ dueDate: DUE });
    await db.commitmentRole.updateMany({ where: { commitmentId: commitment.id, partyId: schoolParty.id }, data: { userId: member.id } });
    await sweep(WEDNESDAY_7);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue", agreementId: agreement.id } });
    expect(rows.map((r) => r.recipient)).toEqual([member.email]);
    expect(rows.some((r) => r.recipient === directie.email)).toBe(false);
  });

  it("a named person who left the school: the school's contact person hears it instead", async () => {
    const { commitment, schoolParty, member, directie, school, agreement } = await withCommitment({ dueDate: DUE });
    await db.commitmentRole.updateMany({ where: { commitmentId: commitment.id, partyId: schoolParty.id }, data: { userId: member.id } });
    await db.membership.updateMany({ where: { userId: member.id, organisationId: school.id }, data: { active: false } });
    await sweep(WEDNESDAY_7);
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue", agreementId: agreement.id } });
    expect(rows.map((r) => r.recipient)).toEqual([directie.email]);
  });

  it("the benchmark's raw query finds the same notices as the app (bench/sweep-raw.ts)", async () => {
    await withCommitment({ dueDate: DUE });
    const { commitment } = await withCommitment({ dueDate: "2026-11-16" });
    await db.commitmentRole.deleteMany({ where: { commitmentId: commitment.id, rasci: "A" } });
    await withCommitment({ dueDate: "2026-11-16", status: "gehaald" });
    // A named person on the A, and the beheerder of a school that named nobody.
    const named = await withCommitment({ dueDate: DUE });
    await db.commitmentRole.updateMany({ where: { commitmentId: named.commitment.id, partyId: named.schoolParty.id }, data: { userId: named.member.id } });
    await db.agreementContact.deleteMany({ where: { agreementId: (await withCommitment({ dueDate: DUE })).agreement.id } });
    const app = dueItems(await loadDueFacts(db, WEDNESDAY_7), WEDNESDAY_7)
      .map((i) => i.idempotencyKey)
      .filter((k) => k.startsWith("commitment-overdue:"));
    const sqlite = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""), { readonly: true });
    try {
      const raw = rawDueKeys(sqlite, WEDNESDAY_7).filter((k) => k.startsWith("commitment-overdue:"));
      expect(app).toHaveLength(4);
      expect(app).toContain(`commitment-overdue:${named.commitment.id}:${named.member.id}:${DUE}`);
      expect([...raw].sort()).toEqual([...app].sort());
    } finally {
      sqlite.close();
    }
  });

  it("due on a Saturday: nothing on Sunday, the mail on Monday", async () => {
    const { directie } = await withCommitment({ dueDate: "2026-10-10" });
    await sweep(brusselsWallTime("2026-10-11", 9));
    expect(await db.outboxMessage.count({ where: { kind: "commitment-overdue" } })).toBe(0);
    await sweep(brusselsWallTime("2026-10-12", 7));
    const rows = await db.outboxMessage.findMany({ where: { kind: "commitment-overdue" } });
    expect(rows.map((r) => [r.recipient, r.dueAt.toISOString()])).toEqual([[directie.email, brusselsWallTime("2026-10-12", 7).toISOString()]]);
  });
});

/** A page as HTML: the route's loader and component in a static router (what the server renders). */
async function pageHtml(route: { loader: LoaderFunction; default: ComponentType }, path: string, request: Request): Promise<string> {
  const routes = [{ id: "page", path, loader: route.loader, Component: route.default }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`);
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context, hydrate: false }));
}

describe("due dates show where people look", () => {
  it("the commitments page's HTML says 'tegen 15 oktober 2026' and 'over tijd'", async () => {
    const { directie, agreement } = await withCommitment({ dueDate: "2026-10-15" });
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-10-16T08:00:00Z") });
    const html = await pageHtml(
      commitmentsRoute as never,
      "/overeenkomsten/:agreementId/afspraken",
      await signedInRequest(directie.id, `/overeenkomsten/${agreement.id}/afspraken`),
    );
    expect(html).toContain('tegen <time dateTime="2026-10-15">15 oktober 2026</time>');
    expect(html).toContain("over tijd");
    expect(html).not.toContain("15/10/2026");
  });

  it("the commitments page: 'tegen 15 oktober 2026', and 'over tijd' once that day has passed", async () => {
    const { directie, agreement } = await withCommitment({ dueDate: "2026-10-15" });
    const load = async (now: string) => {
      // The page reads the clock: pin it.
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(now) });
      const result = await callRoute(commitmentsRoute.loader, await signedInRequest(directie.id, `/overeenkomsten/${agreement.id}/afspraken`), {
        agreementId: agreement.id,
      });
      return (result.data as { commitments: Array<{ due: string | null; overdue: boolean }> }).commitments;
    };
    expect(await load("2026-10-15T20:00:00Z")).toMatchObject([{ due: "15 oktober 2026", overdue: false }]);
    expect(await load("2026-10-16T08:00:00Z")).toMatchObject([{ due: "15 oktober 2026", overdue: true }]);
    await db.commitment.updateMany({ where: { agreementId: agreement.id }, data: { status: "gehaald" } });
    expect(await load("2026-10-16T08:00:00Z")).toMatchObject([{ due: "15 oktober 2026", overdue: false }]);
  });

  it("the CSV: the due date in the 'Tegen' column of the commitment's row", async () => {
    const { directie } = await withCommitment({ dueDate: "2026-10-15", what: "Leerlingenlijst bezorgen" });
    await withCommitment({ dueDate: null, what: "Zonder datum" });
    const { csv } = await exportCommitmentsCsv({ user: await sessionUserFor(directie.id), filters: { schoolYear: null, status: null }, publicUrl: "https://akkoord.test" });
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").split("\r\n").map((line) => line.split(";"));
    const tegen = header!.indexOf("Tegen");
    const afspraak = header!.indexOf("Afspraak");
    expect(tegen).toBeGreaterThan(-1);
    const mine = rows.filter((r) => r.length > 1);
    // The directie reads only its own school's agreement.
    expect(mine.map((r) => [r[afspraak], r[tegen]])).toEqual([["Leerlingenlijst bezorgen", "15/10/2026"]]);
  });

  it("the iCal feed: one all-day event per commitment still to be done, with a stable UID", async () => {
    const { directie, commitment } = await withCommitment({ dueDate: "2026-10-15", what: "Leerlingenlijst bezorgen" });
    await withCommitment({ dueDate: "2026-10-15", what: "Van een andere school" });
    const done = await db.commitment.create({
      data: { agreementId: commitment.agreementId, what: "Al gedaan", dueDate: "2026-10-20", status: "gehaald" },
    });
    await db.commitment.create({ data: { agreementId: commitment.agreementId, what: "Zonder datum", dueDate: null } });
    const feed = async (now: Date) => {
      const ics = await buildCalendarFeed({ userId: directie.id, now, publicUrl: "https://akkoord.test" });
      return new ICAL.Component(ICAL.parse(ics))
        .getAllSubcomponents("vevent")
        .map((c) => new ICAL.Event(c))
        .filter((e) => e.uid.startsWith("afspraak-"))
        .map((e) => ({ uid: e.uid, summary: e.summary, start: e.startDate.toString(), allDay: e.startDate.isDate, description: e.description }));
    };
    const first = await feed(new Date("2026-10-01T08:00:00Z"));
    expect(first).toMatchObject([
      { uid: `afspraak-${commitment.id}@akkoord`, summary: "Afspraak: Leerlingenlijst bezorgen", start: "2026-10-15", allDay: true },
    ]);
    expect(first[0]!.description).toContain("Afsprakennota De Linde");
    expect(JSON.stringify(first)).not.toContain(done.id);
    // A later fetch, after the date moved: the same UID, the new day.
    await db.commitment.update({ where: { id: commitment.id }, data: { dueDate: "2026-10-22" } });
    expect(await feed(new Date("2026-10-02T08:00:00Z"))).toMatchObject([{ uid: `afspraak-${commitment.id}@akkoord`, start: "2026-10-22" }]);
  });

  it("the school's dashboard: overdue and upcoming commitments of the school's agreements", async () => {
    const { directie, agreement, school, clb } = await withCommitment({ dueDate: "2026-10-15", what: "Over tijd" });
    await db.commitment.create({ data: { agreementId: agreement.id, what: "Binnenkort", dueDate: "2026-11-10", status: "gepland" } });
    // Last year's agreement, expired: its leftovers are not "over tijd" (they carry over at renewal).
    const lastYear = await createAgreementBetween(school, clb, { status: "verlopen", title: "Vorig jaar" });
    await db.commitment.create({ data: { agreementId: lastYear.id, what: "Vorig jaar blijven liggen", dueDate: "2026-06-01", status: "lopend" } });
    await db.commitment.create({ data: { agreementId: agreement.id, what: "Later", dueDate: "2027-03-01", status: "gepland" } });
    await db.commitment.create({ data: { agreementId: agreement.id, what: "Gehaald", dueDate: "2026-10-01", status: "gehaald" } });
    await withCommitment({ dueDate: "2026-10-15", what: "Van een andere school" });
    const d = await loadSchoolDashboard({
      user: await sessionUserFor(directie.id),
      filters: { schoolYear: "2026-2027", municipality: null, status: null },
      pages: { agreements: 1, signatures: 1, commitments: 1 },
      today: "2026-10-20",
    });
    expect(d.commitmentsOverdue.items.map((c) => [c.what, c.dueDate])).toEqual([["Over tijd", "2026-10-15"]]);
    expect(d.commitmentsDue.items.map((c) => [c.what, c.dueDate])).toEqual([["Binnenkort", "2026-11-10"]]);
    expect(d.upcoming).toEqual({ from: "2026-10-20", to: "2026-11-19" });

    // The page the directie sees on that day.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-10-20T08:00:00Z") });
    const html = await pageHtml(overviewRoute as never, "/overzicht", await signedInRequest(directie.id, "/overzicht"));
    expect(html).toContain("Afspraken over tijd (<!-- -->1<!-- -->)");
    expect(html).toContain('<td data-label="Tegen">15 oktober 2026</td>');
    expect(html).toContain('<td data-label="Tegen">10 november 2026</td>');
    expect(html).not.toContain("Gehaald</td>");
  });
});
