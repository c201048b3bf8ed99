// Issue 12 points 5, 10 and 16 against the production server (scripts/server.js):
// - a POST from another origin gets a 403 with a Dutch message (Remix's own
//   guard threw: a 500 with an empty body and a stack trace in the log);
// - every HTML page and navigation data carries Cache-Control: private,
//   no-store, while the build's static assets keep their long caching;
// - the client address is Express's req.ip: without TRUST_PROXY no header is
//   believed, with TRUST_PROXY=1 only the address our proxy appended; rotating
//   X-Forwarded-For does not get past the sign-in limit per address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/demo-data";
import { startAppServer, type AppServer } from "./support/server";
import { openDatabase, sessionCookieFor } from "./support/sqlite";
import { demoEmail } from "./support/world";

// LOGIN_MAX_FAILURES=2: an address is refused after 4 × 2 failed sign-ins (app/domain/auth/sign-in.server.ts).
const LIMITS = { LOGIN_MAX_FAILURES: "2" };
let direct: AppServer;
let proxied: AppServer;

beforeAll(async () => {
  [direct, proxied] = await Promise.all([startAppServer({ ...LIMITS, TRUST_PROXY: "" }), startAppServer({ ...LIMITS, TRUST_PROXY: "1" })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { "content-type": "application/x-www-form-urlencoded" };

function postSignIn(server: AppServer, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${server.base}/inloggen`, { method: "POST", headers: { ...FORM, ...headers }, body: form(fields), redirect: "manual" });
}

describe("a POST from another origin", () => {
  it("is refused with 403 and a Dutch message, before Remix, with nothing in the log", async () => {
    const logged = direct.output().length;
    const cases: Array<[string, Record<string, string>]> = [
      ["/inloggen", { origin: "https://evil.example" }],
      ["/inloggen", { origin: "null" }],
      ["/inloggen", { origin: "not a url" }],
      ["/inloggen", { origin: direct.base, "x-forwarded-host": "evil.example" }],
      ["/inloggen.data", { origin: "https://evil.example" }],
      ["/uitloggen", { origin: `http://localhost:${direct.port}` }],
    ];
    for (const [path, headers] of cases) {
      const response = await fetch(direct.base + path, { method: "POST", headers: { ...FORM, ...headers }, body: form({ email: demoEmail("directie"), password: DEMO_PASSWORD }), redirect: "manual" });
      expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; charset=utf-8/);
      expect(await response.text()).toBe("Dit formulier komt niet van deze website en werd daarom niet verwerkt.");
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    // Remix's guard logged "Error: host header does not match `origin` …" with its stack.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(direct.output().slice(logged)).toBe("");
  });

  it("this site's own Origin (or none) goes through", async () => {
    const own = await postSignIn(direct, { email: demoEmail("directie"), password: DEMO_PASSWORD }, { origin: direct.base });
    expect(own.status).toBe(302);
    const none = await postSignIn(direct, { email: demoEmail("directie"), password: DEMO_PASSWORD });
    expect(none.status).toBe(302);
  });
});

describe("Cache-Control", () => {
  it("every page and navigation data is private, no-store: signed in, the signing page, the sign-in page, an error page", async () => {
    const cookie = sessionCookieFor(demoEmail("coordinator"));
    const pages: Array<[string, Record<string, string>]> = [
      ["/overzicht", { cookie }],
      ["/overzicht", { cookie }], // the page cache's replay
      ["/overzicht.data", { cookie }],
      ["/", { cookie }],
      ["/scholen", { cookie }],
      ["/instellingen", { cookie }],
      ["/onderteken/bestaat-niet", {}],
      ["/inloggen", {}],
      ["/bestaat/niet", { cookie }],
    ];
    for (const [path, headers] of pages) {
      const response = await fetch(direct.base + path, { headers, redirect: "manual" });
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      await response.arrayBuffer();
    }
  });

  it("the build's assets keep their long, public caching", async () => {
    const html = await (await fetch(`${direct.base}/inloggen`)).text();
    const asset = /(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const response = await fetch(direct.base + asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});

describe("the client address", () => {
  function storedAddresses(emails: string[]) {
    const db = openDatabase({ readonly: true });
    try {
      const rows = db.prepare(`SELECT DISTINCT "ipAddress" FROM "LoginAttempt" WHERE "email" IN (${emails.map(() => "?").join(",")})`).pluck().all(...emails);
      return rows as Array<string | null>;
    } finally {
      db.close();
    }
  }

  /** Failed sign-ins for ever new e-mail addresses, each with a new X-Forwarded-For; the statuses until the first 429. */
  async function rotatingFailures(server: AppServer, label: string, forwardedFor: (i: number) => string) {
    const emails: string[] = [];
    const statuses: number[] = [];
    for (let i = 1; i <= 20 && !statuses.includes(429); i++) {
      const email = `${label}-${i}@nergens.example`;
      emails.push(email);
      const response = await postSignIn(server, { email, password: "fout-wachtwoord" }, { "x-forwarded-for": forwardedFor(i), "x-real-ip": `198.18.0.${i}` });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    return { emails, statuses };
  }

  it("without TRUST_PROXY: the TCP peer; a rotating X-Forwarded-For neither is stored nor gets past the limit per address", async () => {
    const { emails, statuses } = await rotatingFailures(direct, "direct", (i) => `203.0.113.${i}`);
    expect(statuses).toEqual([...Array(8).fill(400), 429]);
    expect(storedAddresses(emails)).toEqual(["127.0.0.1"]);
    // Also with the right password, from this address, for now.
    const blocked = await postSignIn(direct, { email: demoEmail("beheerder"), password: DEMO_PASSWORD }, { "x-forwarded-for": "203.0.113.200" });
    expect(blocked.status).toBe(429);
  });

  it("with TRUST_PROXY=1: the address our proxy appended (the last hop), not what the client put before it", async () => {
    const { emails, statuses } = await rotatingFailures(proxied, "proxied", (i) => `203.0.113.${i}, 198.51.100.2`);
    expect(statuses).toEqual([...Array(8).fill(400), 429]);
    expect(storedAddresses(emails)).toEqual(["198.51.100.2"]);
    // Another client behind the same proxy is a different address.
    const other = await postSignIn(proxied, { email: "ander@nergens.example", password: "fout-wachtwoord" }, { "x-forwarded-for": "198.51.100.3" });
    expect(other.status).toBe(400);
    expect(storedAddresses(["ander@nergens.example"])).toEqual(["198.51.100.3"]);
  });
});
