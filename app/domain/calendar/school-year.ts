// The Flemish school-year calendar: holidays, days off and school days.
// A school year runs from 1 September to 31 August and is written "2026-2027".

import {
  addDays,
  assertIsoDate,
  CalendarError,
  dayOfWeek,
  easterSunday,
  isoDate,
  isWeekend,
  mondayOfWeek,
  mondayOnOrAfter,
  type IsoDate,
} from "./dates";
import type { EvaluationRhythm } from "./evaluation-rhythm";

export type SchoolYear = string;

export const HOLIDAY_LABELS = {
  herfstvakantie: "Herfstvakantie",
  kerstvakantie: "Kerstvakantie",
  krokusvakantie: "Krokusvakantie",
  paasvakantie: "Paasvakantie",
  zomervakantie: "Zomervakantie",
} as const;
export type HolidayName = keyof typeof HOLIDAY_LABELS;

export const DAY_OFF_LABELS = {
  wapenstilstand: "Wapenstilstand",
  paasmaandag: "Paasmaandag",
  "dag-van-de-arbeid": "Dag van de Arbeid",
  hemelvaartsdag: "Hemelvaartsdag",
  "vrijdag-na-hemelvaart": "Vrijdag na Hemelvaartsdag",
  pinkstermaandag: "Pinkstermaandag",
} as const;
export type DayOffName = keyof typeof DAY_OFF_LABELS;

