// Signing invitations through the outbox (issue 12 point 8): retried after a
// failing mail API, a sender re-sends a signer's link (the old one dies), a
// signer asks a new link from an expired one (to the stored address only),
// the "not every e-mail could leave" warning only when one could not, and the
// reminder tells how to get a working link.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createMailer } from "~/domain/mail/send-mail.server";
import { inviteMember } from "~/domain/people/invitations.server";
import { composeMessage } from "~/domain/reminders/messages";
import { runSweep } from "~/domain/reminders/sweep.server";
import { renewSigningLink } from "~/domain/signing/renew-signing-link.server";
import { resendSigningLink } from "~/domain/signing/resend-signing-link.server";
import { sendForSigning } from "~/domain/signing/send-for-signing.server";
import { loadSigningPage } from "~/domain/signing/signing-link.server";
import * as agreementPage from "~/routes/overeenkomsten.$agreementId._index";
import * as signingRoute from "~/routes/onderteken.$token";
import { sha256Hex } from "~/utils/crypto.server";
import { db } from "~/utils/db.server";
import { AppError } from "~/utils/errors";
import { buildRequest, createOrganisation, createUser, signedInRequest } from "../factories";
import { createFrozenVersion, linkTokenIn, sessionUserFor } from "../factories/versions";
import { capturedMails, failNext, MAIL_API_BASE_URL, MAIL_API_KEY, mailApiHandlers, resetCapturedMails } from "../mocks/mail-api";
import { callRoute } from "../setup/route";
import { setTestEnv } from "../support/env";

const server = setupServer(...mailApiHandlers);
const MAIL_ENV = { MAIL_TRANSPORT: "http", MAIL_HTTP_URL: MAIL_API_BASE_URL, MAIL_HTTP_KEY: MAIL_API_KEY };
let restoreEnv = () => {};
beforeAll(() => {
  server.listen({ onUnhandledRequest: "error" });
  restoreEnv = setTestEnv(MAIL_ENV);
});
afterEach(() => {
  vi.useRealTimers();
  server.resetHandlers();
  resetCapturedMails();
});
afterAll(() => {
  server.close();
  restoreEnv();
});

const audit = { ipAddress: "203.0.113.30", userAgent: "vitest" };
const NOW = new Date("2026-11-22T10:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const mailer = createMailer({ transport: "http", from: "Akkoord <no-reply@akkoord.test>", httpBaseUrl: MAIL_API_BASE_URL, httpApiKey: MAIL_API_KEY });

let counter = 0;
async function setUp() {
  counter++;
  const school = await createOrganisation("school");
  const clb = await createOrganisation("clb");
  const drafter = await createUser([{ organisationId: clb.id, role: "clb_medewerker" }], `opsteller-${counter}@clb.test`);
  const f = await createFrozenVersion({
    school,
    clb,
    createdById: drafter.id,
    signatories: [
      { partyRole: "school", name: "Anaïs Verbeke", functionTitle: "directeur", email: `anais-${counter}@school.test` },
      { partyRole: "clb", name: "Joëlle De Smet", functionTitle: "CLB-directeur", email: `joelle-${counter}@clb.test` },
    ],
  });
  return { ...f, school, clb, drafter, user: await sessionUserFor(drafter.id), schoolEmail: `anais-${counter}@school.test` };
}

/** The link tokens in the invitations captured so far for this address, oldest first. */
function tokensFor(email: string): string[] {
  return capturedMails
    .filter((m) => m.body.to.includes(email) && m.body.subject.startsWith("Gevraagd"))
    .map((m) => linkTokenIn(m.body.text)!);
}

async function requestOf(f: Awaited<ReturnType<typeof setUp>>, email: string) {
  return db.signingRequest.findFirstOrThrow({ where: { versionId: f.version.id, signatory: { email } } });
}

describe("invitations go through the outbox", () => {
  it("a failing mail API leaves them waiting; the sweep sends them a minute later, with a working link that is not in the database", async () => {
    const f = await setUp();
    failNext(500, 2);
    const sent = await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    expect(sent.mailFailed).toHaveLength(2);
    expect(capturedMails).toHaveLength(0);

    const rows = await db.outboxMessage.findMany({ where: { kind: "signing-invitation", recipient: { in: sent.invited } } });
    expect(rows.map((r) => [r.status, r.attempts, r.nextAttemptAt])).toEqual([
      ["pending", 1, at(MINUTE)],
      ["pending", 1, at(MINUTE)],
    ]);
    expect(rows[0]!.lastError).toContain("HTTP 500");
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.mail-failed" } })).toBe(2);

    await runSweep({ now: at(MINUTE), mailer, publicUrl: "https://akkoord.test" });
    const after = await db.outboxMessage.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    expect(after.map((r) => r.status)).toEqual(["sent", "sent"]);
    const token = tokensFor(f.schoolEmail)[0]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await requestOf(f, f.schoolEmail)).tokenHash).toBe(sha256Hex(token));
    for (const row of after) expect(row.payload).not.toContain(token);
    await expect(loadSigningPage({ token, audit, now: at(MINUTE) })).resolves.toMatchObject({ version: { number: 1 } });
  });
});

