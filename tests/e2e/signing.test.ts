// Signing on a phone, end to end, against the production build. The state
// before signing (a frozen version, sent for signing) is prepared with the
// domain functions on the e2e database; everything the signatories do goes
// through Chromium: open the link from the e-mail, ask for a code, read it
// from the e-mail, sign. The directie draws a signature; the CLB-directeur
// signs without JavaScript. Finally every party gets the sealed PDF by e-mail.
// The signatories use the demo addresses; the agreement is between its own
// organisations so that the demo data the other e2e tests use stays as seeded.
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SentMail } from "../factories/versions";
import { launchBrowser, newPage } from "./browser";
import { setTestEnv } from "../support/env";

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Akkoord-e2e",
};

const DIRECTIE = { email: "directie@akkoord.example", name: "Els Vermeulen" };
const CLB_DIRECTEUR = { email: "clb-directeur@akkoord.example", name: "Koen Van Damme" };
const ZORG = { email: "zorg@akkoord.example", name: "Tom De Smet" };

let browser: Browser;
let outboxDir: string;
let title: string;
let versionId: string;
let clauseText: string;
let helpers: typeof import("../factories/versions");
let finalPdf: () => Promise<Uint8Array | null>;
let drawnSignatureOf: (email: string) => Promise<Uint8Array | null>;

beforeAll(async () => {
  outboxDir = inject("outboxDir");
  // The domain code below writes to the e2e server's database and outbox.
  setTestEnv({ DATABASE_URL: `file:${path.resolve("data", "e2e", "app.db")}`, MAIL_OUTBOX_DIR: outboxDir, PUBLIC_URL: inject("baseURL") });
  const { db } = await import("~/utils/db.server");
  const { sendForSigning } = await import("~/domain/signing/send-for-signing.server");
  helpers = await import("../factories/versions");

  // Own organisations, so the demo users' lists (and the other e2e tests) stay as seeded.
  const stamp = Date.now().toString(36);
  const school = await db.organisation.create({
    data: { kind: "school", name: `VBS De Zeppelin ${stamp}`, street: "Kerkstraat 5", postalCode: "9100", municipality: "Sint-Niklaas" },
  });
  const clb = await db.organisation.create({
    data: { kind: "clb", name: `Vrij CLB Waasland-Noord ${stamp}`, street: "Kalkstraat 40", postalCode: "9100", municipality: "Sint-Niklaas" },
  });
  const drafter = await db.user.create({
    data: {
      email: `opsteller-${stamp}@clb.example`,
      name: "Nadia El Amrani",
      passwordHash: "x",
      memberships: { create: { organisationId: clb.id, role: "clb_medewerker", functionTitle: "ankerfiguur" } },
    },
  });
  title = `Afsprakennota ${school.name} en ${clb.name} 2026-2027`;
  const created = await helpers.createSignableAgreement({
    school,
    clb,
    createdById: drafter.id,
    title,
    signatories: [
      { partyRole: "school", name: DIRECTIE.name, functionTitle: "directeur", email: DIRECTIE.email },
      { partyRole: "clb", name: CLB_DIRECTEUR.name, functionTitle: "CLB-directeur", email: CLB_DIRECTEUR.email },
      { partyRole: "school", name: ZORG.name, functionTitle: "zorgcoördinator", email: ZORG.email, kind: "cc" },
    ],
  });
  const { version } = await helpers.freezeVersion(created.agreement.id, { frozenById: drafter.id });
  versionId = version.id;
  clauseText = helpers.SAMPLE_CLAUSES[1]!.text;
  await sendForSigning({
    user: await helpers.sessionUserFor(drafter.id),
    agreementId: created.agreement.id,
    versionId,
    audit: { ipAddress: "127.0.0.1", userAgent: "e2e-voorbereiding" },
  });
  drawnSignatureOf = async (email: string) => {
    const signature = await db.signature.findFirst({ where: { versionId, signatory: { email } }, select: { drawnSignature: true } });
    return signature?.drawnSignature ?? null;
  };
  finalPdf = async () => {
    const row = await db.agreementVersion.findUniqueOrThrow({ where: { id: versionId }, select: { finalPdf: true } });
    return row.finalPdf ? new Uint8Array(row.finalPdf) : null;
  };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
});

async function mailsTo(email: string, subject: (s: string) => boolean): Promise<SentMail[]> {
  return (await helpers.outboxMails(outboxDir)).filter((m) => m.to.includes(email) && subject(m.subject));
}

