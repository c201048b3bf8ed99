// Accessibility and phone layout of the main pages (issue 17, "Done when"):
// axe finds nothing serious or critical, on a desktop and on a 390 px phone,
// and at 390 px no page is wider than the screen — nothing sticks out on the
// right unless it sits inside a scroll region a keyboard can reach.
// The pages use the demo data as seeded; the few things the demo lacks (a
// recorded evaluation, a second version to compare, an open invitation) are
// added with the domain functions on the e2e database, for users and
// organisations the other e2e tests do not look at.
import path from "node:path";
import axe from "axe-core";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser, newPage, signInAs } from "./browser";
import { setTestEnv } from "../support/env";

const PHONE_WIDTH = 390;
const PHONE: BrowserContextOptions = {
  viewport: { width: PHONE_WIDTH, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

type Role = "anonymous" | "clb" | "coordinator" | "directie" | "beheerder" | "comparer";
type Ids = {
  signed: string;
  draft: string;
  renewed: string;
  momentId: string;
  compared: string;
  school: string;
  signingToken: string;
  invitationToken: string;
};

/** The 25 main pages (the draft page twice, the overview for three roles), with the role that opens them. */
const PAGES: ReadonlyArray<{ name: string; as: Role; path: (ids: Ids) => string }> = [
  { name: "startpagina", as: "clb", path: () => "/" },
  { name: "overzicht (CLB)", as: "clb", path: () => "/overzicht" },
  { name: "overzicht (coördinator)", as: "coordinator", path: () => "/overzicht" },
  { name: "overzicht (school)", as: "directie", path: () => "/overzicht" },
  { name: "overeenkomst (ondertekend)", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}` },
  { name: "concept", as: "clb", path: (ids) => `/overeenkomsten/${ids.draft}` },
  { name: "concept met ondertekenaars (vernieuwd)", as: "clb", path: (ids) => `/overeenkomsten/${ids.renewed}` },
  { name: "clausulebibliotheek", as: "clb", path: (ids) => `/overeenkomsten/${ids.draft}/bibliotheek` },
  { name: "invullen", as: "clb", path: (ids) => `/overeenkomsten/${ids.draft}/invullen` },
  { name: "voorbeeld", as: "clb", path: (ids) => `/overeenkomsten/${ids.draft}/voorbeeld` },
  { name: "nieuwe overeenkomst", as: "clb", path: () => "/overeenkomsten/nieuw" },
  { name: "afspraken", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/afspraken` },
  { name: "contactpersonen", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/contactpersonen` },
  { name: "evaluaties", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/evaluaties` },
  { name: "evaluatiemoment", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/evaluaties/${ids.momentId}` },
  { name: "versies", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/versies` },
  { name: "een versie", as: "clb", path: (ids) => `/overeenkomsten/${ids.signed}/versies/1` },
  { name: "vergelijk", as: "comparer", path: (ids) => `/overeenkomsten/${ids.compared}/vergelijk?van=1&naar=2` },
  { name: "scholen", as: "coordinator", path: () => "/scholen" },
  // The CLB's list: a contact form (ankerfiguur) on every linked row (issue 13).
  { name: "onze scholen (CLB)", as: "clb", path: () => "/scholen" },
  { name: "een school", as: "coordinator", path: (ids) => `/scholen/${ids.school}` },
  { name: "intake", as: "coordinator", path: (ids) => `/scholen/${ids.school}/intake` },
  { name: "importeren", as: "coordinator", path: () => "/scholen/importeren" },
  { name: "versturen", as: "coordinator", path: () => "/scholen/versturen" },
  { name: "mensen", as: "coordinator", path: () => "/mensen" },
  { name: "instellingen", as: "clb", path: () => "/instellingen" },
  { name: "beheer/berichten", as: "beheerder", path: () => "/beheer/berichten" },
  { name: "inloggen", as: "anonymous", path: () => "/inloggen" },
  { name: "ondertekenen", as: "anonymous", path: (ids) => `/onderteken/${ids.signingToken}` },
  { name: "verifieer", as: "anonymous", path: () => "/verifieer" },
  { name: "uitnodiging", as: "anonymous", path: (ids) => `/uitnodiging/${ids.invitationToken}` },
];

const SIGN_IN: Record<Exclude<Role, "anonymous" | "comparer">, string> = {
  clb: "clb@akkoord.example",
  coordinator: "coordinator@akkoord.example",
  directie: "directie@akkoord.example",
  beheerder: "beheerder@akkoord.example",
};

let browser: Browser;
let ids: Ids;
let comparerEmail: string;
const sessions = new Map<Role, Awaited<ReturnType<BrowserContext["storageState"]>>>();

/** The demo data plus what the demo does not have; returns the ids the pages need. */
async function prepare(): Promise<Ids> {
  const outboxDir = inject("outboxDir");
  setTestEnv({ DATABASE_URL: `file:${path.resolve("data", "e2e", "app.db")}`, MAIL_OUTBOX_DIR: outboxDir, PUBLIC_URL: inject("baseURL") });
  const { db } = await import("~/utils/db.server");
  const { hashPassword } = await import("~/utils/password.server");
  const { loadEvaluations, recordEvaluation } = await import("~/domain/evaluation/evaluations.server");
  const { inviteMember } = await import("~/domain/people/invitations.server");
  const helpers = await import("../factories/versions");
  const audit = { ipAddress: "127.0.0.1", userAgent: "e2e-voorbereiding" };

  const userId = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
  const clb = await helpers.sessionUserFor(await userId("clb@akkoord.example"));
  const notaOf = (school: string, status: string) =>
    db.agreement.findFirstOrThrow({
      where: { documentType: "afsprakennota", status, parties: { some: { organisation: { name: school } } } },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
  const signed = await notaOf("VBS De Wereldreiziger", "ondertekend");
  const draft = await notaOf("Vrije Basisschool De Zonnewijzer", "concept");
  // Renewed for next year: a draft with last year's signatories.
  const renewed = await db.agreement.findFirstOrThrow({ where: { renewedFromId: signed.id }, select: { id: true } });

  // An evaluation with scores, so the evaluation page shows its chart and scores table.
  const { moments, bouwstenen } = await loadEvaluations({ user: clb, agreementId: signed.id });
  const momentId = moments[0]!.id;
  const raw: Record<string, string> = {};
  for (const [index, b] of bouwstenen.entries()) raw[`score:${b.id}`] = String((index % 5) + 1);
  const recorded = await recordEvaluation({ user: clb, agreementId: signed.id, momentId, raw, audit });
  if (!recorded.ok) throw new Error(`evaluation refused: ${JSON.stringify(recorded.errors)}`);

  // Two versions to compare, of an agreement between organisations of its own.
  const stamp = Date.now().toString(36);
  comparerEmail = `vergelijker-${stamp}@clb.example`;
  const school = await db.organisation.create({ data: { kind: "school", name: `VBS Het Kompas ${stamp}`, municipality: "Temse" } });
  const ownClb = await db.organisation.create({ data: { kind: "clb", name: `Vrij CLB Schelde ${stamp}`, municipality: "Temse" } });
  const comparer = await db.user.create({
    data: {
      email: comparerEmail,
      name: "Ilse Peeters",
      passwordHash: await hashPassword(DEMO_PASSWORD),
      memberships: { create: { organisationId: ownClb.id, role: "clb_directeur", functionTitle: "CLB-directeur" } },
    },
  });
  const created = await helpers.createSignableAgreement({ school, clb: ownClb, createdById: comparer.id });
  await helpers.freezeVersion(created.agreement.id, { frozenById: comparer.id });
  const changed = helpers.SAMPLE_CLAUSES.map((c, i) => (i === 1 ? { ...c, text: `${c.text} We evalueren dit samen in januari.` } : c));
  await helpers.freezeVersion(created.agreement.id, { frozenById: comparer.id, clauses: changed.slice(1) });

  // The demo's nota waiting for signatures: the link from the seed's e-mail.
  const mails = await helpers.outboxMails(outboxDir);
  const invitationMail = mails.find((m) => m.to.includes("directie.reynaert@akkoord.example") && m.subject.startsWith("Gevraagd"));
  const signingToken = invitationMail ? helpers.linkTokenIn(invitationMail.text) : null;
  if (!signingToken) throw new Error("no signing link in the outbox for the demo's nota waiting for signatures");

  // An open invitation to join the comparer's CLB.
  const invitee = `collega-${stamp}@clb.example`;
  await inviteMember({
    user: await helpers.sessionUserFor(comparer.id),
    input: { organisationId: ownClb.id, email: invitee, role: "clb_medewerker" },
    audit,
  });
  const invitationText = (await helpers.outboxMails(outboxDir)).find((m) => m.to.includes(invitee))?.text ?? "";
  const invitationToken = /\/uitnodiging\/([A-Za-z0-9_-]{43})\b/.exec(invitationText)?.[1];
  if (!invitationToken) throw new Error("no invitation link in the outbox");

  // A school of the brugfiguren service (the coordinator's school list).
  const serviceSchool = await db.organisation.findFirstOrThrow({ where: { name: "GO! Atheneum Waasrand" }, select: { id: true } });

  return {
    signed: signed.id,
    draft: draft.id,
    renewed: renewed.id,
    momentId,
    compared: created.agreement.id,
    school: serviceSchool.id,
    signingToken,
    invitationToken,
  };
}

beforeAll(async () => {
  ids = await prepare();
  browser = await launchBrowser();
  const accounts: Array<[Role, string]> = [...Object.entries(SIGN_IN), ["comparer", comparerEmail]] as Array<[Role, string]>;
  for (const [role, email] of accounts) {
    const page = await newPage(browser);
    await signInAs(page, email, DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname !== "/inloggen");
    sessions.set(role, await page.context().storageState());
    await page.context().close();
  }
});

afterAll(async () => {
  await browser?.close();
  const { db } = await import("~/utils/db.server");
  await db.$disconnect();
});

async function open(role: Role, target: string, options: BrowserContextOptions): Promise<Page> {
  // bypassCSP: the app's CSP rightly refuses the injected axe script.
  const page = await newPage(browser, { ...options, storageState: sessions.get(role), bypassCSP: true });
  const response = await page.goto(target, { waitUntil: "networkidle" });
  expect(response?.status(), `${target} answers`).toBeLessThan(400);
  expect(new URL(page.url()).pathname, `${target} stays on the page`).toBe(target.split("?")[0]);
  return page;
}

/** axe's serious and critical findings, one line per rule with the nodes it found. */
async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 5).join(" | ")}${v.targets.length > 5 ? " …" : ""}`);
}

/**
 * What makes the page wider than the screen: the outermost elements that stick
 * out on the right and are neither clipped nor inside a scroll region that a
 * keyboard can reach (overflow auto/scroll with tabindex); and every region that
 * does scroll sideways without a tabindex and a label.
 */
async function tooWide(page: Page): Promise<{ scrollWidth: number; offenders: string[]; unreachable: string[] }> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")} (${Math.round(el.getBoundingClientRect().right)} px)`;
    const contained = (el: Element) => {
      for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === "hidden" || overflow === "clip") return true;
        if ((overflow === "auto" || overflow === "scroll") && parent.getAttribute("tabindex") !== null && parent.getBoundingClientRect().right <= limit + 1) {
          return true;
        }
      }
      return false;
    };
    const offenders: Element[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= limit + 1) continue;
      if (offenders.some((o) => o.contains(el)) || contained(el)) continue;
      offenders.push(el);
    }
    // A region that does scroll sideways must be reachable by keyboard and say what it holds.
    const unreachable = [...document.body.querySelectorAll("*")].filter((el) => {
      const overflow = getComputedStyle(el).overflowX;
      if (overflow !== "auto" && overflow !== "scroll") return false;
      if (el.scrollWidth <= el.clientWidth + 1) return false;
      return el.getAttribute("tabindex") === null || !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"));
    });
    return {
      scrollWidth: document.documentElement.scrollWidth,
      offenders: offenders.slice(0, 8).map(describe),
      unreachable: unreachable.map(describe),
    };
  });
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}

describe("the main pages are accessible and fit a 390 px phone", () => {
  it("lists 25 main pages", () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(25);
  });

  describe.each(PAGES)("$name", ({ as, path: pathOf }) => {
    it("axe on a desktop: nothing serious or critical", async () => {
      const page = await open(as, pathOf(ids), DESKTOP);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.context().close();
    });

    it("on a 390 px phone: no wider than the screen, and axe finds nothing serious or critical", async () => {
      const page = await open(as, pathOf(ids), PHONE);
      const layout = await tooWide(page);
      const problems = [
        ...(layout.scrollWidth > PHONE_WIDTH ? [`the page is ${layout.scrollWidth} px wide`] : []),
        ...layout.offenders.map((o) => `wider than the screen: ${o}`),
        ...layout.unreachable.map((o) => `scrolls sideways without tabindex or label: ${o}`),
        ...(await seriousAxeFindings(page)),
      ];
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
});
