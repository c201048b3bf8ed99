import { existsSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { isSingleAddress } from "./email-address";

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
          message: `gebruik 0, een aantal proxy's, of adressen/subnetten van proxy's (niet ${value === "true" ? "true" : wrong.join(", ")})`,
        });
        return z.NEVER;
      }
      return entries;
    });
}

/** A setting left empty counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return optionalText.transform((value, ctx): T[number] => {
    if (value === undefined) return fallback;
    if ((values as readonly string[]).includes(value)) return value;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `moet ${values.join(" of ")} zijn, niet "${value.slice(0, 40)}"` });
    return z.NEVER;
  });
}

/** A number between min and max (whole when asked); unset: the fallback. */
function numberSetting<F extends number | undefined>(options: { fallback: F; min: number; max: number; whole: boolean; unit: string }) {
  return optionalText.transform((value, ctx): number | F => {
    if (value === undefined) return options.fallback;
    const number = Number(value);
    if (Number.isFinite(number) && (!options.whole || Number.isInteger(number)) && number >= options.min && number <= options.max) return number;
    const kind = options.whole ? "een geheel getal" : "een getal";
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `moet ${kind} ${options.unit} van ${options.min} tot ${options.max} zijn, niet "${value.slice(0, 40)}"` });
    return z.NEVER;
  });
}

/** "1" on, "0" or unset off. */
const flag = optionalText.transform((value, ctx) => {
  if (value === undefined || value === "0") return false;
  if (value === "1") return true;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: `moet 1 (aan) of 0 (uit) zijn, niet "${value.slice(0, 40)}"` });
  return z.NEVER;
});

function isUrlWith(value: string | undefined, protocols: string[]): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

/** An address with one of the protocols; the value itself is never echoed (it may hold a password). */
function urlSetting(protocols: string[], example: string) {
  return optionalText.refine((value) => value === undefined || isUrlWith(value, protocols), `moet een adres zijn zoals ${example}`);
}

/** Shortest accepted secret key (OTP_HMAC_KEY, LINK_HMAC_KEY). */
export const OTP_HMAC_KEY_MIN_LENGTH = 32;

/** A secret key; the value is never echoed. */
const secretKey = optionalText.refine(
  (value) => value === undefined || value.length >= OTP_HMAC_KEY_MIN_LENGTH,
  `moet minstens ${OTP_HMAC_KEY_MIN_LENGTH} tekens lang zijn (bv. openssl rand -base64 32)`,
);

