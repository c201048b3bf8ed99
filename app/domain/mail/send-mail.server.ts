// Entry point of the mail module: configuration (from code or environment)
// and the mailer that validates messages and hands them to one transport.
import path from "node:path";
import { z } from "zod";
import { isAddressList, isSingleAddress } from "~/utils/email-address";
import { env, type Env } from "~/utils/env.server";
import { markAsDemo } from "./templates";
import { createFileTransport, defaultOutboxDir } from "./transports/file.server";
import { createHttpTransport } from "./transports/http.server";
import { createSmtpTransport } from "./transports/smtp.server";
import { MailDeliveryError, type MailMessage, type MailSendResult, type MailTransport } from "./types";

export const MAIL_TRANSPORT_NAMES = ["file", "smtp", "http"] as const;
export type MailTransportName = (typeof MAIL_TRANSPORT_NAMES)[number];

export const DEFAULT_MAIL_FROM = "Akkoord <no-reply@akkoord.local>";

export interface MailConfig {
  transport: MailTransportName;
  from: string;
  /** file transport: directory for .eml files (default data/outbox under the working directory). */
  outboxDir?: string;
  /** smtp transport: smtp://user:pass@host:port or smtps://… */
  smtpUrl?: string;
  /** http transport: base URL of the mail API. */
  httpBaseUrl?: string;
  /** http transport: bearer token. */
  httpApiKey?: string;
  /** http transport: request timeout in ms (default 10 s). */
  httpTimeoutMs?: number;
  /** A demo installation: every message gets the demo notice in its footer (templates.markAsDemo). */
  demo?: boolean;
}

export interface Mailer {
  readonly transportName: string;
  send(message: MailMessage): Promise<MailSendResult>;
}

/** Invalid mail configuration; `issues` name the environment variables involved. */
export class MailConfigError extends Error {
  override readonly name = "MailConfigError";
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid mail configuration: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

const HEADER_UNSAFE = /[\r\n]/;

function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

const optionalSetting = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const configSchema = z
  .object({
    transport: z.enum(MAIL_TRANSPORT_NAMES, {
      errorMap: () => ({ message: `MAIL_TRANSPORT must be one of ${MAIL_TRANSPORT_NAMES.join(", ")}` }),
    }),
    from: z
      .string({ required_error: "MAIL_FROM is required" })
      .refine(isSingleAddress, 'MAIL_FROM must be one e-mail address, e.g. "Akkoord <no-reply@akkoord.be>"'),
    outboxDir: optionalSetting,
    smtpUrl: optionalSetting,
    httpBaseUrl: optionalSetting,
    httpApiKey: optionalSetting,
    httpTimeoutMs: z
      .number({ invalid_type_error: "MAIL_HTTP_TIMEOUT_MS must be a number" })
      .int("MAIL_HTTP_TIMEOUT_MS must be a whole number of milliseconds")
      .positive("MAIL_HTTP_TIMEOUT_MS must be positive")
      .optional(),
    demo: z.boolean().optional(),
  })
  .superRefine((config, ctx) => {
    const issue = (pathName: keyof MailConfig, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [pathName], message });
    if (config.transport === "smtp") {
      if (!config.smtpUrl) issue("smtpUrl", "SMTP_URL is required when MAIL_TRANSPORT=smtp");
      // Never echo the URL itself: it may contain a password.
      else if (!hasProtocol(config.smtpUrl, ["smtp:", "smtps:"]))
        issue(
          "smtpUrl",
          "SMTP_URL must be a URL like smtp://user:pass@host:587 or smtps://user:pass@host:465",
        );
    }
    if (config.transport === "http") {
      if (!config.httpBaseUrl) issue("httpBaseUrl", "MAIL_HTTP_URL is required when MAIL_TRANSPORT=http");
      else if (!hasProtocol(config.httpBaseUrl, ["http:", "https:"]))
        issue("httpBaseUrl", "MAIL_HTTP_URL must be an http:// or https:// URL");
      if (!config.httpApiKey) issue("httpApiKey", "MAIL_HTTP_KEY is required when MAIL_TRANSPORT=http");
    }
  });

/** Validates a configuration; throws MailConfigError with every problem found. */
export function parseMailConfig(config: unknown): MailConfig {
  const result = configSchema.safeParse(config);
  if (!result.success) {
    throw new MailConfigError(result.error.issues.map((issue) => issue.message));
  }
  const { outboxDir, smtpUrl, httpBaseUrl, httpApiKey, httpTimeoutMs, ...rest } = result.data;
  return {
    ...rest,
    ...(outboxDir !== undefined ? { outboxDir } : {}),
    ...(smtpUrl !== undefined ? { smtpUrl } : {}),
    ...(httpBaseUrl !== undefined ? { httpBaseUrl } : {}),
    ...(httpApiKey !== undefined ? { httpApiKey } : {}),
    ...(httpTimeoutMs !== undefined ? { httpTimeoutMs } : {}),
  };
}

