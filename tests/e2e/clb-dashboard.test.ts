import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

// Issue 13: the demo CLB's dashboard lists every school on its list, also one
// without a nota; "Nota opstellen" opens the new-agreement form with the CLB,
// the type and that school chosen, and creating it lands in the draft with the
// school as party. The filters are a GET form (they work without JavaScript).

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();
// One of the six demo schools of the Vrij CLB without a nota; no other test drafts with it.
const SCHOOL = "Heilig-Hartcollege Waas";

describe("the CLB dashboard", () => {
  it("lists a school without a nota, and starts one from there", async () => {
    const page = await newPage(browser);
    await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith("/inloggen"));
    await page.goto("/overzicht");
    await expect.poll(() => heading(page)).toBe("Overzicht");

    // Filter on secundair onderwijs, vrij net, no nota yet.
    await page.getByLabel("Onderwijsniveau").selectOption({ label: "Secundair onderwijs" });
    await page.getByLabel("Onderwijsnet").selectOption({ label: "vrij gesubsidieerd onderwijs" });
    await page.getByRole("button", { name: "Toon" }).click();
    await page.waitForURL((url) => url.searchParams.get("niveau") === "secundair");
    const row = page.getByRole("row").filter({ hasText: SCHOOL });
    await expect.poll(() => row.count()).toBe(1);
    // The columns: school, gemeente, niveau en net, this school year, the next.
    const thisYear = (r: typeof row) => r.getByRole("cell").nth(3);
    expect(await thisYear(row).textContent()).toContain("Geen");
    // Only schools of that level are listed (the demo's basisscholen are filtered out).
    expect(await page.getByRole("row").filter({ hasText: "VBS De Kameleon" }).count()).toBe(0);

    await row.getByRole("link", { name: `Nota opstellen voor ${SCHOOL}` }).click();
    await expect.poll(() => heading(page)).toBe("Nieuwe overeenkomst");
    expect(await page.getByLabel("Soort overeenkomst").locator("option:checked").textContent()).toBe("Afsprakennota school en CLB");
    expect(await page.getByLabel("Andere partij").locator("option:checked").textContent()).toContain(SCHOOL);
    expect(await page.getByLabel("Uw organisatie").locator("option:checked").textContent()).toBe("Vrij CLB Reynaertland");

    await page.getByRole("button", { name: "Overeenkomst aanmaken" }).click();
    await expect.poll(() => heading(page)).toMatch(new RegExp(`^Afsprakennota \\d{4}-\\d{4} — ${SCHOOL} × Vrij CLB Reynaertland$`));
    expect(new URL(page.url()).pathname).toMatch(/^\/overeenkomsten\/[^/]+$/);

    // Back on the dashboard the school now has a concept.
    await page.goto("/overzicht?niveau=secundair");
    const after = page.getByRole("row").filter({ hasText: SCHOOL });
    await expect.poll(() => thisYear(after).textContent()).toContain("Concept");
  });
});
