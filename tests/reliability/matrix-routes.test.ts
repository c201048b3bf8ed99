// The authorization matrix: every route of the production build (its route
// manifest), GET and POST, for every demo role and for an anonymous visitor,
// through the real server (scripts/server.js) on a copy of the demo database.
// A route the table below does not know fails the suite: add it with the
// outcome you intend.
//
// Outcomes: an HTTP status, or "login" (a redirect to /inloggen). For routes
// with an agreement or school in the URL, every signed-in role is also tried
// on one its organisation is not party to: that must be a 404 (existence does
// not leak), whatever the role.
//
// MATRIX_PRINT=1 npm run test:reliability -- tests/reliability/matrix-routes.test.ts
// prints what the server answers now, in the format of the table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRoutes, isScoped, urlFor, type Identity, type Route, type Scope } from "./support/routes";
import { startAppServer, type AppServer } from "./support/server";
import { openDatabase, sessionCookieFor } from "./support/sqlite";
import { DEMO_ROLES, demoEmail, prepareWorld, type DemoRole, type World } from "./support/world";

type Outcome = number | "login";
/** One value for every role, or per role (`other` for the roles not named). */
type PerRole = Outcome | (Partial<Record<DemoRole, Outcome>> & { other?: Outcome });
type MethodExpectation = { anonymous: Outcome; roles: PerRole };
type RouteExpectation = { GET: MethodExpectation; POST: MethodExpectation };

const NOT_ALLOWED = 405;
/** A route without an action: POST is refused for everyone. */
const NO_ACTION: MethodExpectation = { anonymous: NOT_ALLOWED, roles: NOT_ALLOWED };

// prettier-ignore
const EXPECTED: Record<string, RouteExpectation> = {
  "routes/_index": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/$": { GET: { anonymous: 404, roles: 404 }, POST: { anonymous: 404, roles: 404 } },
  "routes/agenda.$token[.]ics": { GET: { anonymous: 200, roles: 200 }, POST: NO_ACTION },
  "routes/beheer.berichten": { GET: { anonymous: "login", roles: { beheerder: 200, other: 403 } }, POST: { anonymous: "login", roles: { beheerder: 400, other: 403 } } },
  // Development only: 404 in production.
  "routes/dev.outbox": { GET: { anonymous: 404, roles: 404 }, POST: NO_ACTION },
  "routes/export.afspraken[.]csv": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/export.overeenkomsten[.]csv": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/healthz": { GET: { anonymous: 200, roles: 200 }, POST: NO_ACTION },
  // Signed in: the page sends you home, also after a (refused) POST.
  "routes/inloggen": { GET: { anonymous: 200, roles: 302 }, POST: { anonymous: 400, roles: 302 } },
  "routes/instellingen": { GET: { anonymous: "login", roles: 200 }, POST: { anonymous: "login", roles: 400 } },
  // POST: an invitation into the role's own organisation.
  "routes/mensen._index": { GET: { anonymous: "login", roles: { zorgcoordinator: 403, clb_medewerker: 403, brugfiguur: 403, other: 200 } }, POST: { anonymous: "login", roles: { zorgcoordinator: 403, clb_medewerker: 403, brugfiguur: 403, other: 200 } } },
  "routes/onderteken.$token": { GET: { anonymous: 200, roles: 200 }, POST: { anonymous: 400, roles: 400 } },
  "routes/onderteken.klaar": { GET: { anonymous: 200, roles: 200 }, POST: NO_ACTION },
  // POST: a clause move on a stale revision: editors 409 (nothing changes), others 403.
  "routes/overeenkomsten.$agreementId._index": { GET: { anonymous: "login", roles: 200 }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 409 } } },
  "routes/overeenkomsten.$agreementId.afspraken": { GET: { anonymous: "login", roles: 200 }, POST: { anonymous: "login", roles: { beheerder: 403, other: 400 } } },
  "routes/overeenkomsten.$agreementId.bewerken": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 400 } } },
  "routes/overeenkomsten.$agreementId.bibliotheek": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 400 } } },
  "routes/overeenkomsten.$agreementId.clausules.$clauseId": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 400 } } },
  "routes/overeenkomsten.$agreementId.evaluaties._index": { GET: { anonymous: "login", roles: 200 }, POST: { anonymous: "login", roles: { beheerder: 403, other: 400 } } },
  "routes/overeenkomsten.$agreementId.evaluaties.$momentId": { GET: { anonymous: "login", roles: 200 }, POST: { anonymous: "login", roles: { beheerder: 403, other: 400 } } },
  // POST without a revision: a stale draft for editors (409).
  "routes/overeenkomsten.$agreementId.invullen": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 409 } } },
  "routes/overeenkomsten.$agreementId.pdf": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/overeenkomsten.$agreementId.vergelijk": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/overeenkomsten.$agreementId.versies._index": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/overeenkomsten.$agreementId.versies.$number": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/overeenkomsten.$agreementId.voorbeeld": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  // The afsprakennota is a renewal (last year's is shown); the engagementsverklaring has no predecessor.
  "routes/overeenkomsten.$agreementId.vorig-jaar": { GET: { anonymous: "login", roles: { brugfiguur: 404, coordinator: 404, beheerder: 404, other: 200 } }, POST: NO_ACTION },
  "routes/overeenkomsten.nieuw": { GET: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 200 } }, POST: { anonymous: "login", roles: { brugfiguur: 403, beheerder: 403, other: 302 } } },
  // Every role gets the page; roles without a dashboard read that there is none for them.
  "routes/overzicht": { GET: { anonymous: "login", roles: 200 }, POST: NO_ACTION },
  "routes/scholen._index": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: NO_ACTION },
  "routes/scholen.$schoolId._index": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: { anonymous: "login", roles: { coordinator: 400, other: 403 } } },
  "routes/scholen.$schoolId.intake": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: { anonymous: "login", roles: { coordinator: 400, other: 403 } } },
  "routes/scholen.importeren": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: { anonymous: "login", roles: { coordinator: 400, other: 403 } } },
  "routes/scholen.nieuw": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: { anonymous: "login", roles: { coordinator: 400, other: 403 } } },
  // An unknown bulk job.
  "routes/scholen.versturen.$jobId": { GET: { anonymous: "login", roles: 404 }, POST: NO_ACTION },
  "routes/scholen.versturen._index": { GET: { anonymous: "login", roles: { coordinator: 200, other: 403 } }, POST: { anonymous: "login", roles: { coordinator: 400, other: 403 } } },
  "routes/uitloggen": { GET: { anonymous: 302, roles: 302 }, POST: { anonymous: "login", roles: "login" } },
  // An unknown invitation token.
  "routes/uitnodiging.$token": { GET: { anonymous: 404, roles: 404 }, POST: { anonymous: 400, roles: 400 } },
  "routes/verifieer": { GET: { anonymous: 200, roles: 200 }, POST: { anonymous: 400, roles: 400 } },
};

