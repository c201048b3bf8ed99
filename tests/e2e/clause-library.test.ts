import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// Issue 15 and 17, without JavaScript: a new afsprakennota is the short nota for the level chosen;
// the clause library shows summaries, never {{placeholders}}, and adds the full set in one click.
describe("the short nota and the clause library", () => {
  it("without JavaScript: short secundair nota, summaries without {{, the full set in one click", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    // A secondary school no other e2e test drafts with (their dashboards open the first nota per school).
    const school = "Sint-Reynaertcollege";
    await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
    await expect.poll(() => heading(page)).toBe("Afsprakennota's met uw scholen");
    await page.goto("/overeenkomsten/nieuw");
    await page.getByLabel("Soort overeenkomst").selectOption({ label: "Afsprakennota school en CLB" });
    // The demo has this year's nota with the college; the year after next has none.
    await page.getByLabel("Schooljaar").selectOption({ index: 2 });
    await page.getByLabel("Andere partij").selectOption({ label: `${school} (Sint-Niklaas)` });
    await page.getByLabel("Onderwijsniveau").selectOption({ label: "Secundair onderwijs" });
    expect(await page.getByLabel("Korte nota (aanbevolen)").isChecked()).toBe(true);
    await page.getByRole("button", { name: "Overeenkomst aanmaken" }).click();
    await expect.poll(() => heading(page)).toMatch(new RegExp(`^Afsprakennota \\d{4}-\\d{4} — ${school} × Vrij CLB Reynaertland$`));
    const agreementUrl = new URL(page.url()).pathname;

    await page.getByRole("link", { name: "Clausule toevoegen" }).first().click();
    await expect.poll(() => heading(page)).toBe("Clausule toevoegen");
    expect(await page.content()).not.toContain("{{");
    await expect.poll(() => page.getByText("Clausules voor secundair onderwijs.").count()).toBe(1);
    // The short nota for secundair holds exams, not the step from kleuterschool to the first year.
    expect(await page.getByRole("heading", { name: "Examens en klassenraden" }).locator("xpath=..").getByText("Staat al in het concept.").count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Begeleidingsdomein: onderwijsloopbaan", exact: true }).count()).toBe(0);

    await page.getByRole("button", { name: "Alle clausules van de volledige nota toevoegen" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/^\d+ clausules van de volledige nota toegevoegd\.$/);
    expect(await page.getByRole("button", { name: "Alle clausules van de volledige nota toevoegen" }).count()).toBe(0);
    expect(await page.content()).not.toContain("{{");
    await page.goto(agreementUrl);
    await expect.poll(() => heading(page)).toMatch(/^Afsprakennota /);
    expect(await page.content()).not.toMatch(/boekentas|kleuterschool/i);
    await page.context().close();
  });
});
