import { describe, it, expect } from "vitest";
import {
  addDays,
  CalendarError,
  dayOfWeek,
  defaultEvaluationDates,
  easterSunday,
  EVALUATION_RHYTHMS,
  firstSchoolDay,
  isInSchoolYear,
  isSchoolDay,
  lastSchoolDay,
  nextSchoolDayOnOrAfter,
  nextSchoolYear,
  parseSchoolYear,
  placeOnSchoolDay,
  previousSchoolDayOnOrBefore,
  schoolCalendar,
  schoolYearOf,
  semesters,
  trimesters,
  type HolidayName,
} from "./index";

function holidayRange(schoolYear: string, name: HolidayName): [string, string] {
  const found = schoolCalendar(schoolYear).holidays.find((h) => h.name === name);
  if (!found) throw new Error(`no ${name}`);
  return [found.start, found.end];
}

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CalendarError ? error.code : "not-a-calendar-error";
  }
  return undefined;
}

const schoolYearsFrom2024To2035 = Array.from({ length: 12 }, (_, i) => `${2024 + i}-${2025 + i}`);

describe("date arithmetic", () => {
  it("computes Easter Sunday", () => {
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2025)).toBe("2025-04-20");
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2027)).toBe("2027-03-28");
    expect(easterSunday(2038)).toBe("2038-04-25");
    expect(easterSunday(2022)).toBe("2022-04-17");
    expect(easterSunday(2008)).toBe("2008-03-23");
    expect(easterSunday(2285)).toBe("2285-03-22"); // earliest possible date
  });

  it("adds days across month, leap-day and year boundaries", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2025-12-22", 13)).toBe("2026-01-04");
    expect(addDays("2026-04-05", -48)).toBe("2026-02-16");
    expect(dayOfWeek("2026-11-01")).toBe(0); // Sunday
    expect(dayOfWeek("2027-12-25")).toBe(6); // Saturday
  });

  it("rejects invalid dates", () => {
    expect(thrownCode(() => isSchoolDay("2026-02-30"))).toBe("invalid-date");
    expect(thrownCode(() => isSchoolDay("2026-9-1"))).toBe("invalid-date");
  });
});

describe("school years", () => {
  it("parses a school year", () => {
    expect(parseSchoolYear("2026-2027")).toEqual({ startYear: 2026 });
  });

  it("rejects malformed or non-consecutive school years with a typed error", () => {
    expect(thrownCode(() => parseSchoolYear("2026-2028"))).toBe("not-consecutive");
    expect(thrownCode(() => parseSchoolYear("2027-2026"))).toBe("not-consecutive");
    for (const bad of ["2026/2027", "26-27", " 2026-2027", "2026-2027x", ""]) {
      expect(thrownCode(() => parseSchoolYear(bad))).toBe("invalid-format");
    }
    expect(() => parseSchoolYear("2026-2028")).toThrow('Ongeldig schooljaar "2026-2028": gebruik de vorm 2026-2027.');
  });

  it("finds the school year of a date and the next school year", () => {
    expect(schoolYearOf("2026-09-01")).toBe("2026-2027");
    expect(schoolYearOf("2027-01-15")).toBe("2026-2027");
    expect(schoolYearOf("2027-08-31")).toBe("2026-2027");
    expect(schoolYearOf("2026-08-31")).toBe("2025-2026");
    expect(nextSchoolYear("2026-2027")).toBe("2027-2028");
    expect(nextSchoolYear("2099-2100")).toBe("2100-2101");
  });

  it("checks membership of a school year", () => {
    expect(isInSchoolYear("2026-09-01", "2026-2027")).toBe(true);
    expect(isInSchoolYear("2027-08-31", "2026-2027")).toBe(true);
    expect(isInSchoolYear("2026-08-31", "2026-2027")).toBe(false);
    expect(isInSchoolYear("2027-09-01", "2026-2027")).toBe(false);
  });
});

