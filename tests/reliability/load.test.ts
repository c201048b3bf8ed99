// 200 simulated users at once for 60 s (LOAD_SECONDS=…) against the
// production server on 127.0.0.1. Each user, in a loop, with 3–10 s of reading
// between two steps: opens the dashboard, opens the fill-in form of their own
// draft, saves it (with the revision from the form), opens the public signing
// page. No errors: no failed connection, no timeout (30 s), no 5xx, every
// answer the expected one (a save is a 302, never a conflict). The p95 over
// all requests must stay under LOAD_P95_MS (default 1,000 ms: generous for a
// 2-core machine, but a real bound). Measured on 2026-12-07 on a 2-core machine
// shared with other test runs: at load average 3.5, p50 24 ms, p95 101 ms,
// p99 210 ms (about 30 requests/s); at load average 12, p95 2,017 ms (save
// 5,583) and at 16-18, 30 s timeouts: the bound is for a machine that is not
// running seven other suites. The p95 per step is printed.
// (bench/run.ts measures throughput without reading time.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgreement } from "~/domain/agreements/create-agreement.server";
import { loadDraft } from "~/domain/drafting/load-draft.server";
import { db } from "~/utils/db.server";
import { sessionUserFor } from "../factories/versions";
import { buildRoutes } from "./support/routes";
import { startAppServer, type AppServer } from "./support/server";
import { openDatabase, sessionCookieFor } from "./support/sqlite";
import { audit, demoEmail, prepareWorld, type World } from "./support/world";

const USERS = 200;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
/** The bound on the p95 response time over all requests, in ms. */
const P95_BOUND_MS = Number(process.env.LOAD_P95_MS ?? 1_000);

let server: AppServer;
let world: World;
let drafts: string[] = [];
let cookies: string[] = [];
let variable: string;

beforeAll(async () => {
  world = await prepareWorld();
  const clbUser = await db.user.findUniqueOrThrow({ where: { email: demoEmail("clb_medewerker") } });
  const user = await sessionUserFor(clbUser.id);
  // One school per draft: one afsprakennota per school and school year (a second is refused as a duplicate).
  const schools = [];
  for (let i = 0; i < USERS; i++) {
    schools.push(await db.organisation.create({ data: { kind: "school", name: `Belastingschool ${i + 1}`, municipality: "Sint-Niklaas" }, select: { id: true } }));
  }
  drafts = [];
  for (let i = 0; i < USERS; i++) {
    const agreement = await createAgreement({
      user,
      input: { documentType: "afsprakennota", schoolYear: world.schoolYear, ownOrganisationId: world.organisations.clb_medewerker, counterpartOrganisationId: schools[i]!.id, title: `Afsprakennota belasting ${i + 1}` },
      audit,
    });
    drafts.push(agreement.id);
  }
  variable = (await loadDraft({ user, agreementId: drafts[0]! })).variables.find((v) => v.type === "text")!.name;
  const sqlite = openDatabase();
  cookies = Array.from({ length: USERS }, () => sessionCookieFor(demoEmail("clb_medewerker"), sqlite));
  sqlite.close();
  server = await startAppServer();
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`${USERS} users at once for ${SECONDS} s`, () => {
  it(`dashboards, draft saves and signing pages: no errors, p95 under ${P95_BOUND_MS} ms`, async () => {
    const dashboard = buildRoutes().some((r) => r.id === "routes/overzicht") ? "/overzicht" : "/";
    const steps = ["dashboard", "form", "save", "signing"] as const;
    type Step = (typeof steps)[number];
    const times: Record<Step, number[]> = { dashboard: [], form: [], save: [], signing: [] };
    const problems: string[] = [];
    let requests = 0;
    const deadline = Date.now() + SECONDS * 1000;

    async function request(step: Step, path: string, want: number, init: RequestInit = {}): Promise<string | null> {
      const started = performance.now();
      try {
        const response = await fetch(server.base + path, { ...init, redirect: "manual", signal: AbortSignal.timeout(30_000) });
        const body = await response.text();
        times[step].push(performance.now() - started);
        requests++;
        if (response.status !== want && problems.length < 20) problems.push(`${step}: ${response.status}`);
        return body;
      } catch (error) {
        if (problems.length < 20) problems.push(`${step}: ${String(error)}`);
        return null;
      }
    }

    // One simulated user: a session and a draft of their own; between two
    // steps they read for 1–4 s.
    async function user(i: number) {
      const cookie = cookies[i]!;
      /** Reads for 3–10 s; false when the test time is up. */
      const think = async (ms = 3_000 + Math.random() * 7_000) => {
        await sleep(Math.min(ms, Math.max(0, deadline - Date.now())));
        return Date.now() < deadline;
      };
      if (!(await think(Math.random() * 10_000))) return; // not all at the same moment
      for (;;) {
        await request("dashboard", dashboard, 200, { headers: { cookie } });
        if (!(await think())) return;
        const form = await request("form", `/overeenkomsten/${drafts[i]}/invullen`, 200, { headers: { cookie } });
        const revision = form ? /name="revision" value="(\d+)"/.exec(form)?.[1] : undefined;
        if (!(await think())) return;
        await request("save", `/overeenkomsten/${drafts[i]}/invullen`, 302, {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ revision: revision ?? "-1", [`v:${variable}`]: `Belasting ${i} ${Date.now()}` }).toString(),
        });
        if (!(await think())) return;
        await request("signing", `/onderteken/${world.signingToken}`, 200);
        if (!(await think())) return;
      }
    }

    const all: number[] = [];
    await Promise.all(Array.from({ length: USERS }, (_, i) => user(i)));
    for (const step of steps) all.push(...times[step]);
    const summary = {
      users: USERS,
      seconds: SECONDS,
      requests,
      rps: Math.round(requests / SECONDS),
      p50_ms: Math.round(percentile(all, 50)),
      p95_ms: Math.round(percentile(all, 95)),
      p99_ms: Math.round(percentile(all, 99)),
      p95_ms_per_step: Object.fromEntries(steps.map((s) => [s, Math.round(percentile(times[s], 95))])),
    };
    console.log(`load: ${JSON.stringify(summary)}`);
    expect(problems, server.output().slice(-2_000)).toEqual([]);
    expect(times.save.length).toBeGreaterThan(0);
    expect(summary.p95_ms, `p95 over all requests (${JSON.stringify(summary.p95_ms_per_step)} per step)`).toBeLessThanOrEqual(P95_BOUND_MS);
  }, SECONDS * 1000 + 120_000);
});
