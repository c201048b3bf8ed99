// Wall-clock time in Europe/Brussels, without a time-zone library: Intl knows
// the offset (+01:00 in winter, +02:00 in summer) for any instant. Pure.
import { addDays, type IsoDate } from "./dates";

export const TIME_ZONE = "Europe/Brussels";

const partsFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function wallParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  // One formatToParts per instant (it is the expensive part; the sweep calls this thousands of times).
  const parts = partsFormat.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The offset Intl gives for this instant (truncated to the second, as Intl's parts are). */
function intlOffsetMs(time: number): number {
  const p = wallParts(new Date(time));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(time / 1000) * 1000;
}

/** Per UTC day: the offset of the whole day, or null on the two days a year the clocks change. */
const offsetsByDay = new Map<number, number | null>();

/**
 * Milliseconds Brussels is ahead of UTC at this instant (3 600 000 or 7 200 000).
 * The clocks change on a whole UTC hour, at most once a day: when the first and
 * the last hour of a UTC day have the same offset, the whole day has it, and
 * Intl is asked twice per day instead of for every instant.
 */
function offsetMs(instant: Date): number {
  const time = instant.getTime();
  const day = Math.floor(time / DAY_MS);
  let offset = offsetsByDay.get(day);
  if (offset === undefined) {
    const first = intlOffsetMs(day * DAY_MS);
    offset = first === intlOffsetMs(day * DAY_MS + 23 * HOUR_MS) ? first : null;
    if (offsetsByDay.size > 10_000) offsetsByDay.clear();
    offsetsByDay.set(day, offset);
  }
  return offset ?? intlOffsetMs(Math.floor(time / HOUR_MS) * HOUR_MS);
}

const wallTimes = new Map<string, number>();

/** The instant at which it is `hour:minute` on `date` in Brussels. */
export function brusselsWallTime(date: IsoDate, hour = 0, minute = 0): Date {
  const cacheKey = `${date}T${hour}:${minute}`;
  const cached = wallTimes.get(cacheKey);
  if (cached !== undefined) return new Date(cached);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset also on the days the clocks change.
  let instant = asUtc - offsetMs(new Date(asUtc));
  instant = asUtc - offsetMs(new Date(instant));
  if (wallTimes.size > 10_000) wallTimes.clear();
  wallTimes.set(cacheKey, instant);
  return new Date(instant);
}

const isoDateOf = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The calendar date in Brussels at this instant. */
export function brusselsDate(instant: Date): IsoDate {
  const wall = new Date(instant.getTime() + offsetMs(instant));
  const year = wall.getUTCFullYear();
  // The shifted instant's UTC date is the wall date; Intl stays the judge outside ordinary years.
  if (year >= 1900 && year <= 9999) return isoDateOf(year, wall.getUTCMonth() + 1, wall.getUTCDate());
  const p = wallParts(instant);
  return isoDateOf(p.year, p.month, p.day);
}

/** Midnight at the start of the Brussels day after `date`. */
export function brusselsEndOfDay(date: IsoDate): Date {
  return brusselsWallTime(addDays(date, 1));
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO date-time such as 2026-12-01T07:00:00Z or 2026-12-01T07:00+01:00.
 * Without an offset the time is read as Brussels time. Null when malformed.
 */
export function parseIsoDateTime(value: string): Date | null {
  const match = TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = "0", ms = "0", zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59) return null;
  const check = new Date(Date.UTC(year!, month! - 1, day!));
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day!) return null;
  const millis = Number(ms.padEnd(3, "0"));
  if (zone === undefined) {
    const base = brusselsWallTime(`${y}-${mo}-${d}`, hour, minute);
    return new Date(base.getTime() + second! * 1000 + millis);
  }
  const utc = Date.UTC(year!, month! - 1, day!, hour, minute, second, millis);
  if (zone.toUpperCase() === "Z") return new Date(utc);
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  if (offsetMinutes > 14 * 60) return null;
  return new Date(utc - sign * offsetMinutes * 60_000);
}
