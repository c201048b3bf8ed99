import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

const EXPECTED_HEADINGS: Record<string, string> = {
  "directie@akkoord.example": "De afspraken van uw school",
  "zorg@akkoord.example": "Afspraken over leerlingenbegeleiding",
  "clb@akkoord.example": "Afsprakennota's met uw scholen",
  "clb-directeur@akkoord.example": "De afsprakennota's van uw CLB",
  "brugfiguur@akkoord.example": "Uw scholen",
  "coordinator@akkoord.example": "Uw scholen en hun engagementen",
  "beheerder@akkoord.example": "Overzicht voor beheer",
  // The members of the samenwerkingsovereenkomst's other parties (issue 13): the start page follows the role.
  "stad@akkoord.example": "Uw scholen en hun engagementen",
  "reynaert@akkoord.example": "De afspraken van uw school",
  "zonnewijzer@akkoord.example": "De afspraken van uw school",
  "welzijn@akkoord.example": "Uw scholen en hun engagementen",
  "buurtwerk@akkoord.example": "Uw scholen en hun engagementen",
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("every demo role signs in and sees its start page", () => {
  for (const user of DEMO_USERS) {
    it(user.email, async () => {
      const page = await newPage(browser);
      await signInAs(page, user.email, DEMO_PASSWORD);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(EXPECTED_HEADINGS[user.email]);
      expect(await page.getByText(user.name).count()).toBeGreaterThan(0);
      const agreements = page.locator(".agreement-list li");
      expect(await agreements.count()).toBeGreaterThan(0);
      // Signing out returns to the sign-in page, and the start page is closed again.
      await page.getByRole("button", { name: "Afmelden" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Aanmelden");
      await page.goto("/");
      expect(new URL(page.url()).pathname).toBe("/inloggen");
      await page.context().close();
    });
  }
});

describe("without JavaScript", () => {
  it("signing in, a Dutch error with the e-mail kept, and opening an agreement work", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signInAs(page, "clb@akkoord.example", "verkeerd-wachtwoord");
    expect(await page.getByRole("alert").textContent()).toContain("Dit e-mailadres en wachtwoord horen niet bij elkaar");
    expect(await page.getByLabel("E-mailadres").inputValue()).toBe("clb@akkoord.example");

    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Aanmelden" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Afsprakennota's met uw scholen");
    await page.locator(".agreement-list a").first().click();
    expect(await page.getByRole("heading", { name: "Gegevens" }).count()).toBe(1);
    await page.context().close();
  });

  it("an unknown address shows the Dutch 404 page", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    const response = await page.goto("/bestaat/niet");
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pagina niet gevonden");
    await page.context().close();
  });
});
