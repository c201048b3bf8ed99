// A minimal SMTP server on 127.0.0.1 (Node's `net`, no package) standing in
// for the outside mail server: it accepts every message and records each DATA
// it receives: what reached the transport, duplicates included. Point the app at it with MAIL_TRANSPORT=smtp
// SMTP_URL=smtp://127.0.0.1:<port>. No TLS, no AUTH: nothing is advertised, so
// nodemailer sends in plain text.
import { createServer, type Socket } from "node:net";

export type Delivery = { messageId: string | null; to: string[]; subject: string; idempotencyKey: string | null; raw: string };

export type SmtpSink = {
  port: number;
  url: string;
  /** Every accepted DATA, in order of arrival. */
  deliveries: Delivery[];
  /** Answers the DATA replies held back (see holdRepliesFrom) and holds no more. */
  release: () => void;
  close: () => Promise<void>;
};

export type SmtpSinkOptions = {
  /**
   * From the N-th DATA on, the message is recorded but the server does not
   * answer it until release(): the mail has left the sender, which has not
   * heard so. A test kills the sender in that moment.
   */
  holdRepliesFrom?: number;
};

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) decoded. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}

/** A header of the message (unfolded, decoded), or null. */
function header(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? decodeWords(line.slice(name.length + 1).trim()) : null;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const deliveries: Delivery[] = [];
  let holding = options.holdRepliesFrom !== undefined;
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    socket.setEncoding("latin1");
    let buffer = "";
    let inData = false;
    let recipients: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 reliability-sink ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/\r\n\.\./g, "\r\n.");
          buffer = buffer.slice(end + 5);
          inData = false;
          deliveries.push({
            messageId: header(raw, "Message-ID"),
            to: recipients,
            subject: header(raw, "Subject") ?? "",
            idempotencyKey: header(raw, "Idempotency-Key"),
            raw,
          });
          recipients = [];
          if (holding && deliveries.length >= options.holdRepliesFrom!) held.push(() => reply("250 2.0.0 queued"));
          else reply("250 2.0.0 queued");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 reliability-sink");
        else if (verb === "MAIL") {
          recipients = [];
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? line.slice(8).trim());
          reply("250 2.1.5 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          reply("221 2.0.0 bye");
          socket.end();
          return;
        } else if (verb === "RSET" || verb === "NOOP") reply("250 2.0.0 ok");
        else reply("502 5.5.2 not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("smtp sink: no port");
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    deliveries,
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The guarantee of the outbox, checked on what reached the SMTP server: at
 * least once, with de-duplication by Message-ID. Every expected message
 * (idempotency key → its stable Message-ID) arrived; nothing else arrived; and
 * a Message-ID arrived more than once only for a message that was in flight
 * when a process was killed: sends are one at a time, so at most `kills`
 * Message-IDs arrive twice, none three times. Returns the problems (empty: ok).
 */
export function deliveryProblems(deliveries: readonly Delivery[], expected: ReadonlyMap<string, string>, options: { kills: number }): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const d of deliveries) {
    if (!d.messageId) problems.push(`a delivery without a Message-ID (to ${d.to.join(", ")}: ${d.subject})`);
    else counts.set(d.messageId, (counts.get(d.messageId) ?? 0) + 1);
  }
  const wanted = new Set(expected.values());
  const missing = [...expected].filter(([, id]) => !counts.has(id)).map(([key]) => key);
  if (missing.length > 0) problems.push(`${missing.length} never delivered, e.g. ${missing.slice(0, 3).join(", ")}`);
  const unexpected = [...counts.keys()].filter((id) => !wanted.has(id));
  if (unexpected.length > 0) problems.push(`${unexpected.length} delivered that were not expected, e.g. ${unexpected.slice(0, 3).join(", ")}`);
  const repeated = [...counts].filter(([, n]) => n > 1);
  if (repeated.some(([, n]) => n > 2)) problems.push(`a Message-ID delivered three times or more: ${repeated.filter(([, n]) => n > 2).map(([id, n]) => `${id} ×${n}`).join(", ")}`);
  if (repeated.length > options.kills) problems.push(`${repeated.length} Message-IDs delivered twice, more than the ${options.kills} in flight at a kill`);
  return problems;
}
