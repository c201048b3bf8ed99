// The server secret of the one-time code HMAC. OTP_HMAC_KEY when set;
// otherwise a random key made once and kept in data/secrets/otp-hmac.key (like
// the development seal certificate in data/certs), never a constant in code.
// Whoever can read the database but not this key cannot test codes offline.
import path from "node:path";
import { env } from "~/utils/env.server";
import { readOrCreateKeyFile } from "~/utils/secret.server";

export const OTP_KEY_FILE = path.join("data", "secrets", "otp-hmac.key");

let cached: string | undefined;

/** The key, read once per process. */
export function otpHmacKey(): string {
  cached ??= env().OTP_HMAC_KEY ?? readOrCreateKeyFile(path.resolve(OTP_KEY_FILE));
  return cached;
}