describe("a colleague's invitation goes through the outbox too", () => {
  it("is retried by the sweep after a failing mail API, with a link whose token is not in the database", async () => {
    const school = await createOrganisation("school");
    const director = await createUser([{ organisationId: school.id, role: "directie" }]);
    failNext(500, 1);
    const invited = await inviteMember({
      user: await sessionUserFor(director.id),
      input: { organisationId: school.id, email: `collega-${++counter}@school.test`, role: "zorgcoordinator" },
      audit,
      now: NOW,
    });
    expect(invited.mailed).toBe(false);
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: `member-invitation:${invited.invitationId}` } });
    expect([row.status, row.attempts]).toEqual(["pending", 1]);

    await runSweep({ now: at(MINUTE), mailer, publicUrl: "https://akkoord.test" });
    const mail = capturedMails.find((m) => m.idempotencyKey === row.idempotencyKey)!;
    const token = /\/uitnodiging\/([A-Za-z0-9_-]{43})\b/.exec(mail.body.text)![1]!;
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invited.invitationId } })).tokenHash).toBe(sha256Hex(token));
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).payload).not.toContain(token);
  });
});

describe("Niet alle e-mails konden vertrekken", () => {
  const send = async (f: Awaited<ReturnType<typeof setUp>>) =>
    callRoute(
      agreementPage.action,
      await signedInRequest(f.drafter.id, `/overeenkomsten/${f.agreement.id}`, { form: { intent: "send", versionId: f.version.id } }),
      { agreementId: f.agreement.id },
    );

  it("shows only when an invitation could not leave", async () => {
    const ok = await send(await setUp());
    expect(ok.status).toBe(200);
    expect((ok.data as { ok: string }).ok).toBe("Versie 1 is ter ondertekening verstuurd.");

    failNext(503, 1);
    const failing = await send(await setUp());
    expect((failing.data as { ok: string }).ok).toContain("Niet alle e-mails konden vertrekken; ze worden opnieuw geprobeerd.");
  });
});

