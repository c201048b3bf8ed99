import { z } from "zod";

// Environment variables, validated once at start-up. Every setting has a
// default that works on a fresh machine (SQLite in data/, mail to data/outbox).
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default("file:./data/app.db"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Base URL used in links in e-mails. */
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  /** How long a sign-in lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Wrong passwords per (e-mail, client IP) checked without delay; then the delays grow (5 s, 10 s, 20 s, …). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** The longest delay between two sign-in tries of one (e-mail, client IP), in minutes. */
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /**
   * Secret key for the HMAC of one-time signing codes, at least 32 characters
   * (e.g. `openssl rand -base64 32`). Unset: a random key is made once and kept
   * in data/secrets/otp-hmac.key (domain/signing/otp-key.server.ts).
   */
  OTP_HMAC_KEY: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().min(32, "must be at least 32 characters").optional(),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid environment configuration: ${problems}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment; fails fast on the first call when a value is invalid. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
