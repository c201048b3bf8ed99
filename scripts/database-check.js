// At start-up: is the database file a readable, intact SQLite database?
// `PRAGMA quick_check` reads every page (it skips only the index-content
// checks of integrity_check), so a damaged or foreign file stops the start
// with one Dutch line instead of failing later, request by request.
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { databasePath } from "./prepare-db.js";

/** What is wrong with the database file, or null when it is fine (or does not exist yet: it is made by the migrations). */
export function databaseProblem(file) {
  if (!existsSync(file)) return null;
  let db;
  try {
    db = new Database(file, { fileMustExist: true });
    const findings = db.pragma("quick_check").map((row) => row.quick_check);
    return findings.length === 1 && findings[0] === "ok" ? null : findings.slice(0, 3).join("; ");
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
}

/** Exits the process (code 1) with one line when the database of DATABASE_URL is damaged or unreadable. */
export function exitIfDatabaseBroken(file = databasePath()) {
  const problem = databaseProblem(file);
  if (problem === null) return;
  const detail = problem.replace(/\s+/g, " ").slice(0, 300);
  console.error(
    `Akkoord start niet: de databank ${file} is beschadigd of onleesbaar (${detail}). Zet een back-up terug (README, "Backup") of zet DATABASE_URL juist.`,
  );
  process.exit(1);
}
