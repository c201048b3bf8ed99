import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFileTransport,
  defaultOutboxDir,
  listOutbox,
  OutboxFileNameError,
  readOutboxEml,
  readOutboxMessage,
} from "./file.server";
import type { MailMessage } from "../types";

// --- A deliberately small MIME reader, enough to check our own output. ---

interface Part {
  headers: Map<string, string>;
  body: string;
}

function decodeEncodedWords(value: string): string {
  const merged = value.replace(/\?=\s+=\?/g, "?==?");
  const bytes: number[] = [];
  let last = 0;
  for (const match of merged.matchAll(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g)) {
    bytes.push(...Buffer.from(merged.slice(last, match.index), "utf8"));
    const [, , encoding, data = ""] = match;
    if (encoding?.toUpperCase() === "B") {
      bytes.push(...Buffer.from(data, "base64"));
    } else {
      const q = data.replace(/_/g, " ");
      for (let i = 0; i < q.length; i++) {
        if (q[i] === "=") {
          bytes.push(parseInt(q.slice(i + 1, i + 3), 16));
          i += 2;
        } else {
          bytes.push(q.charCodeAt(i));
        }
      }
    }
    last = (match.index ?? 0) + match[0].length;
  }
  bytes.push(...Buffer.from(merged.slice(last), "utf8"));
  return Buffer.from(bytes).toString("utf8");
}

function parsePart(raw: string): Part {
  const split = raw.indexOf("\r\n\r\n");
  const headerBlock = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of headerBlock.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function boundaryOf(part: Part): string {
  const match = /boundary="?([^";]+)"?/.exec(part.headers.get("content-type") ?? "");
  if (!match?.[1]) throw new Error("no boundary");
  return match[1];
}

function childParts(part: Part): Part[] {
  const boundary = boundaryOf(part);
  const sections = part.body.split(`--${boundary}`);
  // sections[0] is the preamble; the last one starts with "--" (closing delimiter).
  return sections
    .slice(1)
    .filter((section) => !section.startsWith("--"))
    .map((section) => parsePart(section.replace(/^\r\n/, "").replace(/\r\n$/, "")));
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") {
    const soft = part.body.replace(/=\r\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i] ?? "", "utf8"));
      }
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(part.body, "utf8");
}

// --- Tests ---

const SUBJECT = "Ondertekening gevraagd: afsprakennota 2026–2027 ë";
const FROM = "Akkoord <no-reply@akkoord.local>";
const PDF = new Uint8Array(Buffer.from("%PDF-1.7\n% fake pdf for tests\n%%EOF\n", "latin1"));
const FILE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[a-z0-9]{8}\.eml$/;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "akkoord-outbox-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function message(overrides: Partial<MailMessage> = {}): MailMessage {
  return {
    to: ["Jana Peeters <jana.peeters@school.be>", "zorg@clb.be"],
    cc: ["directie@school.be"],
    subject: SUBJECT,
    text: "Beste Jana,\n\nDe afsprakennota is klaar voor ondertekening. Één klik volstaat.",
    html: "<p>Beste Jana,</p><p>De afsprakennota is klaar voor ondertekening. Één klik volstaat.</p>",
    attachments: [{ filename: "afsprakennota-2026-2027.pdf", content: PDF, contentType: "application/pdf" }],
    headers: { "Reply-To": "zorg@clb.be" },
    ...overrides,
  };
}