const expectedFor = (e: MethodExpectation, identity: Identity): Outcome => {
  if (identity === "anonymous") return e.anonymous;
  if (typeof e.roles !== "object") return e.roles;
  return e.roles[identity] ?? e.roles.other ?? -1;
};

type Observation = { route: Route; method: "GET" | "POST"; identity: Identity; scope: Scope; url: string; status: number; outcome: Outcome; location: string | null };

let server: AppServer;
let world: World;
const observations: Observation[] = [];
const routes = buildRoutes();

/**
 * What a POST sends. By default an unknown intent; for actions that validate
 * the form before the domain checks the role, a well-formed submission that
 * reaches the permission check (and, where possible, changes nothing: a stale
 * revision, an impossible date).
 */
const POST_FORMS: Record<string, (identity: Identity) => Record<string, string>> = {
  "routes/overeenkomsten.$agreementId._index": (identity) => ({ intent: "move", clauseId: ownIds(identity).clauseId, direction: "down", revision: "999999" }),
  "routes/overeenkomsten.$agreementId.afspraken": () => ({ intent: "add", what: "Een afspraak uit de matrix.", cadence: "eenmalig", bearerPartyId: "geen-partij" }),
  "routes/overeenkomsten.$agreementId.evaluaties._index": (identity) => ({ intent: "move", momentId: ownIds(identity).momentId, date: "geen-datum" }),
  // A document type the role's organisation can be party to, with a real counterpart.
  "routes/overeenkomsten.nieuw": (identity) => {
    const kind = identity === "anonymous" ? "school" : world.organisationKinds[identity];
    const documentType = kind === "school" ? "engagementsverklaring-ouders" : kind === "clb" ? "afsprakennota" : kind === "brugfiguren" ? "engagementsverklaring-brugfiguren" : "samenwerkingsovereenkomst";
    return {
      documentType,
      schoolYear: world.schoolYear,
      ownOrganisationId: identity === "anonymous" ? "" : world.organisations[identity],
      ...(kind === "school" ? {} : { counterpartOrganisationId: world.serviceSchool }),
    };
  },
  // A role that exists in the inviting organisation.
  "routes/mensen._index": (identity) => {
    const kind = identity === "anonymous" ? "school" : world.organisationKinds[identity];
    const role = { school: "zorgcoordinator", clb: "clb_medewerker", brugfiguren: "brugfiguur" }[kind] ?? "beheerder";
    return { intent: "invite", organisationId: identity === "anonymous" ? "" : world.organisations[identity], email: `matrix-${identity}@reliability.example`, role };
  },
};
const ownIds = (identity: Identity) => (["brugfiguur", "coordinator", "beheerder"].includes(identity) ? world.engagement : world.afsprakennota);

