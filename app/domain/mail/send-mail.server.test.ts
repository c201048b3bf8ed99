import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createMailer,
  DEFAULT_MAIL_FROM,
  MailConfigError,
  mailConfigFromEnv,
  mailerFromTransport,
  type MailConfig,
} from "./send-mail.server";
import { EnvError, parseEnv } from "~/utils/env.server";
import { buildMail, DEMO_MAIL_NOTICE } from "./templates";
import { listOutbox, readOutboxMessage } from "./transports/file.server";
import { MailDeliveryError, type MailMessage, type MailTransport } from "./types";

function configError(run: () => unknown): MailConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MailConfigError);
    return error as MailConfigError;
  }
  throw new Error("expected a MailConfigError");
}

describe("createMailer configuration", () => {
  it("names the missing settings of the http transport", () => {
    const error = configError(() => createMailer({ transport: "http", from: DEFAULT_MAIL_FROM }));
    expect(error.message).toContain("MAIL_HTTP_URL is required when MAIL_TRANSPORT=http");
    expect(error.issues).toEqual([
      "MAIL_HTTP_URL is required when MAIL_TRANSPORT=http",
      "MAIL_HTTP_KEY is required when MAIL_TRANSPORT=http",
    ]);
  });

  it("names the missing SMTP_URL and never echoes an invalid one", () => {
    expect(configError(() => createMailer({ transport: "smtp", from: DEFAULT_MAIL_FROM })).issues).toEqual([
      "SMTP_URL is required when MAIL_TRANSPORT=smtp",
    ]);
    const error = configError(() =>
      createMailer({ transport: "smtp", from: DEFAULT_MAIL_FROM, smtpUrl: "http://user:hunter2@mail.test" }),
    );
    expect(error.message).toContain("SMTP_URL must be a URL like smtp://");
    expect(error.message).not.toContain("hunter2");
  });

  it("rejects an unknown transport, a bad sender and a non-http API URL", () => {
    expect(
      configError(() =>
        createMailer({ transport: "pigeon", from: DEFAULT_MAIL_FROM } as unknown as MailConfig),
      ).message,
    ).toContain("MAIL_TRANSPORT must be one of file, smtp, http");
    expect(configError(() => createMailer({ transport: "file", from: "Akkoord" })).message).toContain(
      "MAIL_FROM must be one e-mail address",
    );
    expect(
      configError(() =>
        createMailer({ transport: "http", from: DEFAULT_MAIL_FROM, httpBaseUrl: "ftp://x", httpApiKey: "k" }),
      ).issues,
    ).toEqual(["MAIL_HTTP_URL must be an http:// or https:// URL"]);
  });

  it("creates mailers for valid configurations", () => {
    expect(createMailer({ transport: "file", from: DEFAULT_MAIL_FROM }).transportName).toBe("file");
    expect(
      createMailer({ transport: "smtp", from: DEFAULT_MAIL_FROM, smtpUrl: "smtp://u:p@localhost:2525" })
        .transportName,
    ).toBe("smtp");
    expect(
      createMailer({
        transport: "http",
        from: DEFAULT_MAIL_FROM,
        httpBaseUrl: "https://mail-api.test",
        httpApiKey: "k",
      }).transportName,
    ).toBe("http");
  });
});

describe("mailConfigFromEnv", () => {
  it("defaults to the file transport in data/outbox", () => {
    expect(mailConfigFromEnv(parseEnv({}))).toEqual({
      transport: "file",
      from: "Akkoord <no-reply@akkoord.local>",
      outboxDir: path.resolve(process.cwd(), "data", "outbox"),
      demo: true,
    });
  });

  it("reads all settings and treats empty values as unset", () => {
    expect(
      mailConfigFromEnv(parseEnv({
        MAIL_TRANSPORT: "http",
        MAIL_FROM: "Akkoord <no-reply@akkoord.be>",
        MAIL_OUTBOX_DIR: "",
        SMTP_URL: " ",
        MAIL_HTTP_URL: "https://mail-api.test/v1",
        MAIL_HTTP_KEY: "secret",
      })),
    ).toEqual({
      transport: "http",
      from: "Akkoord <no-reply@akkoord.be>",
      outboxDir: path.resolve(process.cwd(), "data", "outbox"),
      httpBaseUrl: "https://mail-api.test/v1",
      httpApiKey: "secret",
      demo: true,
    });
    expect(
      mailConfigFromEnv(parseEnv({ MAIL_TRANSPORT: "smtp", SMTP_URL: "smtps://u:p@smtp.test:465" })),
    ).toMatchObject({
      transport: "smtp",
      smtpUrl: "smtps://u:p@smtp.test:465",
    });
  });

  it("marks mail as demo unless AKKOORD_MODE=productie", () => {
    expect(mailConfigFromEnv(parseEnv({ AKKOORD_MODE: "demo" })).demo).toBe(true);
    expect(mailConfigFromEnv(parseEnv({ AKKOORD_MODE: "productie", MAIL_TRANSPORT: "smtp", SMTP_URL: "smtp://mail.test:25" })).demo).toBe(false);
  });

  it("stops at a wrong value with one Dutch line naming the variable", () => {
    expect(() => parseEnv({ MAIL_TRANSPORT: "http", MAIL_HTTP_KEY: "k" })).toThrow(
      new EnvError("Ongeldige instelling MAIL_HTTP_URL: ontbreekt (nodig met MAIL_TRANSPORT=http)"),
    );
    expect(() => parseEnv({ MAIL_FROM: "geen adres" })).toThrow(/^Ongeldige instelling MAIL_FROM: moet één e-mailadres zijn/);
  });
});

