// Fuzzing every form action of the production build (its route manifest) with
// fast-check: at least 200 malformed submissions each — wrong types, huge
// strings, odd unicode, missing and repeated fields, broken multipart, bodies
// that are not what their Content-Type says — sent by a user who may use the
// form, through the real server. Never a 5xx; a refused submission (4xx)
// writes nothing: the tables' checksums are the same before and after; and an
// accepted one stores only what the rules allow: no Unicode control or format
// character (Cc, Cf; tab and line breaks aside) appears in a changed table.
// Also: a POST from another Origin is refused with a 403 (never a 5xx) and
// writes nothing; fuzzed query strings on every loader never give a 5xx; and
// decompression bombs (a PDF object stream to /verifieer, a PNG as a drawn
// signature) stay within bounds of time and of the server's memory.
//
// A route with an action that has no entry in TARGETS fails the suite.
// FUZZ_RUNS=… changes the number of submissions per action (default 200).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOf, pdfObjectStreamBomb, pngBomb } from "./support/bombs";
import { approximateSize, controlCharacterValues, encode, formVocabulary, queryArb, submissionArb, type Submission } from "./support/fuzz";
import { buildRoutes, urlFor, type Identity, type Route } from "./support/routes";
import { startAppServer, type AppServer } from "./support/server";
import { ALL_TABLES, changedTables, openDatabase, sessionCookieFor, tableChecksums } from "./support/sqlite";
import { demoEmail, prepareWorld, type DemoRole, type World } from "./support/world";

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
  "routes/kalender": { as: "directie" },
  "routes/mensen._index": { as: "directie" },
  "routes/onderteken.$token": {
    as: "anonymous",
    mayChange: ["SigningRequest", "AuditEvent", "OutboxMessage"],
    why: "a wrong code counts an attempt (SigningRequest.otpAttempts) and is logged; a killed code is reported to the sender",
  },
  "routes/overeenkomsten.$agreementId._index": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.afspraken": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.contactpersonen": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.bewerken": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.bibliotheek": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.clausules.$clauseId": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.evaluaties._index": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.evaluaties.$momentId": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.invullen": { as: "clb_medewerker" },
  // An accepted invitation of a new organisation writes it, its party, the invitation and its mail: only with a valid form.
  "routes/overeenkomsten.$agreementId.partijen": { as: "clb_medewerker" },
  "routes/overeenkomsten.$agreementId.ondertekenen": {
    as: "directie",
    mayChange: ["LoginAttempt", "LoginThrottle"],
    why: "the password given as proof is checked like a sign-in, and a wrong one is counted for the rate limit",
  },
  "routes/overeenkomsten.$agreementId.vernieuwen": { as: "clb_medewerker" },
  "routes/overeenkomsten.nieuw": { as: "clb_medewerker" },
  "routes/scholen.$schoolId._index": { as: "coordinator" },
  "routes/scholen.$schoolId.intake": { as: "coordinator" },
  "routes/scholen._index": { as: "clb_medewerker" },
  "routes/scholen.importeren": { as: "coordinator" },
  "routes/scholen.nieuw": { as: "coordinator" },
  "routes/scholen.versturen._index": { as: "coordinator" },
  "routes/uitloggen": { as: "directie" },
  "routes/uitnodiging.$token": { as: "anonymous" },
  "routes/verifieer": { as: "anonymous" },
  "routes/volgend-schooljaar._index": { as: "clb_medewerker" },
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
      // Per table, the stored values with a control or format character (what was there before is not this form's doing).
      const controls = new Map(tables.map((t) => [t, controlCharacterValues(db, [t])]));
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
            const before = sums;
            const changed = changedTables(before, after).filter((t) => !allowed.has(t));
            sums = after;
            if (response.status >= 400 && changed.length > 0) {
              problems.push(`${response.status} but ${changed.join(", ")} changed, for ${describe()}`);
              return false;
            }
            const stored: string[] = [];
            for (const table of changedTables(before, after)) {
              const values = controlCharacterValues(db, [table]);
              stored.push(...[...values].filter((v) => !controls.get(table)!.has(v)));
              controls.set(table, values);
            }
            if (response.status < 400 && stored.length > 0) {
              problems.push(`${response.status}: stored control/format characters ${stored.slice(0, 3).join("; ")}, for ${describe()}`);
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

/** Who reads each page for the query-string fuzz (a role that may see it); anonymous for the public ones. */
function readerOf(route: Route): Identity {
  if (route.id.startsWith("routes/scholen")) return "coordinator";
  if (route.id === "routes/beheer.berichten") return "beheerder";
  if (route.id.startsWith("routes/overeenkomsten.$agreementId")) return "clb_medewerker";
  if (["routes/onderteken.$token", "routes/onderteken.klaar", "routes/uitnodiging.$token", "routes/verifieer", "routes/healthz"].includes(route.id)) return "anonymous";
  return "directie";
}

describe("a POST from another Origin", () => {
  for (const origin of ["https://evil.example", "null"]) {
    it(`is refused with a 403 and a message on every action, writes nothing, never a 5xx (Origin: ${origin})`, async () => {
      const problems: string[] = [];
      const logFrom = server.output().length;
      for (const route of actions) {
        const target = TARGETS[route.id];
        if (!target) continue;
        const before = tableChecksums(db, tables);
        const session = target.as === "anonymous" ? undefined : sessionCookieFor(demoEmail(target.as), db);
        const response = await fetch(server.base + urlFor(route, target.as, "own", world), {
          method: "POST",
          headers: { origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session } : {}) },
          body: new URLSearchParams({ intent: "save", revision: "0", name: "Van elders" }).toString(),
          redirect: "manual",
        });
        const text = await response.text();
        if (response.status !== 403 || text.trim() === "") problems.push(`${route.id}: ${response.status} ${JSON.stringify(text.slice(0, 80))}`);
        const changed = changedTables(before, tableChecksums(db, tables)).filter((t) => !(TARGETS[route.id]?.mayChange ?? []).includes(t));
        if (changed.length > 0) problems.push(`${route.id}: ${changed.join(", ")} changed`);
      }
      expect(problems, server.output().slice(-2_000)).toEqual([]);
      expect(server.output().slice(logFrom)).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace in the log
    }, 120_000);
  }
});

