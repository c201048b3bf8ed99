// The outbox with the http mail transport against the mocked mail API (msw):
// retries with backoff, giving up after six attempts, idempotent re-delivery,
// and the beheerder's page of failed and waiting messages.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMailer } from "~/domain/mail/send-mail.server";
import { enqueueMessage, MAX_ATTEMPTS } from "~/domain/reminders/outbox.server";
import { runSweep } from "~/domain/reminders/sweep.server";
import * as outboxPage from "~/routes/beheer.berichten";
import { db } from "~/utils/db.server";
import { buildRequest, createOrganisation, createUser, signedInRequest } from "../factories";
import {
  capturedMails,
  failNext,
  MAIL_API_BASE_URL,
  MAIL_API_KEY,
  mailApiHandlers,
  mailApiRequestCount,
  resetCapturedMails,
} from "../mocks/mail-api";
import { callRoute } from "../setup/route";
import { clearReminderState, FOURTEEN_DAYS_BEFORE, FROM, signedAgreement } from "./reminders-world";

const server = setupServer(...mailApiHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  resetCapturedMails();
});
afterAll(() => server.close());
beforeEach(async () => {
  await clearReminderState();
});

const mailer = createMailer({ transport: "http", from: FROM, httpBaseUrl: MAIL_API_BASE_URL, httpApiKey: MAIL_API_KEY });
const sweep = (now: Date) => runSweep({ now, mailer, publicUrl: "https://akkoord.test" });
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);
const MINUTE = 60_000;

type PageData = {
  failed: number;
  pending: number;
  page: number;
  pageCount: number;
  messages: Array<{ id: string; status: string; recipient: string; subject: string; attempts: number; lastError: string | null }>;
};

async function beheerder() {
  const org = await createOrganisation("lokaal_bestuur");
  return createUser([{ organisationId: org.id, role: "beheerder" }]);
}

describe("delivery over the http mail API", () => {
  it("sends with the idempotency key, and a 500 is retried a minute later", async () => {
    await signedAgreement();
    failNext(500);
    const now = FOURTEEN_DAYS_BEFORE;
    expect(await sweep(now)).toEqual({ due: 2, sent: 1, failed: 1, skipped: 0 });

    const waiting = await db.outboxMessage.findFirstOrThrow({ where: { status: "pending" } });
    expect(waiting.attempts).toBe(1);
    expect(waiting.nextAttemptAt).toEqual(plus(now, MINUTE));
    expect(waiting.lastError).toContain("HTTP 500");

    expect(await sweep(plus(now, 30_000))).toEqual({ due: 2, sent: 0, failed: 0, skipped: 2 });
    expect(await sweep(plus(now, MINUTE))).toEqual({ due: 2, sent: 1, failed: 0, skipped: 2 });

    const rows = await db.outboxMessage.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(capturedMails.map((m) => m.idempotencyKey).sort()).toEqual(rows.map((r) => r.idempotencyKey));
    expect(capturedMails.map((m) => m.body.to[0]).sort()).toEqual(rows.map((r) => r.recipient).sort());
  });

  it("a message sent again after a lost acknowledgement reaches the API under the same key", async () => {
    await signedAgreement();
    expect(await sweep(FOURTEEN_DAYS_BEFORE)).toMatchObject({ sent: 2 });
    // As if the process died after the API accepted the mails but before the rows were marked sent.
    await db.outboxMessage.updateMany({ data: { status: "sending", lockedUntil: FOURTEEN_DAYS_BEFORE } });
    expect(await sweep(plus(FOURTEEN_DAYS_BEFORE, 5 * MINUTE))).toMatchObject({ sent: 2 });
    expect(mailApiRequestCount()).toBe(4);
    expect(capturedMails).toHaveLength(2); // the API recognised the keys
  });

  it("backs off 1, 5, 30, 120 and 360 minutes and gives up after six attempts", async () => {
    await signedAgreement();
    failNext(500, 2 * MAX_ATTEMPTS);
    let now = FOURTEEN_DAYS_BEFORE;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await sweep(now)).toMatchObject({ sent: 0, failed: 2 });
      const rows = await db.outboxMessage.findMany();
      expect(rows.every((r) => r.attempts === attempt)).toBe(true);
      if (attempt === MAX_ATTEMPTS) break;
      const next = rows[0]!.nextAttemptAt!;
      waits.push((next.getTime() - now.getTime()) / MINUTE);
      // Not before its time.
      expect(await sweep(plus(next, -1000))).toMatchObject({ sent: 0, failed: 0 });
      now = next;
    }
    expect(waits).toEqual([1, 5, 30, 120, 360]);
    const rows = await db.outboxMessage.findMany();
    expect(rows.map((r) => [r.status, r.attempts, r.nextAttemptAt])).toEqual([
      ["failed", MAX_ATTEMPTS, null],
      ["failed", MAX_ATTEMPTS, null],
    ]);
    expect(rows[0]!.lastError).toContain("HTTP 500");
    // Given up: later sweeps leave them alone.
    expect(await sweep(plus(now, 24 * 60 * MINUTE))).toMatchObject({ sent: 0, failed: 0 });
    expect(capturedMails).toHaveLength(0);
  });

  it("does not retry a permanent error", async () => {
    await signedAgreement();
    failNext(422, 2);
    expect(await sweep(FOURTEEN_DAYS_BEFORE)).toMatchObject({ sent: 0, failed: 2 });
    const rows = await db.outboxMessage.findMany();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["failed", 1],
      ["failed", 1],
    ]);
  });
});

