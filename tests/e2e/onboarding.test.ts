import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";

// The demo coordinator onboards a school by its instellingsnummer (the server
// runs with ONDERWIJS_API_URL=fixtures: the recorded sample answers), fills in
// the intake, sends the school its engagementsverklaring and invites a colleague.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

type OutboxMail = { to: string[] | string; subject: string; text: string };
function mailsTo(address: string): OutboxMail[] {
  const dir = inject("outboxDir");
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as OutboxMail)
    .filter((m) => JSON.stringify(m.to).toLowerCase().includes(address.toLowerCase()));
}

/** Fills every empty shared field of the bulk form with a plausible value. */
async function fillEmptySharedFields(page: Page) {
  const fields = page.locator("form [name^='v:']");
  const count = await fields.count();
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const tag = await field.evaluate((el) => el.tagName.toLowerCase());
    if (tag === "select") {
      if (!(await field.inputValue())) await field.selectOption({ index: 1 });
      continue;
    }
    if (await field.inputValue()) continue;
    const placeholder = await field.getAttribute("placeholder");
    if (placeholder === "2026-2027") continue; // left empty: the verklaring's school year
    const inputMode = await field.getAttribute("inputmode");
    const value =
      tag === "textarea" ? "eerste punt\ntweede punt" : placeholder === "dd/mm/jjjj" ? "15/01/2027" : inputMode === "decimal" ? "4" : "Ingevulde waarde";
    await field.fill(value);
  }
}

