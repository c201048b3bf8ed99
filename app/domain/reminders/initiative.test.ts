import { describe, expect, it } from "vitest";
import { isWorkingDay } from "~/domain/calendar";
import { brusselsWallTime } from "~/domain/calendar/brussels-time";
import { initiativeDate, initiativeWindowAt } from "./initiative";

// Fake clock: every moment is written out; nothing reads the real one.
const at = (date: string, hour: number, minute = 0) => brusselsWallTime(date, hour, minute);

describe("the yearly initiative reminder", () => {
  it("goes out from 1 May at 07:00, on the first working day: 1 May 2027 is a Saturday and the Dag van de Arbeid", () => {
    expect(initiativeDate("2026-2027")).toBe("2027-05-03");
    expect(initiativeWindowAt(at("2027-04-30", 12))).toBeNull();
    expect(initiativeWindowAt(at("2027-05-01", 9))).toBeNull();
    expect(initiativeWindowAt(at("2027-05-03", 6, 59))).toBeNull();
    expect(initiativeWindowAt(at("2027-05-03", 7))).toMatchObject({ schoolYear: "2026-2027", nextYear: "2027-2028", date: "2027-05-03" });
  });

  it("is sent only on working days until the end of June (a late sweep catches up on the next working morning)", () => {
    // Ascension day, a weekend, and after the school year.
    expect(initiativeWindowAt(at("2027-05-06", 10))).toBeNull();
    expect(initiativeWindowAt(at("2027-05-08", 10))).toBeNull();
    expect(initiativeWindowAt(at("2027-07-01", 10))).toBeNull();
    // Ascension day and the Friday after it (a day off for schools), a weekend: the next working morning is Monday.
    expect(initiativeWindowAt(at("2027-05-07", 10))).toBeNull();
    expect(initiativeWindowAt(at("2027-05-10", 10))).toMatchObject({ dueAt: at("2027-05-10", 7) });
    expect(initiativeWindowAt(at("2027-06-30", 10))).toMatchObject({ schoolYear: "2026-2027" });
    // In the autumn it is not yet time.
    expect(initiativeWindowAt(at("2027-10-04", 10))).toBeNull();
  });

  it("lands on a working day on or after the set day in every school year 2026-27 … 2030-31", () => {
    for (const start of [2026, 2027, 2028, 2029, 2030]) {
      const date = initiativeDate(`${start}-${start + 1}`);
      expect(isWorkingDay(date)).toBe(true);
      expect(date >= `${start + 1}-05-01` && date <= `${start + 1}-05-10`).toBe(true);
    }
  });

  it("follows a configured day", () => {
    expect(initiativeDate("2026-2027", "05-20")).toBe("2027-05-20");
    expect(initiativeWindowAt(at("2027-05-19", 10), "05-20")).toBeNull();
    expect(initiativeWindowAt(at("2027-05-20", 10), "05-20")).toMatchObject({ date: "2027-05-20" });
  });
});