export interface Holiday {
  readonly name: HolidayName;
  readonly label: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface DayOff {
  readonly date: IsoDate;
  readonly name: DayOffName;
  readonly label: string;
}

export interface SchoolCalendar {
  readonly schoolYear: SchoolYear;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly holidays: readonly Holiday[];
  readonly daysOff: readonly DayOff[];
}

export interface Period {
  readonly name: string;
  readonly label: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

// --- School years -----------------------------------------------------------

export function parseSchoolYear(value: string): { startYear: number } {
  const match = /^(\d{4})-(\d{4})$/.exec(value);
  if (!match) {
    throw new CalendarError("invalid-format", value, `Ongeldig schooljaar "${value}": gebruik de vorm 2026-2027.`);
  }
  const startYear = Number(match[1]);
  if (Number(match[2]) !== startYear + 1) {
    throw new CalendarError(
      "not-consecutive",
      value,
      `Ongeldig schooljaar "${value}": gebruik de vorm ${formatSchoolYear(startYear)}.`,
    );
  }
  return { startYear };
}

function formatSchoolYear(startYear: number): SchoolYear {
  return `${startYear}-${startYear + 1}`;
}

function startYearOf(date: IsoDate): number {
  assertIsoDate(date);
  const [year, month] = date.split("-").map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

export function schoolYearOf(date: IsoDate): SchoolYear {
  return formatSchoolYear(startYearOf(date));
}

export function nextSchoolYear(schoolYear: SchoolYear): SchoolYear {
  return formatSchoolYear(parseSchoolYear(schoolYear).startYear + 1);
}

export function isInSchoolYear(date: IsoDate, schoolYear: SchoolYear): boolean {
  return startYearOf(date) === parseSchoolYear(schoolYear).startYear;
}

// --- Holidays and days off --------------------------------------------------

function holiday(name: HolidayName, start: IsoDate, end: IsoDate): Holiday {
  return { name, label: HOLIDAY_LABELS[name], start, end };
}

function buildCalendar(startYear: number): SchoolCalendar {
  const year = startYear + 1; // the calendar year of the second half
  const easter = easterSunday(year);
  const easterMonday = addDays(easter, 1);

  // Herfstvakantie: the week containing 1 November; from 2 November if that is a Sunday.
  const allSaints = isoDate(startYear, 11, 1);
  const autumnStart = dayOfWeek(allSaints) === 0 ? addDays(allSaints, 1) : mondayOfWeek(allSaints);

  // Kerstvakantie: two weeks from the Monday of Christmas week, or the Monday after a weekend Christmas.
  const christmas = isoDate(startYear, 12, 25);
  const christmasStart = isWeekend(christmas) ? mondayOnOrAfter(christmas) : mondayOfWeek(christmas);

  // Krokusvakantie: the week from the 7th Monday before Easter.
  const carnivalStart = addDays(easter, -48);

  // Paasvakantie: two weeks from the first Monday of April; from Easter Monday when Easter falls
  // in March; from the 2nd Monday before Easter when Easter falls after 15 April.
  const easterStart =
    easter < isoDate(year, 4, 1)
      ? easterMonday
      : easter > isoDate(year, 4, 15)
        ? addDays(easter, -13)
        : mondayOnOrAfter(isoDate(year, 4, 1));
  let easterEnd = addDays(easterStart, 13);
  if (addDays(easterEnd, 1) === easterMonday) easterEnd = easterMonday; // e.g. 7–21 April 2025

  const holidays = [
    holiday("herfstvakantie", autumnStart, addDays(autumnStart, 6)),
    holiday("kerstvakantie", christmasStart, addDays(christmasStart, 13)),
    holiday("krokusvakantie", carnivalStart, addDays(carnivalStart, 6)),
    holiday("paasvakantie", easterStart, easterEnd),
    holiday("zomervakantie", isoDate(year, 7, 1), isoDate(year, 8, 31)),
  ];

  const ascension = addDays(easter, 39);
  const candidates: [IsoDate, DayOffName][] = [
    [isoDate(startYear, 11, 11), "wapenstilstand"],
    [easterMonday, "paasmaandag"],
    [isoDate(year, 5, 1), "dag-van-de-arbeid"],
    [ascension, "hemelvaartsdag"],
    [addDays(ascension, 1), "vrijdag-na-hemelvaart"],
    [addDays(easter, 50), "pinkstermaandag"],
  ];
  const daysOff: DayOff[] = [];
  for (const [date, name] of candidates) {
    const inHoliday = holidays.some((h) => h.start <= date && date <= h.end);
    const duplicate = daysOff.some((d) => d.date === date); // 1 May can coincide with Ascension
    if (!isWeekend(date) && !inHoliday && !duplicate) daysOff.push({ date, name, label: DAY_OFF_LABELS[name] });
  }
  daysOff.sort((a, b) => a.date.localeCompare(b.date));

  return {
    schoolYear: formatSchoolYear(startYear),
    start: isoDate(startYear, 9, 1),
    end: isoDate(year, 8, 31),
    holidays,
    daysOff,
  };
}

const calendars = new Map<number, SchoolCalendar>();

function calendarFor(startYear: number): SchoolCalendar {
  let calendar = calendars.get(startYear);
  if (!calendar) {
    calendar = buildCalendar(startYear);
    calendars.set(startYear, calendar);
  }
  return calendar;
}

/** The holidays (in date order) and single days off of a school year. */
export function schoolCalendar(schoolYear: SchoolYear): SchoolCalendar {
  const calendar = calendarFor(parseSchoolYear(schoolYear).startYear);
  // Copies, so callers cannot corrupt the cache.
  return {
    ...calendar,
    holidays: calendar.holidays.map((h) => ({ ...h })),
    daysOff: calendar.daysOff.map((d) => ({ ...d })),
  };
}

// --- School days -------------------------------------------------------------

export function isSchoolDay(date: IsoDate): boolean {
  const calendar = calendarFor(startYearOf(date));
  return (
    !isWeekend(date) &&
    !calendar.holidays.some((h) => h.start <= date && date <= h.end) &&
    !calendar.daysOff.some((d) => d.date === date)
  );
}

export function nextSchoolDayOnOrAfter(date: IsoDate): IsoDate {
  let day = assertIsoDate(date);
  while (!isSchoolDay(day)) day = addDays(day, 1);
  return day;
}

export function previousSchoolDayOnOrBefore(date: IsoDate): IsoDate {
  let day = assertIsoDate(date);
  while (!isSchoolDay(day)) day = addDays(day, -1);
  return day;
}

/** Moves a date off a weekend, holiday or day off, to the nearest school day in the given direction. */
export function placeOnSchoolDay(date: IsoDate, direction: "forward" | "backward"): IsoDate {
  return direction === "forward" ? nextSchoolDayOnOrAfter(date) : previousSchoolDayOnOrBefore(date);
}

/** 1 September, or the first weekday after it. */
export function firstSchoolDay(schoolYear: SchoolYear): IsoDate {
  return nextSchoolDayOnOrAfter(isoDate(parseSchoolYear(schoolYear).startYear, 9, 1));
}

/** The last school day before the summer holiday (30 June or the weekday before it). */
export function lastSchoolDay(schoolYear: SchoolYear): IsoDate {
  return previousSchoolDayOnOrBefore(isoDate(parseSchoolYear(schoolYear).startYear + 1, 6, 30));
}

// --- Evaluation periods ------------------------------------------------------

function holidayOf(calendar: SchoolCalendar, name: HolidayName): Holiday {
  const found = calendar.holidays.find((h) => h.name === name);
  if (!found) throw new Error(`Missing ${name} in ${calendar.schoolYear}`);
  return found;
}

/**
 * Trimesters as contiguous calendar-day ranges between the holidays: 1 September up to the day
 * before the kerstvakantie, the day after the kerstvakantie up to the day before the paasvakantie,
 * the day after the paasvakantie up to 30 June.
 */
export function trimesters(schoolYear: SchoolYear): Period[] {
  const calendar = calendarFor(parseSchoolYear(schoolYear).startYear);
  const christmas = holidayOf(calendar, "kerstvakantie");
  const easter = holidayOf(calendar, "paasvakantie");
  const june30 = addDays(holidayOf(calendar, "zomervakantie").start, -1);
  return [
    { name: "trimester-1", label: "Eerste trimester", start: calendar.start, end: addDays(christmas.start, -1) },
    { name: "trimester-2", label: "Tweede trimester", start: addDays(christmas.end, 1), end: addDays(easter.start, -1) },
    { name: "trimester-3", label: "Derde trimester", start: addDays(easter.end, 1), end: june30 },
  ];
}

/** Semesters split at 1 February: 1 September – 31 January and 1 February – 30 June. */
export function semesters(schoolYear: SchoolYear): Period[] {
  const { startYear } = parseSchoolYear(schoolYear);
  return [
    { name: "semester-1", label: "Eerste semester", start: isoDate(startYear, 9, 1), end: isoDate(startYear + 1, 1, 31) },
    { name: "semester-2", label: "Tweede semester", start: isoDate(startYear + 1, 2, 1), end: isoDate(startYear + 1, 6, 30) },
  ];
}

export interface EvaluationDate {
  readonly date: IsoDate;
  readonly label: string;
}

/** Suggested evaluation moments for a rhythm; every date is a school day. */
export function defaultEvaluationDates(schoolYear: SchoolYear, rhythm: EvaluationRhythm): EvaluationDate[] {
  const { startYear } = parseSchoolYear(schoolYear);
  const calendar = calendarFor(startYear);
  const year = startYear + 1;
  const christmas = holidayOf(calendar, "kerstvakantie");
  const easter = holidayOf(calendar, "paasvakantie");
  const midJune = placeOnSchoolDay(isoDate(year, 6, 15), "backward");
  switch (rhythm) {
    case "jan-jun":
    case "jan-mei":
      return [
        // The Monday of the second school week after the kerstvakantie.
        { date: placeOnSchoolDay(addDays(christmas.end, 8), "forward"), label: "Tussentijdse evaluatie" },
        // In May there is still time to draft next year's nota before the summer (June is exam time).
        { date: rhythm === "jan-mei" ? placeOnSchoolDay(isoDate(year, 5, 15), "backward") : midJune, label: "Eindevaluatie" },
      ];
    case "per-trimester":
      return [
        { date: placeOnSchoolDay(addDays(christmas.start, -14), "backward"), label: "Evaluatie trimester 1" },
        { date: placeOnSchoolDay(addDays(easter.start, -14), "backward"), label: "Evaluatie trimester 2" },
        { date: midJune, label: "Evaluatie trimester 3" },
      ];
    case "per-semester":
      return [
        { date: placeOnSchoolDay(isoDate(year, 1, 25), "backward"), label: "Evaluatie semester 1" },
        { date: midJune, label: "Evaluatie semester 2" },
      ];
    case "yearly":
      return [{ date: midJune, label: "Eindevaluatie" }];
  }
}
