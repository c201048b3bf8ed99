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
  DATABASE_URL: z.string().min(1).default("file:./data/app.db"),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Base URL used in links in e-mails. */
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  /** How long a sign-in lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Failed sign-ins per e-mail address within the window before blocking. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Which X-Forwarded-For hops to believe for the client address (Express "trust proxy"); see trustProxySchema. */
  TRUST_PROXY: trustProxySchema(),
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
