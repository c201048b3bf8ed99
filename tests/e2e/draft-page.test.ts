import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

// Issue 17: the draft page as a document a person can work in, on a desktop
// and on a 390 px phone, with and without JavaScript.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

// One afsprakennota per school and school year: each run drafts with its own school and year.
// The demo has this year's for all four schools of the Vrij CLB and next year's for De Wereldreiziger;
// drafting.test.ts drafts De Wereldreiziger, evaluation-renewal.test.ts renews Het Klavertje (and opens
// its first nota in the list): these runs keep to De Zonnewijzer and the Sint-Reynaertcollege.
const runs = [
  { name: "desktop, with JavaScript", viewport: { width: 1280, height: 900 }, js: true, school: "Vrije Basisschool De Zonnewijzer", year: 1 },
  { name: "desktop, without JavaScript", viewport: { width: 1280, height: 900 }, js: false, school: "Sint-Reynaertcollege", year: 1 },
  { name: "390 px phone, with JavaScript", viewport: { width: 390, height: 844 }, js: true, school: "Vrije Basisschool De Zonnewijzer", year: 2 },
  { name: "390 px phone, without JavaScript", viewport: { width: 390, height: 844 }, js: false, school: "Sint-Reynaertcollege", year: 2 },
] as const;

async function newDraft(page: Page, school: string, year: number) {
  await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
  await expect.poll(() => page.url()).not.toContain("/inloggen");
  await page.goto("/overeenkomsten/nieuw");
  await page.getByLabel("Soort overeenkomst").selectOption({ label: "Afsprakennota school en CLB" });
  await page.getByLabel("Schooljaar").selectOption({ index: year });
  await page.getByLabel("Andere partij").selectOption({ label: `${school} (${await municipality(page, school)})` });
  await page.getByRole("button", { name: "Overeenkomst aanmaken" }).click();
  await expect.poll(() => heading(page)).toContain(school);
}

async function municipality(page: Page, school: string) {
  const labels = await page.getByLabel("Andere partij").locator("option").allTextContents();
  const label = labels.find((l) => l.startsWith(`${school} (`))!;
  return label.slice(school.length + 2, -1);
}

const pageWidth = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

describe.each(runs)("the draft page ($name)", ({ viewport, js, school, year }) => {
  it("first screen: the open tasks; outline jumps and collapses; a value filled in the text is saved there; the signatory form clears and answers beside itself", async () => {
    const page = await newPage(browser, { viewport, javaScriptEnabled: js });
    await newDraft(page, school, year);
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    // The first screen says what is left to do, counted.
    const tasks = page.locator(".open-tasks");
    await expect.poll(() => tasks.getByRole("heading", { name: "Nog te doen voor u het concept kunt vastleggen" }).count()).toBe(1);
    const firstTask = tasks.getByRole("listitem").first();
    expect(await firstTask.textContent()).toMatch(/^\d+ gegevens nog in te vullen, in \d+ rubrieken?$/);
    expect(await tasks.getByText(/^Nog geen ondertekenaar voor /).count()).toBe(1);
    const box = (await firstTask.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);

    // Outline: every section one click away; a section closes and, jumped to again, opens (with JavaScript).
    const outline = page.getByRole("navigation", { name: "Rubrieken" });
    const links = outline.getByRole("link");
    expect(await links.count()).toBeGreaterThan(3);
    const target = page.locator("details.section-block").last();
    const anchorId = (await target.locator(".section-anchor").getAttribute("id"))!;
    await outline.locator(`a[href="#${anchorId}"]`).click();
    await expect.poll(() => page.url()).toContain(`#${anchorId}`);
    const summary = target.locator("summary").first();
    await expect.poll(async () => (await summary.boundingBox())!.y).toBeLessThan(viewport.height);
    await expect.poll(async () => (await summary.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await summary.click();
    await expect.poll(() => target.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    if (js) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await outline.locator(`a[href="#${anchorId}"]`).click();
      await expect.poll(() => target.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    }

    // A value typed where it stands in the text is saved and stays there; the page reopens at that clause.
    const input = page.locator("form.clause-values input.inline-value--missing:not([inputmode]):not([placeholder='dd/mm/jjjj']):not([placeholder='2026-2027'])").first();
    const label = (await input.getAttribute("aria-label"))!;
    const clause = input.locator("xpath=ancestor::article[1]");
    const clauseId = (await clause.getAttribute("id"))!;
    const before = Number((await firstTask.textContent())!.split(" ")[0]);
    await input.fill("Ingevuld in de tekst");
    await clause.getByRole("button", { name: /^Bewaren/ }).click();
    await expect.poll(() => page.url()).toContain(`#${clauseId}`);
    const saved = page.locator(`#${clauseId}`);
    await expect.poll(() => saved.getByRole("status").textContent()).toBe("Bewaard.");
    expect(await saved.getByLabel(label, { exact: true }).inputValue()).toBe("Ingevuld in de tekst");
    expect(await saved.locator(".inline-value--missing", { has: page.locator(`[aria-label="${label}"]`) }).count()).toBe(0);
    const after = Number((await page.locator(".open-tasks li").first().textContent())!.split(" ")[0]);
    expect(after).toBeLessThan(before);
    const savedBox = (await saved.boundingBox())!;
    expect(savedBox.y).toBeLessThan(viewport.height);
    expect(savedBox.y + 40).toBeGreaterThan(0);

    // The signatory form: after "Toevoegen" it is empty, the answer stands beside it; the same person again is said once.
    const form = page.getByRole("form", { name: "Ondertekenaar toevoegen" });
    const email = `els.claes@${school.replace(/\W+/g, "").toLowerCase()}.example`;
    const fill = async () => {
      await form.getByLabel("Partij").selectOption({ label: "CLB: Vrij CLB Reynaertland" });
      await form.getByLabel("Naam", { exact: true }).fill("Els Claes");
      await form.getByLabel("Functie").fill("CLB-directeur");
      await form.getByLabel("E-mailadres").fill(email);
      await form.getByRole("button", { name: "Toevoegen", exact: true }).click();
    };
    await fill();
    const block = page.locator("#ondertekenaars-blok");
    await expect.poll(() => block.getByRole("status").textContent()).toBe("Ondertekenaar toegevoegd.");
    expect(await form.getByLabel("Naam", { exact: true }).inputValue()).toBe("");
    expect(await form.getByLabel("E-mailadres").inputValue()).toBe("");
    // Right under the form's button, on the screen (not 12,000 px above as before).
    const statusBox = async () => (await block.getByRole("status").boundingBox())!;
    await expect.poll(async () => (await statusBox()).y).toBeGreaterThanOrEqual(0);
    await expect.poll(async () => { const b = await statusBox(); return b.y + b.height; }).toBeLessThanOrEqual(viewport.height);
    const status = await statusBox();
    const formBox = (await form.boundingBox())!;
    expect(status.y - (formBox.y + formBox.height)).toBeGreaterThanOrEqual(0);
    expect(status.y - (formBox.y + formBox.height)).toBeLessThan(60);
    await fill();
    await expect.poll(() => page.getByText("Deze persoon staat al bij deze partij.").count()).toBe(1);
    expect(await form.getByLabel("E-mailadres").inputValue()).toBe(email);

    // Nothing wider than the screen, also with the signatory listed.
    expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