describe("schoolCalendar", () => {
  it("gives the full 2025-2026 calendar", () => {
    expect(schoolCalendar("2025-2026")).toEqual({
      schoolYear: "2025-2026",
      start: "2025-09-01",
      end: "2026-08-31",
      holidays: [
        { name: "herfstvakantie", label: "Herfstvakantie", start: "2025-10-27", end: "2025-11-02" },
        { name: "kerstvakantie", label: "Kerstvakantie", start: "2025-12-22", end: "2026-01-04" },
        { name: "krokusvakantie", label: "Krokusvakantie", start: "2026-02-16", end: "2026-02-22" },
        { name: "paasvakantie", label: "Paasvakantie", start: "2026-04-06", end: "2026-04-19" },
        { name: "zomervakantie", label: "Zomervakantie", start: "2026-07-01", end: "2026-08-31" },
      ],
      daysOff: [
        { date: "2025-11-11", name: "wapenstilstand", label: "Wapenstilstand" },
        { date: "2026-05-01", name: "dag-van-de-arbeid", label: "Dag van de Arbeid" },
        { date: "2026-05-14", name: "hemelvaartsdag", label: "Hemelvaartsdag" },
        { date: "2026-05-15", name: "vrijdag-na-hemelvaart", label: "Vrijdag na Hemelvaartsdag" },
        { date: "2026-05-25", name: "pinkstermaandag", label: "Pinkstermaandag" },
      ],
    });
  });

  it("extends the paasvakantie with Easter Monday when Easter is after 15 April (2025, 2022, 2038)", () => {
    expect(holidayRange("2024-2025", "paasvakantie")).toEqual(["2025-04-07", "2025-04-21"]);
    expect(holidayRange("2021-2022", "paasvakantie")).toEqual(["2022-04-04", "2022-04-18"]);
    expect(holidayRange("2037-2038", "paasvakantie")).toEqual(["2038-04-12", "2038-04-26"]);
    expect(schoolCalendar("2024-2025").daysOff.map((d) => d.date)).toEqual([
      "2024-11-11",
      "2025-05-01",
      "2025-05-29",
      "2025-05-30",
      "2025-06-09",
    ]);
  });

  it("starts the herfstvakantie on 2 November when 1 November is a Sunday (2026)", () => {
    expect(holidayRange("2026-2027", "herfstvakantie")).toEqual(["2026-11-02", "2026-11-08"]);
    expect(holidayRange("2024-2025", "herfstvakantie")).toEqual(["2024-10-28", "2024-11-03"]);
    expect(holidayRange("2027-2028", "herfstvakantie")).toEqual(["2027-11-01", "2027-11-07"]);
  });

  it("starts the kerstvakantie on the Monday after a weekend Christmas (2027)", () => {
    expect(holidayRange("2027-2028", "kerstvakantie")).toEqual(["2027-12-27", "2028-01-09"]);
    expect(holidayRange("2026-2027", "kerstvakantie")).toEqual(["2026-12-21", "2027-01-03"]);
    expect(holidayRange("2024-2025", "kerstvakantie")).toEqual(["2024-12-23", "2025-01-05"]);
  });

  it("starts the paasvakantie on Easter Monday when Easter falls in March (2027)", () => {
    expect(holidayRange("2026-2027", "paasvakantie")).toEqual(["2027-03-29", "2027-04-11"]);
    expect(holidayRange("2007-2008", "paasvakantie")).toEqual(["2008-03-24", "2008-04-06"]);
  });

  it("places the krokusvakantie 48 days before Easter", () => {
    expect(holidayRange("2024-2025", "krokusvakantie")).toEqual(["2025-03-03", "2025-03-09"]);
    expect(holidayRange("2026-2027", "krokusvakantie")).toEqual(["2027-02-08", "2027-02-14"]);
    expect(holidayRange("2027-2028", "krokusvakantie")).toEqual(["2028-02-28", "2028-03-05"]); // leap year
  });

  it("lists only weekday days off, once each (2026-2027: 1 May is a Saturday)", () => {
    expect(schoolCalendar("2026-2027").daysOff.map((d) => d.date)).toEqual([
      "2026-11-11",
      "2027-05-06",
      "2027-05-07",
      "2027-05-17",
    ]);
    // 2008: Ascension Day falls on 1 May; 11 November 2007 is a Sunday.
    expect(schoolCalendar("2007-2008").daysOff.map((d) => [d.date, d.name])).toEqual([
      ["2008-05-01", "dag-van-de-arbeid"],
      ["2008-05-02", "vrijdag-na-hemelvaart"],
      ["2008-05-12", "pinkstermaandag"],
    ]);
  });

  it("keeps structural invariants for 2000-2100", () => {
    for (let year = 2000; year <= 2100; year++) {
      const calendar = schoolCalendar(`${year}-${year + 1}`);
      const starts = calendar.holidays.map((h) => h.start);
      expect(starts).toEqual([...starts].sort());
      for (const h of calendar.holidays.filter((h) => h.name !== "zomervakantie")) {
        expect(dayOfWeek(h.start)).toBe(1);
        expect(h.end > h.start).toBe(true);
      }
      for (const d of calendar.daysOff) {
        expect(isSchoolDay(d.date)).toBe(false);
        expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(d.date));
        expect(calendar.holidays.some((h) => h.start <= d.date && d.date <= h.end)).toBe(false);
      }
    }
  });
});

