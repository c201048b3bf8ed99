import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MailDeliveryError, type MailMessage } from "../types";
import { createSmtpTransport, toSmtpDeliveryError } from "./smtp.server";

// A minimal SMTP responder on 127.0.0.1 (EHLO/AUTH PLAIN/MAIL/RCPT/DATA/QUIT)
// that records what it receives. No TLS is offered, so the client stays plain.

interface Received {
  auth: string[];
  mailFrom: string[];
  rcptTo: string[];
  data: string[];
}

interface FakeSmtp {
  port: number;
  received: Received;
  close(): Promise<void>;
}

async function startFakeSmtp(options: { rcptReply?: string } = {}): Promise<FakeSmtp> {
  const received: Received = { auth: [], mailFrom: [], rcptTo: [], data: [] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.setEncoding("utf8");
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = "";
    let inData = false;
    let data = "";
    let awaitingAuth = false;

    reply("220 fake.smtp.test ESMTP ready");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) {
            data += buffer;
            buffer = "";
            return;
          }
          data += buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 5);
          received.data.push(data.replace(/^\.\./gm, "."));
          data = "";
          inData = false;
          reply("250 2.0.0 OK queued as FAKE1");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.split(" ")[0]?.toUpperCase() ?? "";
        if (awaitingAuth) {
          awaitingAuth = false;
          received.auth.push(Buffer.from(line, "base64").toString("utf8"));
          reply("235 2.7.0 Authentication successful");
        } else if (verb === "EHLO") {
          reply("250-fake.smtp.test");
          reply("250-AUTH PLAIN");
          reply("250 8BITMIME");
        } else if (verb === "HELO" || verb === "RSET" || verb === "NOOP") {
          reply("250 OK");
        } else if (verb === "AUTH") {
          const initial = line.split(" ")[2];
          if (initial) {
            received.auth.push(Buffer.from(initial, "base64").toString("utf8"));
            reply("235 2.7.0 Authentication successful");
          } else {
            awaitingAuth = true;
            reply("334 ");
          }
        } else if (verb === "MAIL") {
          received.mailFrom.push(line);
          reply("250 2.1.0 OK");
        } else if (verb === "RCPT") {
          received.rcptTo.push(line);
          reply(options.rcptReply ?? "250 2.1.5 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "QUIT") {
          reply("221 2.0.0 Bye");
          socket.end();
          return;
        } else {
          reply("502 5.5.2 Command not implemented");
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const FROM = "Akkoord <no-reply@akkoord.be>";
const message: MailMessage = {
  to: ["Jana Peeters <jana.peeters@school.be>"],
  cc: ["zorg@clb.be"],
  subject: "Ondertekening gevraagd: afsprakennota 2026–2027 ë",
  text: "Beste Jana,\n\nGraag je handtekening.\n.\nEen regel met enkel een punt.",
  html: "<p>Beste Jana,</p>",
  attachments: [
    { filename: "nota.pdf", content: new Uint8Array([37, 80, 68, 70]), contentType: "application/pdf" },
  ],
};

let fake: FakeSmtp | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function sendError(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MailDeliveryError);
  return error as MailDeliveryError;
}

describe("smtp transport", () => {
  it("delivers one message with credentials from the URL", async () => {
    fake = await startFakeSmtp();
    const transport = createSmtpTransport({
      from: FROM,
      url: `smtp://mailer:p%40ss%3Aword@127.0.0.1:${fake.port}`,
      timeoutMs: 5_000,
    });
    expect(transport.name).toBe("smtp");

    const { messageId } = await transport.send(message);

    expect(fake.received.auth).toEqual(["\0mailer\0p@ss:word"]);
    expect(fake.received.mailFrom).toEqual([expect.stringMatching(/^MAIL FROM:<no-reply@akkoord\.be>/)]);
    expect(fake.received.rcptTo).toEqual([
      expect.stringMatching(/^RCPT TO:<jana\.peeters@school\.be>/),
      expect.stringMatching(/^RCPT TO:<zorg@clb\.be>/),
    ]);
    expect(fake.received.data).toHaveLength(1);
    const data = fake.received.data[0] ?? "";
    expect(data).toContain(`Message-ID: ${messageId}`);
    expect(data).toMatch(/Subject: =\?UTF-8\?/i);
    expect(data).toContain("Content-Type: multipart/mixed");
    expect(data).toContain("Content-Type: multipart/alternative");
    expect(data).toContain("Content-Type: application/pdf");
  });

  it("reports a 550 on RCPT as a permanent (non-retryable) error", async () => {
    fake = await startFakeSmtp({ rcptReply: "550 5.1.1 User unknown" });
    const transport = createSmtpTransport({
      from: FROM,
      url: `smtp://127.0.0.1:${fake.port}`,
      timeoutMs: 5_000,
    });
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(550);
    expect(error.code).toBe("SMTP_550");
    expect(error.message).toContain("User unknown");
    expect(fake.received.data).toHaveLength(0);
  });

  it("reports a 451 on RCPT as a retryable error", async () => {
    fake = await startFakeSmtp({ rcptReply: "451 4.3.0 Try again later" });
    const transport = createSmtpTransport({
      from: FROM,
      url: `smtp://127.0.0.1:${fake.port}`,
      timeoutMs: 5_000,
    });
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(451);
  });

  it("reports a refused connection as a retryable error without leaking the password", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    if (!address || typeof address === "string") throw new Error("no port");
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const transport = createSmtpTransport({
      from: FROM,
      url: `smtp://mailer:hunter2@127.0.0.1:${address.port}`,
      timeoutMs: 5_000,
    });
    const error = await sendError(transport.send(message));
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain("hunter2");
  });
});

describe("toSmtpDeliveryError", () => {
  const nodemailerError = (props: Record<string, unknown>) => Object.assign(new Error("boom"), props);

  it("classifies by reply code and error code", () => {
    expect(toSmtpDeliveryError(nodemailerError({ code: "EENVELOPE", responseCode: 552 })).retryable).toBe(
      false,
    );
    expect(toSmtpDeliveryError(nodemailerError({ code: "EMESSAGE", responseCode: 421 })).retryable).toBe(
      true,
    );
    expect(toSmtpDeliveryError(nodemailerError({ code: "EPROTOCOL", responseCode: 503 })).retryable).toBe(
      true,
    );
    expect(toSmtpDeliveryError(nodemailerError({ code: "ECONNECTION" })).retryable).toBe(true);
    expect(toSmtpDeliveryError(nodemailerError({ code: "ETIMEDOUT" })).retryable).toBe(true);
    expect(toSmtpDeliveryError(nodemailerError({ code: "EAUTH", responseCode: 535 })).retryable).toBe(false);
    expect(toSmtpDeliveryError(nodemailerError({ code: "ECONFIG" })).retryable).toBe(false);
  });
});
