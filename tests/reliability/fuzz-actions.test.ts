// Fuzzing every form action of the production build (its route manifest) with
// fast-check: at least 200 malformed submissions each — wrong types, huge
// strings, odd unicode, missing and repeated fields, broken multipart, bodies
// that are not what their Content-Type says — sent by a user who may use the
// form, through the real server. Never a 5xx; and a refused submission (4xx)
// writes nothing: the tables' checksums are the same before and after.
//
// A route with an action that has no entry in TARGETS fails the suite.
// FUZZ_RUNS=… changes the number of submissions per action (default 200).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approximateSize, encode, formVocabulary, submissionArb, type Submission } from "./support/fuzz";
import { buildRoutes, urlFor, type Identity } from "./support/routes";
import { startAppServer, type AppServer } from "./support/server";
import { ALL_TABLES, changedTables, openDatabase, sessionCookieFor, tableChecksums } from "./support/sqlite";
import { demoEmail, prepareWorld, type World } from "./support/world";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/**
 * Who submits each form, and the tables a refused submission may still change
 * by design (Session is never compared: every submission gets a fresh one).
 */
const TARGETS: Record<string, { as: Identity; mayChange?: string[]; why?: string }> = {
  "routes/$": { as: "anonymous" },
  "routes/beheer.berichten": { as: "beheerder" },
  "routes/inloggen": { as: "anonymous", mayChange: ["LoginAttempt", "LoginThrottle"], why: "failed sign-ins are counted for the rate limit" },
  "routes/instellingen": { as: "directie" },
  "routes/mensen._index": { as: "directie" },
  "routes/onderteken.$token": {
    as: "anonymous",
    mayChange: ["SigningRequest", "AuditEvent", "OutboxMessage"],
    why: "a wrong code counts an attempt (SigningRequest.otpAttempts) and is logged; a killed code is reported to the sender",
  },
  "routes/overeenkomsten.$agreementId._index": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.afspraken": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.bewerken": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.bibliotheek": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.clausules.$clauseId": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.evaluaties._index": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.evaluaties.$momentId": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.invullen": { as: "clb_medewerker" },
  "routes/overeenkomsten.nieuw": { as: "clb_medewerker" },
  "routes/scholen.$schoolId._index": { as: "coordinator" },
  "routes/scholen.$schoolId.intake": { as: "coordinator" },
  "routes/scholen.importeren": { as: "coordinator" },
  "routes/scholen.nieuw": { as: "coordinator" },
  "routes/scholen.versturen._index": { as: "coordinator" },
  "routes/uitloggen": { as: "directie" },
  "routes/uitnodiging.$token": { as: "anonymous" },
  "routes/verifieer": { as: "anonymous" },
};

const actions = buildRoutes().filter((r) => r.hasAction);
let server: AppServer;
let world: World;
let db: ReturnType<typeof openDatabase>;
let tables: string[];

beforeAll(async () => {
  world = await prepareWorld();
  db = openDatabase();
  tables = ALL_TABLES(db).filter((t) => t !== "Session");
  server = await startAppServer();
}, 180_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("fuzzing the form actions", () => {
  it("every action has an entry in TARGETS, and TARGETS names no route that is gone", () => {
    const ids = actions.map((r) => r.id);
    expect(ids.filter((id) => !(id in TARGETS)), "actions without a fuzz target").toEqual([]);
    expect(Object.keys(TARGETS).filter((id) => !buildRoutes().some((r) => r.id === id)), "targets for routes that no longer exist").toEqual([]);
  });

  for (const route of actions) {
    const target = TARGETS[route.id];
    if (!target) continue;
    it(`${route.id}: ${RUNS} malformed submissions, never a 5xx, a refusal writes nothing`, async () => {
      const url = server.base + urlFor(route, target.as, "own", world);
      const cookie = () => (target.as === "anonymous" ? undefined : sessionCookieFor(demoEmail(target.as), db));
      // The form's own vocabulary, from the page as this user sees it.
      const page = route.hasLoader ? await fetch(url, { headers: cookie() ? { cookie: cookie()! } : {} }) : null;
      const { names, values } = formVocabulary(page && page.ok ? await page.text() : "");

      const allowed = new Set(target.mayChange ?? []);
      let sums = tableChecksums(db, tables);
      let version = db.pragma("data_version", { simple: true });
      const statuses = new Map<number, number>();
      const problems: string[] = [];

      await fc.assert(
        fc.asyncProperty(submissionArb(names, values), async (submission: Submission) => {
          const { headers, body, duplex } = encode(submission);
          const session = cookie();
          let response: Response;
          let text: string;
          try {
            response = await fetch(url, { method: "POST", headers: { ...headers, ...(session ? { cookie: session } : {}) }, body, redirect: "manual", ...(duplex ? { duplex } : {}) } as RequestInit);
            text = await response.text();
          } catch (error) {
            // The server refuses a body without a length (411) or over the limit
            // (413) without reading it and closes the connection; a client still
            // sending then sees the connection go, not the answer. That is fine
            // as long as the server itself keeps answering.
            const refusedUnread = submission.encoding === "chunked" || approximateSize(submission) > 2 * 1024 * 1024 / 3;
            if (refusedUnread && (await fetch(`${server.base}/healthz`)).status === 200) {
              statuses.set(0, (statuses.get(0) ?? 0) + 1);
              return true;
            }
            problems.push(`request failed (${String(error)}; ${String((error as { cause?: unknown }).cause)}) for ${submission.encoding}, about ${approximateSize(submission)} bytes`);
            return false;
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const describe = () => `${submission.encoding} ${JSON.stringify(submission.fields.map((f) => [f.name.slice(0, 40), typeof f.value === "string" ? f.value.slice(0, 60) : `<file ${f.value.file.length} bytes>`]))}`;
          if (response.status >= 500) {
            problems.push(`${response.status} for ${describe()}: ${text.slice(0, 200)}`);
            return false;
          }
          // data_version moves only when another connection (the server) committed.
          const now = db.pragma("data_version", { simple: true });
          if (now !== version) {
            version = now;
            const after = tableChecksums(db, tables);
            const changed = changedTables(sums, after).filter((t) => !allowed.has(t));
            sums = after;
            if (response.status >= 400 && changed.length > 0) {
              problems.push(`${response.status} but ${changed.join(", ")} changed, for ${describe()}`);
              return false;
            }
          }
          return true;
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_262_027), endOnFailure: true },
      ).catch((error: unknown) => {
        problems.push(String(error).slice(0, 2_000));
      });
      expect(problems, `statuses ${JSON.stringify(Object.fromEntries(statuses))}\nserver output:\n${server.output().slice(-3_000)}`).toEqual([]);
      // Most submissions must be refused, not crash silently into redirects.
      expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
    }, 300_000);
  }
});
