// Brings a SQLite database up to date: applies pending migrations (prisma
// migrate deploy, skipped when nothing is pending so start-up stays fast) and
// optionally seeds the demo data when the database is empty.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function databasePath(url = process.env.DATABASE_URL ?? "file:./data/app.db") {
  return path.resolve(root, url.replace(/^file:/, ""));
}

function pendingMigrations(file) {
  const all = readdirSync(path.join(root, "prisma", "migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  if (!existsSync(file)) return all;
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
    if (!table) return all;
    const done = new Set(
      db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all().map((r) => r.migration_name),
    );
    return all.filter((name) => !done.has(name));
  } finally {
    db.close();
  }
}

/** How many users of the database file have an e-mail address in `domain` (0 when there is no such file or table yet). */
export function demoUserCount(file, domain) {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='User'").get();
    if (!table) return 0;
    return db.prepare("SELECT COUNT(*) AS n FROM User WHERE lower(email) LIKE ?").get(`%@${domain.toLowerCase()}`).n;
  } finally {
    db.close();
  }
}

function run(command, args, env, quiet = false) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed (exit ${result.status})`);
  }
}

export function prepareDatabase({ url = process.env.DATABASE_URL ?? "file:./data/app.db", seed = false, quiet = false } = {}) {
  const file = databasePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${file}` };
  const pending = pendingMigrations(file);
  if (pending.length > 0) {
    if (!quiet) console.log(`Databank bijwerken (${pending.length} migratie(s))…`);
    // Prisma's own report (and its warning that the schema's datasource url is
    // not used with the driver adapter, which the offline CLI still needs) is
    // shown only when the migration fails.
    run(bin("prisma"), ["migrate", "deploy"], env, true);
  }
  // WAL lets readers continue while one writer works (the reminder sweep, signing).
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const empty = db.prepare("SELECT COUNT(*) AS n FROM Organisation").get().n === 0;
  db.close();
  if (seed && empty) run(bin("tsx"), [path.join(root, "prisma", "seed.ts")], env, quiet);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  prepareDatabase({ seed: process.argv.includes("--seed") });
}
