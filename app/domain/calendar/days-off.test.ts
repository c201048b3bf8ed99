import { describe, expect, it } from "vitest";
import { checkDayOffRange, commonSchoolDayOnOrBefore, datesOfRange, dayOffSchoolYears, officialDayOffLabel } from "./days-off";

const YEARS = ["2026-2027", "2027-2028"];

describe("an organisation's own days off", () => {
  it("may be a school day or a period of this school year or the next", () => {
    expect(dayOffSchoolYears("2026-12-07")).toEqual(YEARS);
    expect(checkDayOffRange({ startDate: "2026-10-07", endDate: "2026-10-07" }, YEARS)).toBeNull();
    // An exam period across a weekend.
    expect(checkDayOffRange({ startDate: "2027-06-14", endDate: "2027-06-25" }, YEARS)).toBeNull();
    // Team back in late August, no pupils: a school may mark those days as its own.
    expect(checkDayOffRange({ startDate: "2027-08-26", endDate: "2027-08-27" }, YEARS)).toBeNull();
  });

  it("refuses a day in a holiday or on an official day off, a weekend, and dates outside the school years", () => {
    expect(checkDayOffRange({ startDate: "2026-12-28", endDate: "2026-12-28" }, YEARS)?.problem).toBe("holiday");
    expect(checkDayOffRange({ startDate: "2026-12-18", endDate: "2026-12-22" }, YEARS)?.message).toContain("Kerstvakantie");
    expect(checkDayOffRange({ startDate: "2026-11-11", endDate: "2026-11-11" }, YEARS)?.message).toContain("Wapenstilstand");
    expect(checkDayOffRange({ startDate: "2026-10-10", endDate: "2026-10-11" }, YEARS)?.problem).toBe("weekend");
    expect(checkDayOffRange({ startDate: "2028-10-02", endDate: "2028-10-02" }, YEARS)?.problem).toBe("outside-school-year");
    expect(checkDayOffRange({ startDate: "2026-06-15", endDate: "2026-06-15" }, YEARS)?.problem).toBe("outside-school-year");
    expect(checkDayOffRange({ startDate: "2026-10-09", endDate: "2026-10-07" }, YEARS)?.problem).toBe("end-before-start");
    expect(checkDayOffRange({ startDate: "2027-02-29", endDate: "2027-02-29" }, YEARS)?.problem).toBe("invalid-date");
    expect(checkDayOffRange({ startDate: "2027-01-11", endDate: "2027-03-31" }, YEARS)?.problem).toBe("too-long");
    expect(officialDayOffLabel("2026-10-07")).toBeNull();
  });

  it("move a moment to the last school day before that is free for all parties, within its school year", () => {
    const daysOff = new Set(datesOfRange({ startDate: "2027-01-11", endDate: "2027-01-12" }));
    // Monday 11 January off: the Friday before.
    expect(commonSchoolDayOnOrBefore("2027-01-11", daysOff)).toBe("2027-01-08");
    // Monday 4 January (first day after the kerstvakantie) off: back to Friday 18 December.
    expect(commonSchoolDayOnOrBefore("2027-01-04", new Set(["2027-01-04"]))).toBe("2026-12-18");
    expect(commonSchoolDayOnOrBefore("2027-01-13", daysOff)).toBe("2027-01-13");
    // A day off on the first school day: no school day before it in that year, so the next one.
    expect(commonSchoolDayOnOrBefore("2026-09-01", new Set(["2026-09-01"]))).toBe("2026-09-02");
  });
});
