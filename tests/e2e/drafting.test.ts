import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { fillEmptyFields, launchBrowser, newPage, signInAs } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

/**
 * The CLB drafts with VBS De Wereldreiziger and proposes the school's signer;
 * the school's directie accepts, confirms the proposal and freezes version 1
 * (each party acts only for itself: issue 12). Ends signed in as the directie.
 */
async function draftAndFreeze(page: Page, yearIndex: number) {
  const school = "VBS De Wereldreiziger";
  await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
  await expect.poll(() => heading(page)).toBe("Afsprakennota's met uw scholen");

  await page.getByRole("link", { name: "Nieuwe overeenkomst" }).first().click();
  await page.getByLabel("Soort overeenkomst").selectOption({ label: "Afsprakennota school en CLB" });
  // One afsprakennota per school and school year: the demo has this year's (signed) and next
  // year's (a concept); each test drafts in a year that has none.
  await page.getByLabel("Schooljaar").selectOption({ index: yearIndex });
  await page.getByLabel("Andere partij").selectOption({ label: `${school} (Sint-Niklaas)` });
  await page.getByRole("button", { name: "Overeenkomst aanmaken" }).click();
  await expect.poll(() => heading(page)).toMatch(new RegExp(`^Afsprakennota \\d{4}-\\d{4} — ${school} × Vrij CLB Reynaertland$`));

  await page.getByRole("link", { name: "Alle gegevens in één formulier" }).click();
  await expect.poll(() => heading(page)).toBe("Gegevens invullen");
  await fillEmptyFields(page);
  await page.getByRole("button", { name: "Bewaren" }).click();
  await expect.poll(() => page.getByRole("heading", { name: "Nog te doen voor u het concept kunt vastleggen" }).count()).toBe(1);

  // The signatory form (the page also has the clauses' values, some labelled "… e-mailadres …").
  const form = page.getByRole("form", { name: "Ondertekenaar toevoegen" });
  const partyOptions = await form.getByLabel("Partij").locator("option").allTextContents();
  for (const [i, option] of partyOptions.entries()) {
    await form.getByLabel("Partij").selectOption({ label: option });
    await form.getByLabel("Naam", { exact: true }).fill(`Ondertekenaar ${i + 1}`);
    await form.getByLabel("Functie").fill("directeur");
    await form.getByLabel("E-mailadres").fill(`ondertekenaar${i + 1}@${school.replace(/\W+/g, "").toLowerCase()}.example`);
    await form.getByRole("button", { name: "Toevoegen", exact: true }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toBe(option.includes(school) ? "Ondertekenaar voorgesteld. Een lid van die partij moet het voorstel nog bevestigen." : "Ondertekenaar toegevoegd.");
  }
  await expect.poll(() => page.getByText(`${school} heeft de uitnodiging als partij nog niet aanvaard`).count()).toBe(1);

  const agreementUrl = page.url();
  await page.context().clearCookies();
  await signInAs(page, "directie@akkoord.example", DEMO_PASSWORD);
  await expect.poll(() => page.url()).not.toContain("/inloggen");
  await page.goto(agreementUrl);
  await page.getByRole("button", { name: "Aanvaarden" }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toContain("U hebt de uitnodiging aanvaard");
  await page.getByRole("button", { name: /^Bevestigen/ }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toBe("Ondertekenaar bevestigd.");
  await expect.poll(() => page.getByRole("heading", { name: "Het concept is volledig" }).count()).toBe(1);
  await page.getByRole("button", { name: "Vastleggen als versie 1" }).click();
  await expect.poll(() => heading(page)).toMatch(/— versie 1$/);
}

describe("drafting a complete afsprakennota", () => {
  it("with JavaScript: draft, freeze v1, edit a clause, freeze v2, compare — the change is shown", async () => {
    const page = await newPage(browser);
    await draftAndFreeze(page, 2);

    // Wait for each page before clicking on: both pages have a "← …" link, and a click
    // during client-side navigation would hit the link of the page that is leaving.
    await page.getByRole("link", { name: "← Alle versies" }).click();
    await expect.poll(() => heading(page)).toBe("Versies");
    await page.getByRole("link", { name: /^← / }).first().click();
    await expect.poll(() => heading(page)).toMatch(/^Afsprakennota \d{4}-\d{4} — VBS De Wereldreiziger × Vrij CLB Reynaertland$/);
    // Clause actions sit in each clause's menu ("Acties"), inside the section it belongs to.
    const firstSection = page.locator("details.section-block").first();
    if ((await firstSection.getAttribute("open")) === null) await firstSection.locator("summary").first().click();
    await firstSection.getByText(/^Acties/).first().click();
    await firstSection.getByRole("link", { name: /^Tekst aanpassen/ }).first().click();
    const body = page.getByLabel("Tekst");
    await body.fill(`${await body.inputValue()}\n\nWe bekijken dit samen in januari.`);
    await page.getByRole("button", { name: "Bewaren" }).click();
    await page.getByRole("button", { name: "Vastleggen als versie 2" }).click();
    await expect.poll(() => heading(page)).toMatch(/— versie 2$/);

    await page.goto(page.url().replace(/\/versies\/2$/, "/versies"));
    await page.getByRole("button", { name: "Vergelijken" }).click();
    await expect.poll(() => heading(page)).toBe("Versie 1 en versie 2 vergeleken");
    const added = await page.locator("ins.redline-add").allTextContents();
    expect(added.join(" ")).toContain("We bekijken dit samen in januari.");

    // Issue 17: on a 390 px phone the comparison, the versions and a version fit the screen;
    // a version shows a short fingerprint, the full code on demand.
    const width = () => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await width()).toBeLessThanOrEqual(390);
    await page.goto(page.url().replace(/\/vergelijk\?.*$/, "/versies"));
    expect(await width()).toBeLessThanOrEqual(390);
    await page.goto(page.url().replace(/\/versies$/, "/versies/2"));
    expect(await width()).toBeLessThanOrEqual(390);
    const fingerprint = page.locator("details.fingerprint summary code");
    expect(await fingerprint.textContent()).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    await fingerprint.click();
    expect(await page.locator("details.fingerprint code.hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await width()).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it("without JavaScript: the core steps work (create, fill in, signatories, freeze)", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    // Next year's demo concept is archived first, so a new one can be started for that year.
    await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
    await page.goto("/overeenkomsten/nieuw");
    const nextYear = (await page.getByLabel("Schooljaar").locator("option").nth(1).textContent())!.trim();
    await page.goto("/");
    await page.getByRole("link", { name: new RegExp(`^Afsprakennota ${nextYear} — VBS De Wereldreiziger × `) }).first().click();
    await page.getByRole("button", { name: "Concept archiveren" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Concept archiveren" }).count()).toBe(0);
    await page.context().clearCookies();
    await draftAndFreeze(page, 1);
    await page.context().close();
  });
});

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
