// Shared types of the mail module. This module is the only place in the app
// that sends e-mail; everything else hands a MailMessage to a mailer.

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface MailMessage {
  /** One address or several; "naam@voorbeeld.be" or "Naam <naam@voorbeeld.be>". */
  to: string | string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** Extra headers (e.g. Reply-To). Standard headers such as From/To/Subject are not allowed here. */
  headers?: Record<string, string>;
  /**
   * Stable key for this logical message (e.g. "signature-request:<id>").
   * The http transport sends it as Idempotency-Key; the file and smtp
   * transports derive a stable Message-ID from it.
   */
  idempotencyKey?: string;
}

export interface MailSendResult {
  messageId: string;
}

export interface MailTransport {
  readonly name: string;
  send(message: MailMessage): Promise<MailSendResult>;
}

export interface MailDeliveryErrorOptions {
  /** True when sending the same message again later may succeed. */
  retryable: boolean;
  /** Name of the transport that failed ("file", "smtp", "http", or "mailer" for validation). */
  transport: string;
  /** Machine-readable reason, e.g. "HTTP_500", "SMTP_550", "ECONNECTION", "INVALID_MESSAGE". */
  code?: string;
  /** HTTP status or SMTP reply code, when there was one. */
  status?: number;
  /** Suggested wait before retrying (from Retry-After), when known. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed delivery. The message is technical English meant for logs and
 * administrators, never for end users; it never contains credentials.
 */
export class MailDeliveryError extends Error {
  override readonly name = "MailDeliveryError";
  readonly retryable: boolean;
  readonly transport: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: MailDeliveryErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
    this.transport = options.transport;
    this.code = options.code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isMailDeliveryError(error: unknown): error is MailDeliveryError {
  return error instanceof MailDeliveryError;
}
