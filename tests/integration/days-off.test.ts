// An organisation's own calendar (issue 14): the /kalender form and import
// (file, and a published URL through msw), bad input, moments that move, and
// the reminder sweep that reads the days off from the database.
import ICAL from "ical.js";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fetchCalendar, ICAL_MAX_EVENTS } from "~/domain/days-off/import-ical.server";
import { scheduleEvaluationMoments } from "~/domain/evaluation/schedule-evaluations.server";
import { buildCalendarFeed } from "~/domain/reminders/calendar-feed.server";
import { runSweep } from "~/domain/reminders/sweep.server";
import * as evaluationsRoute from "~/routes/overeenkomsten.$agreementId.evaluaties._index";
import * as calendarRoute from "~/routes/kalender";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { createOrganisation, createUser, signedInRequest } from "../factories";
import { icsOf, PUBLISHED_EVENTS, SCHOOL_CALENDAR_BASE, schoolCalendarHandlers } from "../mocks/school-calendar";
import { callRoute } from "../setup/route";
import { deliveredMails, fileMailer, FOURTEEN_DAYS_BEFORE, signedAgreement, useSweepOutbox } from "./reminders-world";

const server = setupServer(...schoolCalendarHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const outbox = useSweepOutbox();
beforeEach(async () => {
  await db.organisationDayOff.deleteMany();
  // The page takes "today" from the clock: pin it to December 2026 (school years 2026-2027 and 2027-2028).
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

async function post(userId: string, form: Record<string, string>) {
  return callRoute(calendarRoute.action, await signedInRequest(userId, "/kalender", { form }));
}

/** A multipart post of the import form, as the browser sends it. */
async function postImport(userId: string, fields: Record<string, string>, file?: { name: string; text: string }) {
  const cookie = (await signedInRequest(userId, "/kalender")).headers.get("Cookie")!;
  const body = new FormData();
  body.set("intent", "import");
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  if (file) body.set("bestand", new File([file.text], file.name, { type: "text/calendar" }));
  // With its Content-Length, as a browser sends it.
  const encoded = new Response(body);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const headers = { Cookie: cookie, "Content-Type": encoded.headers.get("Content-Type")!, "Content-Length": String(bytes.byteLength) };
  const request = new Request("http://localhost/kalender", { method: "POST", body: bytes, headers });
  return callRoute(calendarRoute.action, request);
}

const stored = (organisationId: string) =>
  db.organisationDayOff.findMany({ where: { organisationId }, orderBy: { startDate: "asc" }, select: { kind: true, startDate: true, endDate: true, label: true } });

describe("/kalender: the form", () => {
  it("lets a member add, list and remove the school's own days off, and nobody else", async () => {
    const { school, directie, clbUser } = await signedAgreement();
    const added = await post(directie.id, { intent: "add", organisationId: school.id, kind: "studiedag", startDate: "2027-02-17", label: "Pedagogische studiedag" });
    expect(added.status).toBe(200);
    expect(added.data).toEqual({ ok: "Toegevoegd." });
    expect(await stored(school.id)).toEqual([{ kind: "studiedag", startDate: "2027-02-17", endDate: "2027-02-17", label: "Pedagogische studiedag" }]);

    const page = await callRoute(calendarRoute.loader, await signedInRequest(directie.id, "/kalender"));
    const organisations = (page.data as { organisations: Array<{ id: string; daysOff: Array<{ id: string; label: string }> }> }).organisations;
    expect(organisations.map((o) => o.id)).toEqual([school.id]);
    const dayOffId = organisations[0]!.daysOff[0]!.id;

    // The CLB (a party to the same agreement) neither sees, adds to nor removes the school's calendar.
    const clbPage = await callRoute(calendarRoute.loader, await signedInRequest(clbUser.id, "/kalender"));
    expect(JSON.stringify(clbPage.data)).not.toContain("Pedagogische studiedag");
    expect((await post(clbUser.id, { intent: "remove", dayOffId })).status).toBe(404);
    expect((await post(clbUser.id, { intent: "add", organisationId: school.id, kind: "studiedag", startDate: "2027-02-18", label: "Vreemd" })).status).toBe(404);
    expect(await db.organisationDayOff.count()).toBe(1);

    expect((await post(directie.id, { intent: "remove", dayOffId })).data).toEqual({ ok: "Verwijderd." });
    expect(await db.organisationDayOff.count()).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { action: { startsWith: "organisation.day" } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["organisation.days-off-added", "organisation.day-off-removed"]);
  });

  it("refuses a day in a holiday, outside the school year, a weekend or an unknown kind: 400, a Dutch message, nothing stored", async () => {
    const { school, directie } = await signedAgreement();
    const cases: Array<[Record<string, string>, string]> = [
      [{ startDate: "2026-12-28" }, "Kerstvakantie"],
      [{ startDate: "2028-10-04" }, "buiten het schooljaar"],
      [{ startDate: "2027-02-20" }, "weekend"],
      [{ startDate: "2027-02-17", endDate: "2027-02-15" }, "vóór de begindatum"],
      [{ startDate: "2027-02-30" }, "geldige datum"],
      [{ startDate: "2027-02-17", label: " " }, "omschrijving"],
    ];
    for (const [fields, message] of cases) {
      const result = await post(directie.id, { intent: "add", organisationId: school.id, kind: "studiedag", label: "Studiedag", ...fields });
      expect(result.status, JSON.stringify(fields)).toBe(400);
      expect((result.data as { message: string }).message).toContain(message);
    }
    const badKind = await post(directie.id, { intent: "add", organisationId: school.id, kind: "feest", startDate: "2027-02-17", label: "Feest" });
    expect(badKind.status).toBe(400);
    expect(await db.organisationDayOff.count()).toBe(0);
  });
});

describe("moments on a day off", () => {
  it("move to the previous working day of all parties when the school adds a studiedag on a planned moment, with an audit event", async () => {
    const { school, directie, agreement, moments } = await signedAgreement();
    expect(moments.map((m) => m.date)).toEqual(["2027-01-11", "2027-05-14"]);
    const result = await post(directie.id, { intent: "add", organisationId: school.id, kind: "studiedag", startDate: "2027-01-11", label: "Studiedag" });
    expect((result.data as { ok: string }).ok).toContain("Eén evaluatiemoment");
    const after = await db.evaluationMoment.findMany({ where: { agreementId: agreement.id }, orderBy: { date: "asc" } });
    expect(after.map((m) => m.date)).toEqual(["2027-01-08", "2027-05-14"]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "evaluation.moved", agreementId: agreement.id } });
    expect(JSON.parse(event.data!)).toMatchObject({ momentId: moments[0]!.id, from: "2027-01-11", to: "2027-01-08", reason: "vrije-dag", organisationId: school.id });
  });

  it("are scheduled on a working day of all parties, and a manual date on a party's day off is refused, one in late August allowed with a note", async () => {
    const school = await createOrganisation("school");
    const clb = await createOrganisation("clb");
    const clbUser = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }]);
    // The CLB's own day off on the school's default moment.
    await db.organisationDayOff.create({ data: { organisationId: clb.id, kind: "andere", startDate: "2027-01-11", endDate: "2027-01-11", label: "Teamdag" } });
    const agreement = await db.agreement.create({
      data: {
        documentType: "afsprakennota",
        title: "Nota",
        schoolYear: "2026-2027",
        status: "ondertekend",
        parties: { create: [{ organisationId: school.id, partyRole: "school", status: "aanvaard" }, { organisationId: clb.id, partyRole: "clb", position: 1, status: "aanvaard" }] },
      },
    });
    const planned = await scheduleEvaluationMoments(db, agreement.id, { today: "2026-09-01" });
    expect(planned.map((m) => m.date)).toEqual(["2027-01-08", "2027-05-14"]);

    const moment = await db.evaluationMoment.findFirstOrThrow({ where: { agreementId: agreement.id, date: "2027-01-08" } });
    const move = async (date: string) =>
      callRoute(evaluationsRoute.action, await signedInRequest(clbUser.id, `/overeenkomsten/${agreement.id}/evaluaties`, { form: { intent: "move", momentId: moment.id, date } }), {
        agreementId: agreement.id,
      });
    const refused = await move("2027-01-11");
    expect(refused.status).toBe(400);
    expect((refused.data as { message: string }).message).toContain("eigen vrije dag");
    const august = await move("2027-08-26");
    expect(august.status).toBe(200);
    expect((august.data as { ok: string }).ok).toContain("tweede helft van augustus");
    expect((await db.evaluationMoment.findUniqueOrThrow({ where: { id: moment.id } })).date).toBe("2027-08-26");
    expect((await move("2027-08-14")).status).toBe(400); // still the summer closure

    // The evaluation page shows the parties' days off near the moments: the own one with its label, another party's without.
    await db.organisationDayOff.create({ data: { organisationId: school.id, kind: "studiedag", startDate: "2027-05-12", endDate: "2027-05-12", label: "Geheime studiedag" } });
    const page = await callRoute(evaluationsRoute.loader, await signedInRequest(clbUser.id, `/overeenkomsten/${agreement.id}/evaluaties`), { agreementId: agreement.id });
    const daysOff = (page.data as { daysOff: Array<{ organisationName: string; startDate: string; label: string | null }> }).daysOff;
    expect(daysOff.map((d) => [d.startDate, d.organisationName, d.label])).toEqual([["2027-05-12", school.name, null]]);
  });
});

