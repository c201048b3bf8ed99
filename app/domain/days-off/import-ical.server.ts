// Importing an organisation's days off from the iCalendar file or URL it
// already publishes, parsed with ical.js. Bounded: at most 1 MB (counted while
// reading, a larger body is never held), at most 1,000 events, a URL fetch
// with a timeout, only http(s) to a public host name. All-day events become
// days off; what can't be one (a holiday, a date outside the school year, a
// timed or repeating event, a double) is skipped and counted in the summary.
// An unreadable file, or one with nothing to add, stores nothing.
import ICAL from "ical.js";
import type { AuditContext } from "~/domain/audit/record-audit-event.server";
import { addDays, checkDayOffRange, dayOffSchoolYears, isIsoDate, type DayOffKind, type DayOffProblem } from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { AppError, invalidInput } from "~/utils/errors";
import type { SessionUser } from "~/domain/access/actor";
import { addDaysOff, cleanLabel, existingRanges, requireCalendarOrganisation, type AddDaysOffResult, type DayOffInput } from "./days-off.server";

export const ICAL_MAX_BYTES = 1024 * 1024;
export const ICAL_MAX_EVENTS = 1000;
export const ICAL_FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

export const ICAL_MESSAGES = {
  tooBig: `Het bestand is te groot: een agenda mag hoogstens ${ICAL_MAX_BYTES / 1024 / 1024} MB zijn.`,
  tooManyEvents: `De agenda bevat meer dan ${ICAL_MAX_EVENTS.toLocaleString("nl-BE")} afspraken. Exporteer alleen dit schooljaar en probeer opnieuw.`,
  unreadable: "Dit is geen leesbaar iCalendar-bestand (.ics). Exporteer de agenda opnieuw als .ics en probeer nog eens.",
  badUrl: "Geef een webadres dat begint met https:// of http://, van een publieke agenda.",
  fetchFailed: "De agenda op dat adres kon niet opgehaald worden. Controleer het adres en probeer later opnieuw.",
  timeout: `De agenda op dat adres antwoordde niet binnen ${ICAL_FETCH_TIMEOUT_MS / 1000} seconden. Probeer later opnieuw.`,
  nothing: "Er werd niets toegevoegd",
} as const;

export type SkipReason = "vakantie" | "buiten-schooljaar" | "weekend" | "te-lang" | "ongeldig" | "geen-hele-dag" | "herhalend" | "dubbel";

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  vakantie: "valt in een vakantie",
  "buiten-schooljaar": "valt buiten het schooljaar",
  weekend: "valt in het weekend",
  "te-lang": "duurt langer dan 6 weken",
  ongeldig: "ongeldige datum",
  "geen-hele-dag": "geen hele dag",
  herhalend: "herhaalt zich",
  dubbel: "staat er al",
};

const PROBLEM_REASONS: Record<DayOffProblem, SkipReason> = {
  holiday: "vakantie",
  "outside-school-year": "buiten-schooljaar",
  weekend: "weekend",
  "too-long": "te-lang",
  "invalid-date": "ongeldig",
  "end-before-start": "ongeldig",
};

export interface ParsedCalendar {
  entries: DayOffInput[];
  skipped: Array<{ label: string; reason: SkipReason }>;
}

/** The kind of day off a summary names. */
export function kindOf(summary: string): DayOffKind {
  if (/studiedag|pedagogische/i.test(summary)) return "studiedag";
  if (/facultatie/i.test(summary)) return "facultatief";
  if (/examen/i.test(summary)) return "examens";
  return "andere";
}

/** The events of an iCalendar text as days off for `today`'s school years, and what was skipped and why. */
export function parseDaysOffCalendar(text: string, today: string): ParsedCalendar {
  // Counted before parsing: 10,000 events are refused without building them.
  if ((text.match(/^BEGIN:VEVENT\s*$/gim)?.length ?? 0) > ICAL_MAX_EVENTS) throw invalidInput(ICAL_MESSAGES.tooManyEvents, "bestand");
  let events: ICAL.Event[];
  try {
    const jcal = ICAL.parse(text) as unknown;
    if (!Array.isArray(jcal) || jcal[0] !== "vcalendar") throw new Error("not a calendar");
    events = new ICAL.Component(jcal as unknown[]).getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
  } catch {
    throw invalidInput(ICAL_MESSAGES.unreadable, "bestand");
  }
  if (events.length > ICAL_MAX_EVENTS) throw invalidInput(ICAL_MESSAGES.tooManyEvents, "bestand");

  const years = dayOffSchoolYears(today);
  const result: ParsedCalendar = { entries: [], skipped: [] };
  const seen = new Set<string>();
  for (const event of events) {
    const label = cleanLabel(event.summary ?? "") || "Vrije dag";
    const skip = (reason: SkipReason) => result.skipped.push({ label, reason });
    try {
      if (event.isRecurring()) {
        skip("herhalend");
        continue;
      }
      const start = event.startDate;
      if (!start) {
        skip("ongeldig");
        continue;
      }
      if (!start.isDate) {
        skip("geen-hele-dag");
        continue;
      }
      const startDate = start.toString();
      // DTEND of an all-day event is the day after the last one.
      const end = event.endDate?.toString();
      const endDate = end && isIsoDate(end) && end > startDate ? addDays(end, -1) : startDate;
      const problem = checkDayOffRange({ startDate, endDate }, years);
      if (problem) {
        skip(PROBLEM_REASONS[problem.problem]);
        continue;
      }
      const key = `${startDate}/${endDate}`;
      if (seen.has(key)) {
        skip("dubbel");
        continue;
      }
      seen.add(key);
      result.entries.push({ kind: kindOf(label), startDate, endDate, label });
    } catch {
      skip("ongeldig");
    }
  }
  return result;
}