async function invitationLink(email: string): Promise<string> {
  const [mail] = await mailsTo(email, (s) => s === `Gevraagd: onderteken „${title}”`);
  const link = mail?.text.match(/http:\/\/\S+\/onderteken\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no signing link for ${email}`);
  return link;
}

async function waitForCode(email: string, known: number): Promise<string> {
  let code: string | null = null;
  await expect
    .poll(async () => {
      const mails = await mailsTo(email, (s) => s === "Uw code om te ondertekenen");
      code = mails.length > known ? helpers.codeIn(mails.at(-1)!.text) : null;
      return code;
    })
    .not.toBeNull();
  return code!;
}

async function requestCodeAndSign(page: Page, person: { email: string; name: string }) {
  const before = (await mailsTo(person.email, (s) => s === "Uw code om te ondertekenen")).length;
  const signing = page.locator("#ondertekenen");
  const codeButton = signing.getByRole("button", { name: "Stuur mij een code" });
  expect((await codeButton.boundingBox())!.height).toBeGreaterThanOrEqual(44); // a big touch target
  await codeButton.click();
  await expect.poll(() => signing.getByRole("status").textContent()).toContain("De code is verstuurd");
  const code = await waitForCode(person.email, before);

  await signing.getByLabel("Code uit de e-mail").fill(code);
  await signing.getByLabel("Ik heb het document gelezen en ga akkoord").check();
  await signing.getByLabel("Uw volledige naam").fill(person.name);
}

describe("signing on a phone", () => {
  it("the directie opens the link from the e-mail, reads the document, asks for a code and signs with a drawn signature", async () => {
    const page = await newPage(browser, PHONE);
    const response = await page.goto(await invitationLink(DIRECTIE.email));
    expect(response?.status()).toBe(200);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    expect(await page.getByText(clauseText).count()).toBe(1);
    expect(await page.getByText("School: R · CLB: C", { exact: true }).count()).toBe(1);
    // Nothing wider than the phone: no sideways scrolling of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await requestCodeAndSign(page, DIRECTIE);
    const pad = page.getByTestId("handtekening-vak");
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let x = 20; x < box.width - 20; x += 12) {
      await page.mouse.move(box.x + x, box.y + box.height / 2 + Math.sin(x / 15) * 25);
    }
    await page.mouse.up();
    expect(await page.locator('input[name="drawnSignature"]').inputValue()).toMatch(/^data:image\/png;base64,/);

    await page.getByRole("button", { name: "Ondertekenen" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Bedankt, u hebt ondertekend");
    expect(await page.getByText("Zodra iedereen ondertekend heeft").count()).toBe(1);
    const drawn = await drawnSignatureOf(DIRECTIE.email);
    expect(Buffer.from(drawn!).subarray(1, 4).toString()).toBe("PNG");

    // The link is used up: the neutral page, which names no agreement.
    const again = await page.goto(await invitationLink(DIRECTIE.email));
    expect(again?.status()).toBe(410);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Deze link werkt niet");
    expect(await page.content()).not.toContain("Zeppelin");
    await page.context().close();
  });

  it("the CLB-directeur signs without JavaScript; a wrong code first gets a clear message", async () => {
    const page = await newPage(browser, { ...PHONE, javaScriptEnabled: false });
    await page.goto(await invitationLink(CLB_DIRECTEUR.email));
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
    expect(await page.getByTestId("handtekening-vak").count()).toBe(0);

    await requestCodeAndSign(page, CLB_DIRECTEUR);
    const signing = page.locator("#ondertekenen");
    const code = await signing.getByLabel("Code uit de e-mail").inputValue();
    await signing.getByLabel("Code uit de e-mail").fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Ondertekenen" }).click();
    expect(await signing.locator(".field-error").first().textContent()).toBe("Deze code klopt niet. U kunt nog 4 keer proberen.");
    expect(await signing.getByLabel("Uw volledige naam").inputValue()).toBe(CLB_DIRECTEUR.name);

    await signing.getByLabel("Code uit de e-mail").fill(code);
    await signing.getByLabel("Ik heb het document gelezen en ga akkoord").check();
    await page.getByRole("button", { name: "Ondertekenen" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Bedankt, u hebt ondertekend");
    expect(await page.getByText("U was de laatste").count()).toBe(1);
    await page.context().close();
  });

  it("every party receives the sealed PDF by e-mail, and /verifieer recognises it (as a demo seal)", async () => {
    const pdf = await finalPdf();
    expect(pdf).not.toBeNull();
    for (const person of [DIRECTIE, CLB_DIRECTEUR, ZORG]) {
      const mails = await mailsTo(person.email, (s) => s === `Ondertekend: „${title}”`);
      expect(mails, person.email).toHaveLength(1);
      expect(mails[0]!.attachments).toEqual([
        { filename: expect.stringMatching(/-versie-1-ondertekend\.pdf$/), contentType: "application/pdf", size: pdf!.byteLength },
      ]);
    }

    const page = await newPage(browser, PHONE);
    await page.goto("/verifieer");
    await page.getByLabel("PDF-bestand").setInputFiles({ name: "ondertekend.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf!) });
    await page.getByRole("button", { name: "Controleren" }).click();
    // The e2e server is the demo: the file is unchanged, and the page says a demo seal proves nothing.
    await expect.poll(() => page.getByRole("heading", { level: 2, name: "Ongewijzigd, maar uit een demo-omgeving" }).count()).toBe(1);
    expect(await page.getByText(/het is geen echt zegel/).count()).toBe(1);
    expect(await page.getByText(title).count()).toBe(1);
    expect(await page.getByText(DIRECTIE.name).count()).toBe(1);
    await page.context().close();
  });
});