describe("the iCal feed", () => {
  it("shows the user's own organisations' days off as all-day events, not another party's", async () => {
    const { school, clb, directie, clbUser } = await signedAgreement();
    await db.organisationDayOff.create({ data: { organisationId: school.id, kind: "examens", startDate: "2027-06-14", endDate: "2027-06-25", label: "Examens" } });
    await db.organisationDayOff.create({ data: { organisationId: clb.id, kind: "andere", startDate: "2027-03-03", endDate: "2027-03-03", label: "Teamdag CLB" } });
    const events = async (userId: string) => {
      const ics = await buildCalendarFeed({ userId, now: new Date("2026-12-01T10:00:00Z"), publicUrl: "https://akkoord.test" });
      return new ICAL.Component(ICAL.parse(ics))
        .getAllSubcomponents("vevent")
        .map((c) => new ICAL.Event(c))
        .filter((e) => e.uid.startsWith("vrije-dag-"))
        .map((e) => [e.summary, e.startDate.toString(), e.endDate.toString(), e.startDate.isDate]);
    };
    expect(await events(directie.id)).toEqual([[`Examens (${school.name})`, "2027-06-14", "2027-06-26", true]]);
    expect(await events(clbUser.id)).toEqual([[`Teamdag CLB (${clb.name})`, "2027-03-03", "2027-03-04", true]]);
  });
});

