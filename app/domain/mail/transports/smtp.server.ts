// SMTP transport via nodemailer, configured from a URL such as
// smtp://user:pass@smtp.example.be:587 or smtps://user:pass@smtp.example.be:465.
import nodemailer from "nodemailer";
import type { NodemailerError } from "nodemailer";
import { MailDeliveryError, type MailMessage, type MailSendResult, type MailTransport } from "../types";
import { composerOptions } from "./compose.server";

export interface SmtpTransportOptions {
  from: string;
  /** smtp:// or smtps:// URL, credentials URL-encoded in the user info part. */
  url: string;
  /** Connection, greeting and socket timeout in ms (default 30 s). */
  timeoutMs?: number;
}

// Errors without an SMTP reply that retrying the same message will not fix.
const PERMANENT_ERROR_CODES = new Set([
  "ECONFIG",
  "EENVELOPE",
  "EMESSAGE",
  "ENOAUTH",
  "EAUTH",
  "EOTP",
  "EMAXRECIPIENTS",
  "EFILEACCESS",
  "EURLACCESS",
  "EREQUIRETLS",
]);

function describe(error: NodemailerError): string {
  const parts = [error.code, error.command ? `during ${error.command}` : undefined].filter(Boolean).join(" ");
  const response = error.response
    ? `: ${error.response.replace(/\s+/g, " ").slice(0, 300)}`
    : `: ${error.message}`;
  return `smtp transport: delivery failed${parts ? ` (${parts})` : ""}${response}`;
}

/** Maps a nodemailer error onto a MailDeliveryError (4xx/connection: retryable, 5xx: permanent). */
export function toSmtpDeliveryError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  if (!(error instanceof Error)) {
    return new MailDeliveryError(`smtp transport: delivery failed: ${String(error)}`, {
      retryable: true,
      transport: "smtp",
      cause: error,
    });
  }
  const nmError = error as NodemailerError;
  const status = typeof nmError.responseCode === "number" ? nmError.responseCode : undefined;
  let retryable: boolean;
  if (typeof nmError.permanent === "boolean") {
    retryable = !nmError.permanent;
  } else if (status !== undefined) {
    retryable = !(status >= 500 && status < 600 && status !== 503);
  } else {
    // No SMTP reply: connection, DNS, TLS or timeout problems are transient.
    retryable = !(nmError.code !== undefined && PERMANENT_ERROR_CODES.has(nmError.code));
  }
  return new MailDeliveryError(describe(nmError), {
    retryable,
    transport: "smtp",
    code: status !== undefined ? `SMTP_${status}` : nmError.code ?? "ESMTP",
    ...(status !== undefined ? { status } : {}),
    cause: error,
  });
}

export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const from = options.from;

  return {
    name: "smtp",
    async send(message: MailMessage): Promise<MailSendResult> {
      try {
        const info = await transporter.sendMail(composerOptions(message, from));
        return { messageId: info.messageId };
      } catch (error) {
        throw toSmtpDeliveryError(error);
      }
    },
  };
}
