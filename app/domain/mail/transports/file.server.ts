// Development/test transport: every message becomes a real RFC 5322 .eml file
// (built by nodemailer's MailComposer) plus a JSON sidecar with the same
// content in easy-to-read form, used by listOutbox/readOutboxMessage.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import MailComposer from "nodemailer/lib/mail-composer";
import { z } from "zod";
import { MailDeliveryError, type MailMessage, type MailSendResult, type MailTransport } from "../types";
import { composerOptions, recipientList } from "./compose.server";

/** e.g. 2026-03-01T09-15-02-123Z-k3j9x0ab.eml */
const OUTBOX_FILE_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-[a-z0-9]{8}\.eml$/;

export function defaultOutboxDir(cwd: string = process.cwd()): string {
  return path.resolve(cwd, "data", "outbox");
}

export function isOutboxFileName(file: string): boolean {
  return OUTBOX_FILE_PATTERN.test(file);
}

export class OutboxFileNameError extends Error {
  override readonly name = "OutboxFileNameError";
  constructor(file: string) {
    super(`Invalid outbox file name: ${JSON.stringify(file.slice(0, 100))}`);
  }
}

export interface FileTransportOptions {
  from: string;
  /** Defaults to data/outbox under process.cwd(). */
  dir?: string;
}

const sidecarSchema = z.object({
  version: z.literal(1),
  messageId: z.string(),
  date: z.string().datetime(),
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string()),
  idempotencyKey: z.string().optional(),
  attachments: z.array(
    z.object({ filename: z.string(), contentType: z.string(), size: z.number().int().nonnegative() }),
  ),
});
type Sidecar = z.infer<typeof sidecarSchema>;

// Timestamps in file names strictly increase within this process, so that
// name order equals send order even for messages sent in the same millisecond.
let lastStampMs = 0;
function nextStamp(): Date {
  const ms = Math.max(Date.now(), lastStampMs + 1);
  lastStampMs = ms;
  return new Date(ms);
}

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function outboxBaseName(date: Date, suffix?: string): string {
  const stamp = date.toISOString().replace(/[:.]/g, "-");
  return `${stamp}-${suffix ?? Array.from(randomBytes(8), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join("")}`;
}

