// The server secret of the one-time code HMAC. OTP_HMAC_KEY when set;
// otherwise a random key made once and kept in data/secrets/otp-hmac.key (like
// the development seal certificate in data/certs), never a constant in code.
// Whoever can read the database but not this key cannot test codes offline.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";

export const OTP_KEY_FILE = path.join("data", "secrets", "otp-hmac.key");

let cached: string | undefined;

/** The key, read once per process. */
export function otpHmacKey(): string {
  cached ??= env().OTP_HMAC_KEY ?? readOrCreateKeyFile(path.resolve(OTP_KEY_FILE));
  return cached;
}

function readKey(file: string): string | null {
  try {
    const key = readFileSync(file, "utf8").trim();
    if (key.length < 32) throw new Error(`${file}: the one-time code key is shorter than 32 characters; remove the file to make a new one`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Reads the key file, or makes it (256 random bits, readable by the owner
 * only). Written to a temporary file and linked into place, so processes
 * starting at once agree on one key and never read half a file.
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
