// `npm run backup -- <file>`: a consistent copy of the live SQLite database
// (DATABASE_URL, default data/app.db) while the app keeps running and writing.
// Uses SQLite's online backup API (better-sqlite3 db.backup()): the copy is one
// transaction-consistent snapshot. It is written next to the target and renamed
// into place only after PRAGMA integrity_check passed, so <file> is either a
// good backup or absent. Restore: stop the app, copy the file to the database
// path (remove any -wal/-shm of the old one), start the app (bench/README.md).
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "Gebruik: npm run backup -- <bestand>   (bijvoorbeeld: npm run backup -- backups/akkoord-2026-11-22.db)\n";

export function sourcePath(url = process.env.DATABASE_URL ?? "file:./data/app.db"): string {
  return path.resolve(root, url.replace(/^file:/, ""));
}

export type BackupResult = { source: string; target: string; bytes: number; pages: number; ms: number };

export async function backupDatabase(options: { target: string; source?: string }): Promise<BackupResult> {
  const source = options.source ?? sourcePath();
  const target = path.resolve(options.target);
  if (!existsSync(source)) throw new Error(`De databank ${source} bestaat niet.`);
  if (target === source) throw new Error("Het doelbestand is de databank zelf.");
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const started = Date.now();
  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 10000");
  let pages = 0;
  try {
    // After the first step, copy everything that is left in one go: with the
    // app writing all the time, small steps would restart over and over.
    await db.backup(partial, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        return Math.max(totalPages, 100);
      },
    });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`De kopie is niet in orde (integrity_check: ${String(check)}).`);
    // A standalone file: no WAL to carry along.
    copy.pragma("journal_mode = DELETE");
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, target);
  return { source, target, bytes: statSync(target).size, pages, ms: Date.now() - started };
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  try {
    const result = await backupDatabase({ target: args[0]! });
    process.stdout.write(
      `Back-up gemaakt: ${result.target} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.pages} pagina's, ${result.ms} ms), integrity_check: ok\n`,
    );
  } catch (error) {
    process.stderr.write(`Back-up mislukt: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