/** The 8-character file-name suffix of a message with this idempotency key. */
export function idempotencySuffix(idempotencyKey: string): string {
  const digest = createHash("sha256").update(idempotencyKey, "utf8").digest();
  return Array.from(digest.subarray(0, 8), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join("");
}

/**
 * The base name an earlier delivery of the same idempotency key used, so that
 * delivering it again overwrites that message instead of adding a second one.
 */
async function earlierBaseName(dir: string, idempotencyKey: string, suffix: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  const candidates = names
    .filter((name) => name.endsWith(`-${suffix}.json`) && isOutboxFileName(name.replace(/\.json$/, ".eml")))
    .sort();
  for (const name of candidates) {
    const sidecar = await readSidecar(dir, name.replace(/\.json$/, ".eml"));
    if (sidecar?.idempotencyKey === idempotencyKey) return name.replace(/\.json$/, "");
  }
  return undefined;
}

async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data, { flag: "wx" });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function createFileTransport(options: FileTransportOptions): MailTransport {
  const dir = path.resolve(options.dir ?? defaultOutboxDir());
  const from = options.from;

  return {
    name: "file",
    async send(message: MailMessage): Promise<MailSendResult> {
      const date = nextStamp();
      // With an idempotency key the file name is derived from it: sending the
      // same message again (e.g. after a crash) replaces it, never duplicates it.
      const key = message.idempotencyKey;
      const suffix = key ? idempotencySuffix(key) : undefined;
      const base = (key && suffix ? await earlierBaseName(dir, key, suffix).catch(() => undefined) : undefined) ?? outboxBaseName(date, suffix);

      let messageId: string;
      let eml: Buffer;
      try {
        const node = new MailComposer({
          ...composerOptions(message, from, { date }),
          newline: "windows",
        }).compile();
        messageId = node.messageId();
        eml = await node.build();
      } catch (error) {
        throw new MailDeliveryError(
          `file transport: could not build MIME message: ${
            error instanceof Error ? error.message : String(error)
          }`,
          { retryable: false, transport: "file", code: errorCode(error) ?? "EMESSAGE", cause: error },
        );
      }

      const sidecar: Sidecar = {
        version: 1,
        messageId,
        date: date.toISOString(),
        from,
        to: recipientList(message.to),
        cc: [...(message.cc ?? [])],
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { ...(message.headers ?? {}) },
        ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}),
        attachments: (message.attachments ?? []).map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          size: attachment.content.byteLength,
        })),
      };

      try {
        await mkdir(dir, { recursive: true });
        // Sidecar first: an .eml that is visible always has its sidecar.
        await writeAtomically(path.join(dir, `${base}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
        await writeAtomically(path.join(dir, `${base}.eml`), eml);
      } catch (error) {
        throw new MailDeliveryError(
          `file transport: could not write to outbox ${dir}: ${
            error instanceof Error ? error.message : String(error)
          }`,
          { retryable: true, transport: "file", code: errorCode(error) ?? "EIO", cause: error },
        );
      }
      return { messageId };
    },
  };
}

export interface OutboxEntry {
  /** File name of the .eml inside the outbox directory. */
  file: string;
  date: Date;
  to: string[];
  subject: string;
  /** Size of the .eml file in bytes. */
  size: number;
}

export interface OutboxMessage {
  file: string;
  size: number;
  headers: {
    messageId: string;
    date: Date;
    from: string;
    to: string[];
    cc: string[];
    subject: string;
    /** Custom headers the message was sent with. */
    extra: Record<string, string>;
  };
  idempotencyKey: string | undefined;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

function sidecarName(file: string): string {
  return file.replace(/\.eml$/, ".json");
}

async function readSidecar(dir: string, file: string): Promise<Sidecar | null> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, sidecarName(file)), "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = sidecarSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Messages in the outbox, newest first. Files that are not ours (or whose
 * sidecar is missing or unreadable) are skipped. A missing directory is an
 * empty outbox.
 */
export async function listOutbox(dir: string, options: { limit?: number } = {}): Promise<OutboxEntry[]> {
  const root = path.resolve(dir);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return [];
    throw error;
  }
  // The timestamp prefix makes name order chronological.
  const files = names.filter(isOutboxFileName).sort().reverse();
  const entries: OutboxEntry[] = [];
  for (const file of files) {
    if (options.limit !== undefined && entries.length >= options.limit) break;
    const sidecar = await readSidecar(root, file);
    if (!sidecar) continue;
    let size: number;
    try {
      size = (await stat(path.join(root, file))).size;
    } catch (error) {
      if (errorCode(error) === "ENOENT") continue; // removed meanwhile
      throw error;
    }
    entries.push({ file, date: new Date(sidecar.date), to: sidecar.to, subject: sidecar.subject, size });
  }
  return entries;
}

function resolveOutboxFile(dir: string, file: string): { root: string; full: string } {
  if (!isOutboxFileName(file)) throw new OutboxFileNameError(file);
  const root = path.resolve(dir);
  const full = path.resolve(root, file);
  if (path.dirname(full) !== root) throw new OutboxFileNameError(file);
  return { root, full };
}

/**
 * One message from the outbox. Rejects (OutboxFileNameError) for anything
 * but a plain outbox file name; resolves to null when the message does not exist.
 */
export async function readOutboxMessage(dir: string, file: string): Promise<OutboxMessage | null> {
  const { root, full } = resolveOutboxFile(dir, file);
  const sidecar = await readSidecar(root, file);
  if (!sidecar) return null;
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
  return {
    file,
    size,
    headers: {
      messageId: sidecar.messageId,
      date: new Date(sidecar.date),
      from: sidecar.from,
      to: sidecar.to,
      cc: sidecar.cc,
      subject: sidecar.subject,
      extra: sidecar.headers,
    },
    idempotencyKey: sidecar.idempotencyKey,
    text: sidecar.text,
    html: sidecar.html,
    attachments: sidecar.attachments,
  };
}

/** The message the file transport wrote for this idempotency key (the outbox row's), or null when there is none. */
export async function readOutboxMessageByKey(dir: string, idempotencyKey: string): Promise<OutboxMessage | null> {
  const base = await earlierBaseName(path.resolve(dir), idempotencyKey, idempotencySuffix(idempotencyKey));
  return base ? readOutboxMessage(dir, `${base}.eml`) : null;
}

/** The raw .eml bytes (e.g. for a download link), or null when missing. Same name rules as readOutboxMessage. */
export async function readOutboxEml(dir: string, file: string): Promise<Buffer | null> {
  const { full } = resolveOutboxFile(dir, file);
  try {
    return await readFile(full);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
}
