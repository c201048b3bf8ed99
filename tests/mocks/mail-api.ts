// msw handlers for the JSON mail API used by the http mail transport
// (app/domain/mail/transports/http.server.ts). Successful messages are kept
// in `capturedMails`; tests can force failures with failNext/malformedNext.
import { http, HttpResponse } from "msw";
import { z } from "zod";

export const MAIL_API_BASE_URL = "https://mail-api.test";
export const MAIL_API_KEY = "test-mail-api-key";

const requestSchema = z.object({
  from: z.string().min(1),
  to: z.array(z.string().min(1)).min(1),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  attachments: z.array(
    z.object({ filename: z.string().min(1), contentType: z.string().min(1), contentBase64: z.string() }),
  ),
  headers: z.record(z.string()).optional(),
});
export type MailApiRequestBody = z.infer<typeof requestSchema>;

export interface CapturedMail {
  id: string;
  authorization: string | null;
  idempotencyKey: string | null;
  body: MailApiRequestBody;
}

export const capturedMails: CapturedMail[] = [];

type ForcedResponse = { kind: "status"; status: number; body?: unknown } | { kind: "malformed" };
const forced: ForcedResponse[] = [];
const idsByIdempotencyKey = new Map<string, string>();
let counter = 0;
let requests = 0;

/** Clears captured mails, pending forced failures and remembered idempotency keys. */
export function resetCapturedMails(): void {
  capturedMails.length = 0;
  forced.length = 0;
  idsByIdempotencyKey.clear();
  counter = 0;
  requests = 0;
}

/** The next `times` requests get HTTP `status` (with a JSON error body unless given). */
export function failNext(status: number, times = 1, body?: unknown): void {
  for (let i = 0; i < times; i++) forced.push({ kind: "status", status, body });
}

/** The next `times` requests get HTTP 200 with a body that is not JSON. */
export function malformedNext(times = 1): void {
  for (let i = 0; i < times; i++) forced.push({ kind: "malformed" });
}

/** Number of requests received since the last reset, failed ones included. */
export function mailApiRequestCount(): number {
  return requests;
}

/** Attachment contents of a captured mail, decoded. */
export function decodedAttachments(
  mail: CapturedMail,
): { filename: string; contentType: string; content: Buffer }[] {
  return mail.body.attachments.map((attachment) => ({
    filename: attachment.filename,
    contentType: attachment.contentType,
    content: Buffer.from(attachment.contentBase64, "base64"),
  }));
}

export function createMailApiHandlers(baseUrl: string = MAIL_API_BASE_URL, apiKey: string = MAIL_API_KEY) {
  return [
    http.post(`${baseUrl.replace(/\/+$/, "")}/messages`, async ({ request }) => {
      requests++;
      const next = forced.shift();
      if (next?.kind === "malformed") {
        return new HttpResponse("<html>Bad gateway</html>", {
          status: 200,
          headers: { "Content-Type": "text/html" },
        });
      }
      if (next?.kind === "status") {
        return HttpResponse.json(next.body ?? { error: `forced failure ${next.status}` }, {
          status: next.status,
        });
      }

      const authorization = request.headers.get("Authorization");
      if (authorization !== `Bearer ${apiKey}`) {
        return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
      }
      let json: unknown;
      try {
        json = await request.json();
      } catch {
        return HttpResponse.json({ error: "invalid JSON" }, { status: 400 });
      }
      const parsed = requestSchema.safeParse(json);
      if (!parsed.success) {
        return HttpResponse.json({ error: "invalid message", issues: parsed.error.issues }, { status: 422 });
      }

      const idempotencyKey = request.headers.get("Idempotency-Key");
      const known = idempotencyKey ? idsByIdempotencyKey.get(idempotencyKey) : undefined;
      if (known) return HttpResponse.json({ id: known }, { status: 200 });

      const id = `msg_${++counter}`;
      if (idempotencyKey) idsByIdempotencyKey.set(idempotencyKey, id);
      capturedMails.push({ id, authorization, idempotencyKey, body: parsed.data });
      return HttpResponse.json({ id }, { status: 202 });
    }),
  ];
}

export const mailApiHandlers = createMailApiHandlers();
