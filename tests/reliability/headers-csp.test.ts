// Security headers and cookies of the production server, and the app working
// with JavaScript under its Content-Security-Policy in Chromium: the nonce on
// every inline script Remix renders, no CSP violation while signing in and
// navigating, hydration and client-side navigation still working.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { launchBrowser } from "../e2e/browser";
import { startAppServer, type AppServer } from "./support/server";
import { demoEmail } from "./support/world";

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("headers", () => {
  it("every response: CSP with a fresh nonce, nosniff, Referrer-Policy, frame-ancestors, HSTS in production", async () => {
    const nonces = new Set<string>();
    for (const url of ["/inloggen", "/inloggen", "/healthz", "/bestaat/niet", "/verifieer"]) {
      const response = await fetch(server.base + url);
      const csp = response.headers.get("content-security-policy") ?? "";
      const d = directives(csp);
      expect(d.get("default-src"), url).toEqual(["'self'"]);
      expect(d.get("frame-ancestors")).toEqual(["'none'"]);
      expect(d.get("object-src")).toEqual(["'none'"]);
      expect(d.get("base-uri")).toEqual(["'self'"]);
      expect(d.get("form-action")).toEqual(["'self'"]);
      const scriptSrc = d.get("script-src") ?? [];
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      nonces.add(nonce);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
    expect(nonces.size).toBe(5);
  });

  it("every inline script in a page carries the response's nonce, and only that one", async () => {
    const response = await fetch(`${server.base}/inloggen`);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      if (/\bsrc=/.test(attributes)) continue;
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(html.match(/nonce="([^"]+)"/g)!.every((n) => n === `nonce="${nonce}"`)).toBe(true);
  });

  it("a kept page (the overview) is replayed with each response's own nonce, and a write shows at once", async () => {
    const signIn = await fetch(`${server.base}/inloggen`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: demoEmail("coordinator"), password: DEMO_PASSWORD }).toString(),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const load = async () => {
      const response = await fetch(`${server.base}/overzicht`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-akkoord-page-cache")).toBeNull();
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1]!;
      const html = await response.text();
      expect(new Set(html.match(/nonce="([^"]+)"/g))).toEqual(new Set([`nonce="${nonce}"`]));
      return { nonce, html };
    };
    const first = await load();
    const second = await load();
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.html.replaceAll(second.nonce, first.nonce)).toBe(first.html);

    // A school added by the coordinator is on the very next overview.
    const name = `Aa Replayschool ${Date.now()}`; // first in the list
    const added = await fetch(`${server.base}/scholen/nieuw`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save", source: "manueel", name, municipality: "Temse", instellingsnummer: String(900_000 + (Date.now() % 99_999)) }).toString(),
      redirect: "manual",
    });
    expect(added.status).toBe(302);
    expect((await load()).html).toContain(name);
  });

  it("the session cookie is HttpOnly, SameSite=Lax, Secure in production; signing out clears it", async () => {
    const response = await fetch(`${server.base}/inloggen`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: demoEmail("directie"), password: DEMO_PASSWORD }).toString(),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^akkoord_sessie=[^;]+;/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; Path=\//i);
    const out = await fetch(`${server.base}/uitloggen`, { method: "POST", headers: { cookie: cookie.split(";")[0]! }, redirect: "manual" });
    expect(out.headers.get("set-cookie")).toMatch(/^akkoord_sessie=; .*Expires=Thu, 01 Jan 1970/i);
  });

  it("a body over the limit is refused with 413, one without a length with 411; the server keeps serving", async () => {
    const big = await fetch(`${server.base}/inloggen`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(3 * 1024 * 1024)}`,
    }).catch((error: unknown) => error);
    if (big instanceof Response) expect(big.status).toBe(413);
    const chunked = await fetch(`${server.base}/inloggen`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("email=x"));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit).catch((error: unknown) => error);
    if (chunked instanceof Response) expect(chunked.status).toBe(411);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });

  it("an early answer to a large form leaves the connection usable for the next request", async () => {
    // 1.5 MB to a route that answers before reading the body (404), then two
    // small requests: they must not run into a reset connection.
    for (const body of [`x=${"a".repeat(1_500_000)}`, "x=1", "x=2"]) {
      const response = await fetch(`${server.base}/bestaat/niet`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      await response.arrayBuffer();
      expect(response.status).toBe(404);
    }
  });
});

describe("the app under its CSP in Chromium, with JavaScript", () => {
  async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
    // The server sends HSTS and Secure cookies; 127.0.0.1 counts as a secure origin for Chromium.
    const context = await browser.newContext({ baseURL: server.base, locale: "nl-BE" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return { page, problems };
  }

  it("signs in, hydrates, navigates on the client and submits a form without a single CSP violation", async () => {
    const { page, problems } = await watchedPage();
    await page.goto("/inloggen");
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await page.getByLabel("E-mailadres").fill(demoEmail("clb_medewerker"));
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Afsprakennota's met uw scholen");

    // A client-side navigation: the document stays, only the route changes.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));
    await page.locator(".agreement-list a").first().click();
    await expect.poll(() => page.getByRole("heading", { name: "Gegevens" }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);

    // A form submitted through Remix (fetch + revalidation), then back.
    await page.goBack();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Afsprakennota's met uw scholen");
    await page.getByRole("button", { name: "Afmelden" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Aanmelden");

    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect([...problems, ...violations]).toEqual([]);
    await page.context().close();
  });

  it("the public signing page and the verify page load without CSP violations", async () => {
    const { page, problems } = await watchedPage();
    for (const url of ["/verifieer", "/onderteken/klaar", "/bestaat/niet"]) {
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    }
    const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect([...problems, ...violations]).toEqual([]);
    await page.context().close();
  });
});
