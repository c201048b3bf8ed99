import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  capturedMails,
  decodedAttachments,
  failNext,
  MAIL_API_BASE_URL,
  MAIL_API_KEY,
  mailApiHandlers,
  mailApiRequestCount,
  malformedNext,
  resetCapturedMails,
} from "../../../../tests/mocks/mail-api";
import { MailDeliveryError, type MailMessage } from "../types";
import { createHttpTransport } from "./http.server";

const server = setupServer(...mailApiHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  resetCapturedMails();
});
afterAll(() => server.close());

const FROM = "Akkoord <no-reply@akkoord.be>";
const transport = createHttpTransport({ from: FROM, baseUrl: MAIL_API_BASE_URL, apiKey: MAIL_API_KEY });

const message: MailMessage = {
  to: "Jana Peeters <jana.peeters@school.be>",
  cc: ["zorg@clb.be"],
  subject: "Ondertekening gevraagd: afsprakennota 2026–2027 ë",
  text: "Beste Jana,\n\nGraag je handtekening.",
  html: "<p>Beste Jana,</p><p>Graag je handtekening.</p>",
  attachments: [
    {
      filename: "nota.pdf",
      content: new Uint8Array([37, 80, 68, 70, 0, 255]),
      contentType: "application/pdf",
    },
  ],
  headers: { "Reply-To": "zorg@clb.be" },
  idempotencyKey: "signature-request:17",
};

async function sendError(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MailDeliveryError);
  return error as MailDeliveryError;
}

describe("http transport", () => {
  it("posts the message with Bearer auth and Idempotency-Key and returns the API id", async () => {
    expect(transport.name).toBe("http");
    const result = await transport.send(message);
    expect(result).toEqual({ messageId: "msg_1" });

    expect(capturedMails).toHaveLength(1);
    const [mail] = capturedMails;
    if (!mail) throw new Error("nothing captured");
    expect(mail.authorization).toBe(`Bearer ${MAIL_API_KEY}`);
    expect(mail.idempotencyKey).toBe("signature-request:17");
    expect(mail.body).toEqual({
      from: FROM,
      to: ["Jana Peeters <jana.peeters@school.be>"],
      cc: ["zorg@clb.be"],
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: [{ filename: "nota.pdf", contentType: "application/pdf", contentBase64: "JVBERgD/" }],
      headers: { "Reply-To": "zorg@clb.be" },
    });
    expect(decodedAttachments(mail)[0]?.content).toEqual(Buffer.from([37, 80, 68, 70, 0, 255]));
  });

  it("omits Idempotency-Key when none is given and tolerates a trailing slash in the base URL", async () => {
    const slashed = createHttpTransport({
      from: FROM,
      baseUrl: `${MAIL_API_BASE_URL}/`,
      apiKey: MAIL_API_KEY,
    });
    const withoutKey: MailMessage = { ...message };
    delete withoutKey.idempotencyKey;
    await slashed.send(withoutKey);
    expect(capturedMails[0]?.idempotencyKey).toBeNull();
  });

  it("gets the same id back when a message is re-sent with the same key", async () => {
    const first = await transport.send(message);
    const second = await transport.send(message);
    expect(second.messageId).toBe(first.messageId);
    expect(capturedMails).toHaveLength(1);
  });

  it("turns HTTP 500 into a retryable error", async () => {
    failNext(500);
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.code).toBe("HTTP_500");
    expect(error.transport).toBe("http");
    expect(error.message).toContain("HTTP 500");
    expect(error.message).not.toContain(MAIL_API_KEY);
    // The next attempt goes through.
    await expect(transport.send(message)).resolves.toEqual({ messageId: "msg_1" });
    expect(mailApiRequestCount()).toBe(2);
  });

  it("turns 429 into a retryable error with the Retry-After delay", async () => {
    server.use(
      http.post(`${MAIL_API_BASE_URL}/messages`, () =>
        HttpResponse.json({ error: "slow down" }, { status: 429, headers: { "Retry-After": "30" } }),
      ),
    );
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it("turns HTTP 400 into a non-retryable error", async () => {
    failNext(400, 1, { error: "to: invalid address" });
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(400);
    expect(error.message).toContain("to: invalid address");
  });

  it("turns a rejected API key (401) into a non-retryable error", async () => {
    const wrongKey = createHttpTransport({ from: FROM, baseUrl: MAIL_API_BASE_URL, apiKey: "wrong" });
    const error = await sendError(wrongKey.send(message));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(401);
  });

  it("turns a 2xx answer with malformed JSON into a non-retryable error", async () => {
    malformedNext();
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe("EBADRESPONSE");
    expect(capturedMails).toHaveLength(0);
  });

  it("turns a 2xx answer without an id into a non-retryable error", async () => {
    server.use(http.post(`${MAIL_API_BASE_URL}/messages`, () => HttpResponse.json({ ok: true })));
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe("EBADRESPONSE");
  });

  it("turns a network error into a retryable error", async () => {
    server.use(http.post(`${MAIL_API_BASE_URL}/messages`, () => HttpResponse.error()));
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe("ENETWORK");
  });

  it("gives up after the timeout with a retryable error", async () => {
    server.use(
      http.post(`${MAIL_API_BASE_URL}/messages`, async () => {
        await delay(1_000);
        return HttpResponse.json({ id: "too-late" });
      }),
    );
    const impatient = createHttpTransport({
      from: FROM,
      baseUrl: MAIL_API_BASE_URL,
      apiKey: MAIL_API_KEY,
      timeoutMs: 50,
    });
    const error = await sendError(impatient.send(message));
    expect(error.retryable).toBe(true);
    expect(error.code).toBe("ETIMEDOUT");
  });
});
