// The yearly initiative reminder: since 1 September 2020 (decree on pupil
// guidance, 2018) the school takes the initiative for next year's
// afsprakennota with its CLB. From a set day (INITIATIVE_REMINDER_DATE, default
// 1 May) each school with a signed nota for this year and none yet for next
// year is reminded once, at 07:00 on a working day. Pure: no database, no clock.
import { addDays, isWorkingDay, nextSchoolYear, parseSchoolYear, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { brusselsDate, brusselsWallTime } from "~/domain/calendar/brussels-time";
import { REMINDER_HOUR } from "./due";

export const DEFAULT_INITIATIVE_DATE = "05-01";
/** After the school year's last day there is no point: the summer closes the window. */
const WINDOW_END = "06-30";

export type InitiativeWindow = { schoolYear: string; nextYear: string; date: IsoDate; dueAt: Date };

/** The first working day on or after the set day (MM-DD) in the spring of the school year. */
export function initiativeDate(schoolYear: string, monthDay: string = DEFAULT_INITIATIVE_DATE): IsoDate {
  let date = `${parseSchoolYear(schoolYear).startYear + 1}-${monthDay}`;
  while (!isWorkingDay(date)) date = addDays(date, 1);
  return date;
}

/**
 * The initiative reminder that may go out at `now`, or null: from 07:00 on
 * its day until the end of June, only on a working day and from 07:00 (a sweep
 * on a weekend, a holiday or at night waits for the next working morning).
 */
export function initiativeWindowAt(now: Date, monthDay: string = DEFAULT_INITIATIVE_DATE): InitiativeWindow | null {
  const today = brusselsDate(now);
  const schoolYear = schoolYearOf(today);
  const date = initiativeDate(schoolYear, monthDay);
  const end = `${parseSchoolYear(schoolYear).startYear + 1}-${WINDOW_END}`;
  const dueAt = brusselsWallTime(today, REMINDER_HOUR);
  if (today < date || today > end || !isWorkingDay(today) || now < dueAt) return null;
  return { schoolYear, nextYear: nextSchoolYear(schoolYear), date, dueAt };
}

/** Once per school per school year. */
export function initiativeKey(schoolYear: string, schoolId: string): string {
  return `initiative:${schoolYear}:${schoolId}`;
}
