// Dates and times as people in Flanders read them, always in Brussels time (nl-BE).
// The one place pages, mails, the PDF and exports format a Brussels date. Pure and browser-safe.
import { TIME_ZONE } from "./brussels-time";

const dayFormat = new Intl.DateTimeFormat("nl-BE", { timeZone: TIME_ZONE, day: "numeric", month: "long", year: "numeric" });
const numericDateFormat = new Intl.DateTimeFormat("nl-BE", { timeZone: TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric" });
const shortDateTimeFormat = new Intl.DateTimeFormat("nl-BE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "short" });
const dateTimeFormat = new Intl.DateTimeFormat("nl-BE", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "13 januari 2027", for an instant or an ISO date ("2027-01-13"); "" when absent. */
export function formatDay(value: Date | string | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return dayFormat.format(new Date(Date.UTC(y, m - 1, d, 12)));
  }
  return dayFormat.format(new Date(value));
}

/** "13/01/2027"; "" when absent. */
export function formatNumericDate(value: Date | null | undefined): string {
  return value ? numericDateFormat.format(value) : "";
}

/** "13/01/27 17:05" */
export function formatShortDateTime(value: Date): string {
  return shortDateTimeFormat.format(value);
}

/** "22/11/2026 om 14:05" */
export function formatBrusselsDateTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return "onbekend tijdstip";
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.day}/${parts.month}/${parts.year} om ${parts.hour}:${parts.minute}`;
}
