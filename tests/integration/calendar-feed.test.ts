// Settings page (weekly digest, calendar link) and the personal iCalendar feed,
// parsed back with ical.js.
import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as feedRoute from "~/routes/agenda.$token[.]ics";
import * as settingsRoute from "~/routes/instellingen";
import { sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { buildRequest, createAgreementBetween, signedInRequest } from "../factories";
import { callRoute } from "../setup/route";
import { clearReminderState, signedAgreement, underSignature } from "./reminders-world";

beforeEach(async () => {
  await clearReminderState();
});
afterEach(() => {
  vi.useRealTimers();
});

async function postSettings(userId: string, form: Record<string, string>) {
  return callRoute(settingsRoute.action, await signedInRequest(userId, "/instellingen", { form }));
}

async function createLink(userId: string): Promise<{ url: string; token: string }> {
  const result = await postSettings(userId, { intent: "calendar-create" });
  expect(result.status).toBe(200);
  const url = (result.data as { calendarUrl: string }).calendarUrl;
  const match = /\/agenda\/([A-Za-z0-9_-]{43})\.ics$/.exec(url);
  expect(match, url).not.toBeNull();
  return { url, token: match![1]! };
}

async function fetchFeed(token: string) {
  const request = buildRequest(`/agenda/${token}.ics`);
  const response = (await feedRoute.loader({ request, params: { token }, context: {} })) as Response;
  return { status: response.status, type: response.headers.get("Content-Type"), body: await response.text() };
}

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar
    .getAllSubcomponents("vevent")
    .map((component) => new ICAL.Event(component))
    .map((event) => ({
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toString(),
      allDay: event.startDate.isDate,
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

describe("instellingen", () => {
  it("turns the weekly digest on and off", async () => {
    const { directie } = await signedAgreement();
    const load = async () => (await callRoute(settingsRoute.loader, await signedInRequest(directie.id, "/instellingen"))).data;
    expect(await load()).toEqual({ weeklyDigest: false, hasCalendarLink: false, ownCalendar: true, logos: [], boards: [] });

    expect((await postSettings(directie.id, { intent: "digest", weeklyDigest: "aan" })).data).toEqual({
      ok: "U krijgt voortaan elke maandag een overzicht.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: directie.id } })).weeklyDigest).toBe(true);
    await postSettings(directie.id, { intent: "digest", weeklyDigest: "uit" });
    expect((await db.user.findUniqueOrThrow({ where: { id: directie.id } })).weeklyDigest).toBe(false);

    const bad = await postSettings(directie.id, { intent: "digest", weeklyDigest: "misschien" });
    expect(bad.status).toBe(400);
  });

  it("sends visitors who are not signed in to the sign-in page", async () => {
    const result = await callRoute(settingsRoute.loader, buildRequest("/instellingen"));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inloggen?redirectTo=%2Finstellingen");
  });
});

describe("agenda-link", () => {
  it("shows the link once, stores only its hash, and the feed lists the user's evaluations and signing deadlines", async () => {
    // The feed reads the clock: pin it to the 2026-2027 school year.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T10:00:00Z") });
    const { directie, school, clb, moments } = await signedAgreement({ title: "Afsprakennota De Linde" });
    const foreign = await signedAgreement({ title: "Afsprakennota van een andere school" });
    // A second agreement of the same school, under signature until 31 March 2027 (Brussels).
    const second = await createAgreementBetween(school, clb, { status: "ter_ondertekening", title: "Engagementsverklaring" });
    const { version } = await underSignature(second, {
      invitedAt: new Date("2027-03-01T10:00:00Z"),
      expiresAt: new Date("2027-03-31T21:59:00Z"),
    });

    const { url, token } = await createLink(directie.id);
    expect(url).toBe(`${env().PUBLIC_URL}/agenda/${token}.ics`);
    const stored = await db.user.findUniqueOrThrow({ where: { id: directie.id } });
    expect(stored.calendarTokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const settings = await callRoute(settingsRoute.loader, await signedInRequest(directie.id, "/instellingen"));
    expect(settings.data).toEqual({ weeklyDigest: false, hasCalendarLink: true, ownCalendar: true, logos: [], boards: [] });
    expect(JSON.stringify(settings.data)).not.toContain(token);

    const feed = await fetchFeed(token);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe("text/calendar; charset=utf-8");
    const found = events(feed.body);
    expect(found).toEqual([
      {
        uid: `evaluatie-${moments[0]!.id}@akkoord`,
        summary: "Tussentijdse evaluatie: Afsprakennota De Linde",
        start: "2027-01-11",
        allDay: true,
      },
      { uid: `ondertekening-${version.id}@akkoord`, summary: "Uiterste datum ondertekening: Engagementsverklaring", start: "2027-03-31", allDay: true },
      { uid: `evaluatie-${moments[1]!.id}@akkoord`, summary: "Eindevaluatie: Afsprakennota De Linde", start: "2027-05-14", allDay: true },
    ]);
    expect(feed.body).not.toContain(foreign.agreement.title);
  });

  it("renewing replaces the link; revoking makes the feed a Dutch 404", async () => {
    const { directie } = await signedAgreement();
    const first = await createLink(directie.id);
    const second = await createLink(directie.id);
    expect(second.token).not.toBe(first.token);
    expect((await fetchFeed(first.token)).status).toBe(404);
    expect((await fetchFeed(second.token)).status).toBe(200);

    const revoked = await postSettings(directie.id, { intent: "calendar-revoke" });
    expect(revoked.status).toBe(200);
    const gone = await fetchFeed(second.token);
    expect(gone).toEqual({
      status: 404,
      type: "text/plain; charset=utf-8",
      body: "Deze agenda-link bestaat niet of werd ingetrokken.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: directie.id } })).calendarTokenHash).toBeNull();
  });

  it("answers 404 for unknown or malformed tokens and for deactivated users", async () => {
    const { directie } = await signedAgreement();
    const { token } = await createLink(directie.id);
    for (const bad of ["x".repeat(43), "kort", `${token}x`, "../../etc/passwd"]) {
      expect((await fetchFeed(bad)).status).toBe(404);
    }
    await db.user.update({ where: { id: directie.id }, data: { active: false } });
    expect((await fetchFeed(token)).status).toBe(404);
  });
});
