import { describe, expect, it } from "vitest";
import { dayOfWeek, isSchoolDay, samePlaceInSchoolYear, schoolCalendar } from "./index";

describe("samePlaceInSchoolYear", () => {
  it("keeps the week of the school year and the weekday", () => {
    // Thursday 15 October 2026 is in week 7 of 2026-2027 (week 1 starts Monday 31 August 2026);
    // week 7 of 2027-2028 (week 1 starts Monday 30 August 2027) has Thursday 14 October 2027.
    expect(samePlaceInSchoolYear("2026-10-15", 1)).toBe("2027-10-14");
  });

  it("moves a school day off next year's holiday: 1 March 2027 does not become 1 March 2028 in the krokusvakantie", () => {
    const krokus2028 = schoolCalendar("2027-2028").holidays.find((h) => h.name === "krokusvakantie")!;
    expect(krokus2028.start <= "2028-03-01" && "2028-03-01" <= krokus2028.end).toBe(true);
    const moved = samePlaceInSchoolYear("2027-03-01", 1);
    expect(isSchoolDay(moved)).toBe(true);
    expect(dayOfWeek(moved)).toBe(dayOfWeek("2027-03-01"));
    expect(moved).toBe("2028-02-21");
  });

  it("every school day of 2026-2027 lands on a school day of 2027-2028, the same weekday", () => {
    for (let d = new Date(Date.UTC(2026, 8, 1)); d <= new Date(Date.UTC(2027, 5, 30)); d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      if (!isSchoolDay(date)) continue;
      const moved = samePlaceInSchoolYear(date, 1);
      expect(isSchoolDay(moved), `${date} → ${moved}`).toBe(true);
      expect(moved >= "2027-09-01" && moved <= "2028-06-30", `${date} → ${moved}`).toBe(true);
    }
  });
});