/**
 * Mail configuration from the environment module (which validates it):
 * MAIL_TRANSPORT (file|smtp|http, default file), MAIL_FROM, MAIL_OUTBOX_DIR
 * (default data/outbox), SMTP_URL, MAIL_HTTP_URL, MAIL_HTTP_KEY; AKKOORD_MODE
 * (demo unless "productie") marks every mail as coming from a demo.
 */
export function mailConfigFromEnv(settings: Env = env()): MailConfig {
  return parseMailConfig({
    transport: settings.MAIL_TRANSPORT,
    from: settings.MAIL_FROM ?? DEFAULT_MAIL_FROM,
    outboxDir: path.resolve(settings.MAIL_OUTBOX_DIR ?? path.join("data", "outbox")),
    smtpUrl: settings.SMTP_URL,
    httpBaseUrl: settings.MAIL_HTTP_URL,
    httpApiKey: settings.MAIL_HTTP_KEY,
    demo: settings.AKKOORD_MODE === "demo",
  });
}

// Set by the mailer itself or derived from the message fields.
const RESERVED_HEADERS = new Set([
  "from",
  "sender",
  "to",
  "cc",
  "bcc",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "content-disposition",
]);

const headerLine = (label: string) =>
  z.string().refine((value) => !HEADER_UNSAFE.test(value), `${label} must not contain line breaks`);

const addressSchema = z.string().refine(isAddressList, (value) => ({
  message: `invalid e-mail address ${JSON.stringify(value.slice(0, 100))}`,
}));

const messageSchema = z.object({
  to: z.union([addressSchema, z.array(addressSchema).min(1, "at least one recipient is required")]),
  cc: z.array(addressSchema).optional(),
  subject: headerLine("subject").refine((value) => value.trim() !== "", "subject is required"),
  text: z.string(),
  html: z.string(),
  attachments: z
    .array(
      z.object({
        filename: headerLine("attachment filename").refine(
          (value) => value.trim() !== "" && !/[\\/]/.test(value),
          "attachment filename must be a plain, non-empty file name",
        ),
        content: z.instanceof(Uint8Array, { message: "attachment content must be a Uint8Array" }),
        contentType: z
          .string()
          .regex(
            /^[\w.+-]+\/[\w.+-]+$/,
            "attachment contentType must be a MIME type such as application/pdf",
          ),
      }),
    )
    .optional(),
  headers: z
    .record(
      z
        .string()
        .regex(/^[!-9;-~]+$/, "header names must be printable ASCII without ':'")
        .refine(
          (name) => !RESERVED_HEADERS.has(name.toLowerCase()),
          (name) => ({
            message: `header ${name} is set by the mailer and cannot be overridden`,
          }),
        ),
      headerLine("header values"),
    )
    .optional(),
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, "idempotencyKey must be 1-255 printable ASCII characters without spaces")
    .optional(),
});

function invalidMessage(error: z.ZodError): MailDeliveryError {
  const details = error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  return new MailDeliveryError(`invalid mail message: ${details}`, {
    retryable: false,
    transport: "mailer",
    code: "INVALID_MESSAGE",
  });
}

/**
 * A mailer around an existing transport (e.g. a fake in tests), with the same
 * message validation; `demo` adds the demo notice to every message.
 */
export function mailerFromTransport(transport: MailTransport, options: { demo?: boolean } = {}): Mailer {
  return {
    transportName: transport.name,
    async send(message: MailMessage): Promise<MailSendResult> {
      const checked = messageSchema.safeParse(message);
      if (!checked.success) throw invalidMessage(checked.error);
      try {
        return await transport.send(options.demo ? markAsDemo(message) : message);
      } catch (error) {
        if (error instanceof MailDeliveryError) throw error;
        throw new MailDeliveryError(
          `${transport.name} transport: unexpected error: ${
            error instanceof Error ? error.message : String(error)
          }`,
          { retryable: true, transport: transport.name, code: "EUNEXPECTED", cause: error },
        );
      }
    },
  };
}

export function createMailTransport(config: MailConfig): MailTransport {
  const valid = parseMailConfig(config);
  switch (valid.transport) {
    case "file":
      return createFileTransport({ from: valid.from, dir: valid.outboxDir ?? defaultOutboxDir() });
    case "smtp":
      return createSmtpTransport({ from: valid.from, url: valid.smtpUrl ?? "" });
    case "http":
      return createHttpTransport({
        from: valid.from,
        baseUrl: valid.httpBaseUrl ?? "",
        apiKey: valid.httpApiKey ?? "",
        ...(valid.httpTimeoutMs !== undefined ? { timeoutMs: valid.httpTimeoutMs } : {}),
      });
  }
}

/** Validates `config` (throws MailConfigError) and returns a mailer for the chosen transport. */
export function createMailer(config: MailConfig): Mailer {
  return mailerFromTransport(createMailTransport(config), { demo: config.demo === true });
}