async function request(route: Route, method: "GET" | "POST", identity: Identity, scope: Scope): Promise<Observation> {
  const url = urlFor(route, identity, scope, world);
  const headers: Record<string, string> = {};
  if (identity !== "anonymous") headers.cookie = sessionCookieFor(demoEmail(identity), db);
  let body: string | undefined;
  if (method === "POST") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(POST_FORMS[route.id]?.(identity) ?? { intent: "__matrix__" }).toString();
  }
  const response = await fetch(server.base + url, { method, headers, body, redirect: "manual" });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  const isLogin = response.status >= 300 && response.status < 400 && location !== null && new URL(location, server.base).pathname === "/inloggen";
  return { route, method, identity, scope, url, status: response.status, outcome: isLogin ? "login" : response.status, location };
}

let db: ReturnType<typeof openDatabase>;

beforeAll(async () => {
  world = await prepareWorld();
  db = openDatabase();
  server = await startAppServer();
  const jobs: Array<() => Promise<Observation>> = [];
  for (const route of routes) {
    for (const method of ["GET", "POST"] as const) {
      for (const identity of ["anonymous", ...DEMO_ROLES] as const) {
        jobs.push(() => request(route, method, identity, "own"));
        if (identity !== "anonymous" && isScoped(route)) jobs.push(() => request(route, method, identity, "foreign"));
      }
    }
  }
  // A few at a time: quick, and still gentle on two cores.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) observations.push(await jobs[next++]!());
    }),
  );
}, 300_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

function printTable() {
  const lines: string[] = [];
  for (const route of routes) {
    const part = (method: "GET" | "POST") => {
      const own = observations.filter((o) => o.route.id === route.id && o.method === method && o.scope === "own");
      const anonymous = own.find((o) => o.identity === "anonymous")!.outcome;
      const perRole = Object.fromEntries(own.filter((o) => o.identity !== "anonymous").map((o) => [o.identity, o.outcome]));
      const values = [...new Set(Object.values(perRole))];
      const fmt = (v: Outcome) => (typeof v === "string" ? `"${v}"` : String(v));
      const roles = values.length === 1 ? fmt(values[0]!) : `{ ${Object.entries(perRole).map(([k, v]) => `${k}: ${fmt(v)}`).join(", ")} }`;
      return `{ anonymous: ${fmt(anonymous)}, roles: ${roles} }`;
    };
    lines.push(`  "${route.id}": { GET: ${part("GET")}, POST: ${part("POST")} },`);
  }
  console.log(lines.join("\n"));
}

describe("authorization matrix", () => {
  it("the table names every route of the build, and no route that is gone", () => {
    if (process.env.MATRIX_PRINT) printTable();
    const ids = routes.map((r) => r.id);
    expect(ids.filter((id) => !(id in EXPECTED)), "routes without an entry in EXPECTED").toEqual([]);
    expect(Object.keys(EXPECTED).filter((id) => !ids.includes(id)), "entries for routes that no longer exist").toEqual([]);
  });

  it("no request answers with a server error", () => {
    const errors = observations.filter((o) => o.status >= 500).map((o) => `${o.method} ${o.url} as ${o.identity}: ${o.status}`);
    expect(errors).toEqual([]);
  });

  it("on an agreement or school the role's organisation is not party to, every role gets a 404 (or the same refusal as on its own)", () => {
    const own = (o: Observation) => observations.find((x) => x.scope === "own" && x.route.id === o.route.id && x.method === o.method && x.identity === o.identity)!;
    const leaks = observations
      .filter((o) => o.scope === "foreign" && o.status !== 404)
      // A refusal by role or method, the same whatever the id, tells nothing.
      .filter((o) => !((o.status === 403 || o.status === NOT_ALLOWED) && own(o).status === o.status))
      .map((o) => `${o.method} ${o.url} as ${o.identity}: ${o.status}`);
    expect(leaks).toEqual([]);
  });

  for (const route of routes) {
    it(`${route.id} (${route.pattern})`, () => {
      const expectation = EXPECTED[route.id];
      if (!expectation) return; // reported by the first test
      const wrong = observations
        .filter((o) => o.route.id === route.id && o.scope === "own")
        .filter((o) => o.outcome !== expectedFor(expectation[o.method], o.identity))
        .map((o) => `${o.method} as ${o.identity}: expected ${expectedFor(expectation[o.method], o.identity)}, got ${o.status}${o.location ? ` → ${o.location}` : ""}`);
      expect(wrong).toEqual([]);
    });
  }
});