/** "12 dagen toegevoegd, 3 overgeslagen: valt in een vakantie (2), staat er al (1)." */
export function importSummary(added: number, skipped: ParsedCalendar["skipped"]): string {
  const head = `${added} ${added === 1 ? "dag of periode" : "dagen of periodes"} toegevoegd`;
  if (skipped.length === 0) return `${head}.`;
  const counts = new Map<SkipReason, number>();
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const reasons = [...counts].map(([reason, n]) => `${SKIP_REASON_LABELS[reason]} (${n})`).join(", ");
  return `${head}, ${skipped.length} overgeslagen: ${reasons}.`;
}

export interface ImportResult extends AddDaysOffResult {
  summary: string;
  skipped: ParsedCalendar["skipped"];
}

/** Imports the days off of an iCalendar text into one of the user's organisations. Nothing to add: 400, nothing stored. */
export async function importDaysOff(options: {
  user: SessionUser;
  organisationId: string;
  text: string;
  now?: Date;
  audit: AuditContext;
}): Promise<ImportResult> {
  requireCalendarOrganisation(options.user, options.organisationId);
  const now = options.now ?? new Date();
  const parsed = parseDaysOffCalendar(options.text, brusselsDate(now));
  const existing = await existingRanges(options.organisationId);
  const entries: DayOffInput[] = [];
  for (const entry of parsed.entries) {
    if (existing.has(`${entry.startDate}/${entry.endDate}`)) parsed.skipped.push({ label: entry.label, reason: "dubbel" });
    else entries.push(entry);
  }
  if (entries.length === 0) throw invalidInput(`${ICAL_MESSAGES.nothing}: ${importSummary(0, parsed.skipped)}`, "bestand");
  const result = await addDaysOff({ ...options, entries, source: "ical", now });
  return { ...result, skipped: parsed.skipped, summary: importSummary(result.added, parsed.skipped) };
}

// ─── Reading, bounded ───────────────────────────────────────────────────────

/** Reads a body as UTF-8 text, stopping with "too big" as soon as it passes `max` bytes. */
export async function readBoundedText(body: ReadableStream<Uint8Array> | null, max = ICAL_MAX_BYTES): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => undefined); // not awaited: a stalled sender must not hold the request
      throw invalidInput(ICAL_MESSAGES.tooBig, "bestand");
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/** Host names a school's public calendar can't have: this machine and private networks (given as literals). */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  if (/^(127\.|10\.|0\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return true;
  return host.includes(":") && (host === "::1" || host.startsWith("fe80") || host.startsWith("fc") || host.startsWith("fd") || host === "::");
}

/** A URL the import may fetch, or a 400. webcal:// (how many sites publish a feed) is read as https://. */
export function calendarUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim().replace(/^webcals?:\/\//i, "https://"));
  } catch {
    throw invalidInput(ICAL_MESSAGES.badUrl, "url");
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || isPrivateHost(url.hostname)) {
    throw invalidInput(ICAL_MESSAGES.badUrl, "url");
  }
  return url;
}

/** Drops a body we won't read (not awaited: a stalled sender must not hold the request). */
function discard(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

/** Fetches a published calendar: http(s) only, redirects checked too, within the timeout and the size cap. */
export async function fetchCalendar(input: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? ICAL_FETCH_TIMEOUT_MS);
  let url = calendarUrl(input);
  try {
    for (let hop = 0; ; hop++) {
      const response = await doFetch(url, { redirect: "manual", signal, headers: { Accept: "text/calendar, */*;q=0.5" } });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        discard(response);
        if (hop >= MAX_REDIRECTS) throw invalidInput(ICAL_MESSAGES.fetchFailed, "url");
        url = calendarUrl(new URL(location, url).toString());
        continue;
      }
      if (!response.ok) {
        discard(response);
        throw invalidInput(ICAL_MESSAGES.fetchFailed, "url");
      }
      if (Number(response.headers.get("content-length") ?? 0) > ICAL_MAX_BYTES) {
        discard(response);
        throw invalidInput(ICAL_MESSAGES.tooBig, "url");
      }
      return await readBoundedText(response.body);
    }
  } catch (error) {
    if (signal.aborted) throw invalidInput(ICAL_MESSAGES.timeout, "url");
    if (error instanceof AppError) throw error;
    throw invalidInput(ICAL_MESSAGES.fetchFailed, "url");
  }
}
