// Looks up a school in Onderwijs Vlaanderen's institution API:
//   GET {ONDERWIJS_API_URL}/instelling/v2/{instellingsnummer}   (header x-api-key)
// Configuration comes from the environment module (app/utils/env.server.ts):
//   ONDERWIJS_API_URL       base URL (https://…), or "fixtures" to answer from the
//                           recorded sample answers (offline development, e2e tests)
//   ONDERWIJS_API_KEY       the API key (required with a URL)
//   ONDERWIJS_FIXTURES_DIR  where the sample answers are (default tests/fixtures/onderwijs-vlaanderen)
// Without configuration, or when the API is down or answers nonsense, the
// lookup says "unavailable" and the user types the school's data in.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env, type Env } from "~/utils/env.server";
import {
  BOARD_NAME_MAX,
  boardNumberPattern,
  educationLevelOf,
  ONDERWIJSNET_MAX,
  SCHOLENGEMEENSCHAP_MAX,
  type EducationLevel,
} from "./school-fields";

export const LOOKUP_TIMEOUT_MS = 5_000;
export const DEFAULT_FIXTURES_DIR = path.join("tests", "fixtures", "onderwijs-vlaanderen");

export type OnderwijsApiConfig = { mode: "off"; problem?: string } | { mode: "fixtures"; dir: string } | { mode: "http"; baseUrl: string; apiKey: string };

/** The lookup configuration (validated by the environment module: a wrong one stops the start). */
export function onderwijsApiConfig(settings: Env = env()): OnderwijsApiConfig {
  const { ONDERWIJS_API_URL: url, ONDERWIJS_API_KEY: apiKey, ONDERWIJS_FIXTURES_DIR: dir } = settings;
  if (!url) return { mode: "off" };
  if (url === "fixtures") return { mode: "fixtures", dir: path.resolve(dir ?? DEFAULT_FIXTURES_DIR) };
  return { mode: "http", baseUrl: url.replace(/\/+$/, ""), apiKey: apiKey! };
}

// ─── The answer ─────────────────────────────────────────────────────────────

const text = z.string().trim();
const numberOrString = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

/** The part of an instelling/v2 answer we use; anything else in it is ignored. */
export const InstellingAnswerSchema = z.object({
  instellingsnummer: numberOrString,
  naam: text.min(1),
  adres: z.object({
    straat: text.min(1),
    huisnummer: numberOrString.optional().nullable(),
    busnummer: numberOrString.optional().nullable(),
    postcode: numberOrString.pipe(z.string().regex(/^\d{4}$/)),
    gemeente: text.min(1),
  }),
});
export type InstellingAnswer = z.infer<typeof InstellingAnswerSchema>;

/** Optional text of at most `max` characters (spaces folded); anything else is dropped, never fatal. */
const bounded = (max: number) =>
  z
    .string()
    .transform((v) => v.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1).max(max))
    .optional()
    .nullable()
    .catch(undefined);
const numberField = numberOrString.pipe(z.string().regex(/^\d{5,6}$/));

/**
 * The optional parts of the answer: the board (`bestuur`), the net, the level,
 * the scholengemeenschap and the CLB. Each is checked on its own: a missing,
 * too long or odd value is dropped and the rest of the answer still counts.
 */
const InstellingExtrasSchema = z.object({
  bestuur: z
    .object({
      naam: bounded(BOARD_NAME_MAX),
      instellingsnummer: numberOrString.pipe(z.string().regex(boardNumberPattern)).optional().nullable().catch(undefined),
      nummer: numberOrString.pipe(z.string().regex(boardNumberPattern)).optional().nullable().catch(undefined),
    })
    .optional()
    .nullable()
    .catch(undefined),
  net: bounded(ONDERWIJSNET_MAX),
  onderwijsniveau: bounded(100),
  scholengemeenschap: z
    .union([z.string(), z.object({ naam: z.string() }).transform((o) => o.naam)])
    .pipe(bounded(SCHOLENGEMEENSCHAP_MAX))
    .optional()
    .nullable()
    .catch(undefined),
  clb: z
    .object({ instellingsnummer: numberField, naam: bounded(200) })
    .optional()
    .nullable()
    .catch(undefined),
});

export type Institution = {
  instellingsnummer: string;
  name: string;
  street: string;
  postalCode: string;
  municipality: string;
  /** The board (schoolbestuur) that runs the school, when the answer names it. */
  boardName?: string;
  boardNumber?: string;
  educationLevel?: EducationLevel;
  onderwijsnet?: string;
  scholengemeenschap?: string;
  /** The school's CLB as the answer names it. */
  clbInstellingsnummer?: string;
  clbName?: string;
};

