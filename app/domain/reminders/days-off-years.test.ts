// Fake-clock sweeps over five whole school years (2026-2027 … 2030-2031): a
// school and a CLB, each with its own days off, an evaluation moment on every
// common school day, a signing request every week and a digest subscriber.
// No reminder of any kind is delivered on a weekend, an official holiday or
// day off, or a day off of the recipient's organisations; the 14-day reminder
// of a January moment arrives before the kerstvakantie. The clock is only the
// injected `now`.
import { describe, expect, it } from "vitest";
import {
  addDays,
  commonSchoolDayOnOrBefore,
  dayOfWeek,
  isSchoolDay,
  isWorkingDay,
  schoolCalendar,
  type IsoDate,
} from "~/domain/calendar";
import { brusselsDate, brusselsWallTime } from "~/domain/calendar/brussels-time";
import { dueItems, type DueFacts, type DueItem } from "./due";

const SCHOOL = "org-school";
const CLB = "org-clb";
const YEARS = [2026, 2027, 2028, 2029, 2030];

/** The nth school day on or after a date (n = 0: the first). */
function schoolDayFrom(date: IsoDate, n = 0): IsoDate {
  let day = date;
  while (!isSchoolDay(day)) day = addDays(day, 1);
  for (let i = 0; i < n; i++) {
    day = addDays(day, 1);
    while (!isSchoolDay(day)) day = addDays(day, 1);
  }
  return day;
}

/** The school's studiedagen (one a month, and the day after the kerstvakantie), an exam period in June; the CLB's own days. */
function daysOffOf(startYear: number) {
  const calendar = schoolCalendar(`${startYear}-${startYear + 1}`);
  const christmas = calendar.holidays.find((h) => h.name === "kerstvakantie")!;
  const school: IsoDate[] = [schoolDayFrom(addDays(christmas.end, 1))];
  const months = ["09", "10", "11", "12", "01", "02", "03", "04", "05", "06"];
  months.forEach((month, i) => school.push(schoolDayFrom(`${i < 4 ? startYear : startYear + 1}-${month}-${String(8 + i).padStart(2, "0")}`)));
  const exams = schoolDayFrom(`${startYear + 1}-06-14`);
  for (let i = 0; i < 8; i++) school.push(addDays(exams, i));
  const clb = [schoolDayFrom(`${startYear}-10-20`), schoolDayFrom(`${startYear + 1}-03-15`), `${startYear + 1}-08-24`];
  return { school: new Set(school), clb: new Set(clb) };
}

function world(startYear: number) {
  const own = daysOffOf(startYear);
  const union = new Set([...own.school, ...own.clb]);
  // A moment on every common school day from September to June.
  const moments: DueFacts["moments"] = [];
  for (let day = `${startYear}-09-01`; day <= `${startYear + 1}-06-30`; day = addDays(day, 1)) {
    if (commonSchoolDayOnOrBefore(day, union) === day) moments.push({ id: `m-${day}`, agreementId: "agr", date: day, label: "Evaluatie", status: "gepland" });
  }
  const signingRequests: DueFacts["signingRequests"] = [];
  for (let day = `${startYear}-09-07`; day <= `${startYear + 1}-08-31`; day = addDays(day, 7)) {
    const invitedAt = brusselsWallTime(day, 10);
    signingRequests.push({
      id: `r-${day}`,
      agreementId: "agr",
      versionId: `v-${day}`,
      status: "verstuurd",
      versionStatus: "ter_ondertekening",
      invitedAt,
      expiresAt: new Date(invitedAt.getTime() + 30 * 86_400_000),
      signatoryName: "Sara",
      signatoryEmail: "sara@school.test",
    });
  }
  const facts: DueFacts = {
    agreements: [
      {
        id: "agr",
        title: "Afsprakennota",
        status: "ondertekend",
        parties: [
          // Each party named its contact person (decision 003): the reminders go to them.
          { id: "p-school", organisationId: SCHOOL, organisationName: "School", contactIds: ["u-school"] },
          { id: "p-clb", organisationId: CLB, organisationName: "CLB", contactIds: ["u-clb"] },
        ],
        accountableRoles: [],
        reminderFirstDays: 2,
        reminderIntervalDays: 2,
        reminderMax: 10,
      },
    ],
    moments,
    people: [
      { userId: "u-school", email: "d@school.test", name: "Dirk", organisationId: SCHOOL, role: "directie" },
      { userId: "u-clb", email: "c@clb.test", name: "Clara", organisationId: CLB, role: "clb_medewerker" },
    ],
    signingRequests,
    digestUsers: [{ userId: "u-school", email: "d@school.test", name: "Dirk", organisationIds: [SCHOOL] }],
    organisationDaysOff: [
      ...[...own.school].map((date) => ({ organisationId: SCHOOL, date })),
      ...[...own.clb].map((date) => ({ organisationId: CLB, date })),
    ],
  };
  return { facts, own, union };
}

