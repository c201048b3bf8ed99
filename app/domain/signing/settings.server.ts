// Settings of the signing module, from the environment module (validated there).
//   SIGNING_LINK_DAYS    how long a personal signing link works (default 30)
//   SEAL_P12_PATH        PKCS#12 with the service's sealing certificate
//   SEAL_P12_PASSPHRASE  its passphrase
//   SEAL_DEV_DIR         without SEAL_P12_PATH: where the self-signed development
//                        certificate lives (default data/certs)
import path from "node:path";
import { env, type Env } from "~/utils/env.server";

/** A one-time code works this long. */
export const CODE_VALID_MINUTES = 10;
/** Wrong attempts after which a code no longer works. */
export const CODE_MAX_ATTEMPTS = 5;
/** Codes one signing request may receive per hour. */
export const CODE_MAX_PER_HOUR = 5;
/** Codes one signing request may receive in all. */
export const CODE_MAX_TOTAL = 10;
/** Wrong codes one signing request may see in all; then codes stop and the sender is told. */
export const CODE_MAX_WRONG_TOTAL = 10;
/** New links a signer may ask for from an expired link, per request per 24 hours. */
export const LINK_RENEWALS_PER_DAY = 3;
/** Largest accepted drawn or uploaded signature (PNG), in bytes. */
export const DRAWN_SIGNATURE_MAX_BYTES = 200 * 1024;
/**
 * Largest PDF the public verification page accepts, in bytes. A sealed
 * Akkoord agreement of ten pages is about 60 KB (subset fonts, compressed
 * text); each drawn signature adds at most a few hundred KB (the PNG is capped
 * at 200 KB). 4 MB holds a long agreement with a dozen worst-case drawn
 * signatures, and keeps what a stranger makes the server hold and hash small.
 */
export const VERIFY_MAX_BYTES = 4 * 1024 * 1024;
/** Verifications one client address may ask for within VERIFY_WINDOW_MS (a school office shares one address). */
export const VERIFY_MAX_PER_WINDOW = 20;
export const VERIFY_WINDOW_MS = 10 * 60_000;

export type SigningSettings = {
  linkDays: number;
  publicUrl: string;
  seal: { p12Path: string | null; passphrase: string | null; devDir: string };
};

export function signingSettings(settings: Env = env()): SigningSettings {
  return {
    linkDays: settings.SIGNING_LINK_DAYS,
    publicUrl: settings.PUBLIC_URL.replace(/\/+$/, ""),
    seal: {
      p12Path: settings.SEAL_P12_PATH ?? null,
      passphrase: settings.SEAL_P12_PASSPHRASE ?? null,
      devDir: path.resolve(settings.SEAL_DEV_DIR ?? path.join("data", "certs")),
    },
  };
}
