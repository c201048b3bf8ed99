// The server's secret key, for values that must be derivable by the server but
// not by someone who only reads the database (e.g. signing-link tokens waiting
// in the mail outbox). APP_SECRET (at least 32 characters) when set; otherwise
// a random key kept in data/app-secret (APP_SECRET_FILE), made on first use and
// shared by every process that runs from the same folder.
import { randomBytes, createHmac } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const SecretSchema = z.object({
  APP_SECRET: z.string().min(32, "APP_SECRET must be at least 32 characters").optional(),
  APP_SECRET_FILE: z.string().min(1).optional(),
});

let cached: { source: string; key: Buffer } | undefined;

function readOrCreateKeyFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  // Written aside, then linked into place: a second process either wins the
  // link or reads the complete file of the first, never a half-written one.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(temporary, randomBytes(32).toString("hex"), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readFileSync(file);
}

/** The key bytes. Read once per process (per configuration). */
export function serverSecret(source: NodeJS.ProcessEnv = process.env): Buffer {
  const parsed = SecretSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid secret configuration: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const { APP_SECRET, APP_SECRET_FILE } = parsed.data;
  const origin = APP_SECRET ? `env:${APP_SECRET}` : `file:${path.resolve(APP_SECRET_FILE ?? path.join("data", "app-secret"))}`;
  if (cached?.source !== origin) {
    const key = APP_SECRET ? Buffer.from(APP_SECRET, "utf8") : readOrCreateKeyFile(origin.slice("file:".length));
    cached = { source: origin, key };
  }
  return cached.key;
}

/** HMAC-SHA256 of `purpose:value` under the server secret, base64url (43 characters). */
export function secretDerived(purpose: string, value: string): string {
  return createHmac("sha256", serverSecret()).update(`${purpose}:${value}`).digest("base64url");
}

/**
 * The token of a personal link made from a random seed: the seed may be stored
 * (e.g. in the outbox), the token can only be derived with the secret.
 * 256 bits, base64url: 43 characters.
 */
export function linkTokenFromSeed(seed: string): string {
  return secretDerived("link-token", seed);
}