/** The days off that count for an item: the digest reader's organisation, else both parties. */
function daysOffFor(item: DueItem, own: { school: Set<IsoDate> }, union: Set<IsoDate>): Set<IsoDate> {
  return item.kind === "digest" ? own.school : union;
}

describe.each(YEARS)("school year %i: fake-clock sweeps at 07:00 and 16:00 every day", (startYear) => {
  it("deliver no reminder, digest or signing reminder on a weekend, a holiday or a party's own day off", { timeout: 60_000 }, () => {
    const { facts, own, union } = world(startYear);
    const firstSeen = new Map<string, { day: IsoDate; item: DueItem }>();
    const kinds = new Set<string>();
    const violations: string[] = [];
    for (let day = `${startYear}-09-01`; day <= `${startYear + 1}-08-31`; day = addDays(day, 1)) {
      for (const hour of [7, 16]) {
        const now = brusselsWallTime(day, hour);
        for (const item of dueItems(facts, now)) {
          kinds.add(item.kind);
          const off = daysOffFor(item, own, union);
          if (!isWorkingDay(brusselsDate(now), off) || !isWorkingDay(brusselsDate(item.dueAt), off)) {
            violations.push(`${item.idempotencyKey} at ${now.toISOString()}`);
          }
          if (!firstSeen.has(item.idempotencyKey)) firstSeen.set(item.idempotencyKey, { day, item });
        }
      }
    }
    expect(violations).toEqual([]);
    // Every kind of reminder was exercised.
    expect([...kinds].sort()).toEqual(["digest", "eval-14d", "eval-3d", "eval-overdue", "sign-reminder"]);
    // The school's studiedagen were really in the way of some reminders: they went the working day before.
    const onStudiedag = [...firstSeen.values()].filter(({ item }) => item.kind === "eval-14d" && own.school.has(addDays((item as { moment: { date: IsoDate } }).moment.date, -14)));
    expect(onStudiedag.length).toBeGreaterThan(0);
    for (const { day } of onStudiedag) expect(own.school.has(day)).toBe(false);

    // The 14-day reminder of every January moment whose 14th day before lies in the kerstvakantie comes before it.
    const christmas = schoolCalendar(`${startYear}-${startYear + 1}`).holidays.find((h) => h.name === "kerstvakantie")!;
    const january = [...firstSeen.values()].filter(
      ({ item }) => item.kind === "eval-14d" && item.moment.date.slice(5, 7) === "01" && addDays(item.moment.date, -14) >= christmas.start && addDays(item.moment.date, -14) <= christmas.end,
    );
    expect(january.length).toBeGreaterThan(0);
    for (const { day } of january) expect(day < christmas.start, day).toBe(true);
  });
});

describe("the digest before a studiedag Monday", () => {
  it("comes on the Friday before, for the school only", () => {
    // Monday 8 March 2027 is a studiedag of the school.
    const { facts } = world(2026);
    const monday = "2027-03-08";
    expect(dayOfWeek(monday)).toBe(1);
    const withStudiedag: DueFacts = { ...facts, organisationDaysOff: [{ organisationId: SCHOOL, date: monday }] };
    const friday = brusselsWallTime("2027-03-05", 7);
    expect(dueItems(withStudiedag, friday).filter((i) => i.kind === "digest").map((i) => i.idempotencyKey)).toEqual([`digest:u-school:${monday}`]);
    expect(dueItems(withStudiedag, brusselsWallTime(monday, 7)).filter((i) => i.kind === "digest")).toEqual([]);
  });
});
