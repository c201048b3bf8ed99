// A samenwerkingsovereenkomst with seven parties (the city, four schools, a
// welfare partner and the CLB), drafted and signed in groups with the city
// last, end to end in Chromium. Only the organisations and their members are
// made with factories; in the browser the city's coordinator starts the
// agreement, adds the other parties by searching on the parties page, names
// the city's signer and fills in the values; every other party's own member
// accepts in its own browser and names its own signer; the coordinator sets
// the groups, freezes and sends; every signer signs on a phone through the
// link from the e-mail. The sealed PDF shows all signatures and pdfsig
// accepts it. Own organisations and users, so the demo data the other e2e
// tests use stays.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SentMail } from "../factories/versions";
import { fillEmptyFields, launchBrowser, newPage, signInAs, useServerDatabase } from "./browser";

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
const PASSWORD = "Een-sterk-wachtwoord-e2e-1";
const DOCUMENT_TYPE = "Samenwerkingsovereenkomst lokaal bestuur, scholen en welzijnspartners";

type Signer = { name: string; email: string; organisation: string };
/** A party other than the city: its organisation, the member who accepts for it and the signer that member names. */
type Party = { organisation: string; memberEmail: string; signer: Signer };

let browser: Browser;
let outboxDir: string;
let title: string;
let agreementId: string;
let drafterEmail: string;
let city: Signer;
let others: Party[];
let groupOne: Signer[];
let helpers: typeof import("../factories/versions");
let finalPdf: () => Promise<Uint8Array | null>;

beforeAll(async () => {
  outboxDir = useServerDatabase();
  const { db } = await import("~/utils/db.server");
  const { hashPassword } = await import("~/utils/password.server");
  helpers = await import("../factories/versions");

  const stamp = Date.now().toString(36);
  const passwordHash = await hashPassword(PASSWORD);
  const organisation = (kind: string, name: string) => db.organisation.create({ data: { kind, name: `${name} ${stamp}`, municipality: "Sint-Niklaas" } });
  const member = (organisationId: string, role: string, email: string, name: string) =>
    db.user.create({ data: { email, name, passwordHash, memberships: { create: { organisationId, role } } } });

  const cityOrg = await organisation("lokaal_bestuur", "Stad Sint-Niklaas");
  drafterEmail = `coordinator-${stamp}@stad.example`;
  await member(cityOrg.id, "coordinator", drafterEmail, "Hanne Coördinator");
  city = { name: "Lieve Burgemeester", email: `burgemeester-${stamp}@stad.example`, organisation: cityOrg.name };
  const kinds = [
    ...[1, 2, 3, 4].map((i) => ({ kind: "school", userRole: "directie", name: `Basisschool Klavertje ${i}` })),
    { kind: "welzijnspartner", userRole: "coordinator", name: "Huis van het Kind Waasland" },
    { kind: "clb", userRole: "clb_directeur", name: "Vrij CLB Waasland" },
  ];
  others = [];
  for (const [index, o] of kinds.entries()) {
    const org = await organisation(o.kind, o.name);
    const memberEmail = `lid-${index}-${stamp}@partij.example`;
    await member(org.id, o.userRole, memberEmail, `Lid ${index + 1}`);
    const signer = { name: `Directeur ${["An", "Bart", "Chloë", "Dirk", "Eva", "Filip"][index]} Peeters`, email: `directeur-${index}-${stamp}@partij.example`, organisation: org.name };
    others.push({ organisation: org.name, memberEmail, signer });
  }
  groupOne = others.map((o) => o.signer);
  title = `Samenwerkingsovereenkomst Sint-Niklaas ${stamp}`;
  finalPdf = async () => {
    const version = await db.agreementVersion.findFirst({ where: { agreementId }, orderBy: { number: "desc" }, select: { finalPdf: true } });
    return version?.finalPdf ? new Uint8Array(version.finalPdf) : null;
  };
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
});

async function mailsTo(email: string, subject: string): Promise<SentMail[]> {
  return (await helpers.outboxMails(outboxDir)).filter((m) => m.to.includes(email) && m.subject === subject);
}

const invitationSubject = () => `Gevraagd: onderteken „${title}”`;

