import { describe, expect, it } from "vitest";
import { addDays, isSchoolDay, isWorkingDay } from "~/domain/calendar";

describe("working days", () => {
  it("are the school days, and the weekdays from 16 August when the team is back", () => {
    expect(isWorkingDay("2026-12-18")).toBe(true); // Friday before the kerstvakantie
    expect(isWorkingDay("2026-12-28")).toBe(false); // kerstvakantie
    expect(isWorkingDay("2026-11-11")).toBe(false); // Wapenstilstand
    expect(isWorkingDay("2027-01-09")).toBe(false); // Saturday
    expect(isWorkingDay("2027-07-15")).toBe(false); // zomervakantie, school offices closed
    expect(isWorkingDay("2027-08-13")).toBe(false);
    expect(isWorkingDay("2027-08-16")).toBe(true); // Monday, team back
    expect(isWorkingDay("2027-08-21")).toBe(false); // Saturday
    expect(isSchoolDay("2027-08-16")).toBe(false);
  });

  it("leave out an organisation's own days off", () => {
    const own = new Set(["2027-01-12", "2027-08-20"]);
    expect(isWorkingDay("2027-01-12", own)).toBe(false);
    expect(isWorkingDay("2027-08-20", own)).toBe(false);
    expect(isWorkingDay(addDays("2027-01-12", 1), own)).toBe(true);
  });
});