describe("school days", () => {
  it("knows school days, weekends, holidays and days off", () => {
    expect(isSchoolDay("2026-09-01")).toBe(true);
    expect(isSchoolDay("2026-11-09")).toBe(true);
    expect(isSchoolDay("2025-04-22")).toBe(true);
    expect(isSchoolDay("2027-06-30")).toBe(true);
    expect(isSchoolDay("2026-10-31")).toBe(false); // Saturday
    expect(isSchoolDay("2026-11-02")).toBe(false); // herfstvakantie
    expect(isSchoolDay("2026-11-11")).toBe(false); // wapenstilstand
    expect(isSchoolDay("2025-04-21")).toBe(false); // Easter Monday, end of paasvakantie
    expect(isSchoolDay("2027-07-01")).toBe(false); // zomervakantie
  });

  it("finds the next and previous school day, across school years", () => {
    expect(nextSchoolDayOnOrAfter("2026-03-10")).toBe("2026-03-10");
    expect(nextSchoolDayOnOrAfter("2025-12-20")).toBe("2026-01-05");
    expect(nextSchoolDayOnOrAfter("2026-07-01")).toBe("2026-09-01");
    expect(previousSchoolDayOnOrBefore("2026-01-04")).toBe("2025-12-19");
    expect(previousSchoolDayOnOrBefore("2026-08-15")).toBe("2026-06-30");
  });

  it("places a date on a school day in either direction", () => {
    expect(placeOnSchoolDay("2025-12-25", "forward")).toBe("2026-01-05");
    expect(placeOnSchoolDay("2025-12-25", "backward")).toBe("2025-12-19");
    expect(placeOnSchoolDay("2026-05-14", "forward")).toBe("2026-05-18"); // Ascension, Friday, weekend
    expect(placeOnSchoolDay("2026-05-14", "backward")).toBe("2026-05-13");
    expect(placeOnSchoolDay("2026-05-12", "backward")).toBe("2026-05-12");
  });

  it("gives the first school day (1 September or the following Monday)", () => {
    expect(firstSchoolDay("2025-2026")).toBe("2025-09-01"); // Monday
    expect(firstSchoolDay("2026-2027")).toBe("2026-09-01"); // Tuesday
    expect(firstSchoolDay("2024-2025")).toBe("2024-09-02"); // 1 September is a Sunday
    expect(firstSchoolDay("2029-2030")).toBe("2029-09-03"); // 1 September is a Saturday
    expect(schoolCalendar("2024-2025").start).toBe("2024-09-01");
  });

  it("gives the last school day before the zomervakantie", () => {
    expect(lastSchoolDay("2025-2026")).toBe("2026-06-30"); // Tuesday
    expect(lastSchoolDay("2024-2025")).toBe("2025-06-30"); // Monday
    expect(lastSchoolDay("2029-2030")).toBe("2030-06-28"); // 30 June is a Sunday
  });
});