/** The optional fields of a validated answer, without the ones it does not have. */
function institutionExtras(body: unknown): Partial<Institution> {
  const parsed = InstellingExtrasSchema.safeParse(body);
  if (!parsed.success) return {};
  const { bestuur, net, onderwijsniveau, scholengemeenschap, clb } = parsed.data;
  const extras: Partial<Institution> = {
    boardName: bestuur?.naam ?? undefined,
    boardNumber: bestuur?.naam ? (bestuur.nummer ?? bestuur.instellingsnummer ?? undefined) : undefined,
    educationLevel: educationLevelOf(onderwijsniveau),
    onderwijsnet: net ?? undefined,
    scholengemeenschap: scholengemeenschap ?? undefined,
    clbInstellingsnummer: clb?.instellingsnummer,
    clbName: clb ? (clb.naam ?? undefined) : undefined,
  };
  return Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined));
}

export type UnavailableReason = "not-configured" | "network" | "timeout" | "server-error" | "unauthorized" | "malformed";

export type LookupResult = { status: "found"; institution: Institution } | { status: "not-found" } | { status: "unavailable"; reason: UnavailableReason };

/** Our fields from a validated answer; the answer must be about the number asked for. */
function toInstitution(nummer: string, body: unknown): LookupResult {
  const parsed = InstellingAnswerSchema.safeParse(body);
  if (!parsed.success || parsed.data.instellingsnummer.replace(/^0+/, "") !== nummer.replace(/^0+/, "")) {
    return { status: "unavailable", reason: "malformed" };
  }
  const { naam, adres } = parsed.data;
  const number = [adres.huisnummer, adres.busnummer ? `bus ${adres.busnummer}` : null].filter(Boolean).join(" ");
  return {
    status: "found",
    institution: {
      instellingsnummer: nummer,
      name: naam.replace(/\s+/g, " "),
      street: [adres.straat, number].filter(Boolean).join(" ").replace(/\s+/g, " "),
      postalCode: adres.postcode,
      municipality: adres.gemeente.replace(/\s+/g, " "),
      ...institutionExtras(body),
    },
  };
}

/** Reads and drops an error body so the connection can be reused. */
async function discard(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

async function lookupInFixtures(dir: string, nummer: string): Promise<LookupResult> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, `${nummer}.json`), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "not-found" };
    return { status: "unavailable", reason: "network" };
  }
  try {
    return toInstitution(nummer, JSON.parse(raw));
  } catch {
    return { status: "unavailable", reason: "malformed" };
  }
}

/**
 * Looks up one school. `nummer` must already be a valid instellingsnummer
 * (5–6 digits). Never throws: problems come back as "unavailable".
 */
export async function lookupInstitution(
  nummer: string,
  options: { config?: OnderwijsApiConfig; timeoutMs?: number; fetchImpl?: typeof fetch } = {}
): Promise<LookupResult> {
  if (!/^\d{5,6}$/.test(nummer)) return { status: "not-found" };
  const config = options.config ?? onderwijsApiConfig();
  if (config.mode === "off") return { status: "unavailable", reason: "not-configured" };
  if (config.mode === "fixtures") return lookupInFixtures(config.dir, nummer);

  const doFetch = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${config.baseUrl}/instelling/v2/${encodeURIComponent(nummer)}`, {
      headers: { "x-api-key": config.apiKey, accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? LOOKUP_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error | undefined)?.name;
    return { status: "unavailable", reason: name === "TimeoutError" || name === "AbortError" ? "timeout" : "network" };
  }
  if (response.status === 404) {
    await discard(response);
    return { status: "not-found" };
  }
  if (response.status === 401 || response.status === 403) {
    console.error(`onboarding: Onderwijs Vlaanderen refused the API key (HTTP ${response.status})`);
    await discard(response);
    return { status: "unavailable", reason: "unauthorized" };
  }
  if (!response.ok) {
    await discard(response);
    return { status: "unavailable", reason: "server-error" };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    const name = (error as Error | undefined)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { status: "unavailable", reason: "timeout" };
    return { status: "unavailable", reason: "malformed" };
  }
  return toInstitution(nummer, body);
}

/** What the form says when the lookup could not help (Dutch, plain). */
export const UNAVAILABLE_NOTE =
  "We konden de gegevens nu niet opvragen bij Onderwijs Vlaanderen. Vul de naam en het adres zelf in; u kunt ze later nog aanpassen.";
/** What the form says when this installation has no lookup (ONDERWIJS_API_URL unset): no outage, just type it in. */
export const NOT_CONFIGURED_NOTE =
  "Opzoeken bij Onderwijs Vlaanderen is in deze installatie niet ingesteld. Vul het instellingsnummer, de naam en het adres zelf in.";
export const NOT_FOUND_MESSAGE = "Onderwijs Vlaanderen kent geen instelling met dit nummer. Controleer het nummer.";