describe("fuzzed query strings on every loader", () => {
  const QUERY_RUNS = Number(process.env.FUZZ_QUERY_RUNS ?? 25);
  it(`${QUERY_RUNS} query strings per page, never a 5xx`, async () => {
    const problems: string[] = [];
    const loaders = buildRoutes().filter((r) => r.hasLoader);
    for (const route of loaders) {
      const reader = readerOf(route);
      const url = server.base + urlFor(route, reader, "own", world).replace(/\?.*$/, "");
      await fc.assert(
        fc.asyncProperty(queryArb(), async (query) => {
          const session = reader === "anonymous" ? undefined : sessionCookieFor(demoEmail(reader), db);
          const response = await fetch(`${url}?${query}`, { headers: session ? { cookie: session } : {}, redirect: "manual" });
          await response.arrayBuffer();
          if (response.status >= 500) {
            problems.push(`${route.id}?${query.slice(0, 200)}: ${response.status}`);
            return false;
          }
          return true;
        }),
        { numRuns: QUERY_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_262_027), endOnFailure: true },
      ).catch(() => undefined);
    }
    expect(problems, server.output().slice(-2_000)).toEqual([]);
  }, 600_000);
});

describe("decompression bombs", () => {
  /** Sends the request to a server of its own and measures the answer time, /healthz meanwhile and the growth of peak memory. */
  async function bombed(path: (world: World) => string, body: () => Promise<{ body: BodyInit; headers?: Record<string, string> }>) {
    const own = await startAppServer();
    try {
      const pid = own.child.pid!;
      await fetch(`${own.base}/healthz`);
      const before = memoryOf(pid);
      const { body: payload, headers } = await body();
      const started = performance.now();
      const answer = fetch(own.base + path(world), { method: "POST", body: payload, headers: { origin: own.base, ...headers }, redirect: "manual" }).then(async (r) => {
        const text = await r.text();
        return { status: r.status, text, ms: performance.now() - started };
      });
      await new Promise((r) => setTimeout(r, 150));
      const healthStarted = performance.now();
      const health = await fetch(`${own.base}/healthz`, { signal: AbortSignal.timeout(60_000) }).then((r) => r.status).catch(() => 0);
      const healthMs = performance.now() - healthStarted;
      const result = await answer;
      const after = memoryOf(pid);
      return { ...result, health, healthMs, peakGrowthMb: Math.round((after.peak - before.peak) / 1024 / 1024), output: own.output() };
    } finally {
      await own.stop();
    }
  }

  it("a PDF whose object stream inflates to 512 MB, to /verifieer: answered in 10 s, /healthz in 1 s meanwhile, peak memory +300 MB at most", async () => {
    const pdf = await pdfObjectStreamBomb(512 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(2 * 1024 * 1024);
    const result = await bombed(
      () => "/verifieer",
      async () => {
        const form = new FormData();
        form.append("pdf", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "ondertekend.pdf");
        return { body: form };
      },
    );
    const summary = `status ${result.status} in ${Math.round(result.ms)} ms, /healthz ${result.health} in ${Math.round(result.healthMs)} ms, peak +${result.peakGrowthMb} MB`;
    expect(result.status, summary).toBeLessThan(500);
    expect(result.ms, summary).toBeLessThan(10_000);
    expect(result.health, summary).toBe(200);
    expect(result.healthMs, summary).toBeLessThan(1_000);
    expect(result.peakGrowthMb, summary).toBeLessThanOrEqual(300);
  }, 180_000);

  for (const link of ["a made-up signing link", "a real signing link"] as const) {
    it(`a drawn-signature PNG that inflates to 190 MB, on ${link}: refused in 3 s, peak memory +100 MB at most`, async () => {
      const png = await pngBomb({ width: 4_000, height: 4_000, inflatedBytes: 190 * 1024 * 1024 });
      expect(png.length).toBeLessThan(200 * 1024);
      const token = link === "a real signing link" ? world.signingToken : "Zz".repeat(21) + "Z";
      const result = await bombed(
        () => `/onderteken/${token}`,
        async () => ({
          body: new URLSearchParams({ intent: "sign", code: "123456", consent: "on", fullName: "Iemand Anders", drawnSignature: `data:image/png;base64,${png.toString("base64")}` }).toString(),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      );
      const summary = `status ${result.status} in ${Math.round(result.ms)} ms, peak +${result.peakGrowthMb} MB`;
      expect(result.status, summary).toBeGreaterThanOrEqual(400);
      expect(result.status, summary).toBeLessThan(500);
      expect(result.ms, summary).toBeLessThan(3_000);
      expect(result.peakGrowthMb, summary).toBeLessThanOrEqual(100);
    }, 120_000);
  }
});

describe("text typed into a form is stored without control or format characters", () => {
  /** Zero-width space (before the first space), right-to-left override, bell: invisible or not text. */
  const sneaky = (text: string) => `${text.includes(" ") ? text.replace(" ", "\u200B ") : `\u200B${text}`}\u202E\u0007`;

  it("values, clauses, signatories, commitments, intake, school data and the typed signature name: refused or stored clean", async () => {
    const { db: prisma } = await import("~/utils/db.server");
    const { loadDraft } = await import("~/domain/drafting/load-draft.server");
    const { codeIn, outboxMails, sessionUserFor } = await import("../factories/versions");
    const agreementId = world.afsprakennota.id;
    const revision = async () => String((await prisma.agreement.findUniqueOrThrow({ where: { id: agreementId } })).draftRevision);
    const clbUser = await prisma.user.findUniqueOrThrow({ where: { email: demoEmail("clb_medewerker") } });
    const draft = await loadDraft({ user: await sessionUserFor(clbUser.id), agreementId });
    const textVariable = draft.variables.find((v) => v.type === "text")!.name;
    const clbParty = await prisma.agreementParty.findFirstOrThrow({ where: { agreementId, organisationId: world.organisations.clb_medewerker } });
    const school = await prisma.organisation.findUniqueOrThrow({ where: { id: world.serviceSchool } });

    const cases: Array<{ what: string; as: Identity; path: string; form: () => Promise<Record<string, string>> }> = [
      { what: "a value", as: "clb_medewerker", path: `/overeenkomsten/${agreementId}/invullen`, form: async () => ({ revision: await revision(), [`v:${textVariable}`]: sneaky("Een ingevulde waarde") }) },
      { what: "a clause", as: "clb_medewerker", path: `/overeenkomsten/${agreementId}/clausules/${world.afsprakennota.clauseId}`, form: async () => ({ intent: "save", revision: await revision(), title: sneaky("Een titel"), body: sneaky("Een tekst van de clausule.") }) },
      { what: "a signatory", as: "clb_medewerker", path: `/overeenkomsten/${agreementId}`, form: async () => ({ intent: "add-signatory", revision: await revision(), partyId: clbParty.id, name: sneaky("Zoë Claes"), functionTitle: sneaky("directeur"), email: "zoe.claes@reliability.example", kind: "signer" }) },
      { what: "a commitment", as: "clb_medewerker", path: `/overeenkomsten/${agreementId}/afspraken`, form: async () => ({ intent: "add", what: sneaky("Het CLB belt elke maand."), cadence: "eenmalig", bearerPartyId: clbParty.id }) },
      { what: "an intake", as: "coordinator", path: `/scholen/${school.id}/intake`, form: async () => ({ waarom: sneaky("De school wil een brugfiguur."), directieAkkoord: "ja", opmerkingen: sneaky("Geen opmerkingen") }) },
      { what: "a school's name", as: "coordinator", path: `/scholen/${school.id}`, form: async () => ({ name: sneaky(school.name), street: school.street ?? "Straat 1", postalCode: school.postalCode ?? "9100", municipality: school.municipality ?? "Sint-Niklaas" }) },
    ];
    const problems: string[] = [];
    const answers: string[] = [];
    const check = async (what: string, send: () => Promise<Response>) => {
      const before = controlCharacterValues(db, tables);
      const response = await send();
      const text = await response.text();
      answers.push(`${what}: ${response.status} ${/class="(?:alert|field-error)[^"]*"[^>]*>(?:<[^>]+>)*([^<]{3,160})/.exec(text)?.[1] ?? ""}`);
      if (response.status >= 500) problems.push(`${what}: ${response.status}`);
      if (response.status >= 400) return; // refused: fine (a refusal writes nothing, checked above)
      const stored = [...controlCharacterValues(db, tables)].filter((v) => !before.has(v));
      if (stored.length > 0) problems.push(`${what} (${response.status}): stored ${stored.slice(0, 3).join("; ")}`);
    };
    for (const c of cases) {
      await check(c.what, async () =>
        fetch(server.base + c.path, {
          method: "POST",
          headers: { origin: server.base, "content-type": "application/x-www-form-urlencoded", cookie: sessionCookieFor(demoEmail(c.as as DemoRole), db) },
          body: new URLSearchParams(await c.form()).toString(),
          redirect: "manual",
        }),
      );
    }

    // The typed name on a signing page of its own (the demo link has used up its code guesses above):
    // it matches the signatory's name once the odd characters are ignored.
    const { createOrganisation, createUser } = await import("../factories");
    const { createFrozenVersion, linkTokenIn } = await import("../factories/versions");
    const { sendForSigning } = await import("~/domain/signing/send-for-signing.server");
    const clb = await createOrganisation("clb");
    const drafter = await createUser([{ organisationId: clb.id, role: "clb_directeur" }]);
    const frozen = await createFrozenVersion({ clb, createdById: drafter.id });
    await sendForSigning({ user: await sessionUserFor(drafter.id), agreementId: frozen.agreement.id, versionId: frozen.version.id, audit: { ipAddress: "127.0.0.1", userAgent: "reliability" } });
    const signer = frozen.signatories[0]!;
    const mailsTo = async (subject?: string) => (await outboxMails(process.env.MAIL_OUTBOX_DIR!)).filter((m) => m.to.includes(signer.email) && (subject === undefined || m.subject === subject));
    const token = linkTokenIn((await mailsTo()).map((m) => m.text).find((t) => linkTokenIn(t)) ?? "")!;
    expect(token, "the signing link").toMatch(/^[A-Za-z0-9_-]{43}$/);
    const post = (form: Record<string, string>) =>
      fetch(`${server.base}/onderteken/${token}`, { method: "POST", headers: { origin: server.base, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString(), redirect: "manual" });
    await (await post({ intent: "code" })).arrayBuffer();
    const codeMail = (await mailsTo("Uw code om te ondertekenen")).at(-1);
    expect(codeMail, "the one-time code mail").toBeDefined();
    await check("a typed signature name", () => post({ intent: "sign", code: codeIn(codeMail!.text)!, consent: "on", fullName: sneaky(signer.name) }));

    expect(problems, answers.join("\n")).toEqual([]);
  }, 120_000);
});
