import { isIP } from "node:net";
import { z } from "zod";

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string) {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY, in the form Express's "trust proxy" takes it. Off by default:
 * the client address is the TCP peer and X-Forwarded-For is ignored.
 * - unset, "", "0", "false": off.
 * - a whole number n ≥ 1: n reverse proxies in front (the client is the n-th
 *   address from the right in X-Forwarded-For; "1" for one nginx/Caddy).
 * - a comma-separated list of proxy addresses or subnets (10.0.0.0/8, ::1)
 *   and/or the names loopback, linklocal, uniquelocal.
 * "true" (believe any X-Forwarded-For) is refused: a client could then pick
 * its own address and slip past the per-address rate limits.
 */
function trustProxySchema() {
  return z
    .string()
    .trim()
    .default("")
    .transform((value, ctx): false | number | string[] => {
      if (value === "" || value === "0" || value === "false") return false;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const entries = value.split(",").map((entry) => entry.trim());
      const wrong = entries.filter((entry) => !isProxyAddress(entry));
      if (value === "true" || wrong.length > 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `use 0, a number of proxies, or proxy addresses/subnets (not ${value === "true" ? "true" : wrong.join(", ")})`,
        });
        return z.NEVER;
      }
      return entries;
    });
}

// Environment variables, validated once at start-up. Every setting has a
// default that works on a fresh machine (SQLite in data/, mail to data/outbox).
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // --- Installation mode (issue 19): see the block "Demo or real installation" below.
  AKKOORD_MODE: z
    .string()
    .optional()
    .transform((value) => value?.trim() || "demo")
    .pipe(z.enum(["demo", "productie"], { errorMap: () => ({ message: 'AKKOORD_MODE must be "demo" or "productie"' }) })),
  DATABASE_URL: z.string().min(1).default("file:./data/app.db"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Base URL used in links in e-mails; unset, http://localhost:$PORT (see parseEnv). */
  PUBLIC_URL: z.string().url().optional(),
  /** How long a sign-in lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Wrong passwords per (e-mail, client IP) checked without delay; then the delays grow (5 s, 10 s, 20 s, …). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** The longest delay between two sign-in tries of one (e-mail, client IP), in minutes. */
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Which X-Forwarded-For hops to believe for the client address (Express "trust proxy"); see trustProxySchema. */
  TRUST_PROXY: trustProxySchema(),
  /**
   * Secret key for the HMAC of one-time signing codes, at least 32 characters
   * (e.g. `openssl rand -base64 32`). Unset: a random key is made once and kept
   * in data/secrets/otp-hmac.key (domain/signing/otp-key.server.ts).
   */
  /**
   * From which day (MM-DD, January to June) each school is reminded that it takes the initiative for next
   * year's afsprakennota (decree 2018); default 1 May. The same for every school: it follows the decree, not a CLB.
   */
  INITIATIVE_REMINDER_DATE: z
    .string()
    .trim()
    .regex(/^0[1-6]-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD between January and June, e.g. 05-01")
    // A day every year has (not 02-29, 04-31).
    .refine((value) => new Date(`2027-${value}T00:00:00Z`).toISOString().slice(5, 10) === value, "must be a day every year has, e.g. 05-01")
    .default("05-01"),
  OTP_HMAC_KEY: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().min(32, "must be at least 32 characters").optional(),
  ),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "PUBLIC_URL"> & { PUBLIC_URL: string };

/** PUBLIC_URL when set, else the address this server listens on (PORT=4100 npm start mails links to localhost:4100). */
const EnvWithPublicUrl = EnvSchema.transform((parsed): Env => ({
  ...parsed,
  PUBLIC_URL: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
}));

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvWithPublicUrl.safeParse(source);
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

// ---------------------------------------------------------------------------
// Demo or real installation (issue 19)
//
// AKKOORD_MODE=demo (the default on a fresh clone): demo data, the development
// seal certificate and the file mail transport; pages, mails and PDFs say so.
// AKKOORD_MODE=productie: the server starts only when everything a real
// installation needs is configured (scripts/start.js calls installationProblems).

export type InstallationMode = "demo" | "productie";

/** E-mail addresses of the demo users end in this; a real installation holds none. */
export const DEMO_EMAIL_DOMAIN = "akkoord.example";

/** The mode named by AKKOORD_MODE (empty: demo); throws a Dutch one-line message on another value. */
export function installationMode(source: Record<string, string | undefined> = process.env): InstallationMode {
  const value = source.AKKOORD_MODE?.trim() || "demo";
  if (value === "demo" || value === "productie") return value;
  throw new Error(`AKKOORD_MODE moet "demo" of "productie" zijn, niet "${value.slice(0, 40)}".`);
}

/** True unless this installation runs with AKKOORD_MODE=productie. */
export const isDemo = () => env().AKKOORD_MODE === "demo";

/** Shortest accepted one-time-code HMAC key in productie mode. */
export const OTP_HMAC_KEY_MIN_LENGTH = 32;

function isUrlWith(value: string | undefined, protocols: string[]): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * What a real installation (AKKOORD_MODE=productie) lacks, each as a short
 * Dutch sentence naming the variable; empty when nothing is missing. Checks
 * the configuration only: whether the certificate opens is for the caller.
 */
export function installationProblems(source: Record<string, string | undefined> = process.env): string[] {
  const setting = (name: string) => source[name]?.trim() || undefined;
  const problems: string[] = [];
  if (!setting("SEAL_P12_PATH")) {
    problems.push("SEAL_P12_PATH ontbreekt: het PKCS#12-certificaat (.p12) waarmee uw organisatie ondertekende PDF's verzegelt");
  }
  const transport = setting("MAIL_TRANSPORT") ?? "file";
  if (transport === "smtp") {
    if (!isUrlWith(setting("SMTP_URL"), ["smtp:", "smtps:"])) problems.push("SMTP_URL ontbreekt of is geen smtp://- of smtps://-adres");
  } else if (transport === "http") {
    if (!isUrlWith(setting("MAIL_HTTP_URL"), ["https:", "http:"])) problems.push("MAIL_HTTP_URL ontbreekt of is geen http(s)-adres");
    if (!setting("MAIL_HTTP_KEY")) problems.push("MAIL_HTTP_KEY ontbreekt");
  } else {
    problems.push("MAIL_TRANSPORT moet smtp of http zijn (met SMTP_URL, of MAIL_HTTP_URL en MAIL_HTTP_KEY): 'file' verstuurt geen e-mail");
  }
  if ((setting("OTP_HMAC_KEY") ?? "").length < OTP_HMAC_KEY_MIN_LENGTH) {
    problems.push(`OTP_HMAC_KEY ontbreekt of is korter dan ${OTP_HMAC_KEY_MIN_LENGTH} tekens (de geheime sleutel voor eenmalige codes)`);
  }
  if (!isUrlWith(setting("PUBLIC_URL"), ["https:"])) {
    problems.push("PUBLIC_URL moet het https-adres van de installatie zijn, bv. https://akkoord.uwstad.be");
  }
  return problems;
}

/** One line for the console when a real installation cannot start. */
export function installationRefusal(problems: string[]): string {
  return `Akkoord start niet (AKKOORD_MODE=productie): ${problems.join("; ")}.`;
}
