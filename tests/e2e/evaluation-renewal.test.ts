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

async function openSignedNota(page: Page, school: string) {
  await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
  await expect.poll(() => heading(page)).toBe("Afsprakennota's met uw scholen");
  await page.getByRole("link", { name: new RegExp(`^Afsprakennota \\d{4}-\\d{4} — ${school} × `) }).first().click();
  await expect.poll(() => heading(page)).toContain(school);
}

describe("evaluation and renewal", () => {
  it("records an evaluation with building-block scores and shows it in the chart", async () => {
    const page = await newPage(browser);
    await openSignedNota(page, "Basisschool Het Klavertje");
    await page.getByRole("link", { name: "Evaluaties" }).click();
    await expect.poll(() => heading(page)).toBe("Evaluaties");
    await page.getByRole("link", { name: /^Evaluatie invullen/ }).first().click();
    await page.getByLabel("Score voor Communicatie (1 tot 5)").fill("4");
    await page.getByLabel("Score voor Relatie (1 tot 5)").fill("2");
    await page.getByRole("button", { name: "Evaluatie bewaren" }).click();
    await expect.poll(() => heading(page)).toBe("Evaluaties");
    // One evaluation: no loose dots but a labelled value per building block; the legend-free list
    // is HTML text; one table row with the same numbers.
    expect(await page.locator("figure.chart svg polyline").count()).toBe(0);
    const values = page.locator("figure.chart .score-values li");
    expect(await values.filter({ hasText: "Communicatie" }).textContent()).toContain("4 van 5");
    expect(await values.filter({ hasText: "Relatie" }).textContent()).toContain("2 van 5");
    expect(await page.locator("figure.chart tbody tr").count()).toBe(1);
    const row = page.locator("figure.chart tbody tr").first();
    const cells = await row.locator("td").allTextContents();
    expect(cells).toContain("4");
    expect(cells).toContain("2");
    await page.context().close();
  });

  it("renews an afsprakennota for the next school year and compares it with last year", async () => {
    const page = await newPage(browser);
    await openSignedNota(page, "Basisschool Het Klavertje");
    const renew = page.getByRole("button", { name: /^Vernieuwen voor schooljaar \d{4}-\d{4}$/ });
    const label = (await renew.textContent())!;
    const nextYear = label.replace("Vernieuwen voor schooljaar ", "");
    await renew.click();
    await expect.poll(() => heading(page)).toBe(`Afsprakennota ${nextYear} — Basisschool Het Klavertje × Vrij CLB Reynaertland`);
    // The demo's signed nota of Het Klavertje has open commitments in 31 clauses: each carries them over.
    // (33 default clauses; looptijd-schooljaar carries no commitment, and afsprakennota-kader no longer
    // does: inviting the CLB to draft this very nota happens before signing, so it is not a commitment.)
    expect(await page.getByText("Overgenomen van vorig jaar (nog niet gehaald):").count()).toBe(31);
    await page.getByRole("link", { name: "Vergelijk met vorig jaar" }).click();
    await expect.poll(() => heading(page)).toBe("Vergeleken met vorig jaar");
    expect(await page.locator("ins.redline-add").allTextContents()).toContain(nextYear);
    await page.context().close();
  });
});