describe("the sweep reads the days off", () => {
  it("moves the 14-day reminder off the school's studiedag to the working day before, and sends nothing on the studiedag", async () => {
    const { school } = await signedAgreement({ title: "Afsprakennota De Linde" });
    vi.useRealTimers();
    // Friday 18 December 2026, the last school day before the kerstvakantie, is a studiedag of the school.
    await db.organisationDayOff.create({ data: { organisationId: school.id, kind: "studiedag", startDate: "2026-12-18", endDate: "2026-12-18", label: "Studiedag" } });
    const { sweep } = outbox;
    const dayBefore = new Date(FOURTEEN_DAYS_BEFORE.getTime() - 86_400_000);
    expect((await sweep(dayBefore)).sent).toBe(2);
    expect(await sweep(FOURTEEN_DAYS_BEFORE)).toEqual({ due: 0, sent: 0, failed: 0, skipped: 0 });
    const mails = await deliveredMails(outbox.dir);
    expect(mails.map((m) => m.idempotencyKey!.split(":").at(-1))).toEqual(["2026-12-17", "2026-12-17"]);
  });
});

describe("the weekly digest before a studiedag Monday", () => {
  it("goes on the last working day before it, only to the school's subscriber", async () => {
    const { school, directie, clbUser } = await signedAgreement({ title: "Afsprakennota De Linde" });
    vi.useRealTimers();
    await db.user.updateMany({ where: { id: { in: [directie.id, clbUser.id] } }, data: { weeklyDigest: true } });
    // Monday 10 May 2027 is a studiedag; 6 and 7 May are Hemelvaart and the day after: the digest comes on Wednesday 5 May.
    await db.organisationDayOff.create({ data: { organisationId: school.id, kind: "studiedag", startDate: "2027-05-10", endDate: "2027-05-10", label: "Studiedag" } });
    await runSweep({ now: new Date("2027-05-05T05:00:00Z"), mailer: fileMailer(outbox.dir), publicUrl: "https://akkoord.test" });
    // (The 14-day reminder of 14 May, due 30 April, is still in its window and goes too.)
    const digests = (await deliveredMails(outbox.dir)).filter((m) => m.idempotencyKey!.startsWith("digest:"));
    expect(digests.map((m) => [m.to[0], m.idempotencyKey])).toEqual([[directie.email, `digest:${directie.id}:2027-05-10`]]);
  });
});

