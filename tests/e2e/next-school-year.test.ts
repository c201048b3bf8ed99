import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

// A CLB member opens "Volgend schooljaar" on a phone (390 px), selects five
// schools whose nota is signed, renews them and sends them for signing in one job.

const SCHOOLS = ["Basisschool De Knipoog", "VBS De Kleine Prins", "Vrije Basisschool De Boomgaard", "Basisschool De Vlindertuin", "VBS De Sterrenhemel"];
const KEYS = ["knipoog", "kleineprins", "boomgaard", "vlindertuin", "sterrenhemel"];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

/** The recipients of the mails in the e2e server's outbox (the file transport writes a .json beside each mail). */
async function outboxRecipients(): Promise<string[]> {
  const dir = inject("outboxDir");
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
  const recipients: string[] = [];
  for (const name of names) recipients.push(...((JSON.parse(await readFile(path.join(dir, name), "utf8")) as { to: string[] }).to ?? []));
  return recipients;
}

describe("Volgend schooljaar", () => {
  it("a CLB member selects five schools, renews them and sends them for signing", async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await signInAs(page, "clb@akkoord.example", DEMO_PASSWORD);
    await expect.poll(() => heading(page)).toBe("Afsprakennota's met uw scholen");
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Volgend schooljaar" }).click();
    await expect.poll(() => heading(page)).toBe("Volgend schooljaar");
    // A list, not a wide table: nothing sticks out at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const button = page.getByRole("button", { name: /^Vernieuwen voor \d{4}-\d{4}$/ });
    const nextYear = ((await button.textContent()) ?? "").replace("Vernieuwen voor ", "");
    for (const school of SCHOOLS) await page.getByRole("checkbox", { name: new RegExp(`^${school}`) }).check();
    await page.getByRole("checkbox", { name: "Meteen vastleggen en ter ondertekening versturen" }).check();
    await button.click();

    await page.waitForURL(/\/volgend-schooljaar\/[0-9a-f-]{36}$/);
    await expect.poll(() => heading(page)).toBe(`Vernieuwen voor ${nextYear}`);
    // The page refreshes itself until the job is done.
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 120_000, interval: 1_000 }).toContain("5 van 5 scholen verwerkt.");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("5 vernieuwd");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(5);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/Vernieuwd.*Vernieuwd en verstuurd naar/);

    // Each school's signer got an invitation.
    await expect.poll(async () => {
      const to = await outboxRecipients();
      return KEYS.filter((key) => to.includes(`directie.${key}@akkoord.example`)).length;
    }).toBe(5);

    // Back on the board: five nota's for next year are out for signing.
    await page.getByRole("link", { name: "← Volgend schooljaar" }).click();
    await expect.poll(() => heading(page)).toBe("Volgend schooljaar");
    await expect.poll(() => page.getByRole("link", { name: /^Verstuurd \(\d+\)$/ }).textContent()).toBe("Verstuurd (5)");
    await page.context().close();
  }, 180_000);
});
