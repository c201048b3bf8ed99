// The server's secret key, for values that must be derivable by the server but
// not by someone who only reads the database (e.g. signing-link tokens waiting
// in the mail outbox). LINK_HMAC_KEY (at least 32 characters) when set;
// otherwise a random key kept in data/secrets/link-hmac.key (LINK_HMAC_KEY_FILE),
// made on first use and shared by every process that runs from the same folder.
import { randomBytes, createHmac } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, type Env } from "./env.server";

let cached: { source: string; key: Buffer } | undefined;

function readKey(file: string): string | null {
  try {
    const key = readFileSync(file, "utf8").trim();
    if (key.length < 32) throw new Error(`${file}: the key is shorter than 32 characters; remove the file to make a new one`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Reads a key file, or makes it (256 random bits, readable by the owner only).
 * Written aside and linked into place: processes starting at once agree on one
 * key and never read half a file.
 */
export function readOrCreateKeyFile(file: string): string {
  const existing = readKey(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readKey(file)!;
}

/** The key bytes. Read once per process (per configuration). */
export function serverSecret(settings: Pick<Env, "LINK_HMAC_KEY" | "LINK_HMAC_KEY_FILE"> = env()): Buffer {
  const { LINK_HMAC_KEY, LINK_HMAC_KEY_FILE } = settings;
  const origin = LINK_HMAC_KEY ? `env:${LINK_HMAC_KEY}` : `file:${path.resolve(LINK_HMAC_KEY_FILE ?? path.join("data", "secrets", "link-hmac.key"))}`;
  if (cached?.source !== origin) {
    const key = Buffer.from(LINK_HMAC_KEY ?? readOrCreateKeyFile(origin.slice("file:".length)), "utf8");
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
