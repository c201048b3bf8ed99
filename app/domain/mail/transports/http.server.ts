// Transport for a JSON mail API:
//   POST {baseUrl}/messages
//   Authorization: Bearer <key>, Idempotency-Key: <key> (optional)
//   {from, to, cc, subject, text, html, attachments: [{filename, contentType, contentBase64}], headers?}
// answers 2xx with {"id": "..."}.
import { z } from "zod";
import { MailDeliveryError, type MailMessage, type MailSendResult, type MailTransport } from "../types";
import { recipientList } from "./compose.server";

export interface HttpTransportOptions {
  from: string;
  /** e.g. https://mail.example.be/v1 ("/messages" is appended). */
  baseUrl: string;
  apiKey: string;
  /** Whole-request timeout in ms (default 10 s). */
  timeoutMs?: number;
}

export interface HttpMailRequestBody {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; contentBase64: string }[];
  headers?: Record<string, string>;
}

const responseSchema = z.object({ id: z.string().min(1) });

function snippet(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function messagesUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/messages`;
}

export function httpRequestBody(message: MailMessage, from: string): HttpMailRequestBody {
  return {
    from,
    to: recipientList(message.to),
    cc: [...(message.cc ?? [])],
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      contentBase64: Buffer.from(attachment.content).toString("base64"),
    })),
    ...(message.headers && Object.keys(message.headers).length > 0
      ? { headers: { ...message.headers } }
      : {}),
  };
}

export function createHttpTransport(options: HttpTransportOptions): MailTransport {
  const url = messagesUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;

  const fail = (
    message: string,
    retryable: boolean,
    extra: { code: string; status?: number; retryAfterMs?: number; cause?: unknown },
  ) => new MailDeliveryError(`http transport: ${message}`, { retryable, transport: "http", ...extra });

  return {
    name: "http",
    async send(message: MailMessage): Promise<MailSendResult> {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${options.apiKey}`,
        "Content-Type": "application/json",
        Accept: "application/json",
      };
      if (message.idempotencyKey) headers["Idempotency-Key"] = message.idempotencyKey;

      let status: number;
      let bodyText: string;
      let retryAfter: string | null;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify(httpRequestBody(message, options.from)),
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        retryAfter = response.headers.get("Retry-After");
        bodyText = await response.text();
      } catch (error) {
        const name = error instanceof Error ? error.name : "";
        if (name === "TimeoutError" || name === "AbortError") {
          throw fail(`POST ${url} timed out after ${timeoutMs} ms`, true, {
            code: "ETIMEDOUT",
            cause: error,
          });
        }
        const detail =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        throw fail(`POST ${url} failed: ${detail}`, true, { code: "ENETWORK", cause: error });
      }

      if (status < 200 || status >= 300) {
        const retryable = status === 408 || status === 429 || status >= 500;
        const wait = retryable ? retryAfterMs(retryAfter) : undefined;
        throw fail(
          `POST ${url} answered HTTP ${status}${bodyText ? `: ${snippet(bodyText)}` : ""}`,
          retryable,
          {
            code: `HTTP_${status}`,
            status,
            ...(wait !== undefined ? { retryAfterMs: wait } : {}),
          },
        );
      }

      let json: unknown;
      try {
        json = JSON.parse(bodyText);
      } catch (error) {
        throw fail(`POST ${url} answered HTTP ${status} with invalid JSON: ${snippet(bodyText)}`, false, {
          code: "EBADRESPONSE",
          status,
          cause: error,
        });
      }
      const parsed = responseSchema.safeParse(json);
      if (!parsed.success) {
        throw fail(`POST ${url} answered HTTP ${status} without a message id: ${snippet(bodyText)}`, false, {
          code: "EBADRESPONSE",
          status,
        });
      }
      return { messageId: parsed.data.id };
    },
  };
}