// Every environment variable the app reads, validated once at start-up
// (init(), called from app/entry.server.tsx). Every setting has a default that
// works on a fresh machine (SQLite in data/, mail to data/outbox). The README's
// "Configuration" table lists them all.
const EnvSchema = z
  .object({
    NODE_ENV: oneOf(["development", "production", "test"], "development"),
    // --- Installation mode (issue 19): see the block "Demo or real installation" below.
    AKKOORD_MODE: oneOf(["demo", "productie"], "demo"),
    DATABASE_URL: optionalText.transform((value) => value ?? "file:./data/app.db"),
    PORT: numberSetting({ fallback: 3000, min: 1, max: 65_535, whole: true, unit: "(poort)" }),
    /** The address the server listens on (scripts/server.js); unset: every interface. */
    HOST: optionalText,
    /** Base URL used in links in e-mails; unset, http://localhost:$PORT (see parseEnv). */
    PUBLIC_URL: urlSetting(["http:", "https:"], "https://akkoord.uwstad.be"),
    /** How long a sign-in lasts, in hours. */
    SESSION_TTL_HOURS: numberSetting({ fallback: 12, min: 0.1, max: 24 * 365, whole: false, unit: "(uren)" }),
    /** "1": session cookies without Secure, for a production build tried over plain http on localhost. */
    INSECURE_COOKIES: flag,
    /** Wrong passwords per (e-mail, client IP) checked without delay; then the delays grow (5 s, 10 s, 20 s, …). */
    LOGIN_MAX_FAILURES: numberSetting({ fallback: 5, min: 1, max: 1000, whole: true, unit: "(pogingen)" }),
    /** The longest delay between two sign-in tries of one (e-mail, client IP), in minutes. */
    LOGIN_WINDOW_MINUTES: numberSetting({ fallback: 15, min: 0.1, max: 24 * 60, whole: false, unit: "(minuten)" }),
    /** Which X-Forwarded-For hops to believe for the client address (Express "trust proxy"); see trustProxySchema. */
    TRUST_PROXY: trustProxySchema(),
    /**
     * From which day (MM-DD, January to June) each school is reminded that it takes the initiative for next
     * year's afsprakennota (decree 2018); default 1 May. The same for every school: it follows the decree, not a CLB.
     */
    INITIATIVE_REMINDER_DATE: z
      .string()
      .trim()
      .regex(/^0[1-6]-(0[1-9]|[12]\d|3[01])$/, "moet MM-DD zijn, tussen januari en juni, bv. 05-01")
      // A day every year has (not 02-29, 04-31).
      .refine((value) => new Date(`2027-${value}T00:00:00Z`).toISOString().slice(5, 10) === value, "moet een dag zijn die elk jaar heeft, bv. 05-01")
      .default("05-01"),
    /** "1": the server runs no reminder sweep. */
    REMINDERS_DISABLED: flag,
    /** Time between two reminder sweeps in the server; unset: every 5 minutes (reminders/sweep.server.ts). */
    REMINDERS_INTERVAL_MS: numberSetting({ fallback: undefined, min: 100, max: 24 * 3_600_000, whole: true, unit: "(milliseconden)" }),
    /**
     * Secret key for the HMAC of one-time signing codes, at least 32 characters
     * (e.g. `openssl rand -base64 32`). Unset: a random key is made once and kept
     * in data/secrets/otp-hmac.key (domain/signing/otp-key.server.ts).
     */
    OTP_HMAC_KEY: secretKey,
    /** Secret key from which signing-link tokens are derived (utils/secret.server.ts); unset: a key file. */
    LINK_HMAC_KEY: secretKey,
    /** Where that key file is; default data/secrets/link-hmac.key. */
    LINK_HMAC_KEY_FILE: optionalText,
    // --- Signing (domain/signing/settings.server.ts)
    /** How long a personal signing link works, in days. */
    SIGNING_LINK_DAYS: numberSetting({ fallback: 30, min: 1, max: 365, whole: true, unit: "(dagen)" }),
    /** PKCS#12 with the service's sealing certificate. */
    SEAL_P12_PATH: optionalText.refine(
      (value) => value === undefined || existsSync(path.resolve(value)),
      (value) => ({ message: `het bestand ${path.resolve(value ?? "")} bestaat niet` }),
    ),
    /** Its passphrase, taken as written. */
    SEAL_P12_PASSPHRASE: z.string().optional(),
    /** Without SEAL_P12_PATH: where the self-signed development certificate lives (default data/certs). */
    SEAL_DEV_DIR: optionalText,
    // --- Mail (domain/mail/send-mail.server.ts, mailConfigFromEnv)
    MAIL_TRANSPORT: oneOf(["file", "smtp", "http"], "file"),
    MAIL_FROM: optionalText.refine((value) => value === undefined || isSingleAddress(value), 'moet één e-mailadres zijn, bv. "Akkoord <no-reply@akkoord.be>"'),
    /** file transport: where the .eml files go (default data/outbox). */
    MAIL_OUTBOX_DIR: optionalText,
    SMTP_URL: urlSetting(["smtp:", "smtps:"], "smtp://gebruiker:wachtwoord@host:587 of smtps://…:465"),
    MAIL_HTTP_URL: urlSetting(["http:", "https:"], "https://mail-api.voorbeeld.be/v1"),
    MAIL_HTTP_KEY: optionalText,
    // --- Onderwijs Vlaanderen's institution API (domain/onboarding/onderwijs-api.server.ts)
    /** Base URL (https://…), or "fixtures" to answer from the recorded sample answers. */
    ONDERWIJS_API_URL: optionalText.refine(
      (value) => value === undefined || value === "fixtures" || isUrlWith(value, ["http:", "https:"]),
      'moet een http(s)-adres of "fixtures" zijn',
    ),
    ONDERWIJS_API_KEY: optionalText,
    /** Where the sample answers are (default tests/fixtures/onderwijs-vlaanderen). */
    ONDERWIJS_FIXTURES_DIR: optionalText,
  })
  .superRefine((value, ctx) => {
    const missing = (name: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message });
    if (value.MAIL_TRANSPORT === "smtp" && !value.SMTP_URL) missing("SMTP_URL", "ontbreekt (nodig met MAIL_TRANSPORT=smtp)");
    if (value.MAIL_TRANSPORT === "http" && !value.MAIL_HTTP_URL) missing("MAIL_HTTP_URL", "ontbreekt (nodig met MAIL_TRANSPORT=http)");
    if (value.MAIL_TRANSPORT === "http" && !value.MAIL_HTTP_KEY) missing("MAIL_HTTP_KEY", "ontbreekt (nodig met MAIL_TRANSPORT=http)");
    if (value.ONDERWIJS_API_URL && value.ONDERWIJS_API_URL !== "fixtures" && !value.ONDERWIJS_API_KEY) {
      missing("ONDERWIJS_API_KEY", "ontbreekt (nodig met een ONDERWIJS_API_URL)");
    }
  });

/** The validated environment. */
export type Env = Omit<z.output<typeof EnvSchema>, "PUBLIC_URL"> & { PUBLIC_URL: string };

/** PUBLIC_URL when set, else the address this server listens on (PORT=4100 npm start mails links to localhost:4100). */
const EnvWithPublicUrl = EnvSchema.transform((parsed): Env => ({
  ...parsed,
  PUBLIC_URL: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`,
}));

/** A wrong environment variable; the message is one Dutch line naming it (each, when several are wrong). */
export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Validates `source` (raw variables); throws EnvError. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvWithPublicUrl.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `Ongeldige instelling ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError([...new Set(problems)].join("; "));
  }
  return result.data;
}

let snapshot: Env | undefined;

/**
 * Reads and validates the environment, and keeps it for env(). Called once at
 * start-up from app/entry.server.tsx, so a wrong value stops the start; a
 * test that changes a variable calls it again (tests/support/env.ts).
 */
export function init(source: Record<string, string | undefined> = process.env): Env {
  snapshot = parseEnv(source);
  return snapshot;
}

/** The validated environment (read on first use when init() did not run, as in scripts and tests). */
export function env(): Env {
  return snapshot ?? init();
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
