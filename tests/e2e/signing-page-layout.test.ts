// The signing page on a desktop and on a 390 px phone, with and without
// JavaScript: what the signer's party commits to comes first, then the text by
// collapsible section; nothing is wider than the phone. Then "Nu ondertekenen"
// in the app: a signed-in directie who is a signatory has the link sent again
// from the agreement page and signs there with their password; the agreement
// then shows the signature. Own organisations and users, so the demo data the
// other e2e tests use stays as seeded.
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SentMail } from "../factories/versions";
import { launchBrowser, newPage, signInAs } from "./browser";
import { setTestEnv } from "../support/env";

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

const PASSWORD = "Een-sterk-wachtwoord-e2e-1";
const SCHOOL_COMMITMENT = "De school plant een startoverleg met het CLB in de eerste maand van het schooljaar.";
const CLB_COMMITMENT = "Het CLB koppelt elk trimester kort terug aan de zorgcoördinator (stavaza).";

let browser: Browser;
let outboxDir: string;
let title: string;
let agreementId: string;
let clauseText: string;
let directie: { email: string; name: string };
let clbSigner: { email: string; name: string };
let helpers: typeof import("../factories/versions");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

beforeAll(async () => {
  outboxDir = inject("outboxDir");
  setTestEnv({ DATABASE_URL: `file:${path.resolve("data", "e2e", "app.db")}`, MAIL_OUTBOX_DIR: outboxDir, PUBLIC_URL: inject("baseURL") });
  const { db } = await import("~/utils/db.server");
  const { hashPassword } = await import("~/utils/password.server");
  const { sendForSigning } = await import("~/domain/signing/send-for-signing.server");
  helpers = await import("../factories/versions");

  const stamp = Date.now().toString(36);
  const school = await db.organisation.create({ data: { kind: "school", name: `GBS Het Anker ${stamp}`, municipality: "Lokeren" } });
  const clb = await db.organisation.create({ data: { kind: "clb", name: `CLB Lokeren ${stamp}`, municipality: "Lokeren" } });
  const passwordHash = await hashPassword(PASSWORD);
  const drafter = await db.user.create({
    data: { email: `opsteller-${stamp}@clb.example`, name: "Nadia El Amrani", passwordHash, memberships: { create: { organisationId: clb.id, role: "clb_medewerker" } } },
  });
  directie = { email: `directie-${stamp}@school.example`, name: "Sofie Claes" };
  clbSigner = { email: `clb-directeur-${stamp}@clb.example`, name: "Koen Van Damme" };
  await db.user.create({
    data: { email: directie.email, name: directie.name, passwordHash, memberships: { create: { organisationId: school.id, role: "directie", functionTitle: "directeur" } } },
  });
  title = `Afsprakennota ${school.name} en ${clb.name} 2026-2027`;
  const created = await helpers.createSignableAgreement({
    school,
    clb,
    createdById: drafter.id,
    title,
    signatories: [
      { partyRole: "school", name: directie.name, functionTitle: "directeur", email: directie.email },
      { partyRole: "clb", name: clbSigner.name, functionTitle: "CLB-directeur", email: clbSigner.email },
    ],
  });
  agreementId = created.agreement.id;
  const { version } = await helpers.freezeVersion(agreementId, { frozenById: drafter.id });
  clauseText = helpers.SAMPLE_CLAUSES[1]!.text;
  await sendForSigning({
    user: await helpers.sessionUserFor(drafter.id),
    agreementId,
    versionId: version.id,
    audit: { ipAddress: "127.0.0.1", userAgent: "e2e-voorbereiding" },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
});

async function invitationMails(email: string): Promise<SentMail[]> {
  return (await helpers.outboxMails(outboxDir)).filter((m) => m.to.includes(email) && m.subject === `Gevraagd: onderteken „${title}”`);
}

async function invitationLink(email: string): Promise<string> {
  const mail = (await invitationMails(email)).at(-1);
  const link = mail?.text.match(/http:\/\/\S+\/onderteken\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no signing link for ${email}`);
  return link;
}

const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.y;

async function scrollableRegionViolations(page: Page): Promise<number> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: "rule", values: ["scrollable-region-focusable"] } });
    return result.violations.length;
  });
}

describe("the signing page: summary first, sections collapsible, nothing wider than the screen", () => {
  for (const [device, options] of [
    ["desktop", DESKTOP],
    ["390 px phone", PHONE],
  ] as const) {
    for (const javaScriptEnabled of [true, false]) {
      it(`${device}, ${javaScriptEnabled ? "with" : "without"} JavaScript`, async () => {
        const page = await newPage(browser, { ...options, javaScriptEnabled, bypassCSP: true });
        const response = await page.goto(await invitationLink(clbSigner.email));
        expect(response?.status()).toBe(200);

        // What the CLB's signer commits to: the CLB's commitment, with its cadence, above the full text.
        const summary = page.getByRole("region", { name: "Wat u ondertekent" });
        expect(await summary.getByText(CLB_COMMITMENT).count()).toBe(1);
        expect(await summary.getByText(SCHOOL_COMMITMENT).count()).toBe(0);
        expect(await summary.getByText("Elk trimester", { exact: true }).count()).toBe(1);
        expect(await summary.getByText("Looptijd", { exact: true }).count()).toBe(1);
        expect(await top(page, "#samenvatting")).toBeLessThan(await top(page, "#volledige-tekst"));
        expect(await top(page, "#volledige-tekst")).toBeLessThan(await top(page, "#ondertekenen"));

        // Sections are closed until opened (a <details>: no JavaScript needed).
        const clause = page.getByText(clauseText);
        expect(await clause.isVisible()).toBe(false);
        const section = page.locator("details[data-testid=rubriek]").nth(1);
        await section.locator("summary").click();
        await expect.poll(() => clause.isVisible()).toBe(true);
        await section.locator("summary").click();
        await expect.poll(() => clause.isVisible()).toBe(false);

        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(options.viewport!.width);
        if (javaScriptEnabled) expect(await scrollableRegionViolations(page)).toBe(0);
        await page.context().close();
      });
    }
  }
});

describe("signing in the app", () => {
  it("on a phone without JavaScript, the signed-in directie has the link sent again from the agreement page", async () => {
    const page = await newPage(browser, { ...PHONE, javaScriptEnabled: false });
    await signInAs(page, directie.email, PASSWORD);
    await expect.poll(() => page.url()).not.toContain("/inloggen");
    await page.goto(`/overeenkomsten/${agreementId}`);
    const block = page.getByTestId("eigen-ondertekening");
    expect(await block.getByRole("link", { name: "Nu ondertekenen" }).count()).toBe(1);
    const before = (await invitationMails(directie.email)).length;
    await block.getByRole("button", { name: "Stuur de link opnieuw" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("We stuurden een nieuwe ondertekenlink");
    await expect.poll(async () => (await invitationMails(directie.email)).length).toBe(before + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it("on a desktop, a wrong password first gets a clear message; then the directie signs and the agreement shows the signature", async () => {
    const page = await newPage(browser, DESKTOP);
    await signInAs(page, directie.email, PASSWORD);
    await expect.poll(() => page.url()).not.toContain("/inloggen");
    await page.goto(`/overeenkomsten/${agreementId}`);
    await page.getByTestId("eigen-ondertekening").getByRole("link", { name: "Nu ondertekenen" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Versie 1 ondertekenen");
    expect(await page.getByRole("region", { name: "Wat u ondertekent" }).getByText(SCHOOL_COMMITMENT).count()).toBe(1);

    const form = page.locator("#ondertekenen");
    await form.getByLabel("Uw wachtwoord").fill("niet-mijn-wachtwoord");
    await form.getByLabel("Ik heb het document gelezen en ga akkoord").check();
    await form.getByLabel("Uw volledige naam").fill(directie.name);
    await form.getByRole("button", { name: "Ondertekenen" }).click();
    await expect.poll(() => form.locator(".field-error").first().textContent()).toBe("Dit wachtwoord klopt niet. Probeer het opnieuw.");

    await form.getByLabel("Uw wachtwoord").fill(PASSWORD);
    await form.getByLabel("Ik heb het document gelezen en ga akkoord").check();
    await form.getByRole("button", { name: "Ondertekenen" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("U hebt deze versie al ondertekend.");

    await page.getByRole("link", { name: "← Terug naar de overeenkomst" }).click();
    await expect.poll(() => page.getByTestId("eigen-ondertekening").textContent()).toBe("U hebt versie 1 ondertekend.");
    expect(await page.getByText(`${directie.name} (directeur): ondertekend`).count()).toBe(1);
    await page.context().close();
  });
});
