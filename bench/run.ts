// `npm run bench`: Akkoord at Flanders scale. Generates the dataset
// (bench/dataset.ts) in a temporary SQLite file, then measures
//   dashboard  the coordinator's dashboard (300 schools) under autocannon vs /healthz
//   roles      each role's start page and overview right after a write and repeated
//              (the 2,000-school service, the 300-school one, the 150-school CLB, a CLB of ~76, a school)
//   coldstart  node scripts/start.js until the first 200 from /healthz
//   sweep      "what is due now" with the reminders module vs one raw SQL query
//   pdf        render + seal a 10-page signed agreement
//   bulk300    generate, freeze and send 300 engagementsverklaringen
//   renew60    bulk renewal of 60 afsprakennota's of one CLB for next school year
//   multiparty a samenwerkingsovereenkomst with 150 schools frozen and sent (multiparty150.s)
//   signing    the signing page's JavaScript as served compressed (signing.js_gz_kb, target ≤ 60)
// prints a table and writes bench/results.json. See bench/README.md.
//
// Options: --only dashboard,roles,sweep,multiparty,…   --keep (keep the temporary folder)
//          --tiny (a dataset of 200 schools: to try the bench's code in seconds; its figures mean nothing)
//          BENCH_DURATION=15 (seconds per autocannon run)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { buildIsStale } from "../scripts/build-freshness.js";
import { prepareDatabase } from "../scripts/prepare-db.js";
import { createSessionCookie, generateDataset, TINY_SCALE, type DatasetInfo } from "./dataset";
import { routeHandles, signingPageWeight, SIGNING_ROUTE_ID } from "./signing-weight";
import { rawDueKeys } from "./sweep-raw";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const only = (() => {
  const i = args.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (i === -1) return null;
  const value = args[i]!.includes("=") ? args[i]!.split("=")[1]! : args[i + 1] ?? "";
  return new Set(value.split(","));
})();
const wants = (name: string) => !only || only.has(name);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);

type Metric = { value: number; unit: string };
const results: Record<string, Metric> = {};
const notes: string[] = [];
const failed: string[] = [];
const record = (name: string, value: number, unit: string) => {
  const digits = unit === "ratio" ? 10_000 : 100;
  results[name] = { value: Math.round(value * digits) / digits, unit };
};

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

// ─── Build, folders, server ────────────────────────────────────────────────

const buildDir = path.join(root, "data", "bench", "build");

/** The bench's own production build (data/bench/build), rebuilt when a source is newer. */
function ensureBuild() {
  if (!buildIsStale(buildDir)) return;
  log("remix vite:build → data/bench/build");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["vite:build", "--config", "scripts/vite.build-dir.config.ts"], {
    cwd: root,
    env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

type Started = { child: ChildProcess; base: string; output: () => string; ms: number };

/** node scripts/start.js on 127.0.0.1 with the dataset; resolves at the first 200 from /healthz. */
async function startApp(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.js")], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), REMINDERS_DISABLED: "1", SEED_DEMO: "0", BUILD_DIR: buildDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (performance.now() - started > 120_000) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer:\n${output}`);
    }
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, base, output: () => output, ms: performance.now() - started };
}

async function stopApp(app: Started) {
  if (app.child.exitCode !== null) return;
  const exited = new Promise((r) => app.child.once("exit", r));
  app.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
  if (app.child.exitCode === null) app.child.kill("SIGKILL");
}

// ─── The dashboard ─────────────────────────────────────────────────────────

