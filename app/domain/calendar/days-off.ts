// An organisation's own days off and busy periods (pedagogische studiedag,
// facultatieve vrije dag, examenperiode) on top of the official calendar: which
// ranges may be entered, and the working day all parties of an agreement share.
// Pure, like the rest of the calendar.
import { addDays, isIsoDate, isWeekend, toDayNumber, type IsoDate } from "./dates";
import { isInSchoolYear, isSchoolDay, nextSchoolYear, schoolCalendar, schoolYearOf, type SchoolYear } from "./school-year";
import { isTeamBackInAugust, type ExtraDaysOff } from "./working-days";

export const DAY_OFF_KINDS = ["studiedag", "facultatief", "examens", "andere"] as const;
export type DayOffKind = (typeof DAY_OFF_KINDS)[number];

/** One vocabulary: the form, the list, the evaluation page and the feed use these labels. */
export const DAY_OFF_KIND_LABELS: Record<DayOffKind, string> = {
  studiedag: "Pedagogische studiedag",
  facultatief: "Facultatieve vrije dag",
  examens: "Examenperiode",
  andere: "Andere vrije dag of drukke periode",
};

/** The longest description of a day off. */
export const DAY_OFF_LABEL_MAX = 120;

/** A period is at most six weeks (an exam period; longer is a mistake). */
export const MAX_DAY_OFF_DAYS = 42;

export interface DayOffRange {
  startDate: IsoDate;
  endDate: IsoDate;
}

export type DayOffProblem = "invalid-date" | "end-before-start" | "too-long" | "outside-school-year" | "holiday" | "weekend";

export interface DayOffCheck {
  problem: DayOffProblem;
  message: string;
}

/** Every date of the range, first to last. */
export function datesOfRange(range: DayOffRange): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let day = range.startDate; day <= range.endDate; day = addDays(day, 1)) dates.push(day);
  return dates;
}

/** The school years in which days off may be entered at `today`: this one and the next. */
export function dayOffSchoolYears(today: IsoDate): SchoolYear[] {
  const current = schoolYearOf(today);
  return [current, nextSchoolYear(current)];
}

/**
 * The official holiday or day off a date falls in, or null. The weekdays from
 * 16 August (team back, no pupils) are not: a school may mark those as its own.
 */
export function officialDayOffLabel(date: IsoDate): string | null {
  if (isSchoolDay(date) || isWeekend(date) || isTeamBackInAugust(date)) return null;
  const calendar = schoolCalendar(schoolYearOf(date));
  return (
    calendar.holidays.find((h) => h.start <= date && date <= h.end)?.label ??
    calendar.daysOff.find((d) => d.date === date)?.label ??
    "vrije dag"
  );
}

/**
 * Why a range cannot be an organisation's own day off, or null when it can:
 * real dates, in order, at most six weeks, inside the allowed school years,
 * not overlapping an official holiday or day off, and not only a weekend.
 */
export function checkDayOffRange(range: DayOffRange, schoolYears: readonly SchoolYear[]): DayOffCheck | null {
  if (!isIsoDate(range.startDate) || !isIsoDate(range.endDate)) return { problem: "invalid-date", message: "Kies een geldige datum." };
  if (range.endDate < range.startDate) return { problem: "end-before-start", message: "De einddatum ligt vóór de begindatum." };
  if (toDayNumber(range.endDate) - toDayNumber(range.startDate) + 1 > MAX_DAY_OFF_DAYS) {
    return { problem: "too-long", message: `Een periode duurt hoogstens ${MAX_DAY_OFF_DAYS / 7} weken.` };
  }
  const inYears = (date: IsoDate) => schoolYears.some((year) => isInSchoolYear(date, year));
  if (!inYears(range.startDate) || !inYears(range.endDate)) {
    return { problem: "outside-school-year", message: `Deze datum valt buiten het schooljaar (${schoolYears.join(" of ")}).` };
  }
  const dates = datesOfRange(range);
  for (const date of dates) {
    const official = officialDayOffLabel(date);
    if (official) return { problem: "holiday", message: `Deze dag valt in een vakantie of officiële vrije dag (${official}): die is al vrij.` };
  }
  if (dates.every(isWeekend)) return { problem: "weekend", message: "Deze dag valt in het weekend: die is al vrij." };
  return null;
}

/** A school day that is none of the days off (of every party together). */
export function isCommonSchoolDay(date: IsoDate, daysOff: ExtraDaysOff): boolean {
  return isSchoolDay(date) && !daysOff.has(date);
}

/**
 * Where an evaluation moment on `date` goes when it must be a school day for
 * all parties: the date itself, else the last such day before it in the same
 * school year, else (a day off at the very start of the year) the first after it.
 */
export function commonSchoolDayOnOrBefore(date: IsoDate, daysOff: ExtraDaysOff): IsoDate {
  const year = schoolYearOf(date);
  for (let day = date; isInSchoolYear(day, year); day = addDays(day, -1)) if (isCommonSchoolDay(day, daysOff)) return day;
  for (let day = date; isInSchoolYear(day, year); day = addDays(day, 1)) if (isCommonSchoolDay(day, daysOff)) return day;
  return date;
}

/** The dates of a list of ranges, as one set (for the rules that take ExtraDaysOff). */
export function daysOffSet(ranges: readonly DayOffRange[]): Set<IsoDate> {
  const set = new Set<IsoDate>();
  for (const range of ranges) for (const date of datesOfRange(range)) set.add(date);
  return set;
}