describe("mailer", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "akkoord-mailer-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("sends a built mail through the file transport", async () => {
    const mailer = createMailer({ transport: "file", from: DEFAULT_MAIL_FROM, outboxDir: dir });
    const mail = buildMail({
      to: "jana.peeters@school.be",
      subject: "Ondertekening gevraagd: afsprakennota 2026–2027 ë",
      paragraphs: ["De afsprakennota is klaar."],
      action: { label: "Bekijken", url: "https://akkoord.be/nota/1" },
    });
    const { messageId } = await mailer.send(mail);
    const [entry] = await listOutbox(dir);
    expect(entry?.subject).toBe("Ondertekening gevraagd: afsprakennota 2026–2027 ë");
    const read = await readOutboxMessage(dir, entry?.file ?? "");
    expect(read?.headers.messageId).toBe(messageId);
    expect(read?.html).toBe(mail.html);
  });

  it("puts the demo notice in the footer of every mail of a demo installation, and only there", async () => {
    const mail = buildMail({ to: "jana.peeters@school.be", subject: "Uitnodiging", paragraphs: ["Welkom."] });
    await createMailer({ transport: "file", from: DEFAULT_MAIL_FROM, outboxDir: dir, demo: true }).send(mail);
    await createMailer({ transport: "file", from: DEFAULT_MAIL_FROM, outboxDir: path.join(dir, "echt") }).send(mail);
    const [demoEntry] = await listOutbox(dir);
    const demo = await readOutboxMessage(dir, demoEntry?.file ?? "");
    expect(demo?.text?.trimEnd().endsWith(DEMO_MAIL_NOTICE)).toBe(true);
    expect(demo?.html).toContain(DEMO_MAIL_NOTICE);
    const [realEntry] = await listOutbox(path.join(dir, "echt"));
    const real = await readOutboxMessage(path.join(dir, "echt"), realEntry?.file ?? "");
    expect(real?.text).not.toContain("Demo-omgeving");
    expect(real?.html).toBe(mail.html);
  });

  const valid: MailMessage = { to: "a@school.be", subject: "Onderwerp", text: "t", html: "<p>t</p>" };
  const invalid: [string, MailMessage, RegExp][] = [
    ["no recipients", { ...valid, to: [] }, /to: at least one recipient/],
    ["a bad address", { ...valid, to: "geen adres" }, /invalid e-mail address "geen adres"/],
    ["a bad cc", { ...valid, cc: ["a@b.be", "x"] }, /cc\.1: invalid e-mail address/],
    [
      "a line break in the subject",
      { ...valid, subject: "a\r\nBcc: x@y.be" },
      /subject must not contain line breaks/,
    ],
    ["an empty subject", { ...valid, subject: "  " }, /subject is required/],
    ["a reserved header", { ...valid, headers: { Bcc: "x@y.be" } }, /header Bcc is set by the mailer/],
    [
      "a header value with a line break",
      { ...valid, headers: { "X-A": "1\nB: 2" } },
      /header values must not contain/,
    ],
    [
      "an attachment path",
      {
        ...valid,
        attachments: [{ filename: "../x.pdf", content: new Uint8Array(), contentType: "application/pdf" }],
      },
      /plain, non-empty file name/,
    ],
    ["a bad idempotency key", { ...valid, idempotencyKey: "met spatie" }, /idempotencyKey/],
  ];

  it.each(invalid)(
    "rejects a message with %s before it reaches the transport",
    async (_label, message, pattern) => {
      let calls = 0;
      const transport: MailTransport = {
        name: "fake",
        send: async () => {
          calls++;
          return { messageId: "x" };
        },
      };
      const error = await mailerFromTransport(transport)
        .send(message)
        .catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect((error as MailDeliveryError).retryable).toBe(false);
      expect((error as MailDeliveryError).code).toBe("INVALID_MESSAGE");
      expect((error as MailDeliveryError).message).toMatch(pattern);
      expect(calls).toBe(0);
    },
  );

  it("passes delivery errors through and wraps unexpected ones as retryable", async () => {
    const permanent = new MailDeliveryError("nope", { retryable: false, transport: "fake" });
    const failing = (error: unknown): MailTransport => ({
      name: "fake",
      send: () => Promise.reject(error),
    });
    await expect(mailerFromTransport(failing(permanent)).send(valid)).rejects.toBe(permanent);
    const wrapped: unknown = await mailerFromTransport(failing(new Error("disk on fire")))
      .send(valid)
      .catch((reason: unknown) => reason);
    expect(wrapped).toBeInstanceOf(MailDeliveryError);
    expect((wrapped as MailDeliveryError).retryable).toBe(true);
    expect((wrapped as MailDeliveryError).message).toContain("disk on fire");
  });

  it("accepts display names and several recipients", async () => {
    const sent: MailMessage[] = [];
    const mailer = mailerFromTransport({
      name: "fake",
      send: async (message) => {
        sent.push(message);
        return { messageId: "<1@test>" };
      },
    });
    await mailer.send({
      ...valid,
      to: ["Jana Peeters <jana@school.be>", '"Peeters, Jan" <jan@school.be>'],
      cc: ["zorg@clb.be"],
    });
    expect(sent).toHaveLength(1);
  });
});
