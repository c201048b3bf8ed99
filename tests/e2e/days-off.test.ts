// A school adds a pedagogische studiedag on /kalender (at phone width, 390 px)
// and the evaluation moment planned on that day moves to the school day before.
// The server runs on the real clock, so the day is picked from the school
// calendar around the server's today (never a fixed date), on any day of the year.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, commonSchoolDayOnOrBefore, isSchoolDay, isTeamBackInAugust, isWeekend, schoolYearOf, type IsoDate } from "~/domain/calendar";
import { brusselsDate } from "~/domain/calendar/brussels-time";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();
const shown = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/**
 * A day in this school year on which a moment may lie: a school day (or a
 * weekday from 16 August) a week or more ahead; in the last days of the school
 * year, when none is left, an earlier school day with a school day before it
 * (a planned moment may lie in the past). So the test holds on any day.
 */
function dayToUse(today: IsoDate): IsoDate {
  const year = schoolYearOf(today);
  for (let day = addDays(today, 7); schoolYearOf(day) === year; day = addDays(day, 1)) {
    if (isSchoolDay(day) || (!isWeekend(day) && isTeamBackInAugust(day))) return day;
  }
  for (let day = addDays(today, -1); schoolYearOf(day) === year; day = addDays(day, -1)) {
    const before = commonSchoolDayOnOrBefore(day, new Set([day]));
    if (isSchoolDay(day) && before < day) return day;
  }
  throw new Error(`No school day in ${year}`);
}

describe("the school's own calendar", () => {
  it("a school user adds a studiedag and the evaluation moment on that day moves", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    const today = brusselsDate(new Date());
    const year = schoolYearOf(today);
    const target = dayToUse(today);
    const label = `Extra evaluatie ${target}`;

    await signInAs(page, "directie@akkoord.example", DEMO_PASSWORD);
    await page.getByRole("link", { name: new RegExp(`^Afsprakennota ${year} — VBS De Wereldreiziger × `) }).first().click();
    await expect.poll(() => heading(page)).toContain("VBS De Wereldreiziger");
    await page.getByRole("link", { name: "Evaluaties" }).click();
    await expect.poll(() => heading(page)).toBe("Evaluaties");
    const evaluations = page.url();

    // A moment on the target day.
    await page.getByLabel("Naam").fill(label);
    await page.getByLabel("Datum", { exact: true }).fill(target);
    await page.getByRole("button", { name: "Toevoegen" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Het moment is toegevoegd.");
    await expect.poll(() => page.locator("li", { hasText: label }).first().textContent()).toContain(shown(target));

    // The studiedag, entered on the school's calendar (reached from Instellingen).
    await page.goto("/instellingen");
    await page.getByRole("link", { name: "Kalender van uw organisatie" }).click();
    await expect.poll(() => heading(page)).toBe("Kalender");
    await page.getByLabel("Soort").selectOption("studiedag");
    await page.getByLabel("Datum (of eerste dag)").fill(target);
    await page.getByLabel("Omschrijving").fill("Pedagogische studiedag e2e");
    await page.getByRole("button", { name: "Toevoegen" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("verplaatst naar de werkdag ervoor");
    expect(await page.getByRole("list", { name: /^Vrije dagen van VBS De Wereldreiziger/ }).textContent()).toContain("Pedagogische studiedag e2e");
    // Nothing sticks out at phone width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The moment moved to the school day before, and the page shows the studiedag near it.
    const moved = commonSchoolDayOnOrBefore(target, new Set([target]));
    await page.goto(evaluations);
    await expect.poll(() => page.locator("li", { hasText: label }).first().textContent()).toContain(shown(moved));
    expect(await page.getByRole("region", { name: /Eigen vrije dagen van de partijen/ }).textContent()).toContain("Pedagogische studiedag e2e");
    await page.context().close();
  });
});
