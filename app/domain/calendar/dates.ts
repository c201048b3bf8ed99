// Timezone-free calendar dates as ISO strings ("YYYY-MM-DD"). All arithmetic
// goes through UTC day numbers (days since 1970-01-01), so the local time zone
// of the machine never plays a role.

export type IsoDate = string;

export class CalendarError extends Error {
  constructor(
    readonly code: "invalid-date" | "invalid-format" | "not-consecutive",
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = "CalendarError";
  }
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, correct for years < 100
  return date;
}

/** Builds an ISO date from its parts; month is 1-based. Overflowing days roll over. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(utcDate(year, month, day).getTime() / MS_PER_DAY);
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = utcDate(year, month, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function assertIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) {
    throw new CalendarError("invalid-date", value, `Ongeldige datum "${value}": gebruik de vorm JJJJ-MM-DD.`);
  }
  return value;
}

export function toDayNumber(date: IsoDate): number {
  assertIsoDate(date);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return utcDate(year, month, day).getTime() / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const date = new Date(dayNumber * MS_PER_DAY);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday, 1 = Monday, …, 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: IsoDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/** The Monday of the (Monday–Sunday) week containing the date. */
export function mondayOfWeek(date: IsoDate): IsoDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** The first Monday on or after the date. */
export function mondayOnOrAfter(date: IsoDate): IsoDate {
  return addDays(date, (8 - dayOfWeek(date)) % 7);
}

/** Easter Sunday (Gregorian calendar), by the Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}