/** The URL of the coordinator dashboard route (a route file that loads the coordinator dashboard), or null. */
function dashboardPath(): string | null {
  const dir = path.join(root, "app", "routes");
  for (const file of readdirSync(dir).sort()) {
    if (!/\.tsx?$/.test(file) || file.includes(".test.")) continue;
    const source = readFileSync(path.join(dir, file), "utf8");
    if (!source.includes("loadCoordinatorDashboard(") && !source.includes("loadDashboardPage(")) continue;
    const segments = file
      .replace(/\.tsx?$/, "")
      .replace(/\[\.\]/g, "%DOT%")
      .split(".")
      .map((s) => s.replaceAll("%DOT%", "."))
      .filter((s) => s !== "_index" && !s.startsWith("_"))
      .map((s) => s.replace(/_$/, ""));
    if (segments.some((s) => s.startsWith("$") || s.startsWith("("))) continue;
    return `/${segments.join("/")}${source.includes("loadDashboardPage(") ? "?rol=dienst" : ""}`;
  }
  return null;
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections: 20, duration: seconds, headers });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  return {
    rps: result.requests.average,
    p95: latencies.length > 0 ? percentile(latencies, 95) : NaN,
    p50: latencies.length > 0 ? percentile(latencies, 50) : NaN,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

async function benchDashboard(info: DatasetInfo) {
  const app = await startApp({ DATABASE_URL: `file:${info.file}` });
  try {
    const cookie = createSessionCookie(info.file, info.coordinator.userId);
    const found = dashboardPath();
    const target = found ?? "/";
    if (!found) notes.push("dashboard: no route calls loadCoordinatorDashboard yet; measured the coordinator's start page / instead.");
    else notes.push(`dashboard: measured ${target} (coordinator with ${info.scale.coordinatorSchools} schools).`);
    const check = await fetch(app.base + target, { headers: { cookie }, redirect: "manual" });
    const html = await check.text();
    if (check.status !== 200) throw new Error(`dashboard answered ${check.status}: ${html.slice(0, 300)}`);
    log(`dashboard ${target}: ${html.length} bytes of HTML`);
    const headers = { cookie };
    log("warming up");
    await load(app.base + target, headers, 3);
    await load(`${app.base}/healthz`, {}, 2);
    log(`autocannon ${target}, 20 connections, ${DURATION} s`);
    const dashboard = await load(app.base + target, headers, DURATION);
    log(`autocannon /healthz, 20 connections, ${DURATION} s`);
    const trivial = await load(`${app.base}/healthz`, {}, DURATION);
    if (dashboard.errors > 0 || trivial.errors > 0) notes.push(`load: ${dashboard.errors} failed dashboard and ${trivial.errors} failed /healthz requests.`);
    record("dashboard.rps", dashboard.rps, "req/s");
    record("dashboard.p95_ms", dashboard.p95, "ms");
    record("dashboard.p50_ms", dashboard.p50, "ms");
    record("trivial.rps", trivial.rps, "req/s");
    record("dashboard.ratio", dashboard.rps / trivial.rps, "ratio");

    // Between writes the overview is replayed from the page cache (app/utils/
    // page-cache.server.ts). What a request costs right after a write (every
    // cache misses: page, figures, session) is measured on its own: a write by
    // another connection, then one request, 20 times.
    const writer = new Database(info.file);
    const misses: number[] = [];
    try {
      // A real change (a no-op UPDATE writes no page, so it commits nothing).
      const rename = writer.prepare(`UPDATE "User" SET "name" = ? WHERE "id" = ?`);
      for (let i = 0; i < 20; i++) {
        rename.run(`Coördinator Antwerpen ${i}`, info.coordinator.userId);
        const started = performance.now();
        const response = await fetch(app.base + target, { headers });
        await response.text();
        if (response.status !== 200) throw new Error(`dashboard after a write answered ${response.status}`);
        misses.push(performance.now() - started);
      }
    } finally {
      writer.close();
    }
    record("dashboard.after_write_ms", median(misses), "ms");
    record("dashboard.after_write_p95_ms", percentile(misses, 95), "ms");
  } finally {
    await stopApp(app);
  }
}

// ─── Every role's start page and overview (issues #13 and #18) ──────────────

/** The users measured: two coordinators, two CLB-directeurs and a school's directie. */
function pageRoles(info: DatasetInfo) {
  return [
    { role: "service2000", userId: info.bigCoordinator.userId, what: `coordinator of ${info.bigCoordinator.serviceName} (${info.scale.bigServiceSchools} schools)` },
    { role: "service300", userId: info.coordinator.userId, what: `coordinator of ${info.coordinator.serviceName} (${info.scale.coordinatorSchools} schools)` },
    { role: "clb150", userId: info.bigClbUserId, what: `CLB-directeur of the CLB with ${info.scale.bigClbSchools} schools` },
    { role: "clb76", userId: info.clbUserId, what: `CLB-directeur of a CLB with ~${Math.round((info.scale.schools - info.scale.bigClbSchools) / (info.scale.clbs - 1))} schools` },
    { role: "school", userId: info.schoolUserId, what: "directie of a school" },
  ];
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux;
 * 10 ms ticks): on a box shared with other work, a request's server CPU is
 * what its latency would be on a quiet one, near enough.
 */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** `count` sequential GETs of `url`, each after `before()` (a write, or nothing); the times in ms. */
async function sequentialTimes(url: string, cookie: string, count: number, before: () => void = () => {}) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    before();
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Each role's start page (`/`) and overview (`/overzicht`) through the
 * production server, one request at a time: right after a write by another
 * connection (so no cache holds: page, figures and session are read afresh),
 * 20 times; then repeated without writes (whatever the caches keep), 20 times
 * after one warm-up request. Plus `trivial.rps` when the dashboard part did
 * not measure it.
 */
async function benchRolePages(info: DatasetInfo) {
  const app = await startApp({ DATABASE_URL: `file:${info.file}` });
  const writer = new Database(info.file);
  try {
    const rename = writer.prepare(`UPDATE "User" SET "name" = ? WHERE "id" = ?`);
    const nameOf = writer.prepare<[string], { name: string }>(`SELECT "name" FROM "User" WHERE "id" = ?`);
    const orgOf = writer.prepare<[string], { name: string }>(`SELECT o."name" FROM "Membership" m JOIN "Organisation" o ON o."id" = m."organisationId" WHERE m."userId" = ?`);
    for (const { role, userId, what } of pageRoles(info)) {
      const cookie = createSessionCookie(info.file, userId);
      const name = nameOf.get(userId)!.name;
      const organisation = orgOf.get(userId)!.name;
      let writes = 0;
      // A real change (a no-op UPDATE writes no page, so it commits nothing).
      const write = () => rename.run(`${name} ${++writes}`, userId);
      for (const [page, target] of [["start", "/"], ["overview", "/overzicht"]] as const) {
        const check = await fetch(app.base + target, { headers: { cookie }, redirect: "manual" });
        const html = await check.text();
        if (check.status !== 200) throw new Error(`${role} ${target} answered ${check.status}: ${html.slice(0, 300)}`);
        if (!html.includes(organisation.replaceAll("&", "&amp;"))) throw new Error(`${role} ${target} does not show ${organisation}`);
        const cpuBefore = processCpuMs(app.child.pid!);
        const afterWrite = await sequentialTimes(app.base + target, cookie, 20, write);
        const cpuAfterWrite = (processCpuMs(app.child.pid!) - cpuBefore) / 20;
        await sequentialTimes(app.base + target, cookie, 1);
        const cached = await sequentialTimes(app.base + target, cookie, 20);
        record(`page.${role}.${page}.after_write_ms`, median(afterWrite), "ms");
        record(`page.${role}.${page}.after_write_p95_ms`, percentile(afterWrite, 95), "ms");
        record(`page.${role}.${page}.after_write_cpu_ms`, cpuAfterWrite, "ms");
        record(`page.${role}.${page}.cached_p95_ms`, percentile(cached, 95), "ms");
        log(`${role} ${target} (${Math.round(html.length / 1024)} KB): after a write ${median(afterWrite).toFixed(0)} ms median, ${percentile(afterWrite, 95).toFixed(0)} ms p95; repeated ${percentile(cached, 95).toFixed(0)} ms p95`);
      }
      notes.push(`page.${role}: ${what} (load average ${os.loadavg()[0]!.toFixed(1)} after it).`);
      rename.run(name, userId);
    }
    if (!results["trivial.rps"]) {
      await load(`${app.base}/healthz`, {}, 2);
      record("trivial.rps", (await load(`${app.base}/healthz`, {}, DURATION)).rps, "req/s");
    }
  } finally {
    writer.close();
    await stopApp(app);
  }
}

async function benchColdStart(info: DatasetInfo, sealDir: string) {
  const env = { DATABASE_URL: `file:${info.file}`, SEAL_DEV_DIR: sealDir };
  await stopApp(await startApp(env)); // makes the seal certificate, warms the disk cache
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const app = await startApp(env);
    if (app.output().includes("wordt gebouwd")) notes.push("coldstart: a run rebuilt the app (sources changed meanwhile).");
    times.push(app.ms);
    await stopApp(app);
  }
  record("coldstart.ms", median(times), "ms");
}

