// Working days: the days a school's team can be reached, for mail that should
// not land in a holiday. Pure, like the rest of the calendar.
import { isWeekend, type IsoDate } from "./dates";
import { isSchoolDay } from "./school-year";

/** Days off on top of the official calendar (a school's studiedagen, facultatieve vrije dagen). */
export type ExtraDaysOff = ReadonlySet<IsoDate>;

const NONE: ExtraDaysOff = new Set();

/** From this day of August the teams are back and school offices open again for the new school year. */
export const TEAM_BACK_AUGUST_DAY = 16;

/** 16–31 August: no school days, but the team prepares the new school year. */
export function isTeamBackInAugust(date: IsoDate): boolean {
  return date.slice(5, 7) === "08" && Number(date.slice(8, 10)) >= TEAM_BACK_AUGUST_DAY;
}

/**
 * A school day, or a weekday in the second half of August; never one of the
 * extra days off. So not a weekend, not in a holiday (herfst-, kerst-, krokus-,
 * paasvakantie, July and the first half of August) and not an official day off.
 */
export function isWorkingDay(date: IsoDate, extraDaysOff: ExtraDaysOff = NONE): boolean {
  if (extraDaysOff.has(date)) return false;
  return isSchoolDay(date) || (!isWeekend(date) && isTeamBackInAugust(date));
}