describe("file transport", () => {
  it("writes a parseable RFC 5322 .eml with UTF-8 headers, text+html alternative and the attachment", async () => {
    const transport = createFileTransport({ from: FROM, dir });
    expect(transport.name).toBe("file");
    const { messageId } = await transport.send(message());

    const files = await readdir(dir);
    const emls = files.filter((file) => file.endsWith(".eml"));
    expect(emls).toHaveLength(1);
    const eml = emls[0] ?? "";
    expect(eml).toMatch(FILE_PATTERN);
    expect(files.sort()).toEqual([eml.replace(/\.eml$/, ".json"), eml].sort()); // no .tmp left behind

    const raw = await readFile(path.join(dir, eml), "utf8");
    // Headers are 7-bit, lines end in CRLF and stay within the RFC 5322 limit.
    const headerBlock = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(/^[\x20-\x7e\r\n\t]*$/.test(headerBlock)).toBe(true);
    expect(raw.replace(/\r\n/g, "").includes("\n")).toBe(false);
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);

    const root = parsePart(raw);
    expect(root.headers.get("subject")).toMatch(/=\?UTF-8\?/i);
    expect(decodeEncodedWords(root.headers.get("subject") ?? "")).toBe(SUBJECT);
    expect(root.headers.get("from")).toBe(FROM);
    expect(root.headers.get("to")).toBe("Jana Peeters <jana.peeters@school.be>, zorg@clb.be");
    expect(root.headers.get("cc")).toBe("directie@school.be");
    expect(root.headers.get("reply-to")).toBe("zorg@clb.be");
    expect(root.headers.get("mime-version")).toBe("1.0");
    expect(root.headers.get("message-id")).toBe(messageId);
    expect(messageId).toMatch(/^<[^@\s]+@akkoord\.local>$/);
    expect(Number.isNaN(Date.parse(root.headers.get("date") ?? ""))).toBe(false);
    expect(root.headers.get("content-type")).toMatch(/^multipart\/mixed;/);

    const [alternative, attachment, ...rest] = childParts(root);
    expect(rest).toHaveLength(0);
    if (!alternative || !attachment) throw new Error("missing parts");
    expect(alternative.headers.get("content-type")).toMatch(/^multipart\/alternative;/);
    const [plain, html] = childParts(alternative);
    if (!plain || !html) throw new Error("missing alternatives");
    expect(plain.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(decodeBody(plain).toString("utf8").replace(/\r\n/g, "\n")).toBe(message().text);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(decodeBody(html).toString("utf8")).toBe(message().html);

    expect(attachment.headers.get("content-type")).toMatch(/^application\/pdf/);
    expect(attachment.headers.get("content-disposition")).toMatch(
      /^attachment; filename="?afsprakennota-2026-2027\.pdf"?$/,
    );
    expect(new Uint8Array(decodeBody(attachment))).toEqual(PDF);
  });

  it("writes a JSON sidecar with the message content and attachment metadata", async () => {
    await createFileTransport({ from: FROM, dir }).send(message({ idempotencyKey: "sign-request:42" }));
    const json = (await readdir(dir)).find((file) => file.endsWith(".json")) ?? "";
    const sidecar = JSON.parse(await readFile(path.join(dir, json), "utf8")) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      version: 1,
      from: FROM,
      to: ["Jana Peeters <jana.peeters@school.be>", "zorg@clb.be"],
      cc: ["directie@school.be"],
      subject: SUBJECT,
      text: message().text,
      html: message().html,
      headers: { "Reply-To": "zorg@clb.be" },
      idempotencyKey: "sign-request:42",
      attachments: [
        { filename: "afsprakennota-2026-2027.pdf", contentType: "application/pdf", size: PDF.byteLength },
      ],
    });
  });

  it("derives a stable Message-ID from the idempotency key", async () => {
    const transport = createFileTransport({ from: FROM, dir });
    const first = await transport.send(message({ idempotencyKey: "k-1" }));
    const again = await transport.send(message({ idempotencyKey: "k-1" }));
    const other = await transport.send(message({ idempotencyKey: "k-2" }));
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it("replaces an earlier delivery with the same idempotency key instead of adding a second message", async () => {
    await createFileTransport({ from: FROM, dir }).send(message({ idempotencyKey: "reminder:1", subject: "eerste" }));
    await createFileTransport({ from: FROM, dir }).send(message({ idempotencyKey: "reminder:2", subject: "ander" }));
    // A second transport (e.g. the next process after a crash) delivers key 1 again.
    await createFileTransport({ from: FROM, dir }).send(message({ idempotencyKey: "reminder:1", subject: "opnieuw" }));

    const files = await readdir(dir);
    expect(files.filter((file) => file.endsWith(".eml"))).toHaveLength(2);
    expect(files.filter((file) => file.endsWith(".json"))).toHaveLength(2);
    expect(files.every((file) => FILE_PATTERN.test(file) || file.endsWith(".json"))).toBe(true);
    const subjects = (await listOutbox(dir)).map((entry) => entry.subject).sort();
    expect(subjects).toEqual(["ander", "opnieuw"]);
  });

  it("creates the outbox directory when needed and defaults to data/outbox", async () => {
    const nested = path.join(dir, "a", "b");
    await createFileTransport({ from: FROM, dir: nested }).send(message({ to: "een@school.be", cc: [] }));
    expect((await readdir(nested)).filter((file) => file.endsWith(".eml"))).toHaveLength(1);
    expect(defaultOutboxDir("/srv/akkoord")).toBe(path.resolve("/srv/akkoord/data/outbox"));
  });
});