// ─── The sweep ─────────────────────────────────────────────────────────────

/** The bench moment for the sweep: the coming Monday 07:30 in Brussels (so the weekly digest is due too). */
async function sweepMoment(now: Date): Promise<Date> {
  const { brusselsDate, brusselsWallTime } = await import("~/domain/calendar/brussels-time");
  const { addDays, dayOfWeek } = await import("~/domain/calendar");
  let day = brusselsDate(now);
  while (dayOfWeek(day) !== 1) day = addDays(day, 1);
  return brusselsWallTime(day, 7, 30);
}

/**
 * Times `run` after `warmups` untimed runs when it is quick (the sweep runs
 * every five minutes in a long-running server, so the steady state is what
 * counts): up to `runs` times or until `budgetMs` is spent, at least once.
 * Returns the times and the last result.
 */
async function timed<T>(run: () => Promise<T> | T, runs: number, budgetMs = 20_000, warmups = 3): Promise<{ times: number[]; result: T }> {
  const times: number[] = [];
  let started = performance.now();
  let result = await run();
  const first = performance.now() - started;
  if (first > budgetMs / runs) return { times: [first], result };
  for (let i = 1; i < warmups; i++) result = await run();
  const deadline = performance.now() + budgetMs;
  while (times.length < runs && performance.now() < deadline) {
    started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  return { times, result };
}

async function benchSweep(info: DatasetInfo, now: Date) {
  const monday = await sweepMoment(now);
  const tuesday = new Date(monday.getTime() + 86_400_000);
  const { dueItems } = await import("~/domain/reminders/due");
  const { loadDueFacts } = await import("~/domain/reminders/sweep.server");
  const { db } = await import("~/utils/db.server");
  const byKind = (keys: string[]) =>
    [...new Set(keys.map((k) => k.split(":")[0]))].map((kind) => `${keys.filter((k) => k.startsWith(`${kind}:`)).length} ${kind}`).join(", ");
  const same = (a: string[], b: string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

  // The baseline: one hand-written query on better-sqlite3 (bench/sweep-raw.ts).
  const sqlite = new Database(info.file, { readonly: true });
  const raw = await timed(() => rawDueKeys(sqlite, monday), 10);
  const rawTuesday = await timed(() => rawDueKeys(sqlite, tuesday), 10);
  sqlite.close();
  record("sweep.raw_ms", median(raw.times), "ms");
  record("sweep.items", raw.result.length, "items");
  notes.push(`sweep: at ${monday.toISOString()} (Monday 07:30 in Brussels, so the weekly digest is due too) ${raw.result.length} items are due: ${byKind(raw.result)}. The raw query takes ${median(raw.times).toFixed(0)} ms (on the Tuesday: ${median(rawTuesday.times).toFixed(0)} ms for ${rawTuesday.result.length} items).`);

  // The app's code path: loadDueFacts + dueItems (app/domain/reminders), no delivery.
  try {
    const app = await timed(async () => dueItems(await loadDueFacts(db, monday), monday).map((i) => i.idempotencyKey), 10, 60_000);
    record("sweep.ms", median(app.times), "ms");
    record("sweep.ratio", median(app.times) / median(raw.times), "ratio");
    notes.push(`sweep: the app ${same(app.result, raw.result) ? "found the same items as" : "DISAGREES with"} the raw query (${app.times.length} timed run(s)).`);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, " ").trim() : String(error);
    notes.push(`sweep.ms: the app's loadDueFacts FAILED at this scale — ${message.slice(0, 200)}`);
    failed.push("sweep");
  }

  // The app's path on a weekday (no digest), and how much of the Monday sweep is loading.
  const weekday = await timed(async () => dueItems(await loadDueFacts(db, tuesday), tuesday).map((i) => i.idempotencyKey), 3);
  record("sweep.weekday_ms", median(weekday.times), "ms");
  const split = await timed(async () => {
    const started = performance.now();
    await loadDueFacts(db, monday);
    return performance.now() - started;
  }, 3);
  record("sweep.load_ms", median(split.times), "ms");
  notes.push(
    `sweep: loading the facts takes ${median(split.times).toFixed(0)} ms of the Monday sweep; ` +
      `the Tuesday sweep takes ${median(weekday.times).toFixed(0)} ms (${same(weekday.result, rawTuesday.result) ? "same items as raw" : "DIFFERENT items"}).`,
  );
}

// ─── PDF ───────────────────────────────────────────────────────────────────

function runPdfScript(sealDir: string, args: string[]) {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["--tsconfig", "tsconfig.json", "bench/pdf.ts", ...args], {
    cwd: root,
    env: { ...process.env, BENCH_SEAL_DIR: sealDir, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`bench/pdf.ts failed:\n${result.stderr}`);
  return result;
}

/** One real sealed 10-page PDF, stored as the final PDF of every signed version in the dataset. */
function sealedSamplePdf(sealDir: string, file: string): Uint8Array {
  runPdfScript(sealDir, ["--write", file]);
  return readFileSync(file);
}

function benchPdf(sealDir: string) {
  const result = runPdfScript(sealDir, ["50"]);
  const out = JSON.parse(result.stdout.trim().split("\n").pop()!) as { times: number[]; peakRssMb: number; pages: number; bytes: number };
  notes.push(`pdf: ${out.pages} pages, ${Math.round(out.bytes / 1024)} KB sealed.`);
  record("pdf.median_ms", median(out.times), "ms");
  record("pdf.p95_ms", percentile(out.times, 95), "ms");
  record("pdf.peak_rss_mb", out.peakRssMb, "MB");
}

// ─── Bulk ──────────────────────────────────────────────────────────────────

function sampleRaw(type: string, options?: readonly string[], schoolYear = "2027-2028"): string {
  switch (type) {
    case "date":
      return `15/01/${schoolYear.slice(5)}`;
    case "schoolYear":
      return schoolYear;
    case "number":
      return "3";
    case "choice":
      return options?.[0] ?? "";
    case "list":
      return "eerste punt\ntweede punt";
    case "longtext":
      return "Een korte uitleg in gewone taal.";
    default:
      return "Ingevulde waarde";
  }
}

async function benchBulk(info: DatasetInfo, now: Date, outbox: string) {
  process.env.MAIL_TRANSPORT = "file";
  process.env.MAIL_OUTBOX_DIR = outbox;
  // The environment module keeps what it read (an earlier part may have loaded it): read it again.
  (await import("~/utils/env.server")).init();
  const { db } = await import("~/utils/db.server");
  const { nextSchoolYear, schoolYearOf } = await import("~/domain/calendar");
  const { brusselsDate } = await import("~/domain/calendar/brussels-time");
  const user = await db.user.findUniqueOrThrow({ where: { id: info.coordinator.userId }, include: { memberships: { include: { organisation: true } } } });
  const sessionUser = {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({ organisationId: m.organisationId, organisationName: m.organisation.name, organisationKind: m.organisation.kind, role: m.role as "coordinator", functionTitle: m.functionTitle })),
  };
  const schoolYear = nextSchoolYear(schoolYearOf(brusselsDate(now)));
  const schools = await db.agreementParty.findMany({
    where: { partyRole: "school", agreement: { documentType: "engagementsverklaring-brugfiguren", parties: { some: { organisationId: info.coordinator.serviceId } } } },
    distinct: ["organisationId"],
    select: { organisationId: true },
    take: 300,
  });
  const audit = { ipAddress: "127.0.0.1", userAgent: "akkoord-bench" };
  let bulk: typeof import("~/domain/onboarding/bulk-send.server") | null = null;
  try {
    bulk = await import("~/domain/onboarding/bulk-send.server");
  } catch {
    bulk = null;
  }
  const started = performance.now();
  let ok = 0;
  if (bulk) {
    const { checkSharedValues } = await import("~/domain/onboarding/bulk-values");
    const defs = bulk.engagementVariables();
    const raw: Record<string, string> = {};
    for (const def of defs) {
      if (def.perSchool || def.automatic || def.default !== undefined || def.type === "schoolYear") continue;
      raw[def.name] = sampleRaw(def.type, "options" in def ? (def.options as string[]) : undefined, schoolYear);
    }
    const checked = checkSharedValues(defs, raw);
    if (!checked.ok) throw new Error(`bulk: sample values refused: ${JSON.stringify(checked.errors)}`);
    const t0 = performance.now();
    const { jobId } = await bulk.startBulkSend({
      user: sessionUser,
      input: {
        schoolYear,
        schools: schools.map((s, i) => ({ schoolId: s.organisationId, signatory: { name: `Directeur Bulk ${i}`, functionTitle: "directeur", email: `bulk-directie${i}@bench.example` } })),
        shared: checked.values,
        serviceSignatory: { name: "Coördinator Antwerpen", functionTitle: "coördinator brugfiguren", email: "coordinator@bench.example" },
      },
      audit,
    });
    await bulk.waitForBulkJob(jobId);
    const job = await bulk.getBulkJob({ user: sessionUser, jobId });
    ok = job.okCount;
    if (job.failedCount > 0) notes.push(`bulk300: ${job.failedCount} schools failed, e.g. ${job.results.find((r) => !r.ok)?.message}`);
    notes.push(`bulk300: startBulkSend (app/domain/onboarding/bulk-send.server.ts), ${ok} of ${schools.length} sent, ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  } else {
    throw new Error("bulk300: app/domain/onboarding/bulk-send.server.ts not found");
  }
  record("bulk300.s", (performance.now() - started) / 1000, "s");
  await db.$disconnect();
}

/** The "Volgend schooljaar" bulk renewal: 60 signed afsprakennota's of one CLB renewed for next year, until the job is finished. */
async function benchRenew(now: Date) {
  const { db } = await import("~/utils/db.server");
  const { sessionUserById } = await import("~/utils/session.server");
  const { loadBoardSchools, requireBoardOrganisation, schoolYearsAt } = await import("~/domain/renewal/board.server");
  const renew = await import("~/domain/renewal/bulk-renew.server");
  // The first CLB with 60 signed nota's still to renew (a CLB has some 78 schools, most of them signed), else the one with most.
  let chosen: { user: Awaited<ReturnType<typeof sessionUserById>>; organisation: ReturnType<typeof requireBoardOrganisation>; schoolIds: string[] } | null = null;
  for (let i = 0; !chosen || chosen.schoolIds.length < 60; i++) {
    const member = await db.user.findUnique({ where: { email: `clb${i}-0@bench.example` }, select: { id: true } });
    if (!member) break;
    const user = await sessionUserById(member.id);
    const organisation = requireBoardOrganisation(user);
    const board = await loadBoardSchools({ user, organisation, years: schoolYearsAt(now) });
    const schoolIds = board.filter((s) => s.renewable).slice(0, 60).map((s) => s.id);
    if (!chosen || schoolIds.length > chosen.schoolIds.length) chosen = { user, organisation, schoolIds };
  }
  if (!chosen) throw new Error("renew60: no CLB member clb0-0@bench.example in the dataset");
  const { user, organisation, schoolIds } = chosen;
  if (schoolIds.length < 60) notes.push(`renew60: only ${schoolIds.length} renewable schools for ${organisation.name}`);
  const started = performance.now();
  const { jobId } = await renew.startBulkRenewal({ user, schoolIds, send: false, audit: { ipAddress: "127.0.0.1", userAgent: "akkoord-bench" }, now });
  await renew.waitForRenewalJob(jobId);
  const seconds = (performance.now() - started) / 1000;
  const job = await renew.getRenewalJob({ user, jobId });
  if (job.failedCount > 0) notes.push(`renew60: ${job.failedCount} schools failed, e.g. ${job.results.find((r) => !r.ok)?.message}`);
  notes.push(`renew60: startBulkRenewal (app/domain/renewal/bulk-renew.server.ts) for ${organisation.name}, ${job.okCount} of ${schoolIds.length} renewed.`);
  record("renew60.s", seconds, "s");
  // The bulk part (after this one) uses the same client and disconnects it.
}

// ─── A samenwerkingsovereenkomst with 150 schools ──────────────────────────

/**
 * The coordinator of the 300-school service drafts a samenwerkingsovereenkomst
 * with its city (createAgreement); the set-up then adds 150 of its schools,
 * two welfare partners and the schools' CLB as accepted parties, each with a
 * confirmed signatory (straight into the database: the add-party flow is
 * another change), fills in the values (saveDraftValues) and signs in groups
 * (the schools and partners, then the city). Timed: freezeDraft +
 * sendForSigning (155 signing requests and invitation mails, file transport).
 */
async function benchMultiparty(info: DatasetInfo, now: Date, outbox: string) {
  process.env.MAIL_TRANSPORT = "file";
  process.env.MAIL_OUTBOX_DIR = outbox;
  const { db } = await import("~/utils/db.server");
  const { sessionUserById } = await import("~/utils/session.server");
  const { createAgreement } = await import("~/domain/agreements/create-agreement.server");
  const { saveDraftValues } = await import("~/domain/drafting/edit-draft.server");
  const { loadDraft } = await import("~/domain/drafting/load-draft.server");
  const { freezeDraft } = await import("~/domain/versions/freeze-draft.server");
  const { mailInvitations, startSigning } = await import("~/domain/signing/send-for-signing.server");
  const { nextSchoolYear, schoolYearOf } = await import("~/domain/calendar");
  const { brusselsDate } = await import("~/domain/calendar/brussels-time");
  const audit = { ipAddress: "127.0.0.1", userAgent: "akkoord-bench" };
  const user = await sessionUserById(info.coordinator.userId);
  const serviceId = info.coordinator.serviceId;

  // The service's first 150 schools, their city and the CLB of the first, two welfare partners of the city.
  const links = await db.serviceSchool.findMany({ where: { serviceId }, orderBy: { school: { instellingsnummer: "asc" } }, take: 150, select: { schoolId: true } });
  const partnersOf = (kind: string) => db.serviceSchool.findFirstOrThrow({ where: { schoolId: links[0]!.schoolId, service: { kind } }, select: { service: true } });
  const city = (await partnersOf("lokaal_bestuur")).service;
  const clb = (await partnersOf("clb")).service;
  const welfare = await db.organisation.findMany({ where: { kind: "welzijnspartner", municipality: city.municipality }, orderBy: { name: "asc" }, take: 2 });
  const schoolYear = nextSchoolYear(schoolYearOf(brusselsDate(now)));

  const setupStarted = performance.now();
  const agreement = await createAgreement({
    user,
    input: { documentType: "samenwerkingsovereenkomst", schoolYear, ownOrganisationId: serviceId, counterpartOrganisationId: city.id, clauseSet: "volledig" },
    audit,
    now,
  });
  const agreementId = agreement.id;
  await db.agreementParty.updateMany({ where: { agreementId }, data: { status: "aanvaard", acceptedAt: now } });
  await db.agreementParty.createMany({
    data: [
      ...links.map((l, i) => ({ agreementId, organisationId: l.schoolId, partyRole: "school", position: 2 + i })),
      ...welfare.map((w, i) => ({ agreementId, organisationId: w.id, partyRole: "welzijnspartner", position: 152 + i })),
      { agreementId, organisationId: clb.id, partyRole: "clb", position: 154 },
    ].map((p) => ({ ...p, status: "aanvaard", acceptedAt: now })),
  });
  await db.agreement.update({ where: { id: agreementId }, data: { signingOrder: "groepen" } });
  const parties = await db.agreementParty.findMany({ where: { agreementId }, include: { organisation: true }, orderBy: { position: "asc" } });
  const FUNCTION: Record<string, string> = { lokaal_bestuur: "schepen van onderwijs", school: "directeur", welzijnspartner: "directeur", clb: "CLB-directeur" };
  await db.signatory.createMany({
    data: parties.map((p, i) => {
      const forBoard = p.partyRole === "school" && p.organisation.boardName && i % 3 === 0;
      return {
        agreementId,
        partyId: p.id,
        name: `Ondertekenaar ${p.organisation.name}`,
        functionTitle: forBoard ? "gemandateerde van het schoolbestuur" : FUNCTION[p.partyRole] ?? "directeur",
        email: `multiparty-${i}@bench.example`,
        kind: "signer",
        position: p.partyRole === "lokaal_bestuur" ? 2 : 1,
        onBehalfOf: forBoard ? p.organisation.boardName : null,
        mandate: forBoard ? "gemandateerd door de raad van bestuur" : null,
        status: "bevestigd",
        namedById: user.id,
        confirmedById: user.id,
        confirmedAt: now,
      };
    }),
  });
  const draft = await loadDraft({ user, agreementId });
  const raw: Record<string, string> = {};
  for (const def of draft.variables) {
    if (draft.values[def.name] !== undefined && draft.values[def.name] !== null) continue;
    raw[def.name] = sampleRaw(def.type, "options" in def ? (def.options as string[]) : undefined, schoolYear);
  }
  const revision = async () => (await db.agreement.findUniqueOrThrow({ where: { id: agreementId }, select: { draftRevision: true } })).draftRevision;
  const saved = await saveDraftValues({ user, agreementId, revision: await revision(), raw, audit });
  if (!saved.ok) throw new Error(`multiparty150: values refused: ${JSON.stringify(saved.errors)}`);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // sendForSigning is startSigning (one transaction: requests, audit, notices) + mailInvitations (after the commit), timed apart.
  const load = os.loadavg()[0]!;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const version = await freezeDraft({ user, agreementId, revision: await revision(), audit, now });
  const frozen = performance.now();
  const { invitations } = await startSigning({ user, agreementId, versionId: version.id, audit, now });
  const signing = performance.now();
  const { failed } = await mailInvitations(invitations, now);
  const ended = performance.now();
  // Signing groups: everyone but the city (group 2) is invited now; the city's request waits for them.
  const firstGroup = parties.filter((p) => p.partyRole !== "lokaal_bestuur").length;
  if (invitations.length !== firstGroup || failed.length > 0) {
    throw new Error(`multiparty150: ${invitations.length} of ${firstGroup} in the first group invited, ${failed.length} mails failed`);
  }
  const s = (ms: number) => ms / 1000;
  record("multiparty150.s", s(ended - started), "s");
  record("multiparty150.freeze_s", s(frozen - started), "s");
  record("multiparty150.send_s", s(ended - frozen), "s");
  const used = process.cpuUsage(cpu);
  record("multiparty150.cpu_s", (used.user + used.system) / 1e6, "s");
  notes.push(
    `multiparty150: ${parties.length} parties (1 city, ${links.length} schools, ${welfare.length + 1} partners, 1 CLB), ${invitations.length} signatories invited; ` +
      `set-up ${setupSeconds.toFixed(1)} s, freezeDraft ${s(frozen - started).toFixed(1)} s, sendForSigning ${s(ended - frozen).toFixed(1)} s ` +
      `(startSigning ${s(signing - frozen).toFixed(1)} s, mailInvitations ${s(ended - signing).toFixed(1)} s); load average ${load.toFixed(1)} at the start.`,
  );
}

// ─── Main ──────────────────────────────────────────────────────────────────

const TARGETS: Record<string, { test: (v: number, all: Record<string, Metric>) => boolean; text: string }> = {
  "dashboard.p95_ms": { test: (v) => v < 100, text: "< 100 ms" },
  "dashboard.ratio": { test: (v) => v >= 0.25, text: "≥ 0.25" },
  "multiparty150.s": { test: (v) => v < 10, text: "< 10 s" },
  "sweep.ms": { test: (v) => v < 500, text: "< 500 ms" },
  "sweep.ratio": { test: (v) => v <= 1.5, text: "≤ 1.5" },
  "pdf.median_ms": { test: (v) => v < 150, text: "< 150 ms" },
  "bulk300.s": { test: (v) => v < 30, text: "< 30 s" },
  "renew60.s": { test: (v) => v < 10, text: "< 10 s" },
  "coldstart.ms": { test: (v) => v < 3000, text: "< 3000 ms" },
  "signing.js_gz_kb": { test: (v) => v <= 60, text: "≤ 60 KB" },
};

/** Issue #18: every role's pages right after a write < 50 ms p95; #13: the 2,000-school service and the 150-school CLB < 100 ms p95. */
function targetOf(name: string) {
  if (TARGETS[name]) return TARGETS[name];
  if (/^page\.[^.]+\.[^.]+\.after_write_p95_ms$/.test(name)) return { test: (v: number) => v < 50, text: "< 50 ms" };
  if (/^page\.(service2000|clb150)\.[^.]+\.cached_p95_ms$/.test(name)) return { test: (v: number) => v < 100, text: "< 100 ms" };
  return undefined;
}

function printTable() {
  const rows = Object.entries(results).map(([name, m]) => {
    const target = targetOf(name);
    return [name, String(m.value), m.unit, target?.text ?? "", target ? (target.test(m.value, results) ? "ok" : "MISSED") : ""];
  });
  const header = ["metric", "value", "unit", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(`- ${note}`);
}

async function benchSigningWeight() {
  const weight = signingPageWeight(path.join(buildDir, "client"), await routeHandles(buildDir, ["root", SIGNING_ROUTE_ID]));
  record("signing.js_gz_kb", weight.gzKb, "KB");
  record("signing.js_br_kb", weight.brKb, "KB");
  record("signing.js_raw_kb", weight.rawKb, "KB");
}

async function main() {
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "akkoord-bench-"));
  const file = path.join(tmp, "bench.db");
  const sealDir = path.join(tmp, "certs");
  mkdirSync(sealDir);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.NODE_ENV = "production";
  process.env.SEAL_DEV_DIR = sealDir;
  try {
    // A part that fails is reported and the others still run.
    const part = async (name: string, run: () => unknown) => {
      if (!wants(name)) return;
      try {
        await run();
      } catch (error) {
        const message = error instanceof Error ? error.message.replace(/\s+/g, " ").trim() : String(error);
        notes.push(`${name}: FAILED — ${message.slice(0, 400)}`);
        failed.push(name);
      }
    };
    if (wants("dashboard") || wants("roles") || wants("coldstart") || wants("signing")) ensureBuild();
    // No database needed: first, so `--only signing` is quick.
    await part("signing", () => benchSigningWeight());
    // Every other part measures against the Flanders-scale dataset.
    if (["dashboard", "roles", "coldstart", "sweep", "pdf", "bulk", "renew", "multiparty"].some(wants)) {
      const now = new Date();
      log(`dataset → ${file}`);
      prepareDatabase({ url: `file:${file}`, quiet: true });
      const info = generateDataset(file, { now, finalPdf: sealedSamplePdf(sealDir, path.join(tmp, "final.pdf")), scale: args.includes("--tiny") ? TINY_SCALE : undefined });
      log(`dataset: ${info.counts.Agreement} agreements, ${info.counts.Commitment} commitments, ${info.counts.EvaluationMoment} evaluation moments in ${info.seconds.toFixed(1)} s (${Math.round(statSync(file).size / 1024 / 1024)} MB)`);
      record("dataset.s", info.seconds, "s");

      await part("dashboard", () => benchDashboard(info));
      await part("roles", () => benchRolePages(info));
      await part("coldstart", () => benchColdStart(info, sealDir));
      await part("sweep", () => benchSweep(info, now));
      await part("pdf", () => benchPdf(sealDir));
      await part("renew", () => benchRenew(now));
      await part("multiparty", () => benchMultiparty(info, now, path.join(tmp, "outbox-multiparty")));
      await part("bulk", () => benchBulk(info, now, path.join(tmp, "outbox")));
    }
  } finally {
    if (!args.includes("--keep")) rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  const out = path.join(root, "bench", "results.json");
  const previous = existsSync(out) && only ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, Metric>) : {};
  // A tiny dataset's figures mean nothing: printed, never recorded.
  if (!args.includes("--tiny")) writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  printTable();
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s${args.includes("--tiny") ? " (tiny dataset: bench/results.json not written)" : "; wrote bench/results.json"}`);
  if (failed.length > 0) process.exitCode = 1;
}

await main();
process.exit(process.exitCode ?? 0);