describe("Stuur de link opnieuw", () => {
  it("mails a new link to the signatory; the old link answers 410 and the event is in the audit log", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const [oldToken] = tokensFor(f.schoolEmail);
    const request = await requestOf(f, f.schoolEmail);

    const resent = await resendSigningLink({ user: f.user, agreementId: f.agreement.id, requestId: request.id, audit, now: at(DAY) });
    expect(resent).toEqual({ name: "Anaïs Verbeke", mailFailed: false });
    const tokens = tokensFor(f.schoolEmail);
    expect(tokens).toHaveLength(2);
    const newToken = tokens[1]!;
    expect(newToken).not.toBe(oldToken);

    const old = await callRoute(signingRoute.loader, buildRequest(`/onderteken/${oldToken}`), { token: oldToken! });
    expect(old.status).toBe(410);
    expect(old.data).toEqual({ code: "LINK_UNAVAILABLE" });
    await expect(loadSigningPage({ token: oldToken!, audit, now: at(DAY) })).rejects.toMatchObject({ code: "LINK_UNAVAILABLE", status: 410 });
    const page = await loadSigningPage({ token: newToken, audit, now: at(DAY) });
    expect(page.signatory.email).toBe(f.schoolEmail);
    // A fresh expiry from the moment it was sent again.
    expect((await requestOf(f, f.schoolEmail)).expiresAt).toEqual(at(31 * DAY));

    const event = await db.auditEvent.findFirstOrThrow({ where: { versionId: f.version.id, action: "signing.link-resent" } });
    expect(event).toMatchObject({ actorUserId: f.drafter.id, ipAddress: audit.ipAddress, createdAt: at(DAY) });
    expect(JSON.parse(event.data!)).toMatchObject({ requestId: request.id, email: f.schoolEmail });
  });

  it("from the agreement page, for a sender of the agreement only; not for a request that is done", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const request = await requestOf(f, f.schoolEmail);
    const [oldToken] = tokensFor(f.schoolEmail);
    const resend = async (userId: string, requestId = request.id) =>
      callRoute(
        agreementPage.action,
        await signedInRequest(userId, `/overeenkomsten/${f.agreement.id}`, { form: { intent: "resend-link", requestId } }),
        { agreementId: f.agreement.id },
      );

    const page = await callRoute(agreementPage.loader, await signedInRequest(f.drafter.id, `/overeenkomsten/${f.agreement.id}`), { agreementId: f.agreement.id });
    const requests = (page.data as { latestVersion: { requests: Array<{ id: string; resendable: boolean }> } }).latestVersion.requests;
    expect(requests.find((r) => r.id === request.id)?.resendable).toBe(true);

    const careTeam = await createUser([{ organisationId: f.clb.id, role: "zorgcoordinator" }]);
    expect((await resend(careTeam.id)).status).toBe(403);
    const stranger = await createUser([{ organisationId: (await createOrganisation("clb")).id, role: "clb_directeur" }]);
    expect((await resend(stranger.id)).status).toBe(404);
    expect(tokensFor(f.schoolEmail)).toHaveLength(1);

    const ok = await resend(f.drafter.id);
    expect(ok.status).toBe(200);
    expect((ok.data as { ok: string }).ok).toBe("Er is een nieuwe link verstuurd naar Anaïs Verbeke; de vorige link werkt niet meer.");
    const old = await callRoute(signingRoute.loader, buildRequest(`/onderteken/${oldToken}`), { token: oldToken! });
    expect(old.status).toBe(410);

    // A signed request gets no new link.
    await db.signingRequest.update({ where: { id: request.id }, data: { status: "ondertekend" } });
    const done = await resend(f.drafter.id);
    expect(done.status).toBe(409);
    expect((done.data as { message: string }).message).toContain("geen nieuwe link");
    await expect(
      resendSigningLink({ user: f.user, agreementId: f.agreement.id, requestId: "bestaat-niet", audit, now: at(DAY) }),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe("Vraag een nieuwe link aan", () => {
  const EXPIRED = at(31 * DAY);

  it("an expired link gets a new one, mailed to the stored address only, once per link", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const [expired] = tokensFor(f.schoolEmail);
    await expect(loadSigningPage({ token: expired!, audit, now: EXPIRED })).rejects.toMatchObject({ code: "LINK_EXPIRED", status: 410 });

    await renewSigningLink({ token: expired!, audit, now: EXPIRED });
    const tokens = tokensFor(f.schoolEmail);
    expect(tokens).toHaveLength(2);
    expect(capturedMails.at(-1)!.body.to).toEqual([f.schoolEmail]);
    await expect(loadSigningPage({ token: tokens[1]!, audit, now: EXPIRED })).resolves.toMatchObject({ signatory: { email: f.schoolEmail } });
    // The expired link is now simply unknown: asking again sends nothing.
    await expect(loadSigningPage({ token: expired!, audit, now: EXPIRED })).rejects.toMatchObject({ code: "LINK_UNAVAILABLE" });
    await renewSigningLink({ token: expired!, audit, now: EXPIRED });
    // A link that still works needs no new one.
    await renewSigningLink({ token: tokens[1]!, audit, now: EXPIRED });
    expect(tokensFor(f.schoolEmail)).toHaveLength(2);
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.link-renewed" } })).toBe(1);
  });

  it("at most three a day per request", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const request = await requestOf(f, f.schoolEmail);
    for (let i = 0; i < 4; i++) {
      const token = tokensFor(f.schoolEmail).at(-1)!;
      await db.signingRequest.update({ where: { id: request.id }, data: { expiresAt: at(DAY) } });
      await renewSigningLink({ token, audit, now: at(2 * DAY + i * MINUTE) });
    }
    expect(tokensFor(f.schoolEmail)).toHaveLength(1 + 3);
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.link-renewal-refused" } })).toBe(1);
  });

  it("not for a declined, signed or superseded request", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const request = await requestOf(f, f.schoolEmail);
    const [token] = tokensFor(f.schoolEmail);
    for (const status of ["geweigerd", "ondertekend", "vervallen"]) {
      await db.signingRequest.update({ where: { id: request.id }, data: { status } });
      await expect(loadSigningPage({ token: token!, audit, now: EXPIRED })).rejects.toMatchObject({ code: "LINK_UNAVAILABLE" });
      await renewSigningLink({ token: token!, audit, now: EXPIRED });
    }
    expect(tokensFor(f.schoolEmail)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { versionId: f.version.id, action: "signing.link-renewed" } })).toBe(0);
  });

  it("the page of an expired link offers the button; asking answers the same whatever happened, and ignores a typed address", async () => {
    // The route reads the clock itself: it gets a fake Date at NOW, the one moment of this file.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const [token] = tokensFor(f.schoolEmail);
    const request = await requestOf(f, f.schoolEmail);
    await db.signingRequest.update({ where: { id: request.id }, data: { expiresAt: new Date(NOW.getTime() - 1000) } });

    const page = await callRoute(signingRoute.loader, buildRequest(`/onderteken/${token}`), { token: token! });
    expect(page.status).toBe(410);
    expect(page.data).toEqual({ code: "LINK_EXPIRED" });

    const ask = (t: string) =>
      callRoute(signingRoute.action, buildRequest(`/onderteken/${t}`, { method: "POST", form: { intent: "new-link", email: "iemand@elders.test" } }), { token: t });
    const asked = await ask(token!);
    expect(asked.status).toBe(302);
    expect(asked.location).toBe("/onderteken/klaar?uitkomst=nieuwe-link");
    expect(tokensFor(f.schoolEmail)).toHaveLength(2);
    expect(capturedMails.some((m) => m.body.to.includes("iemand@elders.test"))).toBe(false);

    const unknown = await ask("x".repeat(43));
    expect({ status: unknown.status, location: unknown.location }).toEqual({ status: asked.status, location: asked.location });
    expect(capturedMails).toHaveLength(3); // two invitations, one new link
  });
});

