import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { inject } from "vitest";

// Debian's Chromium, driven by Playwright. CHROMIUM_PATH overrides the path.
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

export const baseURL = () => inject("baseURL");

export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: "nl-BE", ...options });
  return context.newPage();
}

export async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/inloggen");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Aanmelden" }).click();
}

/**
 * Points domain code run by the test itself (to prepare a state) at the e2e
 * server's database, outbox and public URL. Call before importing it. Returns the outbox directory.
 */
export function useServerDatabase(): string {
  const outboxDir = inject("outboxDir");
  process.env.DATABASE_URL = `file:${path.resolve("data", "e2e", "app.db")}`;
  process.env.MAIL_OUTBOX_DIR = outboxDir;
  process.env.PUBLIC_URL = inject("baseURL");
  return outboxDir;
}

/** Fills every empty value field (`v:…`) of the form on the page with a sample value of its kind. */
export async function fillEmptyFields(page: Page) {
  const fields = page.locator("form [name^='v:']");
  const count = await fields.count();
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const tag = await field.evaluate((el) => el.tagName.toLowerCase());
    if (tag === "select") {
      if (!(await field.inputValue())) {
        const value = await field.locator("option:not([value=''])").first().getAttribute("value");
        await field.selectOption(value!);
      }
      continue;
    }
    if (await field.inputValue()) continue;
    const placeholder = await field.getAttribute("placeholder");
    const inputMode = await field.getAttribute("inputmode");
    const value =
      tag === "textarea" ? "eerste punt\ntweede punt" : placeholder === "dd/mm/jjjj" ? "15/01/2027" : placeholder === "2026-2027" ? "2026-2027" : inputMode === "decimal" ? "3" : "Ingevulde waarde";
    await field.fill(value);
  }
}