describe("/kalender: importing an iCalendar", () => {
  it("imports a file: all-day events become days off, the rest is skipped and counted", async () => {
    const { school, directie } = await signedAgreement();
    const ics = icsOf([...PUBLISHED_EVENTS, ["2028-10-02", "2028-10-02", "Te ver"]]);
    const result = await postImport(directie.id, { organisationId: school.id }, { name: "kalender.ics", text: ics });
    expect(result.status).toBe(200);
    expect((result.data as { ok: string }).ok).toBe("3 dagen of periodes toegevoegd, 2 overgeslagen: valt in een vakantie (1), valt buiten het schooljaar (1).");
    expect(await stored(school.id)).toEqual([
      { kind: "studiedag", startDate: "2026-10-07", endDate: "2026-10-07", label: "Pedagogische studiedag" },
      { kind: "facultatief", startDate: "2027-02-03", endDate: "2027-02-03", label: "Facultatieve vrije dag" },
      { kind: "examens", startDate: "2027-06-14", endDate: "2027-06-25", label: "Examenperiode" },
    ]);
    // The same file again: everything is already there, nothing added.
    const again = await postImport(directie.id, { organisationId: school.id }, { name: "kalender.ics", text: ics });
    expect(again.status).toBe(400);
    expect((again.data as { message: string }).message).toContain("staat er al (3)");
    expect(await db.organisationDayOff.count()).toBe(3);
  });

  it("imports the calendar the school publishes at a URL (msw)", async () => {
    const { school, directie } = await signedAgreement();
    const result = await postImport(directie.id, { organisationId: school.id, url: `${SCHOOL_CALENDAR_BASE}/kalender.ics` });
    expect(result.status).toBe(200);
    expect((result.data as { ok: string }).ok).toBe("3 dagen of periodes toegevoegd, 1 overgeslagen: valt in een vakantie (1).");
    expect(await db.organisationDayOff.count({ where: { organisationId: school.id, source: "ical" } })).toBe(3);
  });

  it("refuses bad input with a Dutch message and stores nothing", async () => {
    const { school, directie, clbUser } = await signedAgreement();
    // 10,000 events, small enough to stay under 1 MB.
    const tooMany = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270203\r\nEND:VEVENT\r\n".repeat(10_000)}END:VCALENDAR\r\n`;
    const cases: Array<[Record<string, string>, { name: string; text: string } | undefined, number, string]> = [
      [{}, { name: "kapot.ics", text: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n" }, 400, "geen leesbaar iCalendar-bestand"],
      [{}, { name: "tekst.ics", text: "Dit is geen agenda" }, 400, "geen leesbaar iCalendar-bestand"],
      [{}, { name: "groot.ics", text: "x".repeat(1024 * 1024 + 1) }, 413, "te groot"],
      [{}, { name: "veel.ics", text: tooMany }, 400, `meer dan ${ICAL_MAX_EVENTS.toLocaleString("nl-BE")} afspraken`],
      [{}, { name: "vakantie.ics", text: icsOf([["2026-12-28", "2026-12-30", "Kerst"]]) }, 400, "valt in een vakantie (1)"],
      [{ url: `${SCHOOL_CALENDAR_BASE}/groot.ics` }, undefined, 400, "te groot"],
      [{ url: `${SCHOOL_CALENDAR_BASE}/naar-binnen.ics` }, undefined, 400, "publieke agenda"],
      [{ url: `${SCHOOL_CALENDAR_BASE}/weg.ics` }, undefined, 400, "kon niet opgehaald worden"],
      [{ url: "file:///etc/passwd" }, undefined, 400, "https://"],
      [{ url: "http://localhost:3000/agenda.ics" }, undefined, 400, "https://"],
      [{}, undefined, 400, "Kies een .ics-bestand"],
    ];
    for (const [fields, file, status, message] of cases) {
      const result = await postImport(directie.id, { organisationId: school.id, ...fields }, file);
      expect(result.status, `${file?.name ?? fields.url}`).toBe(status);
      expect((result.data as { message: string }).message, `${file?.name ?? fields.url}`).toContain(message);
    }
    // Another organisation's member can't import into the school's calendar.
    const foreign = await postImport(clbUser.id, { organisationId: school.id }, { name: "kalender.ics", text: icsOf(PUBLISHED_EVENTS) });
    expect(foreign.status).toBe(404);
    expect(await db.organisationDayOff.count()).toBe(0);
  });

  it("gives up on a URL that does not answer in time", async () => {
    vi.useRealTimers();
    await expect(fetchCalendar(`${SCHOOL_CALENDAR_BASE}/traag.ics`, { timeoutMs: 200 })).rejects.toThrow(AppError);
    await expect(fetchCalendar(`${SCHOOL_CALENDAR_BASE}/traag.ics`, { timeoutMs: 200 })).rejects.toThrow("antwoordde niet binnen");
  });
});
