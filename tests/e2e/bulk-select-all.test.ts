import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

// "Alle n scholen zonder engagementsverklaring aanvinken" on /scholen/versturen,
// reached through the menu with JavaScript: a client-side navigation to
// ?…&alles=1 must tick the schools (the checkboxes' default state is only read
// when they are made, so the form is keyed by the query).

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("bulk send: select all", () => {
  it("ticks every school without an engagementsverklaring after client-side navigation, and 'Niets aanvinken' clears them", async () => {
    const page = await newPage(browser);
    await signInAs(page, "coordinator@akkoord.example", DEMO_PASSWORD);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Uw scholen en hun engagementen");
    // Two new schools, typed in: the demo's own schools all have a verklaring already.
    for (const name of ["Basisschool De Vlinder", "Basisschool Het Anker"]) {
      await page.goto("/scholen/nieuw");
      await page.getByLabel("Instellingsnummer", { exact: true }).fill(String(900_000 + Math.floor(Math.random() * 99_999)));
      await page.getByRole("button", { name: "Zelf invullen" }).click();
      await page.getByLabel("Naam van de school").fill(name);
      await page.getByRole("button", { name: "School toevoegen" }).click();
      await page.waitForURL(/nieuw=1/);
    }
    await page.goto("/");
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Scholen", exact: true }).waitFor();
    // Hydrated: Remix's router exists, so links navigate without a reload.
    await page.waitForFunction(() => "__remixRouter" in window);
    // Survives client-side navigations only; a full page load would drop it.
    await page.evaluate(() => Object.assign(window, { stayedOnPage: true }));

    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Scholen", exact: true }).click();
    await page.getByRole("link", { name: "Engagementsverklaring versturen" }).click();
    await page.waitForURL(/\/scholen\/versturen/);
    const selectAll = page.getByRole("link", { name: /zonder engagementsverklaring aanvinken$/ });
    const label = (await selectAll.textContent()) ?? "";
    const open = label.startsWith("De school") ? 1 : Number(/Alle (\d+) scholen/.exec(label)?.[1]);
    expect(open).toBeGreaterThan(0);
    const checked = page.locator("input[type=checkbox][name=school]:checked");
    await expect.poll(() => checked.count()).toBe(0);

    await selectAll.click();
    await page.waitForURL(/alles=1/);
    await expect.poll(() => checked.count()).toBe(open);

    await page.getByRole("link", { name: "Niets aanvinken" }).click();
    await page.waitForURL((url) => !url.search.includes("alles=1"));
    await expect.poll(() => checked.count()).toBe(0);

    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    await page.context().close();
  });
});
