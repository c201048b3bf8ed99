// Moving a date to the same place in a later school year (renewal): the same
// week of the school year and the same weekday, off holidays and days off.
import { addDays, assertIsoDate, isoDate, mondayOfWeek, toDayNumber, type IsoDate } from "./dates";
import { isSchoolDay, schoolYearOf, parseSchoolYear } from "./school-year";

/** The Monday of the week that holds 1 September: week 1 of the school year. */
function firstWeekOf(startYear: number): IsoDate {
  return mondayOfWeek(isoDate(startYear, 9, 1));
}

/**
 * The date at the same place `years` school years later: same week of the
 * school year, same weekday ("Monday of week 27"), not "+1 calendar year"
 * (1 March 2027 is a school day, 1 March 2028 lies in the krokusvakantie).
 * A school day stays a school day: when the place falls on a holiday or day
 * off, the same weekday a week earlier or later is taken (the nearest; the
 * earlier one on a tie), else the nearest school day. A date that was no
 * school day itself (a Saturday, a team day in August) keeps its place.
 */
export function samePlaceInSchoolYear(date: IsoDate, years: number): IsoDate {
  assertIsoDate(date);
  const { startYear } = parseSchoolYear(schoolYearOf(date));
  const offset = toDayNumber(date) - toDayNumber(firstWeekOf(startYear));
  const placed = addDays(firstWeekOf(startYear + years), offset);
  if (!isSchoolDay(date) || isSchoolDay(placed)) return placed;
  for (let weeks = 1; weeks <= 3; weeks++) {
    for (const candidate of [addDays(placed, -7 * weeks), addDays(placed, 7 * weeks)]) {
      if (schoolYearOf(candidate) === schoolYearOf(placed) && isSchoolDay(candidate)) return candidate;
    }
  }
  for (let days = 1; days <= 30; days++) {
    for (const candidate of [addDays(placed, -days), addDays(placed, days)]) {
      if (isSchoolDay(candidate)) return candidate;
    }
  }
  return placed;
}