async function invitationLink(email: string): Promise<string> {
  const mail = (await mailsTo(email, invitationSubject())).at(-1);
  const link = mail?.text.match(/http:\/\/\S+\/onderteken\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no signing link for ${email}`);
  return link;
}

/** Opens the link on a phone, asks for a code, reads it from the e-mail and signs. */
async function signOnPhone(person: Signer) {
  const page = await newPage(browser, PHONE);
  const response = await page.goto(await invitationLink(person.email));
  expect(response?.status()).toBe(200);
  // Seven parties fold into one block; nothing is wider than the phone.
  expect(await page.getByTestId("partijen").locator("summary").textContent()).toBe("Partijen (7)");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const before = (await mailsTo(person.email, "Uw code om te ondertekenen")).length;
  const signing = page.locator("#ondertekenen");
  await signing.getByRole("button", { name: "Stuur mij een code" }).click();
  let code: string | null = null;
  await expect
    .poll(async () => {
      const mails = await mailsTo(person.email, "Uw code om te ondertekenen");
      code = mails.length > before ? helpers.codeIn(mails.at(-1)!.text) : null;
      return code;
    })
    .not.toBeNull();
  await signing.getByLabel("Code uit de e-mail").fill(code!);
  await signing.getByLabel("Ik heb het document gelezen en ga akkoord").check();
  await signing.getByLabel("Uw volledige naam").fill(person.name);
  await page.getByRole("button", { name: "Ondertekenen" }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Bedankt, u hebt ondertekend");
  await page.context().close();
}

/** A desktop browser of its own, signed in. */
async function signedIn(email: string): Promise<Page> {
  const page = await newPage(browser, DESKTOP);
  await signInAs(page, email, PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith("/inloggen"));
  return page;
}

/** On the agreement page: names the signer of the user's own party with the "Ondertekenaar toevoegen" form. */
async function nameOwnSigner(page: Page, signer: Signer, functionTitle: string) {
  const form = page.getByRole("form", { name: "Ondertekenaar toevoegen" });
  const party = form.getByLabel("Partij");
  await party.selectOption({ label: (await party.locator("option", { hasText: signer.organisation }).textContent())! });
  await form.getByLabel("Naam", { exact: true }).fill(signer.name);
  await form.getByLabel("Functie").fill(functionTitle);
  await form.getByLabel("E-mailadres").fill(signer.email);
  await form.getByRole("button", { name: "Toevoegen", exact: true }).click();
  await expect.poll(() => page.locator("#ondertekenaars-blok").getByRole("status").textContent()).toBe("Ondertekenaar toegevoegd.");
}

describe("a samenwerkingsovereenkomst drafted in the browser and signed in groups, the city last", () => {
  it("the city starts it, adds the parties by searching; each party accepts and names its signer; groups with the city last, frozen and sent: only group 1 is invited", async () => {
    const page = await signedIn(drafterEmail);
    await page.goto("/overeenkomsten/nieuw");
    await page.getByLabel("Soort overeenkomst").selectOption({ label: DOCUMENT_TYPE });
    await page.getByLabel("Andere partij").selectOption({ label: `${others[0]!.organisation} (Sint-Niklaas)` });
    await page.getByLabel("Titel (niet verplicht)").fill(title);
    await page.getByRole("button", { name: "Overeenkomst aanmaken" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    agreementId = new URL(page.url()).pathname.split("/")[2]!;

    // The other parties: searched on the parties page and added; each is invited until its own member accepts.
    await page.getByRole("link", { name: "Partijen zoeken, toevoegen of verwijderen" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Partijen");
    const current = page.getByRole("list", { name: "Huidige partijen" });
    for (const party of others.slice(1)) {
      await page.getByLabel("Zoek op naam, instellingsnummer of gemeente").fill(party.organisation);
      await page.getByRole("search").getByRole("button", { name: "Zoeken" }).click();
      // The button names the organisation (its name ends in a hidden ": <name>").
      await page.getByRole("button", { name: new RegExp(`^Toevoegen\\W+${party.organisation}$`) }).click();
      await expect.poll(() => current.getByText(party.organisation, { exact: true }).count()).toBe(1);
    }
    expect(await current.getByRole("listitem").count()).toBe(7);
    for (const party of others) expect(await current.getByRole("listitem").filter({ hasText: party.organisation }).textContent()).toContain("uitgenodigd, nog niet aanvaard");

    // The city's own signer, named by its coordinator.
    await page.getByRole("link", { name: "← Terug naar het concept" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    await nameOwnSigner(page, city, "burgemeester");
    // Invited parties do not count yet: each is on the list of what is still to do.
    const todo = page.getByRole("region", { name: "Nog te doen voor u het concept kunt vastleggen" });
    for (const party of others) expect(await todo.getByText(`${party.organisation} heeft de uitnodiging als partij nog niet aanvaard`).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Vastleggen als versie 1" }).count()).toBe(0);

    // Each other party: its own member, in a browser of its own, accepts and names its signer.
    for (const party of others) {
      const own = await signedIn(party.memberEmail);
      await own.goto(`/overeenkomsten/${agreementId}`);
      await own.getByRole("region", { name: `${party.organisation} is uitgenodigd als partij` }).getByRole("button", { name: "Aanvaarden" }).click();
      await expect.poll(() => own.getByRole("status").filter({ hasText: "U hebt de uitnodiging aanvaard" }).count()).toBe(1);
      await nameOwnSigner(own, party.signer, "directeur");
      await own.context().close();
    }

    // The values, all in one form; then the draft is complete.
    await page.goto(`/overeenkomsten/${agreementId}/invullen`);
    await fillEmptyFields(page);
    await page.getByRole("button", { name: "Bewaren" }).click();
    await page.waitForURL((url) => url.pathname === `/overeenkomsten/${agreementId}`);
    const ready = page.getByRole("region", { name: "Het concept is volledig" });
    await expect.poll(async () => ((await ready.count()) === 1 ? "volledig" : await todo.textContent())).toBe("volledig");

    const form = page.getByRole("form", { name: "Volgorde van ondertekenen" });
    await form.getByLabel("Wie tekent wanneer").selectOption("groepen");
    await form.getByLabel(`${city.name} (${city.organisation})`).fill("2");
    for (const signer of groupOne) await form.getByLabel(`${signer.name} (${signer.organisation})`).fill("1");
    await form.getByRole("button", { name: "Volgorde bewaren" }).click();
    await expect.poll(() => page.locator("#ondertekenaars-blok").getByRole("status").textContent()).toBe("Volgorde van ondertekenen bewaard.");
    expect(await form.getByLabel(`${city.name} (${city.organisation})`).inputValue()).toBe("2");

    await page.goto(`/overeenkomsten/${agreementId}`);
    await page.getByRole("button", { name: "Vastleggen als versie 1" }).click();
    await expect.poll(async () => (page.url().includes("/versies/1") ? "vastgelegd" : await page.locator(".alert").allTextContents())).toBe("vastgelegd");
    await page.goto(`/overeenkomsten/${agreementId}`);
    await page.getByRole("button", { name: "Ter ondertekening versturen" }).click();
    await expect.poll(() => page.getByText("Versie 1 is ter ondertekening verstuurd.").count()).toBe(1);
    await page.context().close();

    for (const signer of groupOne) expect(await mailsTo(signer.email, invitationSubject())).toHaveLength(1);
    expect(await mailsTo(city.email, invitationSubject())).toHaveLength(0);
  }, 150_000);

  it("group 1 signs on their phones; only then is the city invited, and its signature seals the PDF with all seven signatures", async () => {
    for (const [index, signer] of groupOne.entries()) {
      await signOnPhone(signer);
      if (index < groupOne.length - 1) expect(await mailsTo(city.email, invitationSubject())).toHaveLength(0);
    }
    await expect.poll(async () => (await mailsTo(city.email, invitationSubject())).length).toBe(1);
    await signOnPhone(city);

    let pdf: Uint8Array | null = null;
    await expect
      .poll(async () => (pdf = await finalPdf()) !== null, { timeout: 30_000 })
      .toBe(true);
    const { normaliseWhitespace, pdftotextPages, runPoppler, writeTempPdf } = await import("../support/pdf");
    const file = writeTempPdf(mkdtempSync(path.join(os.tmpdir(), "akkoord-e2e-multiparty-")), "sealed.pdf", pdf!);
    const text = normaliseWhitespace(pdftotextPages(file).join("\n"));
    for (const signer of [...groupOne, city]) {
      expect(text).toContain(signer.name);
      expect(text).toContain(signer.organisation);
    }
    expect(text.match(/Ondertekend op \d\d\/\d\d\/\d{4}/g)).toHaveLength(7);
    const sig = runPoppler("pdfsig", [file]);
    expect(`${sig.stdout}${sig.stderr}`).toContain("Signature Validation: Signature is Valid.");
  }, 240_000);
});