describe("trimesters and semesters", () => {
  it("splits 2025-2026 into trimesters around the kerst- and paasvakantie", () => {
    expect(trimesters("2025-2026")).toEqual([
      { name: "trimester-1", label: "Eerste trimester", start: "2025-09-01", end: "2025-12-21" },
      { name: "trimester-2", label: "Tweede trimester", start: "2026-01-05", end: "2026-04-05" },
      { name: "trimester-3", label: "Derde trimester", start: "2026-04-20", end: "2026-06-30" },
    ]);
  });

  it("starts the third trimester after Easter Monday when the paasvakantie is extended (2024-2025)", () => {
    expect(trimesters("2024-2025").map((t) => [t.start, t.end])).toEqual([
      ["2024-09-01", "2024-12-22"],
      ["2025-01-06", "2025-04-06"],
      ["2025-04-22", "2025-06-30"],
    ]);
  });

  it("splits semesters at 1 February", () => {
    expect(semesters("2027-2028")).toEqual([
      { name: "semester-1", label: "Eerste semester", start: "2027-09-01", end: "2028-01-31" },
      { name: "semester-2", label: "Tweede semester", start: "2028-02-01", end: "2028-06-30" },
    ]);
  });
});

describe("defaultEvaluationDates", () => {
  it("suggests the 2025-2026 dates for each rhythm", () => {
    expect(defaultEvaluationDates("2025-2026", "jan-jun")).toEqual([
      { date: "2026-01-12", label: "Tussentijdse evaluatie" },
      { date: "2026-06-15", label: "Eindevaluatie" },
    ]);
    expect(defaultEvaluationDates("2025-2026", "per-trimester")).toEqual([
      { date: "2025-12-08", label: "Evaluatie trimester 1" },
      { date: "2026-03-23", label: "Evaluatie trimester 2" },
      { date: "2026-06-15", label: "Evaluatie trimester 3" },
    ]);
    expect(defaultEvaluationDates("2025-2026", "per-semester")).toEqual([
      { date: "2026-01-23", label: "Evaluatie semester 1" }, // 25 January 2026 is a Sunday
      { date: "2026-06-15", label: "Evaluatie semester 2" },
    ]);
    expect(defaultEvaluationDates("2025-2026", "yearly")).toEqual([{ date: "2026-06-15", label: "Eindevaluatie" }]);
  });

  it("jan-mei: the end-of-year evaluation in May, on a school day (not on a Saturday, Hemelvaart or its bridge day)", () => {
    expect(defaultEvaluationDates("2026-2027", "jan-mei")).toEqual([
      { date: "2027-01-11", label: "Tussentijdse evaluatie" },
      { date: "2027-05-14", label: "Eindevaluatie" }, // 15 May 2027 is a Saturday
    ]);
    for (const year of ["2026-2027", "2027-2028", "2028-2029", "2029-2030", "2030-2031"]) {
      const end = defaultEvaluationDates(year, "jan-mei")[1]!.date;
      expect(end.slice(5, 7), year).toBe("05");
      expect(isSchoolDay(end), `${year}: ${end}`).toBe(true);
    }
  });

  it("follows a late kerstvakantie and a weekend 15 June", () => {
    expect(defaultEvaluationDates("2027-2028", "jan-jun").map((e) => e.date)).toEqual(["2028-01-17", "2028-06-15"]);
    expect(defaultEvaluationDates("2027-2028", "per-trimester").map((e) => e.date)).toEqual([
      "2027-12-13",
      "2028-03-20",
      "2028-06-15",
    ]);
    expect(defaultEvaluationDates("2029-2030", "yearly").map((e) => e.date)).toEqual(["2030-06-14"]); // 15 June is a Saturday
  });

  it("only returns school days inside the school year, in order (2024-2025 to 2035-2036)", () => {
    for (const schoolYear of schoolYearsFrom2024To2035) {
      for (const rhythm of EVALUATION_RHYTHMS) {
        const dates = defaultEvaluationDates(schoolYear, rhythm).map((e) => e.date);
        expect(dates.length).toBeGreaterThan(0);
        expect(dates).toEqual([...dates].sort());
        for (const date of dates) {
          expect(isSchoolDay(date), `${rhythm} ${schoolYear} ${date}`).toBe(true);
          expect(isInSchoolYear(date, schoolYear)).toBe(true);
        }
      }
    }
  });
});