describe("onboarding a school", () => {
  it("coordinator: look up by instellingsnummer, intake, send the engagementsverklaring, invite a colleague", async () => {
    const page = await newPage(browser);
    await signInAs(page, "coordinator@akkoord.example", DEMO_PASSWORD);
    await expect.poll(() => heading(page)).toBe("Uw scholen en hun engagementen");

    // Add the school: the lookup fills in name and address.
    await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Scholen", exact: true }).click();
    await expect.poll(() => heading(page)).toBe("Scholen van Brugfiguren Sint-Niklaas");
    await page.getByRole("link", { name: "School toevoegen" }).click();
    await expect.poll(() => heading(page)).toBe("School toevoegen");
    await page.getByLabel("Instellingsnummer", { exact: true }).fill("128015");
    await page.getByRole("button", { name: "Opzoeken" }).click();
    await expect.poll(() => page.getByLabel("Naam van de school").inputValue()).toBe("Vrije Basisschool Sint-Jozef");
    expect(await page.getByLabel("Gemeente (niet verplicht)").inputValue()).toBe("Sint-Niklaas");
    expect(await page.getByRole("status").textContent()).toContain("Gevonden bij Onderwijs Vlaanderen");
    await page.getByRole("button", { name: "School toevoegen" }).click();
    await expect.poll(() => heading(page)).toBe("Vrije Basisschool Sint-Jozef");

    // The same number again: a message naming the school.
    await page.goto("/scholen/nieuw");
    await page.getByLabel("Instellingsnummer", { exact: true }).fill("128015");
    await page.getByRole("button", { name: "Opzoeken" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Vrije Basisschool Sint-Jozef");
    await page.getByRole("link", { name: "Naar Vrije Basisschool Sint-Jozef" }).click();

    // Intake.
    await expect.poll(() => heading(page)).toBe("Vrije Basisschool Sint-Jozef");
    await page.getByRole("link", { name: "Intake invullen" }).click();
    await expect.poll(() => heading(page)).toBe("Intake: Vrije Basisschool Sint-Jozef");
    await page.getByLabel("Waarom wil de school een brugfiguur?").fill("Ouders vinden moeilijk de weg naar de school. We willen drempels verlagen.");
    await page.getByLabel("De brugfiguur staat op de website en in het organogram van de school.").check();
    await page.getByRole("radio", { name: "Ja", exact: true }).check();
    await page.getByRole("button", { name: "Intake bewaren" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("De intake is bewaard.");
    await page.getByRole("link", { name: "Terug naar de school" }).click();
    await expect.poll(() => heading(page)).toBe("Vrije Basisschool Sint-Jozef");

    // Send the engagementsverklaring (bulk flow, with this one school preselected).
    await page.getByRole("link", { name: "Engagementsverklaring versturen" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Verder" }).count()).toBe(1);
    expect(await page.getByRole("checkbox", { name: /Vrije Basisschool Sint-Jozef/ }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Verder" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Versturen naar 1 school" }).count()).toBe(1);
    await page.getByLabel("Naam van de ondertekenaar voor Vrije Basisschool Sint-Jozef").fill("Hilde Wuyts");
    await page.getByLabel("Functie van de ondertekenaar voor Vrije Basisschool Sint-Jozef").fill("directeur");
    await page.getByLabel("E-mailadres van de ondertekenaar voor Vrije Basisschool Sint-Jozef").fill("hilde.wuyts@vbs-sintjozef.example");
    await fillEmptySharedFields(page);
    await page.getByRole("button", { name: "Versturen naar 1 school" }).click();
    await expect.poll(() => heading(page)).toBe("Engagementsverklaring versturen");
    await expect.poll(() => page.getByText("1 van 1").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText("Verstuurd", { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => mailsTo("hilde.wuyts@vbs-sintjozef.example").length).toBe(1);
    expect(mailsTo("hilde.wuyts@vbs-sintjozef.example")[0]!.subject).toContain("Engagementsverklaring brugfiguren");

    // The school shows up on the overview with its verklaring "ter ondertekening".
    await page.goto("/overzicht?status=ter_ondertekening");
    expect(await page.getByRole("link", { name: "Vrije Basisschool Sint-Jozef", exact: true }).count()).toBe(1);

    // Invite a colleague: the mail lands in the outbox, the link opens the invitation.
    await page.goto("/mensen");
    await expect.poll(() => heading(page)).toBe("Mensen");
    const form = page.getByRole("form", { name: "Iemand uitnodigen voor Brugfiguren Sint-Niklaas" });
    await form.getByLabel("E-mailadres").fill("nieuwe.brugfiguur@akkoord.example");
    await form.getByLabel("Rol").selectOption({ label: "Brugfiguur" });
    await form.getByRole("button", { name: "Uitnodiging versturen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Uitnodiging verstuurd naar nieuwe.brugfiguur@akkoord.example");
    await expect.poll(() => mailsTo("nieuwe.brugfiguur@akkoord.example").length).toBe(1);
    const invitation = mailsTo("nieuwe.brugfiguur@akkoord.example")[0]!;
    const link = /https?:\/\/\S+\/uitnodiging\/[A-Za-z0-9_-]+/.exec(invitation.text)?.[0];
    expect(link).toMatch(/\/uitnodiging\/[A-Za-z0-9_-]{43}$/);
    await page.context().close();

    const invitee = await newPage(browser);
    await invitee.goto(new URL(link!).pathname);
    await expect.poll(() => heading(invitee)).toBe("Uitnodiging voor Brugfiguren Sint-Niklaas");
    await invitee.getByLabel("Uw voornaam en naam").fill("Nieuwe Brugfiguur");
    await invitee.getByLabel("Kies een wachtwoord").fill("een lange zin als wachtwoord");
    await invitee.getByLabel("Typ het wachtwoord nog een keer").fill("een lange zin als wachtwoord");
    await invitee.getByRole("button", { name: "Account maken" }).click();
    await expect.poll(() => heading(invitee)).toBe("Uw scholen");
    await invitee.context().close();
  });

  it("without JavaScript: lookup, manual fallback for an unknown number, the overview filters", async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signInAs(page, "coordinator@akkoord.example", DEMO_PASSWORD);
    await page.goto("/scholen/nieuw");
    await page.getByLabel("Instellingsnummer", { exact: true }).fill("12");
    await page.getByRole("button", { name: "Opzoeken" }).click();
    expect(await page.locator(".field-error").textContent()).toContain("5 of 6 cijfers");

    await page.getByLabel("Instellingsnummer", { exact: true }).fill("654321");
    await page.getByRole("button", { name: "Opzoeken" }).click();
    expect(await page.locator(".field-error").textContent()).toContain("kent geen instelling");

    await page.getByLabel("Instellingsnummer", { exact: true }).fill("136019");
    await page.getByRole("button", { name: "Opzoeken" }).click();
    expect(await page.getByLabel("Naam van de school").inputValue()).toBe("Waasland-College, secundair onderwijs");
    await page.getByRole("button", { name: "School toevoegen" }).click();
    expect(await heading(page)).toBe("Waasland-College, secundair onderwijs");

    await page.goto("/overzicht");
    await page.getByLabel("Status", { exact: true }).selectOption({ label: "Geen" });
    await page.getByRole("button", { name: "Toon" }).click();
    expect(new URL(page.url()).searchParams.get("status")).toBe("geen");
    expect(await page.getByRole("link", { name: "Waasland-College, secundair onderwijs", exact: true }).count()).toBe(1);
    await page.context().close();
  });
});