describe("beheer: berichten", () => {
  it("shows failed messages with their last error to a beheerder, and 'Opnieuw proberen' sends them", async () => {
    const { beheerder: admin, agreement } = await signedAgreement();
    failNext(503, 2 * MAX_ATTEMPTS);
    let now = FOURTEEN_DAYS_BEFORE;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await sweep(now);
      now = plus(now, 7 * 60 * MINUTE);
    }
    // The sweep records which agreement each reminder is about.
    expect((await db.outboxMessage.findMany({ select: { agreementId: true } })).map((m) => m.agreementId)).toEqual([agreement.id, agreement.id]);
    const page = await callRoute(outboxPage.loader, await signedInRequest(admin.id, "/beheer/berichten"));
    expect(page.status).toBe(200);
    const data = page.data as PageData;
    expect(data.failed).toBe(2);
    expect(data.messages).toHaveLength(2);
    expect(data.messages.every((m) => m.status === "failed" && m.attempts === MAX_ATTEMPTS)).toBe(true);
    expect(data.messages[0]!.lastError).toContain("HTTP 503");

    const id = data.messages[0]!.id;
    const retry = await callRoute(
      outboxPage.action,
      await signedInRequest(admin.id, "/beheer/berichten", { form: { intent: "retry", id } }),
    );
    expect(retry.status).toBe(200);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(await sweep(now)).toMatchObject({ sent: 1 });
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent" });
    expect(capturedMails).toHaveLength(1);

    const after = (await callRoute(outboxPage.loader, await signedInRequest(admin.id, "/beheer/berichten"))).data as PageData;
    expect(after.messages.map((m) => m.id)).not.toContain(id);

    // An unknown or already sent message: 404.
    const again = await callRoute(
      outboxPage.action,
      await signedInRequest(admin.id, "/beheer/berichten", { form: { intent: "retry", id } }),
    );
    expect(again.status).toBe(404);
  });

  it("pages through failed and waiting messages", async () => {
    const { beheerder: admin, agreement } = await signedAgreement();
    for (let i = 0; i < 30; i++) {
      await enqueueMessage(db, {
        idempotencyKey: `test:${i}`,
        kind: "eval-14d",
        recipient: `r${i}@test.test`,
        subject: `Bericht ${i}`,
        text: "t",
        html: "<p>t</p>",
        dueAt: FOURTEEN_DAYS_BEFORE,
        agreementId: agreement.id,
      });
    }
    await db.outboxMessage.updateMany({ where: { idempotencyKey: { in: ["test:0", "test:1"] } }, data: { status: "failed" } });
    const first = (await callRoute(outboxPage.loader, await signedInRequest(admin.id, "/beheer/berichten"))).data as PageData;
    expect([first.failed, first.pending, first.pageCount, first.messages.length]).toEqual([2, 28, 2, 25]);
    expect(first.messages.slice(0, 2).map((m) => m.status)).toEqual(["failed", "failed"]);
    const second = (await callRoute(outboxPage.loader, await signedInRequest(admin.id, "/beheer/berichten?pagina=2"))).data as PageData;
    expect(second.messages).toHaveLength(5);
  });

  it("shows a beheerder only the messages of their own organisations, and retries only those", async () => {
    const a = await signedAgreement({ title: "Afsprakennota school A" });
    const b = await signedAgreement({ title: "Afsprakennota school B" });
    const outsider = await beheerder();
    const message = (key: string, recipient: string, agreementId?: string) =>
      enqueueMessage(db, { idempotencyKey: key, kind: "sign-reminder", recipient, subject: key, text: "t", html: "<p>t</p>", dueAt: FOURTEEN_DAYS_BEFORE, agreementId });
    await message("over-a", "extern@elders.example", a.agreement.id); // about A's agreement, to a signatory without account
    await message("over-b", "extern@elders.example", b.agreement.id);
    await message("aan-lid-a", a.directie.email.toUpperCase()); // to a member of school A, about no agreement (a digest)
    await message("aan-clb-b", b.clbUser.email); // to a member of B's CLB: school B's beheerder does not administer it
    await message("van-niemand", "niemand@elders.example");

    const subjects = async (userId: string) => {
      const page = (await callRoute(outboxPage.loader, await signedInRequest(userId, "/beheer/berichten"))).data as PageData;
      return { subjects: page.messages.map((m) => m.subject).sort(), pending: page.pending };
    };
    expect(await subjects(a.beheerder.id)).toEqual({ subjects: ["aan-lid-a", "over-a"], pending: 2 });
    expect(await subjects(b.beheerder.id)).toEqual({ subjects: ["over-b"], pending: 1 });
    expect(await subjects(outsider.id)).toEqual({ subjects: [], pending: 0 });

    const ofA = await db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: "over-a" } });
    await db.outboxMessage.update({ where: { id: ofA.id }, data: { status: "failed", attempts: MAX_ATTEMPTS } });
    const foreign = await callRoute(outboxPage.action, await signedInRequest(b.beheerder.id, "/beheer/berichten", { form: { intent: "retry", id: ofA.id } }));
    expect(foreign.status).toBe(404);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: ofA.id } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    const own = await callRoute(outboxPage.action, await signedInRequest(a.beheerder.id, "/beheer/berichten", { form: { intent: "retry", id: ofA.id } }));
    expect(own.status).toBe(200);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: ofA.id } })).toMatchObject({ status: "pending", attempts: 0 });
  });

  it("is closed to other roles (403) and to visitors who are not signed in", async () => {
    const { directie } = await signedAgreement();
    const page = await callRoute(outboxPage.loader, await signedInRequest(directie.id, "/beheer/berichten"));
    expect(page.status).toBe(403);
    const retry = await callRoute(
      outboxPage.action,
      await signedInRequest(directie.id, "/beheer/berichten", { form: { intent: "retry", id: "x" } }),
    );
    expect(retry.status).toBe(403);

    const anonymous = await callRoute(outboxPage.loader, buildRequest("/beheer/berichten"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/inloggen?redirectTo=%2Fbeheer%2Fberichten");
  });
});