describe("listOutbox", () => {
  it("lists messages newest first and skips foreign files", async () => {
    const transport = createFileTransport({ from: FROM, dir });
    for (const subject of ["eerste", "tweede", "derde"]) {
      await transport.send(message({ subject, to: `${subject}@school.be` }));
    }
    await writeFile(path.join(dir, "notes.txt"), "not a message");
    await writeFile(path.join(dir, "2026-01-01T00-00-00-000Z-zzzzzzzz.eml"), "no sidecar");

    const entries = await listOutbox(dir);
    expect(entries.map((entry) => entry.subject)).toEqual(["derde", "tweede", "eerste"]);
    const [newest, , oldest] = entries;
    if (!newest || !oldest) throw new Error("missing entries");
    expect(newest.to).toEqual(["derde@school.be"]);
    expect(newest.file).toMatch(FILE_PATTERN);
    expect(newest.size).toBeGreaterThan(PDF.byteLength);
    expect(newest.date.getTime()).toBeGreaterThan(oldest.date.getTime());

    expect((await listOutbox(dir, { limit: 2 })).map((entry) => entry.subject)).toEqual(["derde", "tweede"]);
  });

  it("treats a missing directory as an empty outbox", async () => {
    expect(await listOutbox(path.join(dir, "does-not-exist"))).toEqual([]);
  });
});

describe("readOutboxMessage", () => {
  it("returns headers, bodies and attachment metadata", async () => {
    const { messageId } = await createFileTransport({ from: FROM, dir }).send(message());
    const [entry] = await listOutbox(dir);
    if (!entry) throw new Error("no entry");

    const read = await readOutboxMessage(dir, entry.file);
    expect(read).toMatchObject({
      file: entry.file,
      size: entry.size,
      headers: {
        messageId,
        from: FROM,
        to: ["Jana Peeters <jana.peeters@school.be>", "zorg@clb.be"],
        cc: ["directie@school.be"],
        subject: SUBJECT,
        extra: { "Reply-To": "zorg@clb.be" },
      },
      text: message().text,
      html: message().html,
      attachments: [
        { filename: "afsprakennota-2026-2027.pdf", contentType: "application/pdf", size: PDF.byteLength },
      ],
    });
    expect(read?.headers.date).toEqual(entry.date);

    const eml = await readOutboxEml(dir, entry.file);
    expect(eml?.byteLength).toBe(entry.size);
  });

  it("rejects anything but a plain outbox file name", async () => {
    await writeFile(path.join(dir, "x"), "secret");
    const bad = [
      "../x",
      "x",
      "..",
      "/etc/passwd",
      "sub/2026-01-01T00-00-00-000Z-abcdefgh.eml",
      "..%2F2026-01-01T00-00-00-000Z-abcdefgh.eml",
      "2026-01-01T00-00-00-000Z-abcdefgh.json",
      "2026-01-01T00-00-00-000Z-abcdefgh.eml\0",
    ];
    for (const file of bad) {
      await expect(readOutboxMessage(dir, file)).rejects.toBeInstanceOf(OutboxFileNameError);
      await expect(readOutboxEml(dir, file)).rejects.toBeInstanceOf(OutboxFileNameError);
    }
  });

  it("returns null for a well-formed name that does not exist", async () => {
    expect(await readOutboxMessage(dir, "2026-01-01T00-00-00-000Z-abcdefgh.eml")).toBeNull();
    expect(await readOutboxEml(dir, "2026-01-01T00-00-00-000Z-abcdefgh.eml")).toBeNull();
  });
});