describe("signing reminders", () => {
  it("carry the signer's current link, also after it was sent again", async () => {
    const f = await setUp();
    await sendForSigning({ user: f.user, agreementId: f.agreement.id, versionId: f.version.id, audit, now: NOW });
    const request = await requestOf(f, f.schoolEmail);
    const reminderTokens = () =>
      capturedMails
        .filter((m) => m.body.to.includes(f.schoolEmail) && m.body.subject.startsWith("Herinnering"))
        .map((m) => linkTokenIn(m.body.text));

    // Invited on Sunday 22 November: the first reminder is due on Friday 27 November (reminders skip weekends).
    await runSweep({ now: at(5 * DAY), mailer, publicUrl: "https://akkoord.test" });
    expect(reminderTokens()).toEqual([tokensFor(f.schoolEmail)[0]]);
    await expect(loadSigningPage({ token: reminderTokens()[0]!, audit, now: at(5 * DAY) })).resolves.toMatchObject({ version: { number: 1 } });
    const stored = await db.outboxMessage.findFirstOrThrow({ where: { kind: "sign-reminder", idempotencyKey: { startsWith: `sign-reminder:${request.id}:` } } });
    expect(stored.payload).not.toContain(reminderTokens()[0]!);

    // Sent again: the next reminder carries the new link.
    await resendSigningLink({ user: f.user, agreementId: f.agreement.id, requestId: request.id, audit, now: at(7 * DAY) });
    await runSweep({ now: at(12 * DAY), mailer, publicUrl: "https://akkoord.test" });
    expect(reminderTokens().at(-1)).toBe(tokensFor(f.schoolEmail).at(-1));
    expect(reminderTokens().at(-1)).not.toBe(reminderTokens()[0]);
  });

  it("tell how to get a working link instead of only pointing at the first e-mail", () => {
    const message = composeMessage(
      {
        kind: "sign-reminder",
        idempotencyKey: "sign-reminder:r1:1",
        dueAt: at(5 * DAY),
        recipient: { email: "anais@school.test", name: "Anaïs Verbeke" },
        number: 1,
        max: 4,
        request: { id: "r1", invitedAt: NOW, expiresAt: at(30 * DAY) },
        agreement: { id: "a1", title: "Afsprakennota" },
      },
      { publicUrl: "https://akkoord.test", now: at(5 * DAY) },
    );
    expect(message.text).toContain("vraagt u met één klik een nieuwe link aan");
    expect(message.text).toContain("Stuur de link opnieuw");
  });
});
